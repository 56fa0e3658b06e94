#!/usr/bin/env node
// Development launcher: runs the CLI from the TypeScript sources through tsx, so a checkout can try
// changes without building (node bin/tunnel-doctor.mjs …). The installable program is the bundle
// that scripts/build-cli.mjs writes to build/cli/tunnel-doctor.mjs (package.json "bin").
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
