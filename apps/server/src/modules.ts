import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { Platform } from './container.js';

/**
 * Assembles the domain modules from the platform. Each module's index.ts exposes
 * create<Area>Module(deps) → { routes, service, … }; cross-module wiring happens here only.
 */
export interface Modules {
  identity: { authentication: FastifyPluginAsync };
  routes: FastifyPluginAsync[];
}

export function createModules(_platform: Platform): Modules {
  return {
    identity: { authentication: fp(async () => {}) },
    routes: [],
  };
}
