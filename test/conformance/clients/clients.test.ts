/**
 * Runs plink, Paramiko, Go's x/crypto/ssh, Node's ssh2, AsyncSSH, JSch, libssh, libssh2, Ruby's
 * net-ssh and phpseclib against throwaway sshds again and checks each still prints exactly what
 * recordings/ says. Without the tools: skipped with a message, or
 * a failure when CI=true (see README.md for what to install).
 */
import { describe, expect, it } from 'vitest';
import { CASES, type ClientRecording, loadClientRecordings, missingClientTools, RECORDED_CLIENTS, recordClients } from './record-clients.ts';

const missing = missingClientTools();
const inCI = process.env.CI === 'true';
const stored = loadClientRecordings();
const key = (r: ClientRecording) => `${r.client}.${r.case.id}`;

if (missing.length && !inCI) {
  const why = `other clients: not installed, live recordings not re-checked (missing: ${missing.join(', ')})`;
  console.warn(why);
  describe.skip(why, () => {
    it('re-runs the client recordings', () => undefined);
  });
} else {
  describe('other SSH clients print what was recorded', () => {
    it('has every tool the recorder needs (CI=true makes a missing one a failure)', () => {
      expect(missing, `missing: ${missing.join(', ')}`).toEqual([]);
    });
    it('prints the recorded lines, client by client and case by case', { timeout: 420_000 }, () => {
      const live = recordClients();
      expect(live.map(key).sort()).toEqual(stored.map(key).sort());
      const byKey = new Map(live.map((r) => [key(r), r]));
      for (const r of stored) {
        const now = byKey.get(key(r))!;
        expect({ lines: now.lines, serverLines: now.serverLines, opened: now.opened }, key(r)).toEqual({
          lines: r.lines,
          serverLines: r.serverLines,
          opened: r.opened,
        });
      }
    });
  });
}

describe('the client recordings', () => {
  it('cover every case for every client, and only the control case opens', () => {
    expect(stored.length).toBeGreaterThanOrEqual(30);
    for (const r of stored) expect(r.opened, key(r)).toBe(r.case.cause === null);
  });
  it('hold, per client, the cases it can run: -nc and the -forward listeners -L cases only, phpseclib only the login', () => {
    const local = CASES.filter((c) => c.mode === 'local').map((c) => c.id);
    for (const client of RECORDED_CLIENTS) {
      const expected = client === 'phpseclib' ? ['auth-failed'] : client === 'plink-nc' || client.endsWith('-forward') ? local : CASES.map((c) => c.id);
      const have = stored.filter((r) => r.client === client).map((r) => r.case.id);
      expect(have.sort(), client).toEqual([...expected].sort());
    }
  });
});
