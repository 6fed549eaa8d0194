// Entry point for running the CLI from sources (npm run dev, tests); bin/cipx.js runs the build.
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2));
