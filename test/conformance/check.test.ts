/**
 * `tunnel-doctor check` against the real sshd: for live OpenSSH scenarios whose facts live on the
 * SSH server (its settings, the key's options, its /etc/hosts and DNS, the target), the bundled
 * CLI runs inside the server's namespaces (harness probe: the server's /etc files and network,
 * after its sshd and targets are up) and must predict what the recording shows: the cause, and
 * the lines ssh and sshd printed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSshCommand } from '../../src/model/parse/command.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { checkPrerequisites, LIVE_CONCURRENCY, loadRecordings, loadScenarioFiles, type Recording, runDriver, runMany } from './harness/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BUNDLE = resolve(ROOT, 'build/cli/tunnel-doctor.mjs');
const NODE = '/usr/bin/node';
const pre = checkPrerequisites();
const inCI = process.env.CI === 'true';

/**
 * What check cannot observe on the server: the client's side (its login certificate, its missing
 * IPv6 loopback too), a jump host, a multiplexed master, exhausted resources, a running sshd whose
 * settings are not the file's, ports another session holds, and socket permissions for the login
 * user (check gathers sshd's settings, the key, the resolver and the targets, not file modes).
 */
function checkable(s: Scenario): boolean {
  const srv = s.server ?? {};
  const cmd = parseSshCommand(s.client.command).value;
  return (
    (srv.software ?? 'openssh') === 'openssh' &&
    !s.jump &&
    !cmd.jump &&
    !s.client.sshConfig &&
    !s.client.portsInUse &&
    s.client.ipv6 === undefined &&
    srv.portsInUse === undefined &&
    srv.deniedSockets === undefined &&
    !s.client.hosts &&
    srv.openSessions === undefined &&
    srv.certificate === undefined &&
    srv.runningSshdConfig === undefined &&
    !srv.openFilesExhausted &&
    !srv.diskFull &&
    !srv.passwordExpired &&
    srv.acceptsKey !== false &&
    !cmd.tunnel &&
    cmd.x11 === 'none' &&
    (cmd.controlMaster === null || cmd.controlMaster === 'no') &&
    cmd.forwards.length + (cmd.stdioForward ? 1 : 0) === 1
  );
}

/**
 * sshd -T prints the settings after Match blocks were applied, so the model cannot see that a
 * Match block with ForceCommand internal-sftp decided AllowTcpForwarding: it names the setting
 * instead. Both causes print the same lines (asserted below).
 */
const NAMED_FROM_FLAT_SETTINGS: Record<string, string> = { 'sftp-only-account': 'tcp-forwarding-disabled' };

/** TD_CONFORMANCE_ONLY=id,id runs only those scenarios (while working on one). */
const only = process.env.TD_CONFORMANCE_ONLY?.split(',');

const recordings = new Map(loadRecordings().map((r) => [r.id, r]));
const cases = loadScenarioFiles()
  .filter((f) => !f.sourceOnly && checkable(f.scenario) && (!only || only.includes(f.id)))
  .map((f) => recordings.get(f.id))
  .filter((r): r is Recording => r !== undefined);

interface Checked {
  exitCode: number | null;
  stderr: string;
  out: { trace: { cause: string | null; outcome: string; clientLines: string[]; serverLog: string[] }; notes: string[] } | null;
}

function checkArgs(s: Scenario): string[] {
  const user = s.server?.user ?? parseSshCommand(s.client.command).value.user ?? 'root';
  const args = ['check', '--json', '--command', s.client.command, '--user', user, '--addr', s.client.address ?? '127.0.0.1'];
  if (s.client.connect?.host) args.push('--connect', `${s.client.connect.host}:${s.client.connect.port ?? 80}`);
  return [...args, '--sshd-config', '{dir}/sshd_config', '--authorized-keys', '{dir}/authorized_keys'];
}

const results = new Map<string, Checked>();

if (pre.missing.length && !inCI) {
  const why = `conformance: real servers not available, check scenarios skipped (missing: ${pre.missing.join(', ')})`;
  console.warn(why);
  describe.skip(why, () => {
    it('runs check on the server', () => undefined);
  });
} else {
  describe('tunnel-doctor check, run on the real server, predicts the recording', () => {
    beforeAll(async () => {
      expect(spawnSync(process.execPath, [resolve(ROOT, 'scripts/build-cli.mjs')], { encoding: 'utf8' }).status).toBe(0);
      const script = readFileSync(BUNDLE, 'utf8');
      await runMany(cases, LIVE_CONCURRENCY, async (rec) => {
        const raw = await runDriver(rec.scenario, 8000, { node: NODE, script, args: checkArgs(rec.scenario) });
        const p = raw.probe;
        let out: Checked['out'] = null;
        try {
          out = p ? JSON.parse(p.stdout) : null;
        } catch {
          out = null;
        }
        results.set(rec.id, { exitCode: p?.exitCode ?? null, stderr: p?.stderr ?? raw.error ?? '', out });
      });
    }, 600_000);

    it.skipIf(Boolean(only))('covers policy, permitopen, resolution and target-down scenarios', () => {
      const causes = new Set(cases.map((c) => c.cause));
      for (const c of ['tcp-forwarding-disabled', 'permitopen-mismatch', 'key-permitopen-mismatch', 'target-name-unresolvable', 'target-service-down', null])
        expect(causes, `a checkable scenario with cause ${c}`).toContain(c);
      if (!only) expect(cases.length).toBeGreaterThanOrEqual(10);
    });

    for (const rec of cases) {
      it(rec.id, () => {
        const r = results.get(rec.id);
        expect(r, 'check ran').toBeDefined();
        if (!r) return;
        expect(r.stderr, `check printed on stderr (${rec.id})`).toBe('');
        expect(r.out, `check printed JSON (${rec.id})`).not.toBeNull();
        const trace = r.out!.trace;
        const expected = rec.cause === null ? null : (NAMED_FROM_FLAT_SETTINGS[rec.cause] ?? rec.cause);
        expect(trace.cause, `cause (${rec.id}); notes: ${r.out!.notes.join('; ')}`).toBe(expected);
        expect(r.exitCode).toBe(rec.cause === null ? 0 : 1);
        expect(trace.clientLines, `ssh's lines (${rec.id})`).toEqual(rec.real.clientLines);
        expect(trace.serverLog, `sshd's lines (${rec.id})`).toEqual(rec.real.serverLog);
      });
    }
  });
}
