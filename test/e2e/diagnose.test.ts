/**
 * /diagnose/ in Chromium against the built site: paste, read the answer, follow the cause link, open
 * the simulator link; the fragment and home-page hand-offs; the no-JS page; nothing leaves the
 * origin and the pasted text causes no request at all; axe-core clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openSite, type Site } from './support.ts';

let site: Site;

beforeAll(async () => {
  site = await openSite();
});

afterAll(async () => {
  await site?.close();
});

const OLD_SERVER = `$ ssh -N -L 8080:db.internal:5432 alice@bastion.example
channel 2: open failed: administratively prohibited: open failed
Nov 24 10:01:02 bastion sshd[1234]: Accepted publickey for alice from 198.51.100.23 port 50522 ssh2
Nov 24 10:01:09 bastion sshd[1236]: error: connect_to db.internal: unknown host (Name or service not known)`;

async function hydrated(page: import('playwright-core').Page) {
  await page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0, null, { timeout: 15_000 });
}

describe('/diagnose/', () => {
  it('diagnoses a paste, highlights the lines, and links the cause and the simulator', async () => {
    const { page, consoleErrors, foreignRequests } = await site.newPage();
    await page.goto(`${site.origin}/diagnose/`);
    await hydrated(page);
    await expect(page.getByText('Nothing you paste leaves this browser tab').isVisible()).resolves.toBe(true);
    const textarea = page.getByLabel('Paste what you saw');
    await textarea.fill(OLD_SERVER);

    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.getByRole('button', { name: 'Diagnose', exact: true }).click();
    const heading = page.locator('#dg-answer-title');
    await expect(heading.textContent()).resolves.toBe('The server cannot resolve the target name');
    // the answer is computed in the page: the paste caused no request of any kind
    expect(requests).toEqual([]);
    // focus moves to the answer for keyboard and screen-reader users
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('dg-answer-title');

    const body = await page.locator('.dg-answer').innerText();
    expect(body).toContain('OpenSSH before 7.5');
    expect(body).toContain('getent ahosts db.internal');
    // the server log line is shown with its decisive words highlighted
    const marks = await page.locator('#dg-line-4 mark').allInnerTexts();
    expect(marks.join(' ')).toContain('connect_to db.internal: unknown host (Name or service not known)');

    const simHref = await page.getByRole('link', { name: 'Open in the simulator' }).getAttribute('href');
    expect(simHref).toMatch(/^\/simulator\/#s=[A-Za-z0-9_-]+$/);

    const causeLink = page.locator('.dg-cause-title').first();
    expect(await causeLink.getAttribute('href')).toBe('/causes/target-name-unresolvable/');
    const response = page.waitForResponse((r) => r.url().endsWith('/causes/target-name-unresolvable/'));
    await causeLink.click();
    expect((await response).status()).toBe(200);
    await expect(page.locator('h1').first().textContent()).resolves.toBeTruthy();

    const sim = await page.goto(`${site.origin}${simHref}`);
    expect(sim?.status()).toBe(200);
    expect(new URL(page.url()).hash.startsWith('#s=')).toBe(true);
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('says what the text cannot decide and which command would, and is axe-clean', async () => {
    const { page, consoleErrors } = await site.newPage();
    await page.goto(`${site.origin}/diagnose/`);
    await hydrated(page);
    await page
      .getByLabel('Paste what you saw')
      .fill('debug1: Remote protocol version 2.0, remote software version OpenSSH_9.6p1\nchannel 2: open failed: administratively prohibited: open failed');
    await page.getByLabel('Paste what you saw').press('Control+Enter');
    await page.locator('.dg-next').waitFor();
    const next = await page.locator('.dg-next').innerText();
    expect(next).toContain('sudo sshd -T -C user=USER');
    expect(next).toContain('allowtcpforwarding no');
    expect(await page.locator('.dg-cause').count()).toBeGreaterThan(2);
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('says which hop refused: ProxyJump’s lines name the jump host, not the server the -L goes to', async () => {
    const { page, consoleErrors } = await site.newPage();
    await page.goto(`${site.origin}/diagnose/`);
    await hydrated(page);
    await page
      .getByLabel('Paste what you saw')
      .fill(
        '$ ssh -J alice@bastion.example -N -L 5432:db.internal:5432 alice@10.0.0.12\nchannel 0: open failed: administratively prohibited: open failed\nstdio forwarding failed\nkex_exchange_identification: Connection closed by remote host',
      );
    await page.getByLabel('Paste what you saw').press('Control+Enter');
    await page.locator('.dg-hop').waitFor();
    const hop = await page.locator('.dg-hop').innerText();
    expect(hop).toMatch(/^the jump host: /);
    expect(hop).toContain('the final server was never asked');
    expect(consoleErrors).toEqual([]);
  });

  it('answers honestly when it recognises nothing', async () => {
    const { page } = await site.newPage();
    await page.goto(`${site.origin}/diagnose/`);
    await hydrated(page);
    await page.getByLabel('Paste what you saw').fill('hello, is this thing on?');
    await page.getByRole('button', { name: 'Diagnose', exact: true }).click();
    await expect(page.locator('#dg-answer-title').textContent()).resolves.toBe('Not recognised');
    expect(await page.locator('.dg-unrecognised').innerText()).toContain('journalctl');
  });

  it('reads #t= on load and removes it from the address bar', async () => {
    const { page } = await site.newPage();
    const text = 'bind [127.0.0.1]:8080: Address already in use\nCould not request local forwarding.';
    await page.goto(`${site.origin}/diagnose/#t=${encodeURIComponent(text)}`);
    await hydrated(page);
    await page.locator('#dg-answer-title').waitFor();
    await expect(page.locator('#dg-answer-title').textContent()).resolves.toBe('The local port is already in use');
    expect(new URL(page.url()).hash).toBe('');
    await expect(page.getByLabel('Paste what you saw').inputValue()).resolves.toBe(text);
  });

  it('takes the home page paste box hand-off without sending the text', async () => {
    const { page, foreignRequests } = await site.newPage();
    await page.goto(`${site.origin}/`);
    const box = page.locator('#home-paste');
    if ((await box.count()) === 0) return; // the home page has no paste box in this build
    expect(await box.getAttribute('name')).toBeNull();
    await box.fill('Nov 24 10:09:12 srv sshd[3110]: error: no more sessions');
    const nav = page.waitForURL(/\/diagnose\//);
    await page.locator('form.diagnose-paste button[type=submit]').click();
    await nav;
    expect(page.url()).not.toContain('sessions');
    await hydrated(page);
    await page.locator('#dg-answer-title').waitFor();
    await expect(page.locator('#dg-answer-title').textContent()).resolves.toBe('MaxSessions reached on a multiplexed connection');
    // the hand-off is read once and deleted
    await expect(page.evaluate(() => sessionStorage.getItem('tunnel-doctor:paste'))).resolves.toBeNull();
    expect(foreignRequests).toEqual([]);
  });

  it('works as a no-JS page: paste box, a note that it needs JavaScript, a link to the causes', async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.origin}/diagnose/`);
    await expect(page.getByLabel('Paste what you saw').isVisible()).resolves.toBe(true);
    const note = page.locator('.dg-nojs');
    await expect(note.isVisible()).resolves.toBe(true);
    expect(await note.innerText()).toContain('needs JavaScript');
    expect(await note.locator('a[href="/causes/"]').count()).toBe(1);
    await context.close();
  });
});
