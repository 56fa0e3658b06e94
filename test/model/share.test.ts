import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { constants, deflateRawSync } from 'node:zlib';
import {
  decodeScenario,
  decodeScenarioCompressed,
  decodeShareFragment,
  encodeScenario,
  encodeScenarioCompressed,
  MAX_INFLATED_BYTES,
  MAX_SHARE_LENGTH,
  shareFragment,
  simulatorHref,
  simulatorHrefCompressed,
} from '../../src/model/share.ts';
import { validateScenario } from '../../src/model/validate.ts';
import { PRESETS } from '../../src/model/presets.ts';
import type { Scenario } from '../../src/model/scenario.ts';

const sample: Scenario = {
  client: { command: 'ssh -N -L 8080:db.internal:5432 alice@server.example', hosts: '10.0.0.9 db.internal — café ✓\n' },
  server: { software: 'openssh', version: '7.4', sshdConfig: 'Match User alice\n  AllowTcpForwarding no\n', groups: ['sftponly'] },
  targets: [{ host: '10.0.0.9', port: 5432, state: 'filtered' }],
};

describe('share links', () => {
  it('round-trip a scenario exactly, non-ASCII text included', () => {
    const d = decodeScenario(encodeScenario(sample));
    expect(d).toEqual({ ok: true, scenario: sample });
  });

  it('round-trip every preset', () => {
    for (const p of Object.values(PRESETS)) expect(decodeScenario(encodeScenario(p.scenario))).toEqual({ ok: true, scenario: p.scenario });
  });

  it('use only URL-safe characters, in the fragment', () => {
    const href = simulatorHref(sample);
    expect(href.startsWith('/simulator/#s=')).toBe(true);
    expect(href.slice('/simulator/#s='.length)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('explain what is wrong with a damaged link', () => {
    expect(decodeScenario('%%%')).toMatchObject({ ok: false, message: expect.stringContaining('not valid base64url') });
    expect(decodeScenario(encodeScenario(sample).slice(0, 40))).toMatchObject({ ok: false });
    expect(decodeScenario('A'.repeat(MAX_SHARE_LENGTH + 1))).toMatchObject({ ok: false, message: expect.stringContaining('too long') });
    const wrongShape = encodeScenario({ client: 1 } as unknown as Scenario);
    expect(decodeScenario(wrongShape)).toMatchObject({ ok: false, message: expect.stringContaining('client: expected an object') });
    const extra = encodeScenario({ ...sample, evil: '<script>alert(1)</script>' } as unknown as Scenario);
    expect(decodeScenario(extra)).toMatchObject({ ok: false, message: expect.stringContaining('evil: unknown field') });
  });

  it('never throw on any string, and answer quickly', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (s) => {
        const r = decodeScenario(s);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('never throw on mutated valid links', () => {
    const good = encodeScenario(sample);
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.constantFrom(...'AZaz09-_=+/%.'.split('')), (i, ch) => {
        const r = decodeScenario(good.slice(0, i) + ch + good.slice(i + 1));
        if (r.ok) expect(validateScenario(r.scenario).problems).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});

const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');

describe('compressed share links (#z=)', () => {
  it('round-trip a scenario exactly, non-ASCII text included', async () => {
    const fragment = await shareFragment(sample);
    expect(fragment).toMatch(/^z=[A-Za-z0-9_-]+$/);
    await expect(decodeShareFragment(`#${fragment}`)).resolves.toEqual({ ok: true, scenario: sample });
  });

  it('are readable by a standard inflater: deflate-raw in base64url', async () => {
    const payload = await encodeScenarioCompressed(sample);
    const { inflateRawSync } = await import('node:zlib');
    expect(JSON.parse(inflateRawSync(Buffer.from(payload, 'base64url')).toString('utf8'))).toEqual(sample);
  });

  it('keep every preset under 600 characters, origin and path included, and round-trip it', async () => {
    for (const [id, p] of Object.entries(PRESETS)) {
      const href = `https://tunnel.doctor${await simulatorHrefCompressed(p.scenario)}`;
      expect(href.length, id).toBeLessThan(600);
      expect(href.length, id).toBeLessThan(`https://tunnel.doctor${simulatorHref(p.scenario)}`.length);
      await expect(decodeShareFragment(href.slice(href.indexOf('#')))).resolves.toEqual({ ok: true, scenario: p.scenario });
    }
  });

  it('still read the older #s= form, and ignore fragments that are not share links', async () => {
    await expect(decodeShareFragment(`#s=${encodeScenario(sample)}`)).resolves.toEqual({ ok: true, scenario: sample });
    await expect(decodeShareFragment('#what-you-see')).resolves.toBeNull();
    await expect(decodeShareFragment('')).resolves.toBeNull();
  });

  it('explain a truncated link', async () => {
    const payload = await encodeScenarioCompressed(sample);
    const r = await decodeScenarioCompressed(payload.slice(0, Math.floor(payload.length / 2)));
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/damaged|not valid/) });
  });

  it('explain garbage that is valid base64url but not deflate data', async () => {
    const r = await decodeScenarioCompressed(b64url(new Uint8Array(300).fill(0xff)));
    expect(r).toEqual({ ok: false, message: expect.stringContaining('does not unpack') });
    await expect(decodeScenarioCompressed('%%%')).resolves.toMatchObject({ ok: false, message: expect.stringContaining('not valid base64url') });
  });

  it('explain valid compressed data that is not a scenario', async () => {
    const notJson = b64url(deflateRawSync(Buffer.from('hello <b>')));
    await expect(decodeScenarioCompressed(notJson)).resolves.toMatchObject({ ok: false, message: expect.stringContaining('not valid JSON') });
    const wrongShape = b64url(deflateRawSync(Buffer.from('{"client":1}')));
    await expect(decodeScenarioCompressed(wrongShape)).resolves.toMatchObject({ ok: false, message: expect.stringContaining('client: expected an object') });
  });

  it('stop a zip bomb that fits the length cap at the inflated-size cap', async () => {
    // 30 MB of spaces inside a JSON string: about 40 000 characters of base64url.
    const bomb = b64url(deflateRawSync(Buffer.concat([Buffer.from('{"client":{"command":"'), Buffer.alloc(30 * 1024 * 1024, 32)]), { level: 9 }));
    expect(bomb.length).toBeLessThanOrEqual(MAX_SHARE_LENGTH);
    const r = await decodeShareFragment(`#z=${bomb}`);
    expect(r).toEqual({
      ok: false,
      message: `This link's scenario unpacks to more than ${MAX_INFLATED_BYTES / 1024} KB, more than a Tunnel Doctor scenario holds.`,
    });
  });

  it('refuse a bomb that inflates to gigabytes by its length, before inflating anything', async () => {
    // 1 GiB of zeros: one MiB deflated with a full flush (byte-aligned, no reference back), repeated
    // 1024 times, then a final empty block. About 1 MB of deflate data: far past the fragment cap.
    const mib = deflateRawSync(Buffer.alloc(1024 * 1024), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
    const bomb = b64url(Buffer.concat([...Array<Buffer>(1024).fill(mib), deflateRawSync(Buffer.alloc(0))]));
    await expect(decodeScenarioCompressed(bomb)).resolves.toEqual({ ok: false, message: expect.stringContaining('too long') });
  });

  it('never throw or reject on mutated compressed links', async () => {
    const good = await encodeScenarioCompressed(sample);
    await fc.assert(
      fc.asyncProperty(fc.nat(good.length - 1), fc.constantFrom(...'AZaz09-_=+/%.'.split('')), async (i, ch) => {
        const r = await decodeScenarioCompressed(good.slice(0, i) + ch + good.slice(i + 1));
        if (r.ok) expect(validateScenario(r.scenario).problems).toEqual([]);
        else expect(r.message).toMatch(/^This link/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('validateScenario', () => {
  it('accepts the contract’s own example shape', () => {
    expect(validateScenario(sample).problems).toEqual([]);
  });

  it('names the path of every problem', () => {
    const { scenario, problems } = validateScenario({ client: { command: 3 }, server: { dns: { records: { 'db.internal': 'x' } } }, targets: {} });
    expect(scenario).toBeNull();
    expect(problems.map((p) => p.path)).toEqual(['client.command', 'server.dns.records.db.internal', 'targets']);
  });

  it('never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => {
        const r = validateScenario(v);
        expect(r.scenario === null).toBe(r.problems.length > 0);
      }),
      { numRuns: 500 },
    );
  });
});
