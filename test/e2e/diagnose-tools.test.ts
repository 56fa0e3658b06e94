/**
 * /diagnose/ in Chromium with a VS Code Remote-SSH log (from the tools corpus): the answer names
 * the cause and the tool, and both links lead to their pages on the built site.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, type Site } from './support.ts';

let site: Site;

beforeAll(async () => {
  site = await openSite();
});

afterAll(async () => {
  await site?.close();
});

const VSCODE = readFileSync(join(import.meta.dirname, '..', 'model', 'diagnose', 'corpus', 'tools', 'vscode-remote-ssh-dynamic.txt'), 'utf8');

describe('/diagnose/ with a tool’s paste', () => {
  it('a VS Code Remote-SSH log leads to the cause page and the tool page', async () => {
    const { page, consoleErrors, foreignRequests } = await site.newPage();
    await page.goto(`${site.origin}/diagnose/`);
    await page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0, null, { timeout: 15_000 });
    await page.getByLabel('Paste what you saw').fill(VSCODE);
    await page.getByRole('button', { name: 'Diagnose', exact: true }).click();
    await expect(page.locator('#dg-answer-title').textContent()).resolves.toBe('TCP forwarding is disabled on the server');

    const tool = page.locator('.dg-summary a.dg-tool');
    await expect(tool.textContent()).resolves.toBe('VS Code Remote-SSH');
    expect(await tool.getAttribute('href')).toBe('/seen-in/vscode-remote-ssh/');
    const facts = await page.locator('.dg-summary .dg-facts').innerText();
    expect(facts).toContain('AllowTcpForwarding');
    expect(facts).toContain('/etc/ssh/sshd_config');

    const causeLink = page.locator('.dg-cause-title').first();
    expect(await causeLink.getAttribute('href')).toBe('/causes/tcp-forwarding-disabled/');
    const causePage = page.waitForResponse((r) => r.url().endsWith('/causes/tcp-forwarding-disabled/'));
    await causeLink.click();
    expect((await causePage).status()).toBe(200);
    // the cause page lists the tool page under "Seen in"
    await expect(page.locator('a[href="/seen-in/vscode-remote-ssh/"]').count()).resolves.toBeGreaterThan(0);

    await page.goBack();
    await page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0, null, { timeout: 15_000 });
    const textarea = page.getByLabel('Paste what you saw');
    if ((await textarea.inputValue()) === '') await textarea.fill(VSCODE);
    await page.getByRole('button', { name: 'Diagnose', exact: true }).click();
    const toolPage = page.waitForResponse((r) => r.url().endsWith('/seen-in/vscode-remote-ssh/'));
    await page.locator('.dg-summary a.dg-tool').click();
    expect((await toolPage).status()).toBe(200);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('VS Code Remote-SSH');
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('a JSch line from a database tool leads to the new database tools page, which says how to see the hidden reason', async () => {
    const JSCH = readFileSync(join(import.meta.dirname, '..', 'model', 'diagnose', 'corpus', 'tools', 'jsch-dbeaver.txt'), 'utf8');
    const { page, consoleErrors, foreignRequests } = await site.newPage();
    await page.goto(`${site.origin}/diagnose/`);
    await page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0, null, { timeout: 15_000 });
    await page.getByLabel('Paste what you saw').fill(JSCH);
    await page.getByRole('button', { name: 'Diagnose', exact: true }).click();
    const tool = page.locator('.dg-summary a.dg-tool');
    expect(await tool.getAttribute('href')).toBe('/seen-in/database-guis/');
    await expect(page.locator('.dg-summary').innerText()).resolves.toContain('ssh -v -N -L');
    const toolPage = page.waitForResponse((r) => r.url().endsWith('/seen-in/database-guis/'));
    await tool.click();
    expect((await toolPage).status()).toBe(200);
    await expect(page.locator('body').innerText()).resolves.toContain('channel is not opened.');
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
