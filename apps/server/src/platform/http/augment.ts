import type { Viewer } from '../../shared/viewer.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by identity's authentication hook; undefined for anonymous requests. */
    viewer: Viewer | undefined;
  }
}
