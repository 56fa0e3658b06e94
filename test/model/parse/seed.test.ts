/**
 * Every command and configuration quoted in the seed Q&A thread (shared/seed), as pasted there
 * (the page lost the IP addresses, e.g. "-L 1234: user@remote" was "-L 1234:<address>:3389"),
 * and where useful as it must have been on the machine.
 */
import { describe, expect, it } from 'vitest';
import { parseAuthorizedKeysOptions } from '../../../src/model/parse/authorized-keys.ts';
import { parseSshCommand } from '../../../src/model/parse/command.ts';
import { lookupHosts, parseHosts, parseResolvConf } from '../../../src/model/parse/hosts.ts';
import { effectiveClientConfig, parseSshConfig } from '../../../src/model/parse/ssh-config.ts';
import { effectiveSshdConfig, parseSshdConfig, type ConnInfo } from '../../../src/model/parse/sshd-config.ts';

const cmd = (t: string) => parseSshCommand(t);
const target = (t: string) => cmd(t).value.forwards.map((f) => [f.kind, f.listenPort, f.connectHost, f.connectPort]);
const conn: ConnInfo = { user: 'user', groups: ['user'], host: null, address: '198.51.100.23', localAddress: '203.0.113.10', localPort: 22 };

describe('seed commands', () => {
  it('ssh -nXNT -p 22 localhost -L  (the question: -L lost its argument)', () => {
    const r = cmd('ssh -nXNT -p 22 localhost -L');
    expect(r.value).toMatchObject({ host: 'localhost', port: 22, stdinNull: true, x11: 'untrusted', noCommand: true, noTty: true, forwards: [] });
    expect(r.diagnostics).toMatchObject([{ code: 'command.missing-argument', line: 1, column: 28, length: 1, severity: 'error' }]);
    expect(r.value.exitLines?.[0]).toBe('option requires an argument -- L');
  });

  it('ssh -L 1234:localhost:1234 user@remote', () => {
    const r = cmd('ssh -L 1234:localhost:1234 user@remote');
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toMatchObject({ user: 'user', host: 'remote' });
    expect(target('ssh -L 1234:localhost:1234 user@remote')).toEqual([['local', 1234, 'localhost', 1234]]);
  });

  it('ssh -L 1234:localhost:3389 user@remote, and the fix with the address', () => {
    expect(target('ssh -L 1234:localhost:3389 user@remote')).toEqual([['local', 1234, 'localhost', 3389]]);
    expect(target('ssh -L 1234:127.0.0.1:3389 user@remote')).toEqual([['local', 1234, '127.0.0.1', 3389]]);
  });

  it('ssh -L 1234: user@remote  (as the page shows it: ssh rejects it)', () => {
    const r = cmd('ssh -L 1234: user@remote');
    expect(r.value.exitLines).toEqual(["Bad local forwarding specification '1234:'"]);
    expect(r.diagnostics).toMatchObject([{ code: 'command.bad-forward', column: 8, length: 5 }]);
  });

  it('rdesktop -L localhost:1234 is not an ssh command', () => {
    expect(cmd('rdesktop -L localhost:1234').diagnostics).toMatchObject([{ code: 'command.not-ssh', severity: 'error' }]);
  });

  it('autossh -M 10001 … -R :10000:localhost:22 … user@remote  (the monitoring port case)', () => {
    const r = cmd(
      'autossh -M 10001 -o GatewayPorts=yes -o ServerAliveInterval=60  -o TCPKeepAlive=yes -T -N -R :10000:localhost:22 -i ~/.ssh/id_rsa user@remote',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toMatchObject({
      program: 'autossh',
      autossh: { monitorPort: 10001, echoPort: null },
      gatewayPorts: true,
      noTty: true,
      noCommand: true,
      identityFiles: ['~/.ssh/id_rsa'],
      user: 'user',
      host: 'remote',
    });
    // autossh's own -L asks the server for 127.0.0.1:10001, which permitopen="localhost:10001" does not list
    expect(r.value.forwards.map((f) => [f.kind, f.bindAddress, f.listenPort, f.connectHost, f.connectPort, f.implicit ?? null])).toEqual([
      ['local', null, 10001, '127.0.0.1', 10001, 'autossh-monitor'],
      ['remote', null, 10001, '127.0.0.1', 10002, 'autossh-monitor'],
      ['remote', '', 10000, 'localhost', 22, null],
    ]);
  });

  it('ssh -Nn -L 1234:remote:5678 user@remote', () => {
    expect(cmd('ssh -Nn -L 1234:remote:5678 user@remote').value).toMatchObject({ noCommand: true, stdinNull: true, host: 'remote' });
    expect(target('ssh -Nn -L 1234:remote:5678 user@remote')).toEqual([['local', 1234, 'remote', 5678]]);
  });

  it('ssh -L 8983:locahost:8984 user@remote -4 -g -N  (options after the destination)', () => {
    const r = cmd('ssh -L 8983:locahost:8984 user@remote -4 -g -N');
    expect(r.value).toMatchObject({ addressFamily: 'inet', gatewayPorts: true, noCommand: true, remoteCommand: [] });
    expect(target('ssh -L 8983:locahost:8984 user@remote -4 -g -N')).toEqual([['local', 8983, 'locahost', 8984]]);
  });

  it('ssh -p [ssh-port] -N -f -L [local-port]:[remote-port]  (placeholders left in)', () => {
    const r = cmd('ssh -p [ssh-port] -N -f -L [local-port]:[remote-port]');
    expect(r.value.exitLines).toEqual(["Bad port '[ssh-port]'"]);
    const errs = r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.column]);
    expect(errs).toEqual([
      ['command.bad-port', 8],
      ['command.bad-forward', 28],
      ['command.no-destination', 54],
    ]);
    expect(r.diagnostics.find((d) => d.code === 'command.bad-forward')?.message).toContain('placeholder');
  });

  it('ssh -ND *:1234 user@  (the address was lost after the @)', () => {
    const r = cmd('ssh -ND *:1234 user@');
    expect(r.value.forwards.map((f) => [f.kind, f.bindAddress, f.listenPort])).toEqual([['dynamic', '*', 1234]]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['command.unquoted-glob', 'command.empty-host']);
    expect(cmd("ssh -ND '*:1234' user@192.0.2.7").diagnostics).toEqual([]);
  });

  it('$ssh -D 8081 localhost >>log1.txt 2>&1 &  and the plain forms', () => {
    const r = cmd('$ssh -D 8081 localhost >>log1.txt 2>&1 &');
    expect(r.value).toMatchObject({ host: 'localhost', remoteCommand: [] });
    expect(r.value.forwards.map((f) => [f.kind, f.listenPort])).toEqual([['dynamic', 8081]]);
    expect(r.diagnostics.every((d) => d.severity === 'info')).toBe(true);
    expect(cmd('ssh -D 8081 localhost').diagnostics).toEqual([]);
    expect(cmd('$ssh localhost').value.host).toBe('localhost');
  });

  it('ssh user@server.domain.com -L 3456:  (as pasted) and with a target', () => {
    expect(cmd('ssh user@server.domain.com -L 3456:').value.exitLines).toEqual(["Bad local forwarding specification '3456:'"]);
    expect(target('ssh user@server.domain.com -L 3456:127.0.0.1:3456')).toEqual([['local', 3456, '127.0.0.1', 3456]]);
  });

  it('-N -L 1234:localhost:1234  (no program, no destination)', () => {
    const r = cmd('-N -L 1234:localhost:1234');
    expect(r.value.forwards).toHaveLength(1);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['command.no-program', 'command.no-destination']);
  });

  it('ssh -L 12345:destination:54321  tunnelhost and the fully qualified fix', () => {
    expect(target('ssh -L 12345:destination:54321  tunnelhost')).toEqual([['local', 12345, 'destination', 54321]]);
    expect(target('ssh -L 12345:destination.domain.host:54321  tunnelhost')).toEqual([['local', 12345, 'destination.domain.host', 54321]]);
  });

  it('the user@ mistake behind "connect_to user@example.com: unknown host"', () => {
    const r = cmd('ssh -L 3306:user@example.com:3306 user@example.com');
    expect(r.value.forwards[0]?.connectHost).toBe('user@example.com');
    expect(r.diagnostics).toMatchObject([{ code: 'command.user-in-forward', column: 13, length: 16 }]);
  });

  it('a forward to an address written with 08 (octal)', () => {
    expect(cmd('ssh -L 8080:192.168.1.08:80 user@remote').diagnostics.map((d) => d.code)).toEqual(['command.leading-zero-address']);
  });

  it('the other shell commands of the thread are not ssh', () => {
    for (const t of [
      'root@remote-server:~# echo \u201cPermitTunnel yes\u201d >> /etc/ssh/sshd_config',
      'root@remote-server:~# service ssh restart',
      'root@remote-server:~# /etc/init.d/ssh restart',
      'lsof -ti:1234',
      'ps aux | grep "$(sudo lsof -ti:1234)"',
      'telnet www.google.com 80',
      'journalctl -f',
      'tail -f log1.txt',
      'lsof -p 807 | grep TCP',
    ]) {
      expect(
        cmd(t).diagnostics.map((d) => d.code),
        t,
      ).toContain('command.not-ssh');
    }
  });
});

describe('seed sshd_config snippets', () => {
  it('AllowTcpForwarding no  (with the trailing blank of the answer)', () => {
    const r = parseSshdConfig('AllowTcpForwarding no \n');
    expect(r.diagnostics).toEqual([]);
    expect(effectiveSshdConfig(r.value, conn).allowTcpForwarding).toBe('no');
  });

  it('TCPKeepAlive yes AllowTCPForwarding yes PermitOpen any  (one line: refused; three lines: fine)', () => {
    expect(parseSshdConfig('TCPKeepAlive yes AllowTCPForwarding yes PermitOpen any\n').diagnostics[0]?.code).toBe('sshd.bad-value');
    const r = parseSshdConfig('TCPKeepAlive yes\nAllowTCPForwarding yes\nPermitOpen any\n');
    expect(r.diagnostics).toEqual([]);
    expect(effectiveSshdConfig(r.value, conn)).toMatchObject({ allowTcpForwarding: 'yes', permitOpen: { any: true } });
  });

  it('Match group sftponly / ForceCommand internal-sftp / ChrootDirectory /usr/chroot/%u', () => {
    const r = parseSshdConfig('Match group sftponly\n    ForceCommand internal-sftp\n    ChrootDirectory /usr/chroot/%u\n');
    expect(r.diagnostics).toEqual([]);
    const member = effectiveSshdConfig(r.value, { ...conn, groups: ['users', 'sftponly'] });
    expect(member).toMatchObject({ forceCommand: 'internal-sftp', chrootDirectory: '/usr/chroot/%u', allowTcpForwarding: 'yes' });
    expect(effectiveSshdConfig(r.value, conn).forceCommand).toBeNull();
  });

  it('PermitTunnel yes, as echoed with typographic quotes, and the commented default', () => {
    expect(effectiveSshdConfig(parseSshdConfig('PermitTunnel yes\n').value, conn).permitTunnel).toBe('yes');
    expect(parseSshdConfig('\u201cPermitTunnel yes\u201d\n').diagnostics[0]?.code).toBe('sshd.unknown-keyword');
    const commented = parseSshdConfig('#PermitTunnel no\n# To disable tunneled clear text passwords, change to no here!\n');
    expect(commented.diagnostics).toEqual([]);
    expect(commented.value.global).toEqual([]);
  });

  it('MaxSession is refused, MaxSessions 64 raises the multiplexing limit', () => {
    expect(parseSshdConfig('MaxSession 64\n').diagnostics[0]?.message).toContain('MaxSessions');
    expect(effectiveSshdConfig(parseSshdConfig('MaxSessions 64\n').value, conn).maxSessions).toBe(64);
  });

  it('Match Group SSHTunnel_RemoteAccessGroup / AllowTcpForwarding yes', () => {
    const r = parseSshdConfig('AllowTcpForwarding no\nMatch Group SSHTunnel_RemoteAccessGroup\n    AllowTcpForwarding yes\n');
    expect(r.diagnostics).toEqual([]);
    expect(effectiveSshdConfig(r.value, { ...conn, groups: ['SSHTunnel_RemoteAccessGroup'] }).allowTcpForwarding).toBe('yes');
    expect(effectiveSshdConfig(r.value, { ...conn, groups: ['sshtunnel_remoteaccessgroup'] }).allowTcpForwarding).toBe('no');
  });
});

describe('seed ~/.ssh/config', () => {
  const text =
    'Host remote.server.com\n  HostName remote.server.com\n  Port 10022\n  User useronremote\n  IdentityFile ~/.ssh/keys/key1/openssh.keyforremote.priv\n  LocalForward 2222 SSHBeyondRemote.server.com:22\n';
  it('applies to "ssh remote.server.com" and keeps the target\'s case', () => {
    const cfg = parseSshConfig(text);
    expect(cfg.diagnostics).toEqual([]);
    const e = effectiveClientConfig(parseSshCommand('ssh remote.server.com').value, cfg.value);
    expect(e).toMatchObject({ hostName: 'remote.server.com', port: 10022, user: 'useronremote' });
    expect(e.forwards.map((f) => [f.listenPort, f.connectHost, f.connectPort, f.line])).toEqual([[2222, 'SSHBeyondRemote.server.com', 22, 6]]);
  });
});

describe('seed authorized_keys lines', () => {
  it('permitopen="localhost:10000",permitopen="localhost:10001": localhost only, not 127.0.0.1', () => {
    const r = parseAuthorizedKeysOptions(
      'command="/home/user/tunnel",no-X11-forwarding,no-pty,permitopen="localhost:10000",permitopen="localhost:10001" ssh-rsa AAAA...',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toMatchObject({
      command: '/home/user/tunnel',
      x11Forwarding: false,
      noPty: true,
      portForwarding: true,
      keyType: 'ssh-rsa',
      rejected: null,
    });
    expect(r.value.permitOpen.map((p) => [p.host, p.portNumber])).toEqual([
      ['localhost', 10000],
      ['localhost', 10001],
    ]);
  });

  it('permitopen="" (the address lost on the page) makes sshd ignore the key line', () => {
    const r = parseAuthorizedKeysOptions('command="/home/user/tunnel",no-X11-forwarding,no-pty,permitopen="",permitopen="" ssh-rsa AAAA...');
    expect(r.value.rejected).toBe('invalid permission port');
    expect(r.diagnostics).toMatchObject([{ code: 'keys.bad-option', line: 1, column: 65, length: 2, severity: 'error' }]);
    const fixed = parseAuthorizedKeysOptions(
      'command="/home/user/tunnel",no-X11-forwarding,no-pty,permitopen="127.0.0.1:10000",permitopen="127.0.0.1:10001" ssh-rsa AAAA...',
    );
    expect(fixed.value.permitOpen.map((p) => p.host)).toEqual(['127.0.0.1', '127.0.0.1']);
  });
});

describe('seed /etc/hosts and /etc/resolv.conf', () => {
  it('"$ cat /etc/hosts   localhost   malcolm-desktop" as pasted and as it was', () => {
    expect(parseHosts('   localhost   malcolm-desktop\n').diagnostics[0]?.code).toBe('hosts.invalid-address');
    const h = parseHosts('127.0.0.1 localhost\n127.0.1.1 malcolm-desktop\n').value;
    expect(lookupHosts(h, 'localhost', 'any')).toEqual(['127.0.0.1']);
  });

  it('the wrong address for the server name', () => {
    const h = parseHosts('127.0.0.1     localhost\n10.10.10.10  server.domain.com server\n').value;
    expect(lookupHosts(h, 'server.domain.com', 'any')).toEqual(['10.10.10.10']);
  });

  it('an empty resolv.conf, then one with nameserver records', () => {
    expect(parseResolvConf('').diagnostics.map((d) => d.code)).toEqual(['resolv.no-nameserver']);
    const r = parseResolvConf('nameserver 8.8.8.8\nnameserver 8.8.4.4\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.value.nameservers).toEqual(['8.8.8.8', '8.8.4.4']);
  });
});

describe('openssh-facts.md examples', () => {
  it('-L 15000:host:port with and without a bind address; two -L; -W; -J', () => {
    expect(cmd('ssh -L 15000:db:5432 s').value.forwards[0]?.bindAddress).toBeNull();
    expect(cmd('ssh -L 127.0.0.1:15000:db:5432 s').value.forwards[0]?.bindAddress).toBe('127.0.0.1');
    expect(cmd('ssh -L 15000:db:5432 -L 15001:db:5433 s').value.forwards).toHaveLength(2);
    expect(cmd('ssh -W db:5432 bastion').value.stdioForward).toEqual({ host: 'db', port: 5432 });
    expect(cmd('ssh -J bastion target').value.jump).toBe('bastion');
  });

  it('PermitOpen a:1 then PermitOpen b:2 permits only a:1; localhost is not 127.0.0.1', () => {
    const e = effectiveSshdConfig(parseSshdConfig('PermitOpen a:1\nPermitOpen b:2\n').value, conn);
    expect(e.permitOpen.list.map((x) => x.text)).toEqual(['a:1']);
    const l = effectiveSshdConfig(parseSshdConfig('PermitOpen localhost:8080\n').value, conn);
    expect(l.permitOpen.list.some((x) => x.host === '127.0.0.1')).toBe(false);
  });

  it('AllowTcpForwarding local refuses -R, AllowStreamLocalForwarding no, PermitTunnel no, ForceCommand alone', () => {
    expect(effectiveSshdConfig(parseSshdConfig('AllowTcpForwarding local\n').value, conn).allowTcpForwarding).toBe('local');
    expect(effectiveSshdConfig(parseSshdConfig('AllowStreamLocalForwarding no\n').value, conn).allowStreamLocalForwarding).toBe('no');
    expect(effectiveSshdConfig(parseSshdConfig('').value, conn).permitTunnel).toBe('no');
    const sftp = effectiveSshdConfig(parseSshdConfig('ForceCommand internal-sftp\n').value, conn);
    expect(sftp).toMatchObject({ forceCommand: 'internal-sftp', allowTcpForwarding: 'yes' });
  });
});
