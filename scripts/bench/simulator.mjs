/**
 * Simulator page benchmarks. `run(ctx)` returns rows { name, value, unit, budget }:
 *  - the gzip size of the JavaScript the built /simulator/ page loads (script and modulepreload
 *    tags, island component and renderer URLs, inline scripts, and every static import they
 *    reach), budget 80 KB; and, beside it, what loads only on use (the modules a dynamic import()
 *    reaches: share links, the other presets, the JSON reader, the explainer), and the two together;
 *  - the median time of simulate() over typical scenarios (every preset);
 *  - the time from an edit (an input event on the command line) to the rendered result in Chromium
 *    (unthrottled; phone.mjs measures it under the phone profile's CPU slowdown);
 *  - the length of a preset's share link (compressed, `#z=`, with the site's origin), max over all
 *    presets, budget 600 characters, next to the older `#s=` form.
 * ctx (optional): { dist: path to the built site (default ./dist), chromium: executable path }.
 * Run alone: `node scripts/bench/simulator.mjs [distDir]`.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const attr = (tag, name) => {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? (m[2] ?? m[3] ?? m[4] ?? '').replace(/&amp;/g, '&') : null;
};

/**
 * The JS files a page loads, as site paths, plus the inline scripts' text: `files` are those that
 * load with the page (script and modulepreload tags, island URLs and every static import they
 * reach); `onUse` those only a dynamic import() reaches (loaded when the user does something, e.g.
 * copies a share link), each with every static import it adds.
 */
export async function pageScripts(dist, pagePath = '/simulator/') {
  const html = await readFile(join(dist, pagePath, 'index.html'), 'utf8');
  const entries = new Set();
  const inline = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = attr(m[0].slice(0, m[0].indexOf('>') + 1), 'src');
    const type = attr(m[1], 'type');
    if (src) entries.add(new URL(src, `http://x${pagePath}`).pathname);
    else if (!type || /module|javascript/i.test(type)) inline.push(m[2]);
  }
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    if (/rel\s*=\s*["']?modulepreload/i.test(m[0])) {
      const href = attr(m[0], 'href');
      if (href) entries.add(new URL(href, `http://x${pagePath}`).pathname);
    }
  }
  for (const m of html.matchAll(/<astro-island\b[^>]*>/gi)) {
    for (const name of ['component-url', 'renderer-url', 'before-hydration-url']) {
      const u = attr(m[0], name);
      if (u) entries.add(new URL(u, `http://x${pagePath}`).pathname);
    }
  }
  const files = new Set();
  const dynamic = [];
  await follow(dist, [...entries], files, dynamic);
  const onUse = new Set();
  for (let i = 0; i < dynamic.length; i++) {
    if (!files.has(dynamic[i]) && !onUse.has(dynamic[i])) await follow(dist, [dynamic[i]], onUse, dynamic, files);
  }
  return { files: [...files], onUse: [...onUse], inline };
}

/** Adds `start` and every file its static imports reach to `into` (skipping `known`); collects import() targets. */
async function follow(dist, start, into, dynamic, known = new Set()) {
  const queue = start.filter((p) => !known.has(p));
  for (const p of queue) into.add(p);
  while (queue.length) {
    const p = queue.shift();
    const full = join(dist, p);
    if (!existsSync(full)) continue;
    const code = await readFile(full, 'utf8');
    const rel = (spec) => (/^(\.{1,2}\/|\/)/.test(spec) ? new URL(spec, `http://x${p}`).pathname : null);
    for (const m of [
      ...code.matchAll(/\bimport\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g),
      ...code.matchAll(/\bexport\s*[\w*{}\s,$]+from\s*["']([^"']+)["']/g),
    ]) {
      const next = rel(m[1]);
      if (next && !into.has(next) && !known.has(next)) {
        into.add(next);
        queue.push(next);
      }
    }
    for (const m of code.matchAll(/\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) {
      const next = rel(m[1]);
      if (next) dynamic.push(next);
    }
  }
}

const gzipOf = async (dist, p) => gzipSync(await readFile(join(dist, p)), { level: 9 }).length;

/** Gzip bytes of what the page loads (`total`, `perFile`) and of what loads only on use (`onUse`, `onUsePerFile`). */
export async function jsGzipBytes(dist) {
  const { files, onUse, inline } = await pageScripts(dist);
  const measure = async (list) => {
    const per = [];
    for (const p of list) if (existsSync(join(dist, p))) per.push({ file: p, gzip: await gzipOf(dist, p) });
    return per;
  };
  const perFile = await measure(files);
  const onUsePerFile = await measure(onUse);
  let total = perFile.reduce((a, f) => a + f.gzip, 0);
  for (const s of inline) total += gzipSync(Buffer.from(s), { level: 9 }).length;
  return { total, perFile, inlineCount: inline.length, onUse: onUsePerFile.reduce((a, f) => a + f.gzip, 0), onUsePerFile };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

export async function simulateMedianMs() {
  const { register } = await import('tsx/esm/api');
  const unregister = register();
  try {
    const { simulate } = await import(pathToFileURL(join(ROOT, 'src/machine/channel-open/simulate.ts')).href);
    const { PRESETS } = await import(pathToFileURL(join(ROOT, 'src/model/presets.ts')).href);
    const scenarios = Object.values(PRESETS).map((p) => p.scenario);
    for (let i = 0; i < 20; i++) for (const s of scenarios) simulate(s); // warm up
    const times = [];
    for (let round = 0; round < 30; round++) {
      for (const s of scenarios) {
        const t0 = performance.now();
        simulate(s);
        times.push(performance.now() - t0);
      }
    }
    return { median: median(times), scenarios: scenarios.length };
  } finally {
    await unregister?.();
  }
}

export async function editToRenderMs(dist, chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') {
  const { chromium } = await import('playwright-core');
  const { createServer } = await import('node:http');
  const server = createServer(async (req, res) => {
    try {
      let p = join(dist, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
      if (!p.startsWith(dist)) throw new Error('outside');
      if (p.endsWith('/')) p = join(p, 'index.html');
      const body = await readFile(p);
      const type = p.endsWith('.html')
        ? 'text/html'
        : p.endsWith('.js')
          ? 'text/javascript'
          : p.endsWith('.css')
            ? 'text/css'
            : p.endsWith('.svg')
              ? 'image/svg+xml'
              : 'application/octet-stream';
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/simulator/`);
    await page.locator('.sim[data-ready]').waitFor();
    const result = await page.evaluate(async () => {
      const input = document.querySelector('#sim-client-command');
      const out = document.querySelector('.sim-output');
      const commands = ['ssh -N -L 8080:localhost:80 alice@server.example', 'ssh -N -L 127.0.0.1:9090:db.internal:5432 -J bastion bob@server.example'];
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const times = [];
      let sameFrame = 0;
      for (let i = 0; i < 40; i++) {
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const before = out.textContent;
        let rendered = false;
        const frame = new Promise((r) => requestAnimationFrame(() => r(out.textContent !== before)));
        const t0 = performance.now();
        setter.call(input, `${commands[i % 2]} `);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        // Preact renders in a microtask; a zero timeout runs after it. Force style and layout too.
        await new Promise((r) => setTimeout(r, 0));
        void out.getBoundingClientRect().height;
        const t1 = performance.now();
        rendered = out.textContent !== before;
        if (rendered && (await frame)) sameFrame++;
        times.push(t1 - t0);
      }
      return { times, sameFrame };
    });
    return { median: median(result.times), max: Math.max(...result.times), sameFrame: result.sameFrame, runs: result.times.length };
  } finally {
    await browser.close();
    server.close();
  }
}

/** The longest share link over every preset, compressed (#z=) and in the older form (#s=). */
export async function shareLinkLengths(origin = 'https://tunnel.doctor') {
  const { register } = await import('tsx/esm/api');
  const unregister = register();
  try {
    const { PRESETS } = await import(pathToFileURL(join(ROOT, 'src/model/presets.ts')).href);
    const { simulatorHref, simulatorHrefCompressed } = await import(pathToFileURL(join(ROOT, 'src/model/share.ts')).href);
    let compressed = { length: 0, id: '' };
    let legacy = 0;
    for (const [id, p] of Object.entries(PRESETS)) {
      const z = (origin + (await simulatorHrefCompressed(p.scenario))).length;
      if (z > compressed.length) compressed = { length: z, id };
      legacy = Math.max(legacy, (origin + simulatorHref(p.scenario)).length);
    }
    return { compressed, legacy, presets: Object.keys(PRESETS).length };
  } finally {
    await unregister?.();
  }
}

export async function run(ctx = {}) {
  const dist = resolve(ctx.dist ?? join(ROOT, 'dist'));
  if (ctx.build && ctx.build.ok === false) return [{ name: '(build failed: nothing measured)', value: null, unit: '' }];
  const rows = [];
  if (existsSync(join(dist, 'simulator/index.html'))) {
    const js = await jsGzipBytes(dist);
    const top = [...js.perFile]
      .sort((a, b) => b.gzip - a.gzip)
      .slice(0, 3)
      .map((f) => `${f.file.replace(/^.*\//, '')} ${(f.gzip / 1024).toFixed(1)} KB`);
    rows.push({
      name: '/simulator/ JavaScript loaded (gzip)',
      value: js.total,
      unit: 'bytes',
      budget: 80 * 1024,
      note: `${js.perFile.length} files + ${js.inlineCount} inline; largest: ${top.join(', ')}`,
    });
    const onUse = js.onUsePerFile.map((f) => `${f.file.replace(/^.*\//, '').replace(/\.[\w-]+\.js$/, '')} ${(f.gzip / 1024).toFixed(1)} KB`);
    rows.push({ name: '/simulator/ JavaScript loaded on use (gzip)', value: js.onUse, unit: 'bytes', note: onUse.join(', ') });
    rows.push({ name: '/simulator/ JavaScript, page and on use together (gzip)', value: js.total + js.onUse, unit: 'bytes' });
  }
  const links = await shareLinkLengths();
  rows.push({
    name: `share link of a preset, #z= compressed, max over ${links.presets}`,
    value: links.compressed.length,
    unit: 'chars',
    budget: 600,
    note: `longest: ${links.compressed.id}; the older #s= form's max is ${links.legacy} characters (origin https://tunnel.doctor included)`,
  });
  const sim = await simulateMedianMs();
  rows.push({ name: `simulate() median over ${sim.scenarios} presets`, value: Math.round(sim.median * 1000) / 1000, unit: 'ms', budget: 1 });
  if (existsSync(join(dist, 'simulator/index.html'))) {
    const edit = await editToRenderMs(dist, ctx.chromium);
    rows.push({
      name: `edit to rendered result in Chromium (median of ${edit.runs}; ${edit.sameFrame} within the frame)`,
      value: Math.round(edit.median * 100) / 100,
      unit: 'ms',
      budget: 16,
    });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dist = process.argv[2];
  const rows = await run(dist ? { dist } : {});
  for (const r of rows)
    console.log(
      `${r.budget === undefined ? '    ' : r.value <= r.budget ? 'ok  ' : 'OVER'} ${r.name}: ${r.value} ${r.unit}${r.budget === undefined ? '' : ` (budget ${r.budget} ${r.unit})`}${r.note ? ` — ${r.note}` : ''}`,
    );
  if (dist) {
    const js = await jsGzipBytes(resolve(dist));
    for (const f of js.perFile) console.log(`     ${f.file}: ${f.gzip} B gzip`);
    for (const f of js.onUsePerFile) console.log(`     on use: ${f.file}: ${f.gzip} B gzip`);
    console.log(`     + ${js.inlineCount} inline script(s)`);
  }
}
