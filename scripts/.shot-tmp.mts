import { serveStatic } from '../test/e2e/support.ts';
import { chromium } from 'playwright-core';
const root = process.env.DIST ?? '/tmp/sim-dist';
const { origin, server } = await serveStatic(root);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--no-first-run'] });
const path = process.argv[2] ?? '/simulator/';
const tag = process.argv[3] ?? 'a';
for (const [w, h] of [[1280, 900], [390, 844]] as const) for (const scheme of ['light', 'dark'] as const) {
  const ctx = await browser.newContext({ viewport: { width: w, height: h }, colorScheme: scheme, reducedMotion: 'reduce' });
  const page = await ctx.newPage();
  const errs: string[] = [];
  page.on('console', m => { if (m.type() === 'error') errs.push(m.text()); });
  page.on('pageerror', e => errs.push(String(e)));
  await page.goto(origin + path);
  await page.waitForTimeout(400);
  if (process.env.STEPS) { for (let i = 0; i < Number(process.env.STEPS); i++) await page.click('text=Step'); }
  await page.screenshot({ path: `/tmp/simshots/${tag}-${w}-${scheme}.png`, fullPage: process.env.FULL !== '0' });
  if (errs.length) console.log(w, scheme, errs);
  await ctx.close();
}
await browser.close(); server.close();
