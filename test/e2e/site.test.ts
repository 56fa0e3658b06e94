/**
 * The site in a real browser (Chromium via support.ts, serving dist/): the triage leads to a cause
 * page, search finds PermitOpen, heading links work and copy, nothing leaves the origin, no console
 * errors, no JavaScript before the search box is used, it works without JavaScript, and axe finds
 * no WCAG 2.1 A/AA violation in light and dark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, openSite, type Site, type WatchedPage } from './support.ts';

let site: Site;
const watched: WatchedPage[] = [];

async function open(path: string): Promise<WatchedPage> {
  const w = await site.newPage();
  watched.push(w);
  await w.page.goto(site.origin + path);
  return w;
}

/** Opens every <details> so axe also checks what a reader reveals. */
async function expandAll(page: Page) {
  await page.evaluate(() =>
    document.querySelectorAll('details').forEach((d) => {
      d.open = true;
    }),
  );
}

beforeAll(async () => {
  site = await openSite();
});

afterAll(async () => {
  await site?.close();
});

describe('the site in a browser', () => {
  it('the home page answers the question and the triage leads to a cause page', async () => {
    const { page } = await open('/');
    await expect(page.locator('h1').textContent()).resolves.toMatch(/administratively prohibited/);
    // The anatomy of the message is on the first screen.
    const anatomy = page.locator('.anatomy-line');
    await expect(anatomy.isVisible()).resolves.toBe(true);
    const box = await anatomy.boundingBox();
    expect(box && box.y + box.height).toBeLessThan(page.viewportSize()?.height ?? 720);

    await page.locator('#family-new').check();
    await page.locator('#symptom-admin-open-failed summary').click();
    // With a family chosen, only that family's list shows.
    const visibleGroups = page.locator('#symptom-admin-open-failed .family-group:visible');
    await expect(visibleGroups.count()).resolves.toBe(1);
    const link = page.locator('#symptom-admin-open-failed .family-group:visible a[href="/causes/permitopen-mismatch/"]');
    const title = await link.textContent();
    await link.click();
    await page.waitForURL('**/causes/permitopen-mismatch/');
    await expect(page.locator('h1').textContent()).resolves.toBe(title);
    await expect(page.locator('.fix-on .machine').textContent()).resolves.toBe('The SSH server (sshd)');
  });

  it('loads no JavaScript until the search box is used, then finds PermitOpen', async () => {
    const w = await site.newPage();
    watched.push(w);
    const { page } = w;
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script' || /\.m?js(\?|$)/.test(r.url())) scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(`${site.origin}/causes/tcp-forwarding-disabled/`);
    await page.waitForLoadState('networkidle');
    expect(scripts, 'scripts loaded before the search box was used').toEqual([]);

    const input = page.getByRole('searchbox', { name: 'Search the causes' });
    await input.click();
    await input.pressSequentially('PermitOpen', { delay: 20 });
    const hit = page.locator('#site-search-panel a[href="/causes/permitopen-mismatch/"]');
    await hit.waitFor({ state: 'visible', timeout: 15_000 });
    expect(scripts).toContain('/search.js');
    expect(scripts).toContain('/pagefind/pagefind.js');
    await expect(page.locator('#site-search-panel .search-status').textContent()).resolves.toMatch(/result/);
    // Keyboard: ArrowDown moves into the results.
    await input.press('ArrowDown');
    await expect(page.evaluate(() => document.activeElement?.closest('.search-results') !== null)).resolves.toBe(true);
    const title = await hit.locator('strong').textContent();
    await hit.click();
    await page.waitForURL('**/causes/permitopen-mismatch/');
    await expect(page.locator('h1').textContent()).resolves.toBe(title);
  });

  it('a heading link goes to its section and copies its URL', async () => {
    const { page } = await open('/causes/permitopen-mismatch/');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
    const link = page.getByRole('link', { name: 'Link to section: Fix it' });
    await link.click();
    await page.waitForURL('**/causes/permitopen-mismatch/#fix-it');
    await expect(page.locator('#fix-it').isVisible()).resolves.toBe(true);
    await page.waitForFunction(() => document.getElementById('copy-status')?.textContent === 'Link copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(`${site.origin}/causes/permitopen-mismatch/#fix-it`);
    // The section comes to the top of the window (or as far as the page can scroll).
    await page.waitForFunction(() => {
      const top = document.getElementById('fix-it')?.getBoundingClientRect().top ?? -1;
      const atBottom = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
      return top >= 0 && (top < 200 || (atBottom && top < window.innerHeight));
    });
  });

  it('works without JavaScript: triage, cause pages and the causes list', async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(site.origin)) foreign.push(r.url());
    });
    await page.goto(`${site.origin}/`);
    // The search form needs JavaScript, so it is hidden; navigation still reaches every cause.
    await expect(page.locator('#site-search-input').isVisible()).resolves.toBe(false);
    await page.locator('#symptom-name-unknown summary').click();
    await page.locator('#symptom-name-unknown a[href="/causes/target-name-unresolvable/"]').first().click();
    await page.waitForURL('**/causes/target-name-unresolvable/');
    await expect(page.locator('#what-you-see').isVisible()).resolves.toBe(true);
    await page.getByRole('link', { name: 'Causes', exact: true }).first().click();
    await page.waitForURL('**/causes/');
    await expect(page.locator('.cause-list a').count()).resolves.toBeGreaterThan(20);
    expect(foreign).toEqual([]);
    await context.close();
  });

  it('the 404 page offers search and the list of causes', async () => {
    const w = await site.newPage();
    const res = await w.page.goto(`${site.origin}/no-such-page/`);
    expect(res?.status()).toBe(404);
    await expect(w.page.locator('h1').textContent()).resolves.toBe('Page not found');
    await expect(w.page.locator('#notfound-search-input').isVisible()).resolves.toBe(true);
    await expect(w.page.getByRole('link', { name: 'All causes, by the machine to fix' }).getAttribute('href')).resolves.toBe('/causes/');
    // The only console error allowed here is the 404 status of the page itself.
    expect(w.consoleErrors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    await w.page.context().close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`axe finds no WCAG 2.1 A/AA violation (${colorScheme})`, async () => {
      const found: string[] = [];
      for (const path of ['/', '/causes/', '/causes/permitopen-mismatch/', '/no-such-page/']) {
        const w = await site.newPage();
        await w.page.emulateMedia({ colorScheme });
        await w.page.goto(site.origin + path);
        await expandAll(w.page);
        for (const v of await axeViolations(w.page)) found.push(`${path}: ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
        if (path === '/causes/permitopen-mismatch/') {
          // The search results, once shown, pass too.
          await w.page.getByRole('searchbox', { name: 'Search the causes' }).fill('localhost');
          await w.page.locator('#site-search-panel a').first().waitFor({ state: 'visible', timeout: 15_000 });
          for (const v of await axeViolations(w.page)) found.push(`${path} (search open): ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
        }
        expect(w.foreignRequests).toEqual([]);
        await w.page.context().close();
      }
      expect(found).toEqual([]);
    });
  }

  it('no console errors and no request leaves the origin', () => {
    expect(watched.length).toBeGreaterThan(0);
    expect(watched.flatMap((w) => w.consoleErrors)).toEqual([]);
    expect(watched.flatMap((w) => w.foreignRequests)).toEqual([]);
  });
});
