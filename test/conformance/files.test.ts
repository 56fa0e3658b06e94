/**
 * The scenario files and recordings are consistent with each other and with the cause catalog:
 * every scenario has an up-to-date recording, every observed cause is reproduced live.
 */
import { describe, expect, it } from 'vitest';
import { CAUSES } from '../../src/model/causes.ts';
import { loadRecordings, loadScenarioFiles } from './harness/index.ts';
import { modeOfScenario, releaseOf, releasesOf } from './harness/releases.ts';
import { CASES as SERVER_CASES } from './servers/record-servers.ts';

const files = loadScenarioFiles();
const recordings = new Map(loadRecordings().map((r) => [r.id, r]));
const causeIds = new Set<string>(CAUSES.map((c) => c.id));

const SCENARIO_KEYS = new Set(['client', 'jump', 'server', 'targets']);
const CLIENT_KEYS = new Set(['command', 'sshConfig', 'hosts', 'address', 'connect', 'portsInUse', 'ipv6', 'root']);
const SERVER_KEYS = new Set([
  'software',
  'version',
  'sshdConfig',
  'runningSshdConfig',
  'certificate',
  'dropbearOptions',
  'authorizedKeysOptions',
  'user',
  'groups',
  'passwordExpired',
  'acceptsKey',
  'hosts',
  'resolvConf',
  'dns',
  'openFilesExhausted',
  'openSessions',
  'tunDevice',
  'sockets',
  'deniedSockets',
  'portsInUse',
  'diskFull',
  'address',
]);

function unknownKeys(obj: object | undefined, allowed: Set<string>, where: string): string[] {
  return obj
    ? Object.keys(obj)
        .filter((k) => !allowed.has(k))
        .map((k) => `${where}.${k}`)
    : [];
}

describe('conformance scenario files', () => {
  it('has at least 45 scenarios, most of them run live', () => {
    expect(files.length).toBeGreaterThanOrEqual(45);
    expect(files.filter((f) => !f.sourceOnly).length).toBeGreaterThanOrEqual(45);
  });

  it('names each file after its id, uses catalog causes and only known scenario fields', () => {
    for (const f of files) {
      expect(f.id).toMatch(/^[a-z0-9.-]+$/);
      if (f.cause !== null) expect(causeIds.has(f.cause), `${f.id}: unknown cause ${f.cause}`).toBe(true);
      expect(f.scenario.client.command, f.id).toMatch(/^ssh /);
      expect(
        [
          ...unknownKeys(f.scenario, SCENARIO_KEYS, 'scenario'),
          ...unknownKeys(f.scenario.client, CLIENT_KEYS, 'client'),
          ...unknownKeys(f.scenario.server, SERVER_KEYS, 'server'),
          ...unknownKeys(f.scenario.jump, SERVER_KEYS, 'jump'),
        ],
        f.id,
      ).toEqual([]);
    }
    expect(new Set(files.map((f) => f.id)).size).toBe(files.length);
  });

  it('runs only the installed versions (Debian 12’s OpenSSH 9.2p1, Dropbear 2022.83) or releases the matrix has (re-run or recorded data)', () => {
    const outside = files.filter((f) => !f.sourceOnly && !modeOfScenario(f.scenario)).map((f) => `${f.id}: ${releasesOf(f.scenario).join(', ')}`);
    expect(outside, 'scenarios naming a release in neither list of test/conformance/releases.json').toEqual([]);
  });

  it('cites the openssh-portable file, function and release for every source-only scenario', () => {
    for (const f of files.filter((x) => x.sourceOnly)) {
      expect(f.sourceOnly?.why.length, f.id).toBeGreaterThan(10);
      expect(f.sourceOnly?.source, f.id).toMatch(/^\S+\.c \S+.*\(openssh-portable V_\d+_\d+_P\d\)$/);
    }
  });

  it('reproduces every cause the catalog marks observed with a live scenario (or a live case of another server program)', () => {
    const programCauses = SERVER_CASES.flatMap((c) => (c.reproduces ? [c.reproduces.cause] : []));
    const liveCauses = new Set<string | null>([...files.filter((f) => !f.sourceOnly).map((f) => f.cause), ...programCauses]);
    const missing = CAUSES.filter((c) => c.evidence === 'observed' && !liveCauses.has(c.id)).map((c) => c.id);
    expect(missing).toEqual([]);
  });

  it('has working tunnels of every kind: -L, -D, -R, -W, -J, -w and Unix sockets both ways', () => {
    const working = files.filter((f) => !f.sourceOnly && f.cause === null).map((f) => f.scenario.client.command);
    expect(working.some((c) => / -L \d+:[^/]+:\d+ /.test(c) && !c.includes(' -J '))).toBe(true);
    expect(working.some((c) => c.includes(' -D '))).toBe(true);
    expect(working.some((c) => c.includes(' -W '))).toBe(true);
    expect(working.some((c) => c.includes(' -J '))).toBe(true);
    expect(working.some((c) => / -L \d+:\//.test(c))).toBe(true);
    expect(working.some((c) => / -R (?:[\w.]+:)?\d+:[^/]+:\d+ /.test(c))).toBe(true);
    expect(working.some((c) => / -R \//.test(c))).toBe(true);
    expect(working.some((c) => / -w /.test(c))).toBe(true);
  });
});

describe('conformance recordings', () => {
  it('has a recording for every scenario, made from the current scenario file', () => {
    for (const f of files) {
      const rec = recordings.get(f.id);
      expect(rec, `no recording for ${f.id}: run npx tsx test/conformance/record.ts ${f.id}`).toBeDefined();
      expect(rec?.scenario, `${f.id}: the scenario changed since it was recorded`).toEqual(f.scenario);
      expect(rec?.title, f.id).toBe(f.title);
      expect(rec?.cause, f.id).toBe(f.cause);
      expect(rec?.sourceOnly, f.id).toEqual(f.sourceOnly);
    }
    expect([...recordings.keys()].filter((id) => !files.some((f) => f.id === id))).toEqual([]);
  });

  it('records live output from the installed versions, normalised', () => {
    for (const rec of recordings.values()) {
      if (rec.sourceOnly) {
        expect(rec.real.source, rec.id).toBe(rec.sourceOnly.source);
        continue;
      }
      const release = releaseOf(rec.real.software, rec.scenario.server?.version);
      expect(rec.real.version, rec.id).toBe(release === 'system' ? (rec.real.software === 'dropbear' ? '2022.83' : '9.2p1') : release.replace(/^[a-z]+-/, ''));
      expect(typeof rec.real.opened, rec.id).toBe('boolean');
      for (const line of [...rec.real.clientLines, ...rec.real.serverLog]) {
        expect(line, rec.id).not.toMatch(/^debug\d:|SHA256:|\/run\/td\/|on pid \d/);
      }
    }
  });
});
