/**
 * One model test per reachable cause, per server family where the lines differ. Expected lines are
 * what the real programs print (openssh-facts.md, the conformance recordings) or, for versions that
 * cannot run here, what the cited openssh-portable source prints.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/machine/channel-open/simulate.ts';
import type { Scenario, ServerBlock } from '../../src/model/scenario.ts';

const HOSTS = '127.0.0.1 localhost\n::1 localhost\n10.0.0.9 db.internal\n';
const DB = [{ host: '10.0.0.9', port: 5432, state: 'listening' as const }];

function run(command: string, server: ServerBlock = {}, extra: Partial<Scenario> = {}) {
  return simulate({ client: { command }, server: { hosts: HOSTS, ...server }, targets: DB, ...extra });
}

const L = 'ssh -N -L 8080:db.internal:5432 alice@server.example';
const PROHIBITED_2 = 'channel 2: open failed: administratively prohibited: open failed';

describe('policy refusals', () => {
  it('AllowTcpForwarding no: administratively prohibited on 9.2, logged as refused local port forward', () => {
    const t = run(L, { sshdConfig: 'AllowTcpForwarding no\n' });
    expect(t.outcome).toBe('rejected');
    expect(t.cause).toBe('tcp-forwarding-disabled');
    expect(t.stoppedAt).toBe('ssh-server.policy.allow-tcp-forwarding');
    expect(t.reasonCode).toBe(1);
    expect(t.clientLines).toEqual([PROHIBITED_2]);
    expect(t.serverLog).toEqual(['refused local port forward: originator 127.0.0.1 port 41234, target db.internal port 5432']);
  });

  it('the same on OpenSSH 7.4 (policy was always administratively prohibited)', () => {
    const t = run(L, { version: '7.4', sshdConfig: 'AllowTcpForwarding no\n' });
    expect(t.clientLines).toEqual([PROHIBITED_2]);
  });

  it('a Match block overrides the global yes', () => {
    const t = run(L, { user: 'alice', sshdConfig: 'AllowTcpForwarding yes\nMatch User alice\n  AllowTcpForwarding no\n' });
    expect(t.cause).toBe('tcp-forwarding-disabled');
    const other = run(L, { user: 'bob', sshdConfig: 'AllowTcpForwarding yes\nMatch User alice\n  AllowTcpForwarding no\n' });
    expect(other.outcome).toBe('open');
  });

  it('AllowTcpForwarding remote forbids -L but local allows it', () => {
    expect(run(L, { sshdConfig: 'AllowTcpForwarding remote\n' }).cause).toBe('tcp-forwarding-disabled');
    expect(run(L, { sshdConfig: 'AllowTcpForwarding local\n' }).outcome).toBe('open');
  });

  it('DisableForwarding yes refuses even with AllowTcpForwarding yes', () => {
    expect(run(L, { sshdConfig: 'AllowTcpForwarding yes\nDisableForwarding yes\n' }).cause).toBe('tcp-forwarding-disabled');
  });

  it('restrict and no-port-forwarding on the key', () => {
    expect(run(L, { authorizedKeysOptions: 'restrict' }).cause).toBe('key-forwarding-restricted');
    expect(run(L, { authorizedKeysOptions: 'no-port-forwarding' }).cause).toBe('key-forwarding-restricted');
    expect(run(L, { authorizedKeysOptions: 'restrict,port-forwarding' }).outcome).toBe('open');
  });

  it('PermitOpen compares the host text exactly: 127.0.0.1 does not permit localhost', () => {
    const t = simulate({
      client: { command: 'ssh -N -L 8080:localhost:8080 alice@server.example' },
      server: { sshdConfig: 'PermitOpen 127.0.0.1:8080\n' },
      targets: [{ host: '127.0.0.1', port: 8080, state: 'listening' }],
    });
    expect(t.cause).toBe('permitopen-mismatch');
    expect(t.clientLines).toEqual(['channel 2: open failed: administratively prohibited: open failed']);
    expect(t.serverLog).toEqual(['Received request from 127.0.0.1 port 41234 to connect to host localhost port 8080, but the request was denied.']);
  });

  it('before 8.1 the PermitOpen log line has no client address', () => {
    const t = simulate({
      client: { command: 'ssh -N -L 8080:localhost:8080 alice@server.example' },
      server: { version: '7.4', sshdConfig: 'PermitOpen 127.0.0.1:8080\n' },
    });
    expect(t.serverLog).toEqual(['Received request to connect to host localhost port 8080, but the request was denied.']);
  });

  it('only the first PermitOpen line counts; a list on one line works', () => {
    const two = 'PermitOpen db.internal:5432\nPermitOpen localhost:8080\n';
    expect(
      simulate({
        client: { command: 'ssh -N -L 8080:localhost:8080 a@s' },
        server: { sshdConfig: two },
        targets: [{ host: '127.0.0.1', port: 8080, state: 'listening' }],
      }).cause,
    ).toBe('permitopen-mismatch');
    const one = 'PermitOpen db.internal:5432 localhost:8080\n';
    expect(
      simulate({
        client: { command: 'ssh -N -L 8080:localhost:8080 a@s' },
        server: { sshdConfig: one },
        targets: [{ host: '127.0.0.1', port: 8080, state: 'listening' }],
      }).outcome,
    ).toBe('open');
  });

  it('key permitopen that does not list the request', () => {
    const t = run(L, { authorizedKeysOptions: 'permitopen="localhost:5432"' });
    expect(t.cause).toBe('key-permitopen-mismatch');
    expect(t.serverLog[0]).toContain('but the request was denied.');
  });

  it('SFTP-only Match Group block', () => {
    const t = run(L, { groups: ['sftponly'], sshdConfig: 'Match Group sftponly\n  ForceCommand internal-sftp\n  AllowTcpForwarding no\n' });
    expect(t.cause).toBe('sftp-only-account');
    expect(t.clientLines).toEqual([PROHIBITED_2]);
  });

  it('ForceCommand internal-sftp alone does not block tunnels', () => {
    expect(run(L, { groups: ['sftponly'], sshdConfig: 'Match Group sftponly\n  ForceCommand internal-sftp\n' }).outcome).toBe('open');
  });

  it('expired password restricts forwarding (source: auth.c auth_restrict_session)', () => {
    const t = run(L, { passwordExpired: true });
    expect(t.cause).toBe('password-change-required');
    expect(t.reasonCode).toBe(1);
  });

  it('Dropbear -j: administratively prohibited with an empty description', () => {
    const t = run(L, { software: 'dropbear', version: '2022.83', dropbearOptions: '-j' });
    expect(t.cause).toBe('dropbear-forwarding-disabled');
    expect(t.clientLines).toEqual(['channel 2: open failed: administratively prohibited: ']);
  });

  it('Dropbear 2025.89+ under a forced command (-c or command=): socket forwards refused, TCP forwards open', () => {
    const sock = 'ssh -N -L 5432:/run/app.sock admin@router.lan';
    const server = (extra: ServerBlock) => ({ software: 'dropbear' as const, sockets: ['/run/app.sock'], ...extra });
    expect(run(sock, server({ version: '2025.89' })).outcome).toBe('open');
    // -c takes the next word (or the rest of its own), so "-p 2222 -c /usr/bin/uptime" is a forced command and no -j/-k
    for (const forced of [{ dropbearOptions: '-p 2222 -c /usr/bin/uptime' }, { dropbearOptions: '-c/bin/jk' }, { authorizedKeysOptions: 'command="uptime"' }]) {
      const t = run(sock, server({ version: '2026.94', ...forced }));
      expect(t.cause).toBe('streamlocal-forwarding-disabled');
      expect(t.clientLines).toEqual(['channel 2: open failed: administratively prohibited: ']);
      expect(run(L, server({ version: '2026.94', ...forced })).outcome).toBe('open');
    }
    // 2024.84 to 2025.88 forwarded the socket anyway (CVE-2025-14282)
    expect(run(sock, server({ version: '2024.84', authorizedKeysOptions: 'command="uptime"' })).outcome).toBe('open');
  });
});

describe('resolution failures', () => {
  const typo = 'ssh -N -L 8080:db.internl:5432 alice@server.example';
  it('OpenSSH 7.5+: connect failed with the resolver’s message', () => {
    const t = run(typo);
    expect(t.cause).toBe('target-name-unresolvable');
    expect(t.reasonCode).toBe(2);
    expect(t.clientLines).toEqual(['channel 2: open failed: connect failed: Name or service not known']);
    expect(t.serverLog).toEqual(['error: connect_to db.internl: unknown host (Name or service not known)']);
  });

  it('OpenSSH 7.4: the same failure is administratively prohibited', () => {
    const t = run(typo, { version: '7.4' });
    expect(t.cause).toBe('target-name-unresolvable');
    expect(t.reasonCode).toBe(1);
    expect(t.clientLines).toEqual([PROHIBITED_2]);
    expect(t.serverLog).toEqual(['error: connect_to db.internl: unknown host (Name or service not known)']);
  });

  it('Dropbear wraps the resolver error in its own sentence', () => {
    const t = run(typo, { software: 'dropbear', version: '2022.83' });
    expect(t.clientLines).toEqual(["channel 2: open failed: connect failed: Error resolving 'db.internl' port '5432'. Name or service not known"]);
  });

  it('a name only the client knows', () => {
    const t = simulate({ client: { command: L, hosts: HOSTS }, server: {}, targets: DB });
    expect(t.cause).toBe('target-name-unresolvable');
    expect(t.fixOn).toBe('client');
  });

  it('no localhost in the server’s /etc/hosts', () => {
    const t = simulate({ client: { command: 'ssh -N -L 8080:localhost:8080 alice@server.example' }, server: { hosts: '127.0.1.1 server\n' } });
    expect(t.cause).toBe('localhost-not-resolvable');
    expect(t.fixOn).toBe('ssh-server');
  });

  it('unreachable DNS server: Temporary failure in name resolution', () => {
    const t = run(typo.replace('db.internl', 'db.corp.example'), { dns: { reachable: false } });
    expect(t.cause).toBe('server-dns-broken');
    expect(t.clientLines).toEqual(['channel 2: open failed: connect failed: Temporary failure in name resolution']);
  });

  it('192.168.1.08 is not an address (leading zero = octal)', () => {
    const t = run('ssh -N -L 8080:192.168.1.08:80 alice@server.example');
    expect(t.cause).toBe('invalid-ip-literal');
    expect(t.clientLines).toEqual(['channel 2: open failed: connect failed: Name or service not known']);
  });

  it('user@ inside the forward spec becomes part of the host name', () => {
    const t = run('ssh -N -L 5678:alice@db.internal:5432 alice@server.example');
    expect(t.cause).toBe('user-in-forward-spec');
    expect(t.serverLog).toEqual(['error: connect_to alice@db.internal: unknown host (Name or service not known)']);
  });
});

describe('target failures', () => {
  it('nothing listening: connect failed: Connection refused on every version', () => {
    for (const version of ['6.6', '7.4', '9.2']) {
      const t = simulate({ client: { command: 'ssh -N -L 8080:localhost:8080 alice@server.example' }, server: { version } });
      expect(t.cause).toBe('target-service-down');
      expect(t.clientLines).toEqual(['channel 2: open failed: connect failed: Connection refused']);
      expect(t.serverLog).toEqual(['error: connect_to localhost port 8080: failed.']);
    }
  });

  it('a firewall that drops: Connection timed out', () => {
    const t = simulate({ client: { command: L }, server: { hosts: HOSTS }, targets: [{ host: '10.0.0.9', port: 5432, state: 'filtered' }] });
    expect(t.cause).toBe('target-firewalled');
    expect(t.clientLines).toEqual(['channel 2: open failed: connect failed: Connection timed out']);
  });

  it('a service on ::1 only, requested as 127.0.0.1', () => {
    const t = simulate({ client: { command: 'ssh -N -L 8080:127.0.0.1:8080 a@s' }, targets: [{ host: '::1', port: 8080, state: 'listening' }] });
    expect(t.cause).toBe('target-listens-elsewhere');
  });

  it('localhost tries ::1 after 127.0.0.1, as getaddrinfo orders them', () => {
    const t = simulate({ client: { command: 'ssh -N -L 8080:localhost:8080 a@s' }, targets: [{ host: '::1', port: 8080, state: 'listening' }] });
    expect(t.outcome).toBe('open');
  });
});

describe('channel numbers', () => {
  const refused = { sshdConfig: 'AllowTcpForwarding no\n' };
  it('an explicit 127.0.0.1 bind makes one listener, so the connection is channel 1', () => {
    expect(run('ssh -N -L 127.0.0.1:8080:db.internal:5432 a@s', refused).clientLines[0]).toMatch(/^channel 1: /);
  });
  it('-4 also binds one address', () => {
    expect(run('ssh -4 -N -L 8080:db.internal:5432 a@s', refused).clientLines[0]).toMatch(/^channel 1: /);
  });
  it('two default -L forwards make four listeners: channel 4', () => {
    expect(run('ssh -N -L 8080:db.internal:5432 -L 8081:db.internal:5432 a@s', refused).clientLines[0]).toMatch(/^channel 4: /);
  });
  it('without -N the session channel comes first: channel 3', () => {
    expect(run('ssh -L 8080:db.internal:5432 a@s', refused).clientLines[0]).toMatch(/^channel 3: /);
  });
  it('-W uses channel 0 and ssh then gives up', () => {
    const t = run('ssh -W db.internal:5432 a@s', refused);
    expect(t.cause).toBe('jump-host-forwarding-disabled');
    expect(t.clientLines).toEqual(['channel 0: open failed: administratively prohibited: open failed', 'stdio forwarding failed']);
    expect(t.serverLog).toEqual(['refused local port forward: originator 127.0.0.1 port 65535, target db.internal port 5432']);
  });
});

describe('other channels', () => {
  it('ProxyJump through a bastion that forbids forwarding', () => {
    const t = simulate({
      client: { command: 'ssh -J bastion.example alice@internal.example' },
      jump: { sshdConfig: 'AllowTcpForwarding no\n', hosts: '127.0.0.1 localhost\n10.0.0.20 internal.example\n' },
    });
    expect(t.cause).toBe('jump-host-forwarding-disabled');
    expect(t.fixOn).toBe('jump-host');
    expect(t.clientLines).toEqual([
      'channel 0: open failed: administratively prohibited: open failed',
      'stdio forwarding failed',
      'kex_exchange_identification: Connection closed by remote host',
      'Connection closed by UNKNOWN port 65535',
    ]);
    expect(t.serverLog).toEqual(['refused local port forward: originator 127.0.0.1 port 65535, target internal.example port 22']);
  });

  it('-w with PermitTunnel no: connect failed: open failed, then Tunnel forwarding failed', () => {
    const t = simulate({ client: { command: 'ssh -N -w 0:0 root@s' } });
    expect(t.cause).toBe('tunnel-device-refused');
    expect(t.clientLines).toEqual(['channel 0: open failed: connect failed: open failed', 'Tunnel forwarding failed']);
    expect(t.serverLog).toEqual([]);
  });

  it('-w on 7.4: administratively prohibited', () => {
    const t = simulate({ client: { command: 'ssh -N -w 0:0 root@s' }, server: { version: '7.4' } });
    expect(t.clientLines[0]).toBe('channel 0: open failed: administratively prohibited: open failed');
  });

  it('Unix-socket forward with AllowStreamLocalForwarding no', () => {
    const t = simulate({
      client: { command: 'ssh -N -L 8080:/run/app.sock a@s' },
      server: { sshdConfig: 'AllowStreamLocalForwarding no\n', sockets: ['/run/app.sock'] },
    });
    expect(t.cause).toBe('streamlocal-forwarding-disabled');
    expect(t.clientLines).toEqual(['channel 2: open failed: connect failed: open failed']);
    expect(t.serverLog).toEqual(['refused streamlocal port forward: originator 127.0.0.1 port 41234, target /run/app.sock']);
  });

  it('-R refused by AllowTcpForwarding local: a warning, no channel', () => {
    const t = simulate({ client: { command: 'ssh -N -R 8080:localhost:80 a@s' }, server: { sshdConfig: 'AllowTcpForwarding local\n' } });
    expect(t.cause).toBe('remote-forward-refused');
    expect(t.outcome).toBe('failed');
    expect(t.clientLines).toEqual(['Warning: remote port forwarding failed for listen port 8080']);
  });

  it('-R refused by PermitListen is logged', () => {
    const t = simulate({ client: { command: 'ssh -N -R 8080:localhost:80 a@s' }, server: { sshdConfig: 'PermitListen 9000\n' } });
    expect(t.cause).toBe('remote-forward-refused');
    expect(t.serverLog).toEqual(['Received request from 127.0.0.1 port 41234 to remote forward to host localhost port 8080, but the request was denied.']);
  });

  it('-R: PermitListen is checked before the bind, and only its refusal is logged as denied', () => {
    const listed = simulate({ client: { command: 'ssh -N -R 80:localhost:3000 alice@s' }, server: { user: 'alice', sshdConfig: 'PermitListen 80\n' } });
    expect(listed.cause).toBe('remote-forward-refused');
    // Listed, so sshd tries the bind and logs the kernel's refusal (recorded: remote-forward-privileged-port).
    expect(listed.serverLog).toEqual([
      'bind [::1]:80: Permission denied',
      'error: bind [127.0.0.1]:80: Permission denied',
      'error: channel_setup_fwd_listener_tcpip: cannot listen to port: 80',
    ]);
    expect(listed.steps.at(-1)!.detail).toContain('kernel refuses the bind');
    const unlisted = simulate({ client: { command: 'ssh -N -R 80:localhost:3000 alice@s' }, server: { user: 'alice', sshdConfig: 'PermitListen 9000\n' } });
    expect(unlisted.serverLog).toEqual(['Received request from 127.0.0.1 port 41234 to remote forward to host localhost port 80, but the request was denied.']);
  });

  it('local port in use: bind errors, no channel', () => {
    const t = simulate({ client: { command: 'ssh -N -L 8080:localhost:80 a@s', portsInUse: [8080] } });
    expect(t.cause).toBe('local-port-in-use');
    expect(t.clientLines).toEqual([
      'bind [127.0.0.1]:8080: Address already in use',
      'channel_setup_fwd_listener_tcpip: cannot listen to port: 8080',
      'Could not request local forwarding.',
    ]);
  });

  it('a key the server does not accept never gets to a channel', () => {
    const t = simulate({ client: { command: L }, server: { acceptsKey: false } });
    expect(t.cause).toBe('auth-failed');
    expect(t.clientLines).toEqual(['alice@server.example: Permission denied (publickey).']);
    expect(t.steps.map((s) => s.id)).not.toContain('ssh-server.policy.allow-tcp-forwarding');
  });

  it('MaxSessions reached on a multiplexed connection', () => {
    const t = simulate({ client: { command: 'ssh -S /tmp/ctl -o ControlMaster=auto a@s' }, server: { sshdConfig: 'MaxSessions 1\n', openSessions: 1 } });
    expect(t.cause).toBe('session-limit-multiplexing');
    expect(t.serverLog).toEqual(['error: no more sessions']);
    // The master (-N) holds its listener, plus a control and a session channel for the open session.
    expect(t.clientLines).toEqual([
      'channel 4: open failed: connect failed: open failed',
      'mux_client_request_session: session request failed: Session open refused by peer',
      'ControlSocket /tmp/ctl already exists, disabling multiplexing',
    ]);
  });
});

describe('X11 forwarding (-X), a look-alike', () => {
  it('refused by X11Forwarding no: a warning on the session channel', () => {
    const t = simulate({ client: { command: 'ssh -X alice@server.example' }, server: { sshdConfig: 'X11Forwarding no\n' } });
    expect(t.cause).toBe('x11-forwarding-refused');
    expect(t.outcome).toBe('failed');
    expect(t.clientLines).toEqual(['X11 forwarding request failed on channel 0']);
  });

  it('does not stop a tunnel: the -L still works, after the X11 line on the session channel', () => {
    const t = simulate({
      client: { command: 'ssh -X -L 8080:localhost:8080 alice@server.example' },
      targets: [{ host: '127.0.0.1', port: 8080, state: 'listening' }],
    });
    expect(t.outcome).toBe('open');
    expect(t.clientLines).toEqual(['X11 forwarding request failed on channel 2']);
    expect(t.steps.find((s) => s.id === 'ssh-server.policy.x11-forwarding')!.status).toBe('failed');
  });

  it('with -N there is no session, so nothing asks for X11 (the seed thread’s ssh -nXNT)', () => {
    const t = simulate({ client: { command: 'ssh -nXNT -p 22 localhost -L 8984:localhost:8984' }, server: { sshdConfig: 'AllowTcpForwarding no\n' } });
    expect(t.cause).toBe('tcp-forwarding-disabled');
    expect(t.clientLines).toEqual(['channel 2: open failed: administratively prohibited: open failed']);
  });

  it('X11Forwarding yes lets it through', () => {
    const t = simulate({ client: { command: 'ssh -X alice@server.example' }, server: { sshdConfig: 'X11Forwarding yes\n' } });
    expect(t.outcome).toBe('open');
    expect(t.clientLines).toEqual([]);
  });
});

describe('a config sshd refuses', () => {
  it('a keyword newer than the server: sshd does not start, and says why', () => {
    const t = simulate({ client: { command: L }, server: { version: '7.3', sshdConfig: 'DisableForwarding yes\nBogus 1\n' } });
    expect(t.outcome).toBe('failed');
    expect(t.stoppedAt).toBe('ssh-server.start');
    expect(t.clientLines).toEqual(['ssh: connect to host server.example port 22: Connection refused']);
    expect(t.serverLog).toEqual([
      '/etc/ssh/sshd_config: line 1: Bad configuration option: DisableForwarding',
      '/etc/ssh/sshd_config: line 2: Bad configuration option: Bogus',
      '/etc/ssh/sshd_config: terminating, 2 bad configuration options',
    ]);
  });

  it('a bad value is fatal at once', () => {
    const t = simulate({ client: { command: L }, server: { sshdConfig: 'AllowTcpForwarding maybe\n' } });
    expect(t.serverLog).toEqual(['/etc/ssh/sshd_config line 1: unsupported option "maybe".']);
  });
});

describe('the trace', () => {
  it('lists the steps the machine took, the last one deciding', () => {
    const t = run(L, { sshdConfig: 'PermitOpen localhost:5432\n' });
    const ids = t.steps.map((s) => s.id);
    expect(ids.slice(0, 3)).toEqual(['client.parse-command', 'client.read-config', 'client.bind-listeners']);
    expect(ids.at(-1)).toBe('ssh-server.policy.permit-open');
    expect(t.steps.at(-1)!.status).toBe('rejected');
    expect(t.steps.slice(0, -1).every((s) => s.status === 'passed')).toBe(true);
    expect(t.steps.at(-1)!.detail).toContain('localhost:5432');
  });

  it('a working tunnel passes every step to the target', () => {
    const t = run(L);
    expect(t.outcome).toBe('open');
    expect(t.stoppedAt).toBeNull();
    expect(t.steps.at(-1)!.id).toBe('target.connect');
  });

  it('is deterministic', () => {
    expect(run(L, { sshdConfig: 'AllowTcpForwarding no' })).toEqual(run(L, { sshdConfig: 'AllowTcpForwarding no' }));
  });
});
