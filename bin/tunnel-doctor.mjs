#!/usr/bin/env node
// Entry point for `npx tunnel-doctor`. Loads the TypeScript sources through tsx so the CLI runs
// from a checkout on any supported Node without a separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
