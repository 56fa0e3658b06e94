/**
 * -R refusals: the TCP port form and the Unix socket path form, per OpenSSH release where the rules
 * or the lines differ. 9.2 behaviour is also recorded live (test/conformance/scenarios/remote-*);
 * older releases follow the cited openssh-portable source.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/machine/channel-open/simulate.ts';
import type { ServerBlock } from '../../src/model/scenario.ts';

const SOCKET_R = 'ssh -N -R /tmp/app.sock:localhost:80 alice@server.example';
const PORT_R = 'ssh -N -R 8080:localhost:80 alice@server.example';
const SOCKET_WARNING = 'Warning: remote port forwarding failed for listen path /tmp/app.sock';

function run(command: string, server: ServerBlock = {}, sshConfig?: string) {
  return simulate({ client: { command, ...(sshConfig ? { sshConfig } : {}) }, server });
}

describe('-R from a Unix socket path', () => {
  it('opens with the defaults and says where the server listens', () => {
    const t = run(SOCKET_R);
    expect(t.outcome).toBe('open');
    expect(t.clientLines).toEqual([]);
    expect(t.steps.find((s) => s.id === 'ssh-server.policy.remote-forward')?.detail).toBe('The server listens on /tmp/app.sock.');
  });

  it.each([
    ['AllowStreamLocalForwarding no\n', 'AllowStreamLocalForwarding no'],
    ['AllowStreamLocalForwarding local\n', 'AllowStreamLocalForwarding local'],
    ['DisableForwarding yes\n', 'DisableForwarding yes'],
  ])('%s: refused, nothing logged at VERBOSE (serverloop.c sends only a debug packet)', (sshdConfig, named) => {
    const t = run(SOCKET_R, { sshdConfig });
    expect(t.cause).toBe('remote-forward-refused');
    expect(t.fixOn).toBe('ssh-server');
    expect(t.clientLines).toEqual([SOCKET_WARNING]);
    expect(t.serverLog).toEqual([]);
    expect(t.steps.at(-1)?.detail).toContain(named);
  });

  it('a restricted key refuses it too', () => {
    const t = run(SOCKET_R, { authorizedKeysOptions: 'restrict' });
    expect(t.cause).toBe('remote-forward-refused');
    expect(t.serverLog).toEqual([]);
  });

  it('AllowTcpForwarding no covers socket -R from 7.8 (check_rfwd_permission), logged from 8.1', () => {
    const log = 'Received request from 127.0.0.1 port 41234 to remote forward to path "/tmp/app.sock", but the request was denied.';
    expect(run(SOCKET_R, { version: '9.2', sshdConfig: 'AllowTcpForwarding no\n' }).serverLog).toEqual([log]);
    expect(run(SOCKET_R, { version: '8.1', sshdConfig: 'AllowTcpForwarding local\n' }).serverLog).toEqual([log]);
    const v80 = run(SOCKET_R, { version: '8.0', sshdConfig: 'AllowTcpForwarding no\n' });
    expect(v80.clientLines).toEqual([SOCKET_WARNING]);
    expect(v80.serverLog).toEqual([]);
    // 7.4-7.7: channel_setup_remote_fwd_listener() binds the path without a permission check.
    expect(run(SOCKET_R, { version: '7.4', sshdConfig: 'AllowTcpForwarding no\n' }).outcome).toBe('open');
  });

  it('PermitListen lists ports only: it does not stop a socket -R (remote_open_match)', () => {
    expect(run(SOCKET_R, { sshdConfig: 'PermitListen none\n' }).outcome).toBe('open');
  });

  it('a file already at the path: EADDRINUSE, unless StreamLocalBindUnlink yes (also from a Match block)', () => {
    const t = run(SOCKET_R, { sockets: ['/tmp/app.sock'] });
    expect(t.cause).toBe('remote-forward-refused');
    expect(t.serverLog).toEqual(['error: unix_listener: cannot bind to path /tmp/app.sock: Address already in use']);
    expect(run(SOCKET_R, { sockets: ['/tmp/app.sock'], sshdConfig: 'StreamLocalBindUnlink yes\n' }).outcome).toBe('open');
    expect(run(SOCKET_R, { sockets: ['/tmp/app.sock'], sshdConfig: 'Match User alice\n  StreamLocalBindUnlink yes\n' }).outcome).toBe('open');
    expect(run(SOCKET_R, { sockets: ['/tmp/app.sock'], sshdConfig: 'Match User bob\n  StreamLocalBindUnlink yes\n' }).outcome).toBe('failed');
  });

  it('before 7.7 the bind error names the path without the reason (misc.c unix_listener)', () => {
    expect(run(SOCKET_R, { version: '7.4', sockets: ['/tmp/app.sock'] }).serverLog).toEqual(['error: unix_listener: cannot bind to path: /tmp/app.sock']);
  });

  it('a full disk: ENOSPC, the cause is the disk', () => {
    const t = run(SOCKET_R, { diskFull: true });
    expect(t.cause).toBe('server-disk-full');
    expect(t.fixOn).toBe('ssh-server');
    expect(t.clientLines).toEqual([SOCKET_WARNING]);
    expect(t.serverLog).toEqual(['error: unix_listener: cannot bind to path /tmp/app.sock: No space left on device']);
  });

  it('Dropbear has no socket forwarding and turns it down without a log line', () => {
    const t = run(SOCKET_R, { software: 'dropbear', version: '2022.83' });
    expect(t.cause).toBe('remote-forward-refused');
    expect(t.clientLines).toEqual([SOCKET_WARNING]);
    expect(t.serverLog).toEqual([]);
  });
});

describe('an expired password', () => {
  it('refuses -R, port or path, with nothing logged (auth-passwd.c restricts the session)', () => {
    for (const [command, line] of [
      [PORT_R, 'Warning: remote port forwarding failed for listen port 8080'],
      [SOCKET_R, SOCKET_WARNING],
    ] as const) {
      const t = run(command, { passwordExpired: true });
      expect(t.cause, command).toBe('password-change-required');
      expect(t.clientLines, command).toEqual([line]);
      expect(t.serverLog, command).toEqual([]);
    }
  });
});

describe('a full disk and TCP forwards', () => {
  it('changes nothing for -L, -D, -R ports or a session: they write nothing to disk', () => {
    const targets = [{ host: '127.0.0.1', port: 80, state: 'listening' as const }];
    for (const command of [
      'ssh -N -L 8080:localhost:80 alice@server.example',
      'ssh -N -D 1080 alice@server.example',
      PORT_R,
      'ssh alice@server.example true',
    ]) {
      const t = simulate({ client: { command, connect: { forward: 0, host: 'localhost', port: 80 } }, server: { diskFull: true }, targets });
      expect(t.outcome, command).toBe('open');
      expect(t.clientLines, command).toEqual([]);
    }
  });
});

describe('ExitOnForwardFailure turns the -R warning into an error (ssh.c ssh_confirm_remote_forward)', () => {
  it('from -o, for a port', () => {
    const t = run('ssh -N -o ExitOnForwardFailure=yes -R 8080:localhost:80 alice@server.example', { sshdConfig: 'AllowTcpForwarding local\n' });
    expect(t.clientLines).toEqual(['Error: remote port forwarding failed for listen port 8080']);
  });

  it('from ~/.ssh/config, for a socket path', () => {
    const t = run(SOCKET_R, { sshdConfig: 'AllowStreamLocalForwarding no\n' }, 'Host server.example\n  ExitOnForwardFailure yes\n');
    expect(t.clientLines).toEqual(['Error: remote port forwarding failed for listen path /tmp/app.sock']);
  });

  it('without it, a warning', () => {
    expect(run(PORT_R, { sshdConfig: 'AllowTcpForwarding local\n' }).clientLines).toEqual(['Warning: remote port forwarding failed for listen port 8080']);
  });
});
