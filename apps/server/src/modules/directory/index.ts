import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/tables.js';
import type { Clock } from '../../shared/clock.js';
import { directoryCsvRoutes } from './directory-csv.routes.js';
import { createDirectoryCsvService, type DirectoryCsvService } from './directory-csv.service.js';
import { createDirectoryRepository } from './directory.repository.js';
import { directoryRoutes } from './directory.routes.js';
import { createDirectoryService, type DirectoryAudit, type DirectoryService } from './directory.service.js';

export { contactsVisible, organizationVisible } from './directory.repository.js';
export type { DirectoryAudit, DirectoryService, RequestOrigin } from './directory.service.js';
export type { DirectoryCsvService } from './directory-csv.service.js';
export {
  canSeeContacts,
  canSeeOrganization,
  type DirectoryViewer,
  type VisibilityFacts,
} from './visibility.js';
export { GROUP_KINDS, MEMBER_KINDS, OVERSEEING_KINDS, STRUCTURAL_KINDS } from './organization.js';

export interface DirectoryModule {
  routes: FastifyPluginAsync;
  service: DirectoryService;
  csv: DirectoryCsvService;
}

export interface DirectoryModuleDeps {
  db: Kysely<Database>;
  clock: Clock;
  /** The audit module's recorder; writes and contact reads are reported to it. */
  audit?: DirectoryAudit | undefined;
}

export function createDirectoryModule(deps: DirectoryModuleDeps): DirectoryModule {
  const repository = createDirectoryRepository(deps.db);
  const serviceDeps = { repository, clock: deps.clock, audit: deps.audit };
  const service = createDirectoryService(serviceDeps);
  const csv = createDirectoryCsvService(serviceDeps);
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(directoryRoutes(service));
    await app.register(directoryCsvRoutes(csv));
  };
  return { routes, service, csv };
}
