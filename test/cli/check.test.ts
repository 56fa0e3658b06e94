/**
 * `tunnel-doctor check` on this machine, with the server's settings given as sshd -T output, its
 * hosts file and authorized_keys given as files, and real TCP targets on loopback: it predicts the
 * same steps and lines as the simulator for what it observed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelledSshdT, scenarioFromFacts, selectKeyLine, sshdTProblem } from '../../src/cli/check-scenario.ts';
import { run } from './support.ts';

// What `sshd -T -C user=alice,…` printed on Debian 12 (OpenSSH 9.2p1), shortened; gssapikeyexchange is Debian's patch.
const SSHD_T = `port 22
addressfamily any
listenaddress 0.0.0.0:22
usepam yes
maxsessions 10
gssapikeyexchange no
x11forwarding no
allowtcpforwarding yes
allowstreamlocalforwarding yes
disableforwarding no
authorizedkeysfile .ssh/authorized_keys .ssh/authorized_keys2
permittunnel no
permitopen any
permitlisten any
`;

const dir = mkdtempSync(join(tmpdir(), 'td-check-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const hosts = file('hosts', '127.0.0.1 localhost db.internal\n::1 localhost\n');
const keys = file('keys', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop\n');
let server: net.Server;
let listening = 0;
let closed = 0;

beforeAll(async () => {
  server = net.createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  listening = (server.address() as net.AddressInfo).port;
  const spare = net.createServer();
  await new Promise<void>((r) => spare.listen(0, '127.0.0.1', () => r()));
  closed = (spare.address() as net.AddressInfo).port;
  await new Promise<void>((r) => spare.close(() => r()));
});
afterAll(() => server.close());

function check(args: string[], sshdT = SSHD_T) {
  const t = file(`t-${Math.random().toString(36).slice(2)}`, sshdT);
  return run(['check', '--user', 'alice', '--sshd-t', t, '--hosts', hosts, '--authorized-keys', keys, ...args]);
}

describe('tunnel-doctor check', () => {
  it('says the channel opens when the settings allow it and the target listens (exit 0)', async () => {
    const r = await check(['-L', `8080:db.internal:${listening}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Checked: ssh -N -L 8080:db.internal:${listening} alice@server`);
    expect(r.stdout).toContain('Result: the channel opens.');
    expect(r.stdout).toMatch(/ok +Name resolution: db\.internal resolves to 127\.0\.0\.1 via the server's \/etc\/hosts/);
    expect(r.stdout).toContain('sshd -T settings the model does not read (left out): gssapikeyexchange');
  });

  it('names the cause, the machine to fix and the fix for a PermitOpen that does not list the target (exit 1)', async () => {
    const r = await check(['-L', `8080:127.0.0.1:${listening}`], SSHD_T.replace('permitopen any', `permitopen localhost:${listening}`));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('channel 2: open failed: administratively prohibited: open failed');
    expect(r.stdout).toContain(`Received request from 127.0.0.1 port 41234 to connect to host 127.0.0.1 port ${listening}, but the request was denied.`);
    expect(r.stdout).toContain('Result: refused. Cause: PermitOpen does not list the target [permitopen-mismatch]');
    expect(r.stdout).toContain('Fix on: The SSH server (sshd)');
    expect(r.stdout).toContain('Refused by: this machine, where check ran. The SSH server sent the refusal.');
    expect(r.stdout).toMatch(/Fix: .*127\.0\.0\.1:\d+/);
    expect(r.stdout).toContain('More: /causes/permitopen-mismatch/');
  });

  it('a refused -W on this machine: as a jump host it is the hop that refused', async () => {
    const r = await check(['-W', `app01.internal:22`], SSHD_T.replace('allowtcpforwarding yes', 'allowtcpforwarding no'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('stdio forwarding failed');
    expect(r.stdout).toContain('Refused by: this machine, where check ran.');
    expect(r.stdout).toContain('Used as a jump host (-J, ProxyJump), this machine is the hop that refused and the final server is never asked.');
  });

  it('probes the target: nothing listening is target-service-down', async () => {
    const r = await check(['--json', '-L', `8080:localhost:${closed}`, '--addr', '127.0.0.1']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.trace.cause).toBe('target-service-down');
    expect(out.trace.clientLines).toEqual(['channel 2: open failed: connect failed: Connection refused']);
    expect(out.cause.fixOn).toBe('target');
    expect(out.trace.hop).toBe('ssh-server');
    expect(out.trace.hopDetail).toContain('after its own connection to the target failed');
    expect(out.scenario.targets).toContainEqual({ host: '127.0.0.1', port: closed, state: 'closed' });
  });

  it("reads the key's options from authorized_keys, and sshd -T from standard input", async () => {
    const restricted = file('restricted', `restrict ${(await import('node:fs')).readFileSync(keys, 'utf8')}`);
    const r = await run(
      [
        'check',
        '--user',
        'alice',
        '--sshd-t',
        '-',
        '--hosts',
        hosts,
        '--authorized-keys',
        restricted,
        '--command',
        `ssh -N -L 8080:db.internal:${listening} alice@bastion`,
      ],
      SSHD_T,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[key-forwarding-restricted]');
  });

  it('refuses garbled sshd -T output with one line naming it (exit 2)', async () => {
    const r = await check(['-L', '8080:localhost:80'], 'AllowTcpForwarding no\nMatch User bob\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tunnel-doctor check: sshd -T output \(.*\) is not sshd -T output: line 1 is not sshd -T output \("AllowTcpForwarding no"\)\n$/);
    const empty = await check(['-L', '8080:localhost:80'], '\n\n');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('it is empty');
  });

  it('says what is missing in the arguments (exit 2)', async () => {
    expect((await check([])).stderr).toContain('say which forward to check');
    expect((await check(['-D', '1080'])).stderr).toContain('with -D, give --connect HOST:PORT');
    expect((await check(['-L', '8080:x:80', '--addr', 'nope'])).stderr).toContain("--addr needs an IP address, not 'nope'");
    expect((await check(['-L', '8080:x:80', '--command', 'ssh -L 1:x:1 h'])).code).toBe(2);
  });

  it('without --sshd-t, runs sshd -T and says so in one line when it cannot', async () => {
    const r = await run(['check', '--user', 'alice', '-L', '8080:localhost:80', '--sshd', join(dir, 'no-sshd')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tunnel-doctor check: cannot run .*no-sshd -T \(.*no-sshd not found\); run as root, or give its output with --sshd-t FILE\n$/);
  });
});

describe('mapping what check saw into a scenario', () => {
  it('leaves out, as comments, only the lines the model does not read, so line numbers stay', () => {
    const m = modelledSshdT(SSHD_T, '9.2');
    expect(m.dropped).toEqual(['gssapikeyexchange']);
    expect(m.text.split('\n')[5]).toBe('# gssapikeyexchange no');
    expect(m.text.split('\n').length).toBe(SSHD_T.split('\n').length);
  });

  it('tells sshd -T output from other text', () => {
    expect(sshdTProblem(SSHD_T)).toBeNull();
    expect(sshdTProblem('PermitOpen any')).toMatch(/line 1/);
    expect(sshdTProblem('port 22\n\u0000\u0001')).toMatch(/line 2/);
  });

  it('expresses what the resolver answered with the scenario fields', () => {
    const base = { command: 'ssh -N -L 1:db:5432 a@s', user: 'a', clientAddress: '127.0.0.1', sshdT: SSHD_T, version: '9.2', keyLine: null, hosts: '' };
    const down = scenarioFromFacts({ ...base, targets: [{ host: 'db', port: 5432, resolved: { error: 'unreachable' }, probes: [] }] });
    expect(down.scenario.server?.dns).toEqual({ records: {}, reachable: false });
    const seen = scenarioFromFacts({
      ...base,
      targets: [{ host: 'db', port: 5432, resolved: { addresses: ['10.0.0.9'] }, probes: [{ address: '10.0.0.9', state: 'filtered' }] }],
    });
    expect(seen.scenario.server?.dns).toEqual({ records: { db: ['10.0.0.9'] } });
    expect(seen.scenario.targets).toEqual([{ host: '10.0.0.9', port: 5432, state: 'filtered' }]);
    expect(seen.notes).toContain('no authorized_keys line found for this user: checked as a key without options');
  });

  it('picks the key line that logs in', () => {
    const a = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop';
    const b = 'restrict ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBXr5hzxUHXn3FGf9eXrqmzVHrlO9Tt9YFEr0qzSPg5e backup@nas';
    expect(selectKeyLine(`${a}\n`, undefined)).toEqual({ line: a, error: null });
    expect(selectKeyLine(`# comment\n${a}\n${b}\n`, undefined).error).toBe(
      '2 keys with different options; choose the one that logs in with --key (alice@laptop, backup@nas)',
    );
    expect(selectKeyLine(`${a}\n${b}\n`, 'backup@nas').line).toBe(b);
    expect(selectKeyLine(`${a}\n`, 'nobody').error).toBe("no key line contains 'nobody'");
  });
});
