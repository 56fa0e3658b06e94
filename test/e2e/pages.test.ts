/**
 * The "Seen in" pages and the guides in a real browser (Chromium via support.ts, serving dist/):
 * every page opens with no console error and no request leaving the origin, axe finds no WCAG 2.1
 * A/AA violation in light and dark, a cause page's "Before you start" box leads to its guide, the
 * home page links every guide, and the site search finds a guide.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openSite, type Site } from './support.ts';

const ids = (dir: string) =>
  readdirSync(join(import.meta.dirname, '../../content', dir))
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => f.replace(/\.mdx$/, ''))
    .sort();
const TOOL_PAGES = ids('tools').map((id) => `/seen-in/${id}/`);
const GUIDE_PAGES = ids('guides').map((id) => `/guides/${id}/`);
const PAGES = ['/seen-in/', '/guides/', ...TOOL_PAGES, ...GUIDE_PAGES];

let site: Site;

beforeAll(async () => {
  site = await openSite();
});

afterAll(async () => {
  await site?.close();
});

describe('the "Seen in" pages and the guides in a browser', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`open with no console error and no foreign request, and axe finds no WCAG 2.1 A/AA violation (${colorScheme})`, async () => {
      const found: string[] = [];
      const errors: string[] = [];
      const foreign: string[] = [];
      const w = await site.newPage();
      await w.page.emulateMedia({ colorScheme });
      for (const path of PAGES) {
        const res = await w.page.goto(site.origin + path);
        if (res?.status() !== 200) found.push(`${path}: status ${res?.status()}`);
        const h1 = (await w.page.locator('h1').textContent()) ?? '';
        if (!h1.trim()) found.push(`${path}: no h1`);
        for (const v of await axeViolations(w.page)) found.push(`${path}: ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
      }
      errors.push(...w.consoleErrors);
      foreign.push(...w.foreignRequests);
      await w.page.context().close();
      expect(found).toEqual([]);
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
    }, 120_000);
  }

  it('a cause page links its guides in "Before you start", and the link leads there', async () => {
    const w = await site.newPage();
    const { page } = w;
    await page.goto(`${site.origin}/causes/tcp-forwarding-disabled/`);
    const box = page.locator('aside[aria-labelledby="before-you-start"]');
    await expect(box.isVisible()).resolves.toBe(true);
    const link = box.locator('a[href="/guides/server-logs/"]');
    const title = await link.textContent();
    await link.click();
    await page.waitForURL('**/guides/server-logs/');
    await expect(page.locator('h1').textContent()).resolves.toBe(title);
    // The related questions sit at the end of the page.
    await page.goto(`${site.origin}/causes/permitopen-mismatch/`);
    await expect(page.locator('aside[aria-labelledby="related-questions"] a[href="/guides/sshd-config-case/"]').count()).resolves.toBe(1);
    expect(w.consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('the home page links every new page, and works without JavaScript', async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.origin}/`);
    const hrefs = await page.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect([...TOOL_PAGES, ...GUIDE_PAGES, '/guides/'].filter((p) => !hrefs.includes(p))).toEqual([]);
    await page.locator('a[href="/seen-in/windows-openssh/"]').first().click();
    await page.waitForURL('**/seen-in/windows-openssh/');
    await expect(page.locator('#what-it-shows').isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('the site search finds a guide', async () => {
    const w = await site.newPage();
    const { page } = w;
    await page.goto(`${site.origin}/guides/`);
    const input = page.getByRole('searchbox', { name: 'Search the causes' });
    await input.click();
    await input.pressSequentially('journalctl', { delay: 20 });
    const hit = page.locator('#site-search-panel a[href="/guides/server-logs/"]');
    await hit.waitFor({ state: 'visible', timeout: 15_000 });
    expect(w.consoleErrors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    await page.context().close();
  });
});
