#!/usr/bin/env node
// Bundles the simulator page's script (src/islands/simulator/mount.ts) on its own, with Rolldown,
// into public/_sim/ (served at /_sim/), and writes build/simulator.json naming the entry file for
// SimulatorPage.astro. Built apart from Astro's client build because there it shares chunks with
// the diagnoser's island: the simulator then loaded six files and about 5 KB gzip more than this
// one entry file. What the first result does not need (share links, the other presets, the JSON
// reader, the explainer) is split into chunks that import() loads on use and that import from the
// entry. Names carry a content hash; neither output is committed.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(ROOT, 'public', '_sim');
export const MANIFEST = join(ROOT, 'build', 'simulator.json');
const ENTRY = join(ROOT, 'src', 'islands', 'simulator', 'mount.ts');

/** Bundles and minifies the simulator; returns its output chunks (fileName, code, imports). */
export async function bundleSimulator() {
  const bundle = await rolldown({
    input: { simulator: ENTRY },
    platform: 'browser',
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'warn',
  });
  try {
    const out = await bundle.generate({ format: 'esm', minify: true, entryFileNames: '[name]-[hash].js', chunkFileNames: '[name]-[hash].js' });
    return out.output.filter((c) => c.type === 'chunk');
  } finally {
    await bundle.close();
  }
}

export async function buildSimulator() {
  const chunks = await bundleSimulator();
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  for (const c of chunks) writeFileSync(join(OUT_DIR, c.fileName), c.code);
  const entry = chunks.find((c) => c.isEntry);
  if (!entry) throw new Error('build-simulator: no entry chunk');
  mkdirSync(dirname(MANIFEST), { recursive: true });
  writeFileSync(MANIFEST, `${JSON.stringify({ entry: `/_sim/${entry.fileName}` })}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildSimulator();
