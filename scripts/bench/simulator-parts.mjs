/**
 * Where the simulator page's JavaScript goes. Bundles the page's script (src/islands/simulator/mount.ts,
 * without what import() loads on use, as scripts/build-simulator.mjs does) with esbuild, minified,
 * and reports:
 *  - each part's share of the minified bundle (Preact, XState, the parsers, the machine, the rest
 *    of the model, the island's components), applied to the bundle's gzip size: an estimate, since
 *    gzip does not split by module;
 *  - the floor no trimming of our own code can go under while the page runs XState and the parsers
 *    the issue asks for: Preact, XState and the five parsers, each bundled and gzipped alone.
 * Nothing here has a budget: these rows explain the "/simulator/ JavaScript" figure.
 * Run alone: `node scripts/bench/simulator-parts.mjs`.
 */
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const MOUNT = `import './src/islands/simulator/mount.ts';`;

const PARSERS = `import { parseSshCommand } from './src/model/parse/command.ts';
import { parseSshConfig } from './src/model/parse/ssh-config.ts';
import { parseSshdConfig } from './src/model/parse/sshd-config.ts';
import { parseAuthorizedKeysOptions } from './src/model/parse/authorized-keys.ts';
import { parseHosts, parseResolvConf } from './src/model/parse/hosts.ts';
globalThis.parsers = [parseSshCommand, parseSshConfig, parseSshdConfig, parseAuthorizedKeysOptions, parseHosts, parseResolvConf];`;

const PREACT = `import { h, render, Fragment } from 'preact';
import { useState, useMemo, useEffect, useRef, useCallback } from 'preact/hooks';
globalThis.preact = [h, render, Fragment, useState, useMemo, useEffect, useRef, useCallback];`;

const XSTATE = `import { setup, createActor, assign, and } from 'xstate';
globalThis.xstate = [setup, createActor, assign, and];`;

/** The parts, by the path of the module (first match wins). */
const PARTS = [
  ['Preact', /node_modules\/preact\//],
  ['XState', /node_modules\/xstate\//],
  ['parsers (src/model/parse)', /^src\/model\/parse\//],
  ['machine (src/machine)', /^src\/machine\//],
  ['model: checks, messages, causes, versions (src/model)', /^src\/model\//],
  ['island components (src/islands)', /^src\/islands\//],
];

async function bundle(contents) {
  const r = await build({
    stdin: { contents, resolveDir: ROOT, sourcefile: 'entry.tsx', loader: 'tsx' },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    metafile: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.css': 'empty' },
    // What import() loads on use is not part of the page's file (scripts/build-simulator.mjs).
    plugins: [
      { name: 'on-use', setup: (b) => b.onResolve({ filter: /.*/ }, (a) => (a.kind === 'dynamic-import' ? { path: a.path, external: true } : undefined)) },
    ],
    outfile: 'bench-out.js',
    logLevel: 'silent',
  });
  const out = r.outputFiles.find((f) => f.path.endsWith('.js'));
  const inputs = Object.entries(r.metafile.outputs).find(([path]) => path.endsWith('.js'))?.[1].inputs ?? {};
  return { min: out.contents.length, gzip: gzipSync(out.contents, { level: 9 }).length, inputs };
}

export async function run() {
  const rows = [];
  const page = await bundle(MOUNT);
  const byPart = new Map(PARTS.map(([name]) => [name, 0]));
  let other = 0;
  for (const [path, { bytesInOutput }] of Object.entries(page.inputs)) {
    const part = PARTS.find(([, re]) => re.test(path));
    if (part) byPart.set(part[0], byPart.get(part[0]) + bytesInOutput);
    else other += bytesInOutput;
  }
  const counted = [...byPart.values()].reduce((a, b) => a + b, 0) + other;
  rows.push({
    name: 'simulator entry file, rebundled by esbuild to split it by part',
    value: page.gzip,
    unit: 'bytes',
    note: `${(page.min / 1024).toFixed(0)} KB minified`,
  });
  for (const [name, bytes] of byPart) {
    rows.push({
      name: `  ${name}`,
      value: Math.round((page.gzip * bytes) / counted),
      unit: 'bytes',
      note: `${((100 * bytes) / counted).toFixed(0)} % of the minified bundle`,
    });
  }
  const [preact, xstate, parsers] = await Promise.all([bundle(PREACT), bundle(XSTATE), bundle(PARSERS)]);
  rows.push({
    name: 'floor: Preact + XState + the five parsers, each alone',
    value: preact.gzip + xstate.gzip + parsers.gzip,
    unit: 'bytes',
    note: `Preact ${(preact.gzip / 1024).toFixed(1)} KB, XState ${(xstate.gzip / 1024).toFixed(1)} KB, parsers ${(parsers.gzip / 1024).toFixed(1)} KB gzip, before the machine, the messages and the page`,
  });
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run()) console.log(`${r.name}: ${(r.value / 1024).toFixed(1)} KB gzip${r.note ? ` — ${r.note}` : ''}`);
}
