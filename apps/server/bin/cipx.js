#!/usr/bin/env node
// Runs the compiled CLI; `npm run build` produces ../dist.
import { runCli } from '../dist/cli/cli.js';

process.exitCode = await runCli(process.argv.slice(2));
