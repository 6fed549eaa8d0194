export * from './errors.js';
export * from './common.js';
export * from './identity.js';
export * from './access.js';
export * from './audit.js';
export * from './directory.js';
export * from './reference.js';
