#!/usr/bin/env node
// The `pluggy-auth` executable (package.json "bin"). Everything testable lives in run.ts.
import { processIo } from './io';
import { runCli } from './run';

runCli(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
