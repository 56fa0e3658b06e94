/**
 * What a reader on a mid-range phone waits for, measured in headless Chromium against the built
 * site (dist/, served by lib/serve.mjs on 127.0.0.1 with gzip). The phone profile: a 412×915 touch
 * viewport at 2.625 dppx, CPU slowed 4× (CDP Emulation.setCPUThrottlingRate), and the network at
 * 1.6 Mbps down, 750 kbps up, 150 ms round trip (CDP Network.emulateNetworkConditions). Every load
 * is cold (a fresh browser context). Rounds interleave the pages so machine load hits them alike;
 * each figure is the median of BENCH_PHONE_RUNS loads (default 9, at least 5):
 *  - /simulator/: time to the result (the result box painted), and to hydrated (editable);
 *  - a preset page (/simulator/<preset>/, where a cause page links): the same two;
 *  - a cause page: time to content (the article body painted);
 *  - /diagnose/ with a paste handed over from the home page's box: from the navigation the form
 *    submit starts to the answer painted;
 *  - an edit on /simulator/ under the same CPU throttle: from the input event to the new result
 *    rendered and laid out.
 * "Painted" is the first animation frame after the element is in the document, and never before
 * the first contentful paint. Targets: the simulator's result within 1.5× the cause page's time in
 * the same run; an edit answered within 100 ms.
 * ctx: { dist, chromium, build }. Run alone: `node scripts/bench/phone.mjs [distDir]`.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHROMIUM_ARGS, serveDist } from './lib/serve.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PRESET = 'tcp-forwarding-disabled';
const CAUSE = 'tcp-forwarding-disabled';
const RUNS = Math.max(5, Number(process.env.BENCH_PHONE_RUNS ?? 9) || 9);
const EDITS = 15;

export const PHONE = {
  viewport: { width: 412, height: 915 },
  deviceScaleFactor: 2.625,
  isMobile: true,
  hasTouch: true,
  cpuSlowdown: 4,
  network: { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 },
};

const PASTE = `$ ssh -N -L 8080:db.internal:5432 alice@server.example
channel 2: open failed: administratively prohibited: open failed
Nov 24 10:01:09 server sshd[1236]: refused local port forward: originator 127.0.0.1 port 50522, target db.internal port 5432
allowtcpforwarding no
`;

/** Runs in every document before its own scripts: when each watched element is first painted. */
function watchPaint(selectors) {
  const seen = {};
  window.__benchSeen = seen;
  let fcp = null;
  const waiting = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') fcp = e.startTime;
    for (const w of waiting.splice(0)) w();
  }).observe({ type: 'paint', buffered: true });
  const painted = (sel) => {
    seen[sel] = 'pending';
    requestAnimationFrame(() => {
      const t = performance.now();
      const done = () => (seen[sel] = Math.max(t, fcp));
      if (fcp !== null) done();
      else waiting.push(done);
    });
  };
  const check = () => {
    for (const sel of selectors) if (!(sel in seen) && document.querySelector(sel)) painted(sel);
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
}

const SELECTORS = { result: '.sim-result', hydrated: '.sim[data-ready]', content: '.cause .prose', answer: '#dg-answer-title' };

async function phonePage(browser) {
  const context = await browser.newContext({
    viewport: PHONE.viewport,
    deviceScaleFactor: PHONE.deviceScaleFactor,
    isMobile: PHONE.isMobile,
    hasTouch: PHONE.hasTouch,
  });
  await context.addInitScript(watchPaint, Object.values(SELECTORS));
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', PHONE.network);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpuSlowdown });
  return { page, context };
}

/** Waits until each named element was painted; returns their times (ms since the navigation). */
async function paintedTimes(page, names) {
  const sels = names.map((n) => SELECTORS[n]);
  await page.waitForFunction((s) => s.every((x) => typeof window.__benchSeen?.[x] === 'number'), sels, { timeout: 60_000, polling: 50 });
  const seen = await page.evaluate(() => window.__benchSeen);
  return Object.fromEntries(names.map((n) => [n, seen[SELECTORS[n]]]));
}

async function loadOnce(browser, origin, kind) {
  const { page, context } = await phonePage(browser);
  try {
    if (kind === 'simulator') {
      await page.goto(`${origin}/simulator/`, { waitUntil: 'commit' });
      return await paintedTimes(page, ['result', 'hydrated']);
    }
    if (kind === 'preset') {
      await page.goto(`${origin}/simulator/${PRESET}/`, { waitUntil: 'commit' });
      return await paintedTimes(page, ['result', 'hydrated']);
    }
    if (kind === 'cause') {
      await page.goto(`${origin}/causes/${CAUSE}/`, { waitUntil: 'commit' });
      return await paintedTimes(page, ['content']);
    }
    // The home page's paste box hands the paste to /diagnose/ (sessionStorage) on submit.
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    await page.locator('#home-paste').fill(PASTE);
    const nav = page.waitForURL(/\/diagnose\//, { waitUntil: 'commit' });
    await page.locator('form.diagnose-paste button[type=submit]').click();
    await nav;
    return await paintedTimes(page, ['answer']);
  } finally {
    await context.close();
  }
}

/**
 * Moving into the simulator (focus on the command line) → the model's code loaded; then input
 * event on the command line → new result rendered and laid out, under the CPU throttle.
 */
async function throttledEdits(browser, origin) {
  const { page, context } = await phonePage(browser);
  try {
    await page.goto(`${origin}/simulator/`);
    await page.locator('.sim[data-ready]').waitFor({ timeout: 60_000 });
    const model = await page.evaluate(async () => {
      const t0 = performance.now();
      document.querySelector('#sim-client-command').focus();
      while (!document.querySelector('.sim[data-model]')) await new Promise((r) => setTimeout(r, 5));
      return performance.now() - t0;
    });
    const edits = await page.evaluate(async (n) => {
      const input = document.querySelector('#sim-client-command');
      const out = document.querySelector('.sim-output');
      const commands = ['ssh -N -L 8080:localhost:80 alice@server.example', 'ssh -N -L 127.0.0.1:9090:db.internal:5432 -J bastion bob@server.example'];
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const times = [];
      let changed = 0;
      for (let i = 0; i < n; i++) {
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const before = out.textContent;
        const t0 = performance.now();
        setter.call(input, `${commands[i % 2]} `);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => setTimeout(r, 0));
        void out.getBoundingClientRect().height;
        times.push(performance.now() - t0);
        if (out.textContent !== before) changed++;
      }
      return { times, changed };
    }, EDITS);
    return { ...edits, model };
  } finally {
    await context.close();
  }
}

const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!s.length) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x) => (x === null ? null : Math.round(x));

export async function measurePhone(dist, chromiumPath) {
  const { chromium } = await import('playwright-core');
  const server = await serveDist(dist);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  const kinds = ['cause', 'simulator', 'preset', 'diagnose'];
  const samples = Object.fromEntries(kinds.map((k) => [k, []]));
  try {
    await loadOnce(browser, server.origin, 'cause'); // warm the server's gzip cache and the browser
    for (let r = 0; r < RUNS; r++) for (const k of kinds) samples[k].push(await loadOnce(browser, server.origin, k));
    const edits = await throttledEdits(browser, server.origin);
    const pick = (k, field) => median(samples[k].map((s) => s[field]));
    return {
      runs: RUNS,
      cause: pick('cause', 'content'),
      simulator: pick('simulator', 'result'),
      simulatorHydrated: pick('simulator', 'hydrated'),
      preset: pick('preset', 'result'),
      presetHydrated: pick('preset', 'hydrated'),
      diagnose: pick('diagnose', 'answer'),
      edit: median(edits.times),
      editMax: Math.max(...edits.times),
      editsChanged: edits.changed,
      edits: edits.times.length,
      model: edits.model,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

export async function run(ctx = {}) {
  const dist = resolve(ctx.dist ?? join(ROOT, 'dist'));
  if (ctx.build && ctx.build.ok === false) return [{ name: '(build failed: nothing measured)', value: null, unit: '' }];
  if (!existsSync(join(dist, 'simulator/index.html'))) return [{ name: 'no dist/simulator/: build first', value: null, unit: '' }];
  const m = await measurePhone(dist, ctx.chromium ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
  const limit = m.cause === null ? null : round(1.5 * m.cause);
  const ratio = (x) => (x === null || !m.cause ? null : Math.round((x / m.cause) * 100) / 100);
  const of = `median of ${m.runs} cold loads`;
  return [
    {
      name: `cause page, time to content (${of})`,
      value: round(m.cause),
      unit: 'ms',
      note: `/causes/${CAUSE}/; the yardstick for the simulator's targets`,
    },
    {
      name: `/simulator/, time to the result (${of})`,
      value: round(m.simulator),
      unit: 'ms',
      budget: limit,
      note: 'budget: 1.5 × the cause page in this run',
    },
    { name: '/simulator/ result ÷ cause page', value: ratio(m.simulator), unit: '×', budget: 1.5 },
    {
      name: `/simulator/, time to hydrated (${of})`,
      value: round(m.simulatorHydrated),
      unit: 'ms',
      note: 'editable; no budget (the result is readable before)',
    },
    {
      name: `/simulator/${PRESET}/, time to the result (${of})`,
      value: round(m.preset),
      unit: 'ms',
      budget: limit,
      note: 'budget: 1.5 × the cause page in this run',
    },
    { name: 'preset page result ÷ cause page', value: ratio(m.preset), unit: '×', budget: 1.5 },
    { name: `/simulator/${PRESET}/, time to hydrated (${of})`, value: round(m.presetHydrated), unit: 'ms' },
    {
      name: `/diagnose/ answer, paste handed over from home (${of})`,
      value: round(m.diagnose),
      unit: 'ms',
      note: `from the navigation the home form starts to the answer painted; ratio to the cause page: ${ratio(m.diagnose)}×`,
    },
    {
      name: '/simulator/, moving in (focus) to the model loaded, under 4× CPU',
      value: round(m.model),
      unit: 'ms',
      note: 'the model’s code loads on use; the built result is on screen meanwhile',
    },
    {
      name: `edit to new result under 4× CPU (median of ${m.edits}; ${m.editsChanged} changed the result)`,
      value: Math.round(m.edit * 10) / 10,
      unit: 'ms',
      budget: 100,
      note: `slowest ${m.editMax.toFixed(1)} ms`,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dist = process.argv[2];
  for (const r of await run(dist ? { dist } : {}))
    console.log(`${r.name}: ${r.value} ${r.unit}${r.budget !== undefined ? ` (budget ${r.budget})` : ''}${r.note ? ` — ${r.note}` : ''}`);
}
