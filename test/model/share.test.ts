import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeScenario, encodeScenario, MAX_SHARE_LENGTH, simulatorHref } from '../../src/model/share.ts';
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
