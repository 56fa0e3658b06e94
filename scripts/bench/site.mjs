/**
 * Site benchmarks (the static pages): build time; per cause page the HTML+CSS transfer size (gzip;
 * CSS is inlined) as max and median; JavaScript before interaction, split into <script> bytes
 * (inline or external: the shipped budget is 0) and inline event-handler attributes (the search
 * box's onfocus loader and the copy-link onclick, which run only when the reader acts); and the
 * JavaScript the first search then loads.
 * ctx: { dist, build: { ok, ms } }. Run alone: `node scripts/bench/site.mjs [distDir]`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const gz = (s) => gzipSync(typeof s === 'string' ? Buffer.from(s) : s).length;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
};

const TAG = /<([a-zA-Z][\w-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const decode = (s) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&');

/** What one built page costs before the reader interacts. */
export function pageCost(dist, file) {
  const html = readFileSync(file, 'utf8');
  let cssExternal = 0;
  let scriptBytes = 0;
  let scriptTags = 0;
  let handlerBytes = 0;
  const handlers = new Set();
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    scriptTags++;
    const src = /\ssrc="([^"]+)"/i.exec(m[1])?.[1];
    if (src && existsSync(join(dist, src))) scriptBytes += gz(readFileSync(join(dist, src)));
    else if (/type="application\/(ld\+)?json"/i.test(m[1])) scriptTags--;
    else scriptBytes += gz(m[2]);
  }
  for (const m of html.matchAll(TAG)) {
    const name = m[1].toLowerCase();
    for (const a of (m[2] ?? '').matchAll(ATTR)) {
      const key = a[1].toLowerCase();
      const value = decode(a[2] ?? a[3] ?? a[4] ?? '');
      if (/^on[a-z]+$/.test(key)) {
        handlerBytes += Buffer.byteLength(value);
        handlers.add(`${name}[${key}]`);
      }
      if (name === 'link' && key === 'href' && /rel="stylesheet"/.test(m[0]) && existsSync(join(dist, value)))
        cssExternal += gz(readFileSync(join(dist, value)));
      if (name === 'link' && key === 'href' && /rel="modulepreload"/.test(m[0]) && existsSync(join(dist, value))) {
        scriptTags++;
        scriptBytes += gz(readFileSync(join(dist, value)));
      }
    }
    if (name === 'astro-island') scriptTags++;
  }
  return { htmlCss: gz(html) + cssExternal, scriptBytes, scriptTags, handlerBytes, handlers: [...handlers] };
}

export async function run(ctx = {}) {
  const dist = ctx.dist ?? join(ROOT, 'dist');
  const rows = [];
  if (ctx.build) rows.push({ name: 'build time (astro build + pagefind)', value: ctx.build.ms === null ? null : ctx.build.ms / 1000, unit: 's', budget: 30 });
  const causesDir = join(dist, 'causes');
  if (!existsSync(causesDir)) return [...rows, { name: 'no dist/causes/: build first', value: null, unit: '' }];
  const causePages = readdirSync(causesDir)
    .map((d) => join(causesDir, d, 'index.html'))
    .filter((f) => existsSync(f) && statSync(f).isFile());
  const costs = causePages.map((f) => pageCost(dist, f));
  const sizes = costs.map((c) => c.htmlCss);
  const worst = causePages[sizes.indexOf(Math.max(...sizes))] ?? '';
  rows.push({ name: `cause pages built`, value: causePages.length, unit: 'pages' });
  rows.push({
    name: 'cause page HTML+CSS gzip, max',
    value: sizes.length ? Math.max(...sizes) : null,
    unit: 'bytes',
    budget: 30 * 1024,
    note: worst ? `largest: ${worst.slice(dist.length)}` : undefined,
  });
  rows.push({ name: 'cause page HTML+CSS gzip, median', value: median(sizes), unit: 'bytes', budget: 30 * 1024 });
  rows.push({
    name: 'cause page JS before interaction: <script>/island bytes (max)',
    value: Math.max(0, ...costs.map((c) => c.scriptBytes)),
    unit: 'bytes',
    budget: 0,
  });
  rows.push({
    name: 'cause page JS before interaction: <script>/island tags (max)',
    value: Math.max(0, ...costs.map((c) => c.scriptTags)),
    unit: 'tags',
    budget: 0,
  });
  const handlerKinds = [...new Set(costs.flatMap((c) => c.handlers))].sort();
  rows.push({
    name: 'cause page inline handler attributes (max, uncompressed)',
    value: Math.max(0, ...costs.map((c) => c.handlerBytes)),
    unit: 'bytes',
    note: `${handlerKinds.join(', ')}: not script files and run only on use. The search input's onfocus imports /search.js (which loads Pagefind) on first focus; one delegated onclick on the article copies a heading's link. Without them the page works the same: links navigate, search is hidden by <noscript>.`,
  });
  for (const [label, rel] of [
    ['home', 'index.html'],
    ['/causes/', 'causes/index.html'],
    ['404', '404.html'],
  ]) {
    const f = join(dist, rel);
    if (!existsSync(f)) continue;
    const c = pageCost(dist, f);
    rows.push({ name: `${label} HTML+CSS gzip`, value: c.htmlCss, unit: 'bytes', budget: 30 * 1024 });
    rows.push({ name: `${label} JS before interaction: <script>/island bytes`, value: c.scriptBytes, unit: 'bytes', budget: 0 });
  }
  // What the first use of the search box loads.
  const searchJs = join(dist, 'search.js');
  const pagefindJs = join(dist, 'pagefind/pagefind.js');
  if (existsSync(searchJs)) rows.push({ name: 'on first search: /search.js gzip', value: gz(readFileSync(searchJs)), unit: 'bytes' });
  if (existsSync(pagefindJs)) rows.push({ name: 'on first search: /pagefind/pagefind.js gzip', value: gz(readFileSync(pagefindJs)), unit: 'bytes' });
  const pfDir = join(dist, 'pagefind');
  if (existsSync(pfDir)) {
    // Pagefind loads the wasm of the page's language (the site is English).
    const wasm = ['wasm.en.pagefind', ...readdirSync(pfDir).filter((f) => /^wasm\..+\.pagefind$/.test(f))].find((f) => existsSync(join(pfDir, f)));
    if (wasm) rows.push({ name: `on first search: Pagefind ${wasm} (stored compressed)`, value: statSync(join(pfDir, wasm)).size, unit: 'bytes' });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dist = process.argv[2] ? resolve(process.argv[2]) : join(ROOT, 'dist');
  for (const r of await run({ dist })) console.log(`${r.name}: ${r.value} ${r.unit}${r.budget !== undefined ? ` (budget ${r.budget})` : ''}`);
}
