export * from './errors.js';
export * from './common.js';
// The lists alone: each union type comes with the schema of the same name in common.ts.
export {
  CONTACT_ROLES,
  DIRECTORY_CSV_KINDS,
  MEMBER_COUNT_KINDS,
  MEMBERSHIP_RELATIONS,
  ORGANIZATION_KINDS,
  ROLES,
  TLP_LEVELS,
} from './vocabulary.js';
export * from './identity.js';
export * from './access.js';
export * from './audit.js';
export * from './directory.js';
export * from './reference.js';
export * from './reports.js';
export * from './report-actions.js';
export * from './attachments.js';
export * from './severity.js';
export * from './deadlines.js';
export * from './crises.js';
