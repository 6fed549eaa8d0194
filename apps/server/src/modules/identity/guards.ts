import type { FastifyRequest } from 'fastify';
import { ROLES, type OrganizationKind, type Role } from '@cipx/contracts';
import { AppError } from '../../shared/app-error.js';
import type { Viewer } from '../../shared/viewer.js';

/** ROLES runs from most to least capable; a role may do everything the ones after it may. */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) <= ROLES.indexOf(minimum);
}

/** The signed-in viewer, or UNAUTHENTICATED. */
export function requireViewer(request: FastifyRequest): Viewer {
  if (!request.viewer) throw new AppError('UNAUTHENTICATED');
  return request.viewer;
}

export interface Requirement {
  /** The least role that may act. */
  role?: Role;
  /** Organization kinds that may act at all (e.g. only the coordinator). */
  organizationKinds?: readonly OrganizationKind[];
  /** The API-token scope needed; session callers are limited by role alone. */
  scope?: string;
}

/** Throws FORBIDDEN unless the viewer meets every part of the requirement. */
export function authorize(viewer: Viewer, requirement: Requirement): void {
  if (requirement.role && !roleAtLeast(viewer.role, requirement.role)) throw new AppError('FORBIDDEN');
  if (requirement.organizationKinds && !requirement.organizationKinds.includes(viewer.organizationKind)) {
    throw new AppError('FORBIDDEN');
  }
  if (requirement.scope && viewer.scopes && !viewer.scopes.includes(requirement.scope)) {
    throw new AppError('FORBIDDEN');
  }
}
