/**
 * `tunnel-doctor probe` against real servers: the bundled CLI runs in the client's place inside
 * the scenario's namespaces (harness probe with side 'client': the client's /etc files, HOME and
 * ssh config), runs the user's ssh command, logs in again and runs the collector on each hop, and
 * must name the scenario's recorded cause and the hop that refused — or, when it cannot tell, say
 * what it could not see. The servers' files and processes must be the same before and after, and
 * hostile output from a forced command must come back bounded and without escape sequences.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/model/scenario.ts';
import { checkPrerequisites, type DriverResult, LIVE_CONCURRENCY, loadScenarioFiles, runDriver, runMany } from './harness/index.ts';
import { cachedBuilds, releaseOf } from './harness/releases.ts';
import { serverFamily } from '../../src/model/software/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BUNDLE = resolve(ROOT, 'build/cli/tunnel-doctor.mjs');
const NODE = '/usr/bin/node';
const pre = checkPrerequisites();
const inCI = process.env.CI === 'true';

interface Case {
  name: string;
  scenario: Scenario;
  /** The cause the probe must name (the scenario file's recorded cause unless said otherwise), or null: it must say what it could not see. */
  cause: string | null;
  /** The host of the hop that refused. */
  hop: string;
  extra?: {
    unreadable?: string[];
    text?: boolean;
    /** A line of the evidence the probe shows must match this. */
    evidence?: RegExp;
    /** The forward tried through the run: its result and what the probe says about it. */
    forward?: { label: string; result: string; detail: RegExp };
  };
}

const files = new Map(loadScenarioFiles().map((f) => [f.id, f]));
function fromFile(id: string, change: (s: Scenario) => void = () => undefined): { scenario: Scenario; cause: string | null } {
  const f = files.get(id);
  if (!f) throw new Error(`no scenario ${id}`);
  const scenario = structuredClone(f.scenario);
  change(scenario);
  return { scenario, cause: f.cause };
}

/** A forced command that prints terminal escapes, then megabytes without a newline, then binary. */
const HOSTILE = `command="printf '\\\\033]0;owned\\\\007\\\\033[2J\\\\033[31mRED\\\\n'; head -c 3000000 /dev/zero | tr '\\\\000' A; head -c 20000 /dev/urandom",no-port-forwarding`;

const CASES: Case[] = [
  { name: 'policy: AllowTcpForwarding no (OpenSSH 9.2 Debian)', ...fromFile('allowtcpforwarding-no'), hop: 'server.example' },
  { name: 'key option: no-port-forwarding', ...fromFile('key-no-port-forwarding'), hop: 'server.example' },
  { name: 'key option: permitopen lists another port', ...fromFile('key-permitopen-port-mismatch'), hop: 'server.example' },
  {
    name: 'target name unresolvable on the server',
    ...fromFile('target-name-typo', (s) => {
      s.client.command = 'ssh -N -L 15432:db.internnal:5432 alice@server.example';
    }),
    hop: 'server.example',
  },
  { name: 'target service down', ...fromFile('target-nothing-listening'), hop: 'server.example' },
  { name: 'SFTP-only account (Match Group, ForceCommand internal-sftp)', ...fromFile('sftp-only-group'), hop: 'server.example' },
  { name: 'jump host with forwarding disabled', ...fromFile('jump-host-forwarding-disabled'), hop: 'bastion.example' },
  {
    name: 'behind a jump host: the final server refuses by policy',
    scenario: fromFile('jump-host-ok', (s) => {
      s.server = { sshdConfig: 'AllowTcpForwarding no\n' };
    }).scenario,
    cause: 'tcp-forwarding-disabled',
    hop: 'server.example',
  },
  {
    name: 'built OpenSSH 10.3p1: policy',
    ...fromFile('allowtcpforwarding-no', (s) => {
      s.server = { ...s.server, version: '10.3p1' };
    }),
    hop: 'server.example',
  },
  {
    name: 'built OpenSSH 8.4p1: key permitopen',
    ...fromFile('key-permitopen-port-mismatch', (s) => {
      s.server = { ...s.server, version: '8.4p1' };
    }),
    hop: 'server.example',
  },
  { name: 'Dropbear started with -j', ...fromFile('dropbear-local-forwarding-off'), hop: 'router.lan' },
  { name: 'Dropbear cannot resolve the target', ...fromFile('dropbear-unresolvable'), hop: 'router.lan' },
  {
    name: 'Dropbear behind an OpenSSH jump host, started with -j',
    scenario: fromFile('jump-host-ok', (s) => {
      s.server = { software: 'dropbear', version: '2022.83', dropbearOptions: '-j' };
    }).scenario,
    cause: 'dropbear-forwarding-disabled',
    hop: 'server.example',
  },
  {
    name: 'expired password: the server asks for a change instead of running the collector',
    ...fromFile('password-expired'),
    hop: 'server.example',
    extra: { evidence: /Your password has expired/ },
  },
  {
    name: 'expired password, -R',
    ...fromFile('password-expired-remote-forward'),
    hop: 'server.example',
    extra: { evidence: /Your password has expired/ },
  },
  {
    name: '-R refused by AllowTcpForwarding local: nothing answers on the server',
    ...fromFile('remote-forward-allowtcp-local'),
    hop: 'server.example',
    extra: { forward: { label: '-R 8080:localhost:3000', result: 'refused', detail: /from the server, nothing accepted a connection to 127\.0\.0\.1:8080/ } },
  },
  {
    name: 'a working -R: the server’s side of it answers',
    ...fromFile('remote-forward-allowtcp-local', (s) => {
      s.server = {};
      s.targets = [{ host: '127.0.0.1', port: 3000, state: 'listening' }];
    }),
    cause: null,
    hop: 'server.example',
    extra: { forward: { label: '-R 8080:localhost:3000', result: 'open', detail: /from the server, a connection to 127\.0\.0\.1:8080 was accepted/ } },
  },
  {
    name: 'cannot tell: the policy is in a root-only sshd_config',
    scenario: fromFile('match-user-disables-forwarding').scenario,
    cause: null,
    hop: 'server.example',
    extra: { unreadable: ['{dir}/sshd_config'] },
  },
  {
    name: 'hostile forced command output is bounded and never echoed raw',
    ...fromFile('key-no-port-forwarding', (s) => {
      s.server = { authorizedKeysOptions: HOSTILE };
    }),
    hop: 'server.example',
    extra: { text: true },
  },
];

function probeArgs(s: Scenario, json: boolean): string[] {
  const words = s.client.command.split(' ').slice(1);
  return ['probe', ...(json ? ['--json'] : []), '--timeout', '20', '--', 'ssh', '-F', '{ssh_config}', ...words];
}

/** Releases the case needs that are not built here (then it is skipped, or fails under CI). */
function missingBuild(s: Scenario): string | null {
  const built = cachedBuilds();
  for (const [software, block] of [
    [serverFamily(s.server?.software), s.server],
    [serverFamily(s.jump?.software), s.jump],
  ] as const) {
    const release = releaseOf(software, block?.version);
    if (block && release !== 'system' && !built.has(release)) return release;
  }
  return null;
}

const results = new Map<string, DriverResult>();
const skipped = new Map<string, string>();

if (pre.missing.length && !inCI) {
  const why = `conformance: real servers not available, probe scenarios skipped (missing: ${pre.missing.join(', ')})`;
  console.warn(why);
  describe.skip(why, () => {
    it('runs probe against real servers', () => undefined);
  });
} else {
  describe('tunnel-doctor probe, run as the client against real servers', () => {
    beforeAll(async () => {
      expect(spawnSync(process.execPath, [resolve(ROOT, 'scripts/build-cli.mjs')], { encoding: 'utf8', env: { ...process.env, SITE_URL: '' } }).status).toBe(0);
      const script = readFileSync(BUNDLE, 'utf8');
      // TD_PROBE_ONLY=REGEX runs only the cases whose name matches (the others are reported as skipped)
      const only = process.env.TD_PROBE_ONLY ? new RegExp(process.env.TD_PROBE_ONLY) : null;
      await runMany(CASES, Math.min(LIVE_CONCURRENCY, 2), async (c) => {
        if (only && !only.test(c.name)) return void skipped.set(c.name, 'not selected by TD_PROBE_ONLY');
        const missing = missingBuild(c.scenario);
        if (missing && !inCI) return void skipped.set(c.name, `${missing} is not built (scripts/build-releases.sh)`);
        const probe = { side: 'client' as const, node: NODE, script, args: probeArgs(c.scenario, !c.extra?.text), unreadable: c.extra?.unreadable };
        results.set(c.name, await runDriver(c.scenario, 60_000, probe));
      });
    }, 900_000);

    for (const c of CASES) {
      it(c.name, (ctx) => {
        if (skipped.has(c.name)) return ctx.skip(skipped.get(c.name));
        const raw = results.get(c.name);
        expect(raw?.ok, `driver: ${raw?.error} ${raw?.notes.join(' | ')}`).toBe(true);
        const p = raw!.probe!;
        expect(p.stderr, 'probe printed nothing on stderr').toBe('');
        const state = raw!.serverState!;
        expect(state.after.files, 'no file under the servers’ directories or homes changed').toEqual(state.before.files);
        expect(state.after.processes, 'the servers’ processes are as before').toEqual(state.before.processes);
        if (c.extra?.text) return hostileChecks(p.stdout, p.exitCode);
        const out = JSON.parse(p.stdout) as {
          verdict: {
            status: string;
            hop: number | null;
            cause: { id: string; confidence: string } | null;
            unseen: string[];
            message: string | null;
            evidence: { text: string }[];
          };
          plan: { hops: { host: string }[] };
          run: { tests: { forward: string; result: string; detail: string }[] };
        };
        const v = out.verdict;
        if (c.extra?.forward) checkForward(out.run.tests, c.extra.forward);
        if (c.name.startsWith('a working')) return expect([p.exitCode, v.status, v.cause?.id ?? null]).toEqual([0, 'works', null]);
        expect(p.exitCode).toBe(1);
        expect(v.hop === null ? null : out.plan.hops[v.hop]?.host, 'the hop that refused').toBe(c.hop);
        if (c.cause === null) return cannotTell(v);
        expect(v.cause?.id, `cause; unseen: ${v.unseen.join(' | ')}`).toBe(c.cause);
        expect(v.message, 'a message for the admin').toContain(c.hop);
        if (c.extra?.evidence) expect(v.evidence.map((e) => e.text).join('\n')).toMatch(c.extra.evidence);
      });
    }
  });
}

/** What the probe says about one forward it tried. */
function checkForward(tests: { forward: string; result: string; detail: string }[], want: { label: string; result: string; detail: RegExp }): void {
  const t = tests.find((x) => x.forward === want.label);
  expect(t?.result, `${want.label}: ${t?.detail}`).toBe(want.result);
  expect(t?.detail).toMatch(want.detail);
}

/** Unsure: the probe names no cause as confirmed and says it could not read the file. */
function cannotTell(v: { cause: { id: string; confidence: string } | null; unseen: string[] }): void {
  expect(v.cause?.confidence).not.toBe('confirmed');
  expect(v.unseen.join('\n')).toMatch(/could not read \/run\/td\/server\/sshd_config/);
}

/** The forced command printed escapes, 3 MB and binary: the report is short, has no ESC, names the cause. */
function hostileChecks(stdout: string, exitCode: number | null): void {
  expect(exitCode).toBe(1);
  expect(stdout).not.toContain('\x1b');
  expect(stdout.length).toBeLessThan(64 * 1024);
  expect(stdout).toContain('[key-forwarding-restricted]');
  expect(stdout).toMatch(/collector did not run/);
}
