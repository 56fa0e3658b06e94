/**
 * Runs tinysshd, a gliderlabs/ssh server, a Node ssh2 server and an AsyncSSH server again, points
 * the real /usr/bin/ssh at each, and checks ssh still prints exactly what recordings/ says. Without
 * the tools: skipped with a message, or a failure when CI=true (see README.md for what to install).
 */
import { describe, expect, it } from 'vitest';
import { CASES, loadServerRecordings, missingServerTools, recordServers, type ServerRecording, SETUPS } from './record-servers.ts';

const missing = missingServerTools();
const inCI = process.env.CI === 'true';
const stored = loadServerRecordings();
const key = (r: { server: string; case: { id: string } }) => `${r.server}.${r.case.id}`;
const observed = (r: ServerRecording) => ({
  banner: r.banner,
  clientLines: r.clientLines,
  masterLines: r.masterLines,
  opened: r.opened,
  exit: r.exit,
  serverLines: r.serverLines,
});

if (missing.length && !inCI) {
  const why = `other servers: not installed, live recordings not re-checked (missing: ${missing.join(', ')})`;
  console.warn(why);
  describe.skip(why, () => {
    it('re-runs the server recordings', () => undefined);
  });
} else {
  describe('ssh against other SSH servers prints what was recorded', () => {
    it('has every tool the recorder needs (CI=true makes a missing one a failure)', () => {
      expect(missing, `missing: ${missing.join(', ')}`).toEqual([]);
    });
    it('prints the recorded lines, server by server and case by case', { timeout: 240_000 }, () => {
      const live = recordServers();
      expect(live.map(key).sort()).toEqual(stored.map(key).sort());
      const byKey = new Map(live.map((r) => [key(r), r]));
      for (const r of stored) expect(observed(byKey.get(key(r))!), key(r)).toEqual(observed(r));
    });
  });
}

describe('the server recordings', () => {
  it('hold one recording per case, made from the case list as it is now', () => {
    const cases = CASES.map((c) => `${SETUPS[c.setup].software}.${c.id}`);
    expect(new Set(cases).size).toBe(cases.length);
    expect(stored.map(key).sort()).toEqual([...cases].sort());
    for (const r of stored) {
      const c = CASES.find((x) => key({ server: SETUPS[x.setup].software, case: x }) === key(r))!;
      expect({ ...r.case, about: undefined, port: undefined, keyOptions: undefined }, key(r)).toEqual({
        ...c,
        about: undefined,
        port: undefined,
        keyOptions: undefined,
      });
    }
  });
  it('open exactly where the case says so, and name the server in the banner', () => {
    const software: Record<ServerRecording['server'], string> = {
      tinysshd: 'remote software version tinyssh_',
      'gliderlabs-ssh': 'remote software version Go',
      'node-ssh2': 'remote software version ssh2js',
      asyncssh: 'remote software version AsyncSSH_',
    };
    for (const r of stored) {
      expect(r.opened, key(r)).toBe(r.case.opens);
      expect(r.banner, key(r)).toContain(software[r.server]);
      if (!r.case.opens) expect(r.clientLines.length + (r.masterLines?.length ?? 0) + r.serverLines.length, key(r)).toBeGreaterThan(0);
    }
  });
});
