/**
 * Random and mutated scenarios: simulate() never throws, always ends with an outcome, and finishes
 * quickly (a slow case would show as a timeout of the whole property, not a timed assertion).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulate, simulateDetailed } from '../../src/machine/channel-open/simulate.ts';
import { PRESETS } from '../../src/model/presets.ts';
import { causeById } from '../../src/model/causes.ts';
import type { Scenario } from '../../src/model/scenario.ts';

const words = [
  'ssh',
  '-N',
  '-L',
  '-R',
  '-D',
  '-W',
  '-J',
  '-w',
  '-p',
  '-o',
  '-S',
  '-M',
  '-4',
  '-6',
  '-q',
  '-X',
  '-f',
  '8080',
  'localhost:80',
  '8080:localhost:80',
  '127.0.0.1:8080:db:5432',
  '[::1]:8080:db:5432',
  '/tmp/s:/run/a.sock',
  'alice@server.example',
  'ControlMaster=auto',
  'ControlPath=/tmp/c',
  '0:0',
  'x@y@z',
  '"quoted arg"',
  "'",
  '\\',
  '*:9:h:1',
];
const sshdLines = [
  'AllowTcpForwarding no',
  'AllowTcpForwarding local',
  'DisableForwarding yes',
  'PermitOpen localhost:80',
  'PermitOpen none',
  'PermitOpen any',
  'Match User alice',
  'Match Group sftponly',
  'Match Address 10.0.0.0/8',
  'Match all',
  'ForceCommand internal-sftp',
  'MaxSessions 0',
  'PermitTunnel yes',
  'AllowStreamLocalForwarding no',
  'X11Forwarding yes',
  'PermitListen 9000',
  'AddressFamily inet6',
  'Bogus keyword',
  '  ',
  '#comment',
  'Match',
  'PermitOpen',
];

const scenario = fc.record<Scenario>(
  {
    client: fc.record(
      {
        command: fc.array(fc.constantFrom(...words), { maxLength: 10 }).map((w) => w.join(' ')),
        portsInUse: fc.option(fc.array(fc.constantFrom(80, 8080), { maxLength: 2 }), { nil: undefined }),
      },
      { requiredKeys: ['command'] },
    ),
    server: fc.record(
      {
        software: fc.constantFrom('openssh' as const, 'dropbear' as const),
        version: fc.constantFrom('6.6', '7.4', '7.5', '8.0', '9.2', '10.0', '2022.83', 'garbage'),
        sshdConfig: fc.array(fc.constantFrom(...sshdLines), { maxLength: 8 }).map((l) => l.join('\n')),
        authorizedKeysOptions: fc.constantFrom(
          '',
          'restrict',
          'no-port-forwarding',
          'permitopen="localhost:80"',
          'restrict,port-forwarding',
          'bogus',
          'permitopen="',
        ),
        groups: fc.array(fc.constantFrom('sftponly', 'wheel'), { maxLength: 2 }),
        passwordExpired: fc.boolean(),
        acceptsKey: fc.boolean(),
        hosts: fc.constantFrom('127.0.0.1 localhost', '', '10.0.0.9 db', 'not-an-address db'),
        openSessions: fc.nat(12),
        openFilesExhausted: fc.boolean(),
        tunDevice: fc.boolean(),
        dns: fc.record({ reachable: fc.boolean(), rebindingProtection: fc.boolean() }),
      },
      { requiredKeys: [] },
    ),
    targets: fc.array(
      fc.record({
        host: fc.constantFrom('127.0.0.1', '::1', 'db', 'localhost', '10.0.0.9'),
        port: fc.constantFrom(80, 5432, 8080),
        state: fc.constantFrom('listening' as const, 'closed' as const, 'filtered' as const, 'rejected' as const),
      }),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: ['client'] },
);

/** Thousands of simulations: on a busy machine they outlast vitest's 5 s default. Speed is measured by `npm run bench`, not here. */
const MANY_RUNS = { timeout: 120_000 };

describe('simulate() on random scenarios', () => {
  it('never throws, and every non-open outcome names a catalog cause or is a pre-channel failure', MANY_RUNS, () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const t = simulate(s);
        expect(['open', 'rejected', 'failed']).toContain(t.outcome);
        if (t.cause !== null) expect(causeById(t.cause)).toBeDefined();
        if (t.outcome === 'rejected') {
          expect(t.cause).not.toBeNull();
          expect(t.reasonCode).not.toBeNull();
        }
        expect(t.steps.length).toBeGreaterThan(0);
      }),
      { numRuns: 1500 },
    );
  });

  it('never throws on mutated preset commands and configs', MANY_RUNS, () => {
    const presets = Object.values(PRESETS).map((p) => p.scenario);
    fc.assert(
      fc.property(fc.constantFrom(...presets), fc.string({ maxLength: 30 }), fc.nat(200), (base, junk, at) => {
        const cmd = base.client.command;
        const i = at % (cmd.length + 1);
        const conf = base.server?.sshdConfig ?? '';
        const j = at % (conf.length + 1);
        simulate({
          ...base,
          client: { ...base.client, command: cmd.slice(0, i) + junk + cmd.slice(i) },
          server: { ...base.server, sshdConfig: conf.slice(0, j) + junk + conf.slice(j) },
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('reads the first 256 KB of a 5 MB sshd_config and says where it stopped', () => {
    const big = `AllowTcpForwarding no\n${'PermitOpen localhost:80\n'.repeat(220_000)}`;
    const sim = simulateDetailed({ client: { command: 'ssh -N -L 8080:localhost:80 a@s' }, server: { sshdConfig: big } });
    expect(sim.trace.cause).toBe('tcp-forwarding-disabled');
    const warning = sim.diagnostics.find((d) => d.code === 'input.too-long');
    expect(warning?.source).toBe('sshdConfig');
    expect(warning?.message).toMatch(/^This text is 5\.\d MB; the simulator reads the first 256 KB \(up to line \d+\)/);
    expect(warning!.line).toBeGreaterThan(10_000);
  });
});
