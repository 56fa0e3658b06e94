#!/usr/bin/env node
/**
 * Benchmarks: times `npm run build`, then imports every module in scripts/bench/*.mjs (each exports
 * `async function run(ctx)` returning rows { name, value, unit, budget?, note? }) and prints one
 * table with each figure, its budget, the ratio of the two and a pass/over mark. Budgets are
 * reported, not asserted: always exits 0.
 *
 * ctx: { root, dist, chromium, build: { ok, ms, command } }.
 * Env: BENCH_OUT_DIR=/tmp/x builds there instead of dist/ (astro build --outDir + pagefind);
 *      BENCH_SKIP_BUILD=1 measures the existing build; CHROMIUM_PATH as in test/e2e/support.ts.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = process.env.BENCH_OUT_DIR ? resolve(process.env.BENCH_OUT_DIR) : null;
const dist = outDir ?? join(root, 'dist');

function runBuild() {
  if (process.env.BENCH_SKIP_BUILD === '1') return { ok: true, ms: null, command: '(skipped: BENCH_SKIP_BUILD=1)' };
  const command = outDir ? `npx astro build --outDir ${outDir} && npx pagefind --site ${outDir} --silent` : 'npm run build';
  const start = performance.now();
  const r = spawnSync(command, { cwd: root, shell: true, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - start;
  if (r.status !== 0) {
    process.stderr.write(`build failed (exit ${r.status}):\n${(r.stdout ?? '').slice(-4000)}${(r.stderr ?? '').slice(-4000)}\n`);
  }
  return { ok: r.status === 0, ms, command };
}

function fmt(value, unit) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (unit === 'bytes') return value >= 1024 ? `${(value / 1024).toFixed(1)} KB` : `${value} B`;
  if (unit === 'ms') return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;
  if (unit === 's') return `${value.toFixed(2)} s`;
  return `${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : value}${unit ? ` ${unit}` : ''}`;
}

function mark(row) {
  if (row.budget === undefined || row.budget === null) return '';
  if (row.value === null || row.value === undefined || Number.isNaN(row.value)) return 'n/a';
  return row.value <= row.budget ? 'pass' : 'OVER';
}

const build = runBuild();
console.log(`build: ${build.command} → ${build.ok ? 'ok' : 'FAILED'}${build.ms !== null ? ` in ${fmt(build.ms, 'ms')}` : ''}`);
const ctx = { root, dist, chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', build };

const benchDir = join(root, 'scripts/bench');
const modules = readdirSync(benchDir)
  .filter((f) => f.endsWith('.mjs'))
  .sort();
const rows = [];
for (const file of modules) {
  try {
    const mod = await import(pathToFileURL(join(benchDir, file)).href);
    if (typeof mod.run !== 'function') {
      rows.push({ group: file, name: '(no run export)', value: null, unit: '' });
      continue;
    }
    const out = await mod.run(ctx);
    for (const r of out ?? []) rows.push({ group: file.replace(/\.mjs$/, ''), ...r });
  } catch (e) {
    rows.push({ group: file.replace(/\.mjs$/, ''), name: `error: ${e instanceof Error ? e.message : String(e)}`.slice(0, 160), value: null, unit: '' });
  }
}

function ratio(row) {
  if (!row.budget || typeof row.value !== 'number' || Number.isNaN(row.value)) return '';
  return `${(row.value / row.budget).toFixed(2)}×`;
}

const table = rows.map((r) => [
  r.group,
  r.name,
  fmt(r.value, r.unit),
  r.budget !== undefined && r.budget !== null ? fmt(r.budget, r.unit) : '',
  ratio(r),
  mark(r),
]);
const head = ['module', 'measure', 'value', 'budget', 'ratio', ''];
const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => String(row[i]).length)));
const line = (cells) =>
  cells
    .map((c, i) => String(c).padEnd(widths[i]))
    .join('  ')
    .trimEnd();
console.log('');
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));
const notes = rows.filter((r) => r.note);
if (notes.length) {
  console.log('');
  for (const r of notes) console.log(`note (${r.group}: ${r.name}): ${r.note}`);
}
const over = rows.filter((r) => mark(r) === 'OVER').length;
console.log(`\n${rows.length} measures, ${over} over budget${build.ok ? '' : ', BUILD FAILED'}.`);
process.exit(0);
