#!/usr/bin/env node
// Bundles the command-line tool into ONE file with no runtime dependencies, for Node 18 and
// later: build/cli/tunnel-doctor.mjs (the package's bin: `npm pack` runs this first), and a copy at
// public/tunnel-doctor.mjs, which the site serves at /tunnel-doctor.mjs. Neither is committed.
import { chmodSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = join(ROOT, 'build', 'cli', 'tunnel-doctor.mjs');
export const SITE_COPY = join(ROOT, 'public', 'tunnel-doctor.mjs');

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

export async function buildCli() {
  mkdirSync(dirname(BUNDLE), { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'src', 'cli', 'entry.ts')],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'esm',
    banner: { js: `#!/usr/bin/env node\n// tunnel-doctor ${pkg.version}: one file, no dependencies, Node 18 or later. Run: node tunnel-doctor.mjs --help` },
    legalComments: 'none',
    logLevel: 'warning',
  });
  chmodSync(BUNDLE, 0o755);
  copyFileSync(BUNDLE, SITE_COPY);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildCli();
