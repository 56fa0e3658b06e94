/**
 * The simulator page in Chromium, against the built site (dist/): the built result (readable without
 * JavaScript, unchanged by hydration), preset pages, stepping, editing, share links (compressed and
 * older, good and hostile), no console errors, nothing leaves the origin, axe-core clean.
 */
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, openSite, type Site, type WatchedPage } from './support.ts';
import { PRESETS } from '../../src/model/presets.ts';
import { encodeScenario, shareFragment } from '../../src/model/share.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { isCauseId } from '../../src/model/causes.ts';
import { simulate } from '../../src/machine/channel-open/simulate.ts';

let site: Site;
const pages: WatchedPage[] = [];

async function open(path: string): Promise<Page> {
  const w = await site.newPage();
  pages.push(w);
  await w.page.goto(site.origin + path);
  await ready(w.page);
  await engage(w.page);
  return w.page;
}

/** Hydrated, and what the address asked for (a share link, ?preset=) is loaded. */
const ready = (page: Page) => page.locator('.sim[data-ready]').waitFor();

/** The reader moves into the simulator (a pointer press on it): the model's code loads, and edits are answered at once. */
async function engage(page: Page): Promise<void> {
  await page.locator('#sim-root .sim').dispatchEvent('pointerdown');
  await page.locator('.sim[data-model]').waitFor();
}

/** What a reader sees of the simulator: its text, the form values, and where each visible box sits. */
const onScreen = (page: Page) =>
  page.evaluate(() => {
    const sim = document.querySelector('#sim-root .sim')!;
    const o = sim.getBoundingClientRect();
    const fields = [...sim.querySelectorAll('input, textarea, select')] as HTMLInputElement[];
    const boxes = [...sim.querySelectorAll('*')]
      .map((e) => [e.className, e.getBoundingClientRect()] as const)
      .filter(([, r]) => r.width > 0)
      .map(([c, r]) => `${c}@${Math.round(r.x - o.x)},${Math.round(r.y - o.y)},${Math.round(r.width)}x${Math.round(r.height)}`);
    return { text: (sim as HTMLElement).innerText, values: fields.map((f) => `${f.id}=${f.value}`), boxes };
  });

const POLICY = 'tcp-forwarding-disabled';
const hasPolicyPreset = Object.hasOwn(PRESETS, POLICY);
const DEFAULT_COMMAND = PRESETS['working-tunnel']!.scenario.client.command;

beforeAll(async () => {
  site = await openSite();
});

afterAll(async () => {
  await site?.close();
});

describe('simulator page', () => {
  it('offers every preset in the preset select', async () => {
    const page = await open('/simulator/');
    const values = await page.locator('#sim-preset option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(values.filter(Boolean).sort()).toEqual(Object.keys(PRESETS).sort());
  });

  it.skipIf(!hasPolicyPreset)('loads a policy preset from ?preset=, steps to the rejection and shows the client line', async () => {
    const page = await open(`/simulator/?preset=${POLICY}`);
    expect(await page.inputValue('#sim-client-command')).toBe(PRESETS[POLICY]!.scenario.client.command);
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(page.locator('.sim-client-lines').textContent()).resolves.not.toContain('administratively');
    const step = page.getByRole('button', { name: 'Step' });
    for (let i = 0; i < 40 && (await page.locator('.sim-step--decisive').count()) === 0; i++) {
      // Keyboard: focus the button and press Enter.
      await step.focus();
      await page.keyboard.press('Enter');
    }
    const decisive = page.locator('.sim-step--decisive');
    await expect(decisive.count()).resolves.toBe(1);
    await expect(decisive.textContent()).resolves.toContain('this step decides');
    await expect(page.locator('.sim-node--rejected').count()).resolves.toBe(1);
    const client = (await page.locator('.sim-client-lines').textContent()) ?? '';
    expect(client.split('\n')[0]).toMatch(/^channel \d+: open failed: administratively prohibited: open failed$/);
    await expect(page.locator('.sim-facts a').getAttribute('href')).resolves.toBe(`/causes/${POLICY}/`);
    await expect(page.locator('.sim-fix-on').textContent()).resolves.toBe('The SSH server (sshd)');
    // Stepping on past the last step keeps keyboard focus on the Step button.
    for (let i = 0; i < 40; i++) await page.keyboard.press('Enter');
    expect(await page.locator('.sim-position').textContent()).toMatch(/^Step (\d+) of \1$/);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Step →');
  });

  it.skipIf(!hasPolicyPreset)('editing sshd_config changes the result at once', async () => {
    const page = await open(`/simulator/?preset=${POLICY}`);
    const editor = page.locator('#sim-server-sshdConfig');
    const before = await editor.inputValue();
    expect(before).toMatch(/AllowTcpForwarding no/i);
    const headline = await page.locator('.sim-headline').textContent();
    expect(headline).toContain('The server rejects the channel.');
    await editor.fill(before.replace(/^\s*AllowTcpForwarding\s+no\s*$/gim, ''));
    // No debounce on the result: it has changed as soon as the input event is handled.
    expect(await page.locator('.sim-headline').textContent()).not.toBe(headline);
    expect(await page.locator(`.sim-facts a[href="/causes/${POLICY}/"]`).count()).toBe(0);
    expect(await page.locator('.sim-result').textContent()).not.toContain('administratively prohibited');
    // Putting it back brings the rejection back.
    await editor.fill('AllowTcpForwarding no\n');
    await expect(page.locator('.sim-facts a').getAttribute('href')).resolves.toBe(`/causes/${POLICY}/`);
  });

  it('loads one script for the page (the model too only on use), and each on-use module only when it is used', async () => {
    const w = await site.newPage();
    pages.push(w);
    const loaded: string[] = [];
    w.page.on('request', (r) => {
      const m = /\/_sim\/([a-z]+)-[\w-]+\.js$/.exec(new URL(r.url()).pathname);
      if (m) loaded.push(m[1]!);
    });
    await w.page.goto(`${site.origin}/simulator/`);
    await ready(w.page);
    const page = w.page;
    expect(loaded).toEqual(['simulator']);
    // The page's own result came with the page; the model's code loads once the reader moves into it.
    await page.locator('#sim-client-command').focus();
    await page.locator('.sim[data-model]').waitFor();
    expect(loaded).toContain('engine');
    // Another preset: its scenario arrives with the presets module.
    await page.selectOption('#sim-preset', POLICY);
    await page.locator(`.sim-facts a[href="/causes/${POLICY}/"]`).waitFor();
    expect(loaded).toContain('presets');
    // A new command: the result follows at once, the explanation once the explainer has loaded.
    await page.fill('#sim-client-command', 'ssh -N -D 1080 alice@server.example');
    await page.locator('.sim-explain li', { hasText: 'as a SOCKS proxy' }).waitFor();
    expect(loaded).toContain('explain');
    // The JSON editor: a problem is listed, a valid edit replaces the scenario.
    await page.locator('.sim-json summary').click();
    await page.fill('#sim-json', '{"client": {"command": 7}}');
    await page.locator('#sim-json-problems li', { hasText: 'client.command' }).waitFor();
    await page.fill('#sim-json', JSON.stringify({ client: { command: 'ssh -N -L 7000:cache.internal:6379 dev@box.example' } }));
    await page.waitForFunction(() => (document.getElementById('sim-client-command') as HTMLInputElement).value.startsWith('ssh -N -L 7000:'));
    expect(loaded).toContain('validate');
  });

  it('names the hop that refused: the jump host, and the final server never asked', async () => {
    const page = await open('/simulator/jump-host-forwarding-disabled/');
    expect(await page.locator('.sim-hop').textContent()).toBe('the jump host');
    expect(await page.locator('.sim-hop-detail').textContent()).toContain('the final server was never asked for your forward');
  });

  it('a share link round-trips the scenario and its result', async () => {
    const page = await open('/simulator/');
    await page.fill('#sim-client-command', 'ssh -N -L 127.0.0.1:9000:db.internal:5432 bob@db.example');
    await page.fill('#sim-server-sshdConfig', 'PermitOpen localhost:5432\n');
    await page.getByRole('button', { name: 'Copy share link' }).click();
    const url = await page.inputValue('#sim-share-url');
    expect(url).toMatch(/\/simulator\/#z=[A-Za-z0-9_-]+$/);
    const json = await page.inputValue('#sim-json');
    const result = await page.locator('.sim-result').textContent();
    const other = await open(url.replace(site.origin, ''));
    expect(await other.inputValue('#sim-client-command')).toBe('ssh -N -L 127.0.0.1:9000:db.internal:5432 bob@db.example');
    expect(await other.inputValue('#sim-server-sshdConfig')).toBe('PermitOpen localhost:5432\n');
    expect(await other.inputValue('#sim-json')).toBe(json);
    expect(await other.locator('.sim-result').textContent()).toBe(result);
    expect(await other.locator('[role="alert"]').count()).toBe(0);
  });

  it('an older #s= link still restores its scenario', async () => {
    const scenario: Scenario = { client: { command: 'ssh -N -L 5433:db.internal:5432 old@link.example' } };
    const page = await open(`/simulator/#s=${encodeScenario(scenario)}`);
    expect(await page.inputValue('#sim-client-command')).toBe(scenario.client.command);
    expect(await page.locator('[role="alert"]').count()).toBe(0);
  });

  it('a share link pasted into the same tab (a fragment change) loads its scenario', async () => {
    const page = await open('/simulator/');
    const scenario: Scenario = { client: { command: 'ssh -N -W db.internal:5432 ops@jump.example' } };
    await page.evaluate(
      (hash) => {
        location.hash = hash;
      },
      `#${await shareFragment(scenario)}`,
    );
    await page.waitForFunction(() => (document.querySelector('#sim-client-command') as HTMLInputElement).value.includes('-W db.internal'));
    expect(await page.locator('[role="alert"]').count()).toBe(0);
  });

  it('Play runs the steps to the end on its own (reduced motion: state changes only)', async () => {
    const w = await site.newPage();
    pages.push(w);
    await w.page.emulateMedia({ reducedMotion: 'reduce' });
    await w.page.goto(`${site.origin}/simulator/`);
    const page = w.page;
    await page.getByRole('button', { name: 'Reset' }).click();
    const label = page.locator('.sim-position');
    const total = Number((await label.textContent())?.match(/(\d+) steps?/)?.[1]);
    expect(total).toBeGreaterThan(1);
    expect(await page.locator('.sim-step').evaluateAll((els) => els.map((e) => getComputedStyle(e).transitionDuration))).toEqual(Array(total).fill('0s'));
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction((n) => document.querySelector('.sim-position')?.textContent === `Step ${n} of ${n}`, total, { timeout: total * 1500 });
    await expect(page.getByRole('button', { name: 'Replay' }).count()).resolves.toBe(1);
  });

  it('the address bar follows edits (debounced) and reloads to the same scenario', async () => {
    const page = await open('/simulator/');
    await page.fill('#sim-client-command', 'ssh -N -D 1080 carol@proxy.example');
    await page.waitForFunction(() => location.hash.startsWith('#z='));
    await page.reload();
    await ready(page);
    expect(await page.inputValue('#sim-client-command')).toBe('ssh -N -D 1080 carol@proxy.example');
  });

  const hostile: [string, string][] = [
    ['bad base64', '#s=%%%'],
    ['60k characters', `#s=${'A'.repeat(60_000)}`],
    ['valid base64 of {"client":1}', `#s=${Buffer.from('{"client":1}').toString('base64url')}`],
    ['not JSON', `#s=${Buffer.from('hello <b>').toString('base64url')}`],
    ['unknown field', `#s=${encodeScenario({ client: { command: 'ssh x' }, extra: 1 } as unknown as Scenario)}`],
    ['1 MB fragment', `#s=${'x'.repeat(1024 * 1024)}`],
    ['compressed garbage', `#z=${Buffer.alloc(200, 0xa5).toString('base64url')}`],
    [
      'compressed, cut off',
      `#z=${deflateRawSync(Buffer.from(JSON.stringify(PRESETS[POLICY]?.scenario ?? {})))
        .toString('base64url')
        .slice(0, 60)}`,
    ],
    ['compressed, not JSON', `#z=${deflateRawSync(Buffer.from('hello <b>')).toString('base64url')}`],
    ['a zip bomb (30 MB of spaces)', `#z=${deflateRawSync(Buffer.alloc(30 * 1024 * 1024, 32), { level: 9 }).toString('base64url')}`],
  ];
  it.each(hostile)('a broken link (%s) shows a message and a usable default', async (_name, hash) => {
    const page = await open(`/simulator/${hash}`);
    const alert = page.locator('[role="alert"]');
    await expect(alert.count()).resolves.toBe(1);
    expect(await alert.textContent()).toMatch(/Showing a working tunnel instead/);
    expect(await page.inputValue('#sim-client-command')).toBe(DEFAULT_COMMAND);
    expect(await page.locator('.sim-step').count()).toBeGreaterThan(0);
    // Still usable: an edit changes the command and the page keeps working.
    await page.fill('#sim-client-command', 'ssh -N -L 8080:localhost:8080 me@host');
    expect(await page.inputValue('#sim-client-command')).toBe('ssh -N -L 8080:localhost:8080 me@host');
  });

  it('text from a link is shown as text, never as HTML', async () => {
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const scenario: Scenario = {
      client: { command: `ssh -N -L 8080:${evil}:80 a@b` },
      server: { sshdConfig: `${evil}\n`, user: evil },
      targets: [{ host: evil, port: 80, state: 'listening' }],
    };
    const page = await open(`/simulator/#${await shareFragment(scenario)}`);
    expect(await page.inputValue('#sim-client-command')).toBe(scenario.client.command);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('.sim img, .sim script').count()).toBe(0);
  });

  it('shows the default result, a static explanation and preset links without JavaScript', async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.origin}/simulator/`);
    expect(await page.locator('.sim-nojs').textContent()).toContain('Editing needs JavaScript.');
    expect(await page.locator('.sim-static').textContent()).toContain('How it works');
    // The result, the path and the lines of the working tunnel are in the HTML.
    const expected = simulate(PRESETS['working-tunnel']!.scenario);
    expect(await page.inputValue('#sim-client-command')).toBe(DEFAULT_COMMAND);
    expect(await page.locator('.sim-step').count()).toBe(expected.steps.length);
    expect(await page.locator('.sim-headline').textContent()).toBeTruthy();
    const clientText = (await page.locator('.sim-client-lines').textContent()) ?? '';
    for (const line of expected.clientLines) expect(clientText).toContain(line);
    const links = await page.locator('.sim-preset-links a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toHaveLength(Object.keys(PRESETS).length);
    Object.entries(PRESETS).forEach(([id, p], i) => {
      const cause = isCauseId(id) ? id : simulate(p.scenario).cause;
      expect(links[i]).toBe(cause ? `/causes/${cause}/` : id === 'working-tunnel' ? '/simulator/' : `/simulator/${id}/`);
    });
    await context.close();
  });

  it.each(['/simulator/', ...(hasPolicyPreset ? [`/simulator/${POLICY}/`] : [])])('hydrating %s changes nothing on screen', async (path) => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const built = await context.newPage();
    await built.goto(site.origin + path);
    const before = await onScreen(built);
    await context.close();
    const page = await open(path);
    expect(await onScreen(page)).toEqual(before);
  });

  /** Opens a page with its scripts held back until release() is called. */
  async function openHeld(path: string) {
    const w = await site.newPage();
    pages.push(w);
    let release = () => {};
    const held = new Promise<void>((ok) => (release = ok));
    await w.page.route(/\/_(astro|sim)\/.*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await w.page.goto(site.origin + path, { waitUntil: 'commit' });
    await w.page.locator('#sim-root .sim').waitFor({ state: 'attached' });
    await w.page.locator('.sim-static').waitFor({ state: 'attached' });
    return { page: w.page, release };
  }

  it('shows the built result while its script is still loading, and hydrates without a change', async () => {
    const { page, release } = await openHeld('/simulator/');
    await expect(page.locator('.sim-result').isVisible()).resolves.toBe(true);
    await expect(page.locator('.sim[data-ready]').count()).resolves.toBe(0);
    const before = await onScreen(page);
    release();
    await ready(page);
    expect(await onScreen(page)).toEqual(before);
  });

  it('hides the built default while a share link is still to load, then shows the link’s scenario', async () => {
    const scenario: Scenario = { client: { command: 'ssh -N -L 6000:cache.internal:6379 dev@box.example' } };
    const { page, release } = await openHeld(`/simulator/#${await shareFragment(scenario)}`);
    await expect(page.locator('.sim').isVisible()).resolves.toBe(false);
    release();
    await ready(page);
    await expect(page.locator('.sim').isVisible()).resolves.toBe(true);
    expect(await page.inputValue('#sim-client-command')).toBe(scenario.client.command);
  });

  it.skipIf(!hasPolicyPreset)('a cause page links to its preset page, built with that preset’s rejection', async () => {
    const cause = await site.newPage();
    pages.push(cause);
    await cause.page.goto(`${site.origin}/causes/${POLICY}/`);
    const href = await cause.page.getByRole('link', { name: /Open in the simulator/ }).getAttribute('href');
    expect(href).toBe(`/simulator/${POLICY}/`);
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const built = await context.newPage();
    await built.goto(site.origin + href);
    const client = (await built.locator('.sim-client-lines').textContent()) ?? '';
    expect(client.split('\n')[0]).toMatch(/^channel \d+: open failed: administratively prohibited: open failed$/);
    expect(await built.locator('.sim-facts a').getAttribute('href')).toBe(`/causes/${POLICY}/`);
    await context.close();
    // With JavaScript it is the live simulator, starting from that preset.
    const page = await open(href!);
    expect(await page.inputValue('#sim-preset')).toBe(POLICY);
    await page.fill('#sim-server-sshdConfig', '');
    expect(await page.locator('.sim-result').textContent()).not.toContain('administratively prohibited');
  });

  it('is axe-core clean, with the rejection and the diagnostics showing', async () => {
    const page = await open(hasPolicyPreset ? `/simulator/?preset=${POLICY}` : '/simulator/');
    await page.fill('#sim-server-sshdConfig', 'AllowTcpForwarding no\nPermitOpn localhost:80\n');
    await page.locator('.sim-json summary').click();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Reset' }).click();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('had no console errors and no request left the origin', () => {
    expect(pages.length).toBeGreaterThan(5);
    for (const w of pages) {
      expect(w.consoleErrors).toEqual([]);
      expect(w.foreignRequests).toEqual([]);
    }
  });
});
