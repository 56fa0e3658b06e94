/**
 * The diagnoser and the simulator ask the same rules. For every preset, every conformance recording's
 * scenario and generated mutations of them, diagnose() gets what simulate() printed (the client's
 * lines and the server log) together with the scenario's configuration in the forms a user pastes it:
 * the ssh command, the server's sshd_config text or its `sshd -T` output, the authorized_keys line
 * and the server's /etc/hosts. It must name simulate()'s cause first; where several causes print the
 * very same lines and the pasted configuration cannot tell them apart either, it must list the cause
 * and call no other one confirmed. A channel that opened gets no confirmed cause.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/machine/channel-open/simulate.ts';
import { diagnose } from '../../../src/model/diagnose/index.ts';
import { allPresets } from '../../../src/model/presets.ts';
import type { Scenario, ServerBlock } from '../../../src/model/scenario.ts';
import { buildWorld } from '../../../src/model/world.ts';
import { DEFAULT_SERVER_HOSTS } from '../../../src/model/resolve.ts';
import { loadRecordings } from '../../conformance/harness/index.ts';

type Form = 'sshd_config' | 'sshd -T';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFq7y4cXbJ2sO2m4VfZK0mS9mD3w0tFvJdUVa1yJcPq1 alice@laptop';

/** `sshd -T` as sshd prints it for the server's effective settings (lowercase keywords, one value each). */
function sshdT(scenario: Scenario, block: 'server' | 'jump'): string[] {
  // sshd -T reads the file, not what the running sshd started with.
  const fromFile = (b: ServerBlock | undefined) => (b ? { ...b, runningSshdConfig: undefined } : b);
  const w = buildWorld({ ...scenario, server: fromFile(scenario.server), jump: fromFile(scenario.jump) });
  const side = block === 'jump' ? w.jump : w.server;
  const s = side?.sshd;
  if (!s) return [];
  const list = (p: { any: boolean; none: boolean; list: { text: string }[] }) => (p.any ? 'any' : p.none ? 'none' : p.list.map((e) => e.text).join(' '));
  return [
    'port 22',
    'usepam yes',
    `maxsessions ${s.maxSessions}`,
    `x11forwarding ${s.x11Forwarding ? 'yes' : 'no'}`,
    `allowtcpforwarding ${s.allowTcpForwarding}`,
    `allowstreamlocalforwarding ${s.allowStreamLocalForwarding}`,
    `disableforwarding ${s.disableForwarding ? 'yes' : 'no'}`,
    `gatewayports ${s.gatewayPorts}`,
    `permittunnel ${s.permitTunnel}`,
    `addressfamily ${s.addressFamily}`,
    `forcecommand ${s.forceCommand ?? 'none'}`,
    `chrootdirectory ${s.chrootDirectory ?? 'none'}`,
    `permitopen ${list(s.permitOpen)}`,
    `permitlisten ${list(s.permitListen)}`,
  ];
}

/** What a user pastes: the command, the output, and the configuration of the server that answered. */
function pasteOf(scenario: Scenario, form: Form): { text: string; cause: string | null } {
  const trace = simulate(scenario);
  const which: 'server' | 'jump' = scenario.jump ? 'jump' : 'server';
  const block: ServerBlock = (which === 'jump' ? scenario.jump : scenario.server) ?? {};
  const lines = [`$ ${scenario.client.command}`, ...trace.clientLines];
  if (trace.serverLog.length > 0) lines.push('$ sudo journalctl -u ssh', ...trace.serverLog.map((l, i) => `Nov 24 10:01:0${i % 10} server sshd[812]: ${l}`));
  if ((block.software ?? 'openssh') === 'openssh') {
    if (form === 'sshd -T') lines.push('$ sudo sshd -T', ...sshdT(scenario, which));
    else if (block.sshdConfig) lines.push('$ cat /etc/ssh/sshd_config', ...block.sshdConfig.split('\n').filter((l) => l.trim() !== ''));
  }
  if (block.authorizedKeysOptions) lines.push('$ cat ~/.ssh/authorized_keys', `${block.authorizedKeysOptions} ${KEY}`);
  lines.push('$ cat /etc/hosts', ...(block.hosts ?? DEFAULT_SERVER_HOSTS).split('\n').filter((l) => l.trim() !== ''));
  return { text: lines.join('\n'), cause: trace.cause };
}

/** Lines with names and numbers blanked: what several causes may share. */
const blank = (lines: string[]) =>
  lines
    .join('\n')
    .replace(/channel \d+/g, 'channel #')
    .replace(/(?<=\b(?:host|target|connect_to|connect to|originator|from|port|resolving)) ?'?[^\s,:']*'?/g, ' ·');
/**
 * The output's shape: the client's lines and the server log. A server that logged nothing leaves
 * only the client's lines, which then match every scenario whose client printed the same.
 */
const shapesOf = (scenario: Scenario): string[] => {
  const t = simulate(scenario);
  const full = `full:${blank([...t.clientLines, ...t.serverLog])}`;
  return t.serverLog.length === 0 ? [full, `client:${blank(t.clientLines)}`] : [full];
};
const twinsOf = (scenario: Scenario, twins: Map<string, Set<string | null>>) => {
  const t = simulate(scenario);
  const keys = t.serverLog.length === 0 ? [`client:${blank(t.clientLines)}`] : [`full:${blank([...t.clientLines, ...t.serverLog])}`];
  return new Set(keys.flatMap((k) => [...(twins.get(k) ?? [])]));
};

/**
 * Causes the same paste may stand for: `twins` gives the causes of other scenarios whose output has
 * the same shape; `siblings`, for a generated scenario, the scenarios that differ from it only in
 * what a paste does not show (the account's groups, the client's address, where the service
 * listens): one whose paste reads exactly the same and reaches another cause is a twin too.
 */
function check(scenario: Scenario, form: Form, twins: Map<string, Set<string | null>>, siblings: () => Scenario[] = () => []) {
  const { text, cause } = pasteOf(scenario, form);
  const d = diagnose(text);
  const listed = d.causes.map((c) => `${c.id} ${c.confidence} ${c.score}`).join(', ');
  const info = `${form}\n${text}\n→ ${listed || d.summary}`;
  if (cause === null) {
    const confirmed = d.causes.filter((c) => c.confidence === 'confirmed' && c.id !== 'x11-forwarding-refused');
    expect(
      confirmed.map((c) => c.id),
      info,
    ).toEqual([]);
    return;
  }
  const ids = d.causes.map((c) => c.id);
  expect(ids, info).toContain(cause);
  const wrongConfirmed = d.causes.filter((c) => c.id !== cause && c.confidence === 'confirmed');
  expect(
    wrongConfirmed.map((c) => c.id),
    info,
  ).toEqual([]);
  if (ids[0] !== cause) {
    const same = [...twinsOf(scenario, twins)].filter((c) => c !== cause);
    for (const other of siblings()) {
      const p = pasteOf(other, form);
      if (p.text === text && p.cause !== cause) same.push(p.cause);
    }
    expect(same.length, `not first and no other cause prints the same lines\n${info}`).toBeGreaterThan(0);
  }
}

const presets = Object.entries(allPresets()).map(([id, p]) => ({ id, scenario: p.scenario }));
const recordings = loadRecordings()
  .filter((r) => r.scenario)
  .map((r) => ({ id: `recording ${r.id}`, scenario: r.scenario as Scenario }));

/** Mutations of a -L preset: the target name, the server's /etc/hosts, permit lists, AllowTcpForwarding, the server. */
const HOSTS = {
  default: DEFAULT_SERVER_HOSTS,
  'no localhost': '10.0.0.9\tdb.internal\n',
  'v4 localhost only': '127.0.0.1\tlocalhost\n10.0.0.9\tdb.internal\n',
  'with db': '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n10.0.0.9\tdb.internal\n',
} as const;
/** What a paste does not show: the account's groups, the client's address, where the service listens. */
const GROUP_SETS: string[][] = [[], ['sftponly'], ['developers']];
const CLIENT_ADDRESSES: (string | null)[] = [null, '10.8.0.23'];
const LISTENING: string[] = ['127.0.0.1', '::1', '10.0.0.9'];
const mutation = fc.record({
  target: fc.constantFrom('localhost', 'ip6-localhost', 'LOCALHOST', 'db.internal', 'DB.internal', '127.0.0.1', 'missing.example', 'db', '10.0.0.9'),
  hosts: fc.constantFrom(...(Object.keys(HOSTS) as (keyof typeof HOSTS)[])),
  keyPermit: fc.constantFrom(null, 'localhost:*', 'localhost:5432', 'LOCALHOST:5432', '127.0.0.1:5432', '*:5432', 'db.internal:*', 'localhost:80'),
  keyRestrict: fc.constantFrom(null, 'no-port-forwarding', 'restrict', 'restrict,port-forwarding'),
  permitOpen: fc.constantFrom(null, 'any', 'none', 'localhost:5432', 'localhost:*', '127.0.0.1:5432 db.internal:5432', 'Localhost:5432', '*:5432'),
  atf: fc.constantFrom(null, 'yes', 'no', 'local', 'remote', 'all'),
  server: fc.constantFrom(
    { software: 'openssh', version: '7.4' },
    { software: 'openssh', version: '8.0' },
    { software: 'openssh', version: '9.2' },
    { software: 'openssh', version: '9.8' },
    { software: 'dropbear', version: '2022.83' },
  ),
  listening: fc.constantFrom(...LISTENING),
  match: fc.constantFrom(
    null,
    'Match User alice\n  AllowTcpForwarding no',
    'Match User bob\n  DisableForwarding yes',
    'Match Group sftponly\n  ForceCommand internal-sftp\n  AllowTcpForwarding no',
    'Match Address 10.8.0.0/16\n  AllowTcpForwarding yes',
    'Match Group *,!developers\n  PermitOpen 127.0.0.1:5432',
  ),
  groups: fc.constantFrom(...GROUP_SETS),
  clientAddress: fc.constantFrom(...CLIENT_ADDRESSES),
  form: fc.constantFrom<Form>('sshd_config', 'sshd -T'),
});
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutated(m: Mutation): Scenario {
  const config = [m.atf ? `AllowTcpForwarding ${m.atf}` : null, m.permitOpen ? `PermitOpen ${m.permitOpen}` : null, m.match].filter(Boolean).join('\n');
  const keyOpts = [m.keyRestrict, m.keyPermit ? `permitopen="${m.keyPermit}"` : null].filter(Boolean).join(',');
  const server: ServerBlock = { software: m.server.software as 'openssh' | 'dropbear', version: m.server.version, hosts: HOSTS[m.hosts] };
  if (config) server.sshdConfig = `${config}\n`;
  if (keyOpts) server.authorizedKeysOptions = keyOpts;
  if (m.groups.length > 0) server.groups = m.groups;
  return {
    client: { command: `ssh -N -L 8080:${m.target}:5432 alice@server.example`, ...(m.clientAddress ? { address: m.clientAddress } : {}) },
    server,
    targets: [{ host: m.listening, port: 5432, state: 'listening' }],
  };
}

/** The mutations that differ from `m` only in what a paste does not show. */
function unseen(m: Mutation): Mutation[] {
  const out: Mutation[] = [];
  for (const groups of GROUP_SETS)
    for (const clientAddress of CLIENT_ADDRESSES) for (const listening of LISTENING) out.push({ ...m, groups, clientAddress, listening });
  return out;
}

const twins = new Map<string, Set<string | null>>();
for (const { scenario } of [...presets, ...recordings]) {
  for (const key of [...shapesOf(scenario), `client:${blank(simulate(scenario).clientLines)}`]) {
    const set = twins.get(key) ?? new Set();
    set.add(simulate(scenario).cause);
    twins.set(key, set);
  }
}

describe('diagnose() names the cause simulate() reached, given what a user pastes', () => {
  for (const { id, scenario } of [...presets, ...recordings]) {
    for (const form of ['sshd_config', 'sshd -T'] as const) it(`${id} (${form})`, () => check(scenario, form, twins));
  }

  it('-L to ip6-localhost on a server whose /etc/hosts lacks it is an unresolvable name, not a missing localhost', () => {
    const scenario = mutated({
      target: 'ip6-localhost',
      hosts: 'v4 localhost only',
      keyPermit: null,
      keyRestrict: null,
      permitOpen: null,
      atf: null,
      server: { software: 'openssh', version: '9.2' },
      listening: '127.0.0.1',
      match: null,
      groups: [],
      clientAddress: null,
      form: 'sshd_config',
    });
    expect(simulate(scenario).cause).toBe('target-name-unresolvable');
    const d = diagnose(pasteOf(scenario, 'sshd_config').text);
    expect(d.causes[0]?.id).toBe('target-name-unresolvable');
    expect(d.causes.find((c) => c.id === 'localhost-not-resolvable')?.confidence).not.toBe('confirmed');
  });

  it('permitopen="localhost:*" on the key lets -L 8080:localhost:5432 through: no permitopen cause', () => {
    const scenario = mutated({
      target: 'localhost',
      hosts: 'default',
      keyPermit: 'localhost:*',
      keyRestrict: null,
      permitOpen: null,
      atf: null,
      server: { software: 'openssh', version: '9.2' },
      listening: '127.0.0.1',
      match: null,
      groups: [],
      clientAddress: null,
      form: 'sshd_config',
    });
    expect(simulate(scenario).outcome).toBe('open');
    const d = diagnose(pasteOf(scenario, 'sshd_config').text);
    expect(d.causes.map((c) => c.id)).not.toContain('key-permitopen-mismatch');
  });

  it('on generated mutations of a -L scenario', () => {
    fc.assert(
      fc.property(mutation, (m) => check(mutated(m), m.form, twins, () => unseen(m).map(mutated))),
      { numRuns: 300 },
    );
  }, 120_000);
});
