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

/** The site origin the CLI's links use: SITE_URL's origin at build time, or none (links are then paths). */
export function siteOrigin(value = process.env.SITE_URL) {
  if (!value) return '';
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : '';
  } catch {
    return '';
  }
}

/** `import text from './file?raw'`: the file's text, as Vite (and so the site) reads it. */
const rawText = {
  name: 'raw-text',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: join(args.resolveDir, args.path.slice(0, -4)), namespace: 'raw-text' }));
    b.onLoad({ filter: /.*/, namespace: 'raw-text' }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text' }));
  },
};

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
    define: { __TD_SITE_ORIGIN__: JSON.stringify(siteOrigin()) },
    plugins: [rawText],
    logLevel: 'warning',
  });
  chmodSync(BUNDLE, 0o755);
  copyFileSync(BUNDLE, SITE_COPY);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildCli();
