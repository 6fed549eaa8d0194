import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/** 256-bit random secret, base64url; used for session ids, API tokens and one-time links. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** Secrets are stored only as SHA-256 (hex); the plaintext is shown once. */
export const hashSecret = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');
