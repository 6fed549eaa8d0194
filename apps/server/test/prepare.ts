// Builds the migrated template databases once per test run (see scripts/test.mjs).
import { buildPgliteTemplate, buildPostgresTemplate } from './database.js';

const [kind, path] = process.argv.slice(2);
if (kind === 'pglite') await buildPgliteTemplate(path);
else if (kind === 'postgres') await buildPostgresTemplate();
else throw new Error('usage: prepare.ts pglite <path> | postgres');
