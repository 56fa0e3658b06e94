/**
 * Cross-checks the parsers against the real OpenSSH binaries installed on this machine:
 * `ssh -G` (the client's effective configuration) and `sshd -T` (the server's, with -C for the
 * connection). Skipped, with a message, when the binaries are not there.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSshCommand, type Forward } from '../../../src/model/parse/command.ts';
import { effectiveClientConfig, parseSshConfig } from '../../../src/model/parse/ssh-config.ts';
import { effectiveSshdConfig, parseSshdConfig, type ConnInfo, type PermitList } from '../../../src/model/parse/sshd-config.ts';

const SSH = '/usr/bin/ssh';
const SSHD = '/usr/sbin/sshd';
const haveSsh = existsSync(SSH) && existsSync('/bin/bash');
const haveSshd = existsSync(SSHD) && existsSync('/usr/bin/ssh-keygen');

// ---------------------------------------------------------------------------------------------
// ssh -G

function sshG(commandText: string, configText: string, dir: string): { status: number; out: Map<string, string[]> } {
  const cfg = join(dir, 'ssh_config');
  writeFileSync(cfg, configText);
  const args = commandText.replace(/^ssh /, `ssh -G -F ${cfg} `);
  const r = spawnSync('/bin/bash', ['-c', `exec ${args} </dev/null`], { encoding: 'utf8', timeout: 5000 });
  const out = new Map<string, string[]>();
  for (const line of (r.stdout ?? '').split('\n')) {
    const sp = line.indexOf(' ');
    if (sp < 0) continue;
    const k = line.slice(0, sp);
    out.set(k, [...(out.get(k) ?? []), line.slice(sp + 1)]);
  }
  return { status: r.status ?? -1, out };
}

/** What ssh -G prints for our forwards (readconf.c dump_cfg_forwards, quirks included). */
function dumpForwards(fwds: Forward[]): { local: string[]; remote: string[]; dynamic: string[] } {
  const listen = (f: Forward) => (f.listenPath !== null ? f.listenPath : f.bindAddress === null ? `${f.listenPort}` : `[${f.bindAddress}]:${f.listenPort}`);
  const target = (f: Forward) => (f.connectPath !== null ? f.connectPath : f.socks ? '[socks]:0' : `[${f.connectHost}]:${f.connectPort}`);
  const local: string[] = [];
  const remote: string[] = [];
  const dynamic: string[] = [];
  for (const f of fwds) {
    if (f.kind === 'remote') remote.push(`${listen(f)} ${target(f)}`);
    else {
      // dump_cfg_forwards prints local forwards whose connect host is NULL (socket paths) as dynamic too
      if (f.socks || f.connectPath !== null) dynamic.push(listen(f));
      if (!f.socks) local.push(`${listen(f)} ${target(f)}`);
    }
  }
  return { local, remote, dynamic };
}

const COMMANDS: { cmd: string; config?: string }[] = [
  { cmd: 'ssh -nXNT -p 22 localhost' },
  { cmd: 'ssh -L 1234:localhost:1234 user@remote' },
  { cmd: 'ssh -L 1234:localhost:3389 user@remote' },
  { cmd: 'ssh -Nn -L 1234:remote:5678 user@remote' },
  { cmd: 'ssh -L 8983:locahost:8984 user@remote -4 -g -N' },
  { cmd: "ssh -ND '*:1234' user@example" },
  { cmd: 'ssh -D 8081 localhost' },
  { cmd: 'ssh -L 12345:destination.domain.host:54321  tunnelhost' },
  { cmd: 'ssh -o GatewayPorts=yes -o ServerAliveInterval=60 -o TCPKeepAlive=yes -T -N -R :10000:localhost:22 -i /nonexistent/id_rsa user@remote' },
  { cmd: 'ssh -L 1234:user@host:5678 server' },
  { cmd: "ssh -L '[::1]:8080:[fe80::1]:80' -L '*:1:h:2' -L :3:h:4 -R 0:localhost:22 -R 9000 -D 127.0.0.1:1081 h" },
  { cmd: 'ssh -L /tmp/s:/tmp/t -L 5:/tmp/u -R /tmp/v:h:7 -L 8080:web:http h' },
  { cmd: 'ssh -J alice@bastion:2222,jump2 -l bob target' },
  { cmd: 'ssh alice@h -l bob -p 2200' },
  { cmd: 'ssh -l bob -o User=carol -o Port=2022 ssh://alice@h:2222' },
  { cmd: 'ssh -W db.internal:5432 -L 5:b:6 bastion' },
  { cmd: 'ssh -W a:1 -o ClearAllForwardings=no -o ExitOnForwardFailure=no -L 5:b:6 bastion' },
  { cmd: 'ssh -MM -S /tmp/cm h' },
  { cmd: 'ssh -o ControlMaster=auto -o ControlPath=/tmp/%r@%h:%p -M h' },
  { cmd: 'ssh -q -v h' },
  { cmd: 'ssh -v -q h' },
  { cmd: 'ssh -o LogLevel=ERROR -vv h' },
  { cmd: 'ssh -o AddressFamily=inet6 -4 -o GatewayPorts=no -g h' },
  { cmd: 'ssh -w 0:1 -o Tunnel=ethernet h' },
  { cmd: 'ssh -o Tunnel=ethernet -w any h' },
  { cmd: 'ssh h -N -L 1:a:2 uptime -L 3:b:4' },
  { cmd: 'ssh -- h -N' },
  { cmd: 'ssh -o "LocalForward 8080 localhost:80" -o RemoteForward=9000 -o DynamicForward=1080 h' },
  // rejected command lines: ssh exits 255
  { cmd: 'ssh -p 22 localhost -L' },
  { cmd: 'ssh -L 1234: user@remote' },
  { cmd: 'ssh user@server.domain.com -L 3456:' },
  { cmd: "ssh -p '[ssh-port]' -N -f -L '[local-port]:[remote-port]' h" },
  { cmd: 'ssh -L 0:h:80 x' },
  { cmd: 'ssh -R 70000 x' },
  { cmd: 'ssh -o Foo=bar h' },
  { cmd: 'ssh -o Host=x h' },
  { cmd: 'ssh -J a -J b t' },
  { cmd: 'ssh -W db b' },
  { cmd: 'ssh -w x h' },
  { cmd: 'ssh -z h' },
  { cmd: 'ssh -o GatewayPorts=maybe h' },
  { cmd: 'ssh -L 8080:192.168.1.08:80 h' },
  // with a config file
  {
    cmd: 'ssh remote.server.com',
    config:
      'Host remote.server.com\n  HostName remote.server.com\n  Port 10022\n  User useronremote\n  IdentityFile ~/.ssh/keys/key1/openssh.keyforremote.priv\n  LocalForward 2222 SSHBeyondRemote.server.com:22\n',
  },
  {
    cmd: 'ssh -p 2200 -L 1:a:2 web1',
    config:
      'Host web* !web2\n  HostName %h.corp.example\n  Port 2222\n  LocalForward 1 a:2\n  LocalForward 3 b:4\n  GatewayPorts yes\nHost *\n  User deploy\n  GatewayPorts no\n  ControlMaster auto\n  ControlPath ~/.ssh/cm-%r@%h:%p\n',
  },
  { cmd: 'ssh web2', config: 'Host web* !web2\n  HostName %h.corp.example\nHost web2\n  HostName=10.0.0.2\n  ProxyJump bastion\n' },
  { cmd: 'ssh Foo', config: 'Host foo\n  HostName foo.example.com\n' },
  { cmd: 'ssh db', config: 'Match host db\n  Port 5022\nMatch originalhost db exec "false"\n  User nobodyx\nMatch all\n  DynamicForward 1080\n' },
  {
    cmd: 'ssh db',
    config:
      'Host db\n  HostName db.internal.example\nMatch host *.internal.example\n  User dba\n  ExitOnForwardFailure yes\n  ClearAllForwardings yes\n  LocalForward 1 a:2\n',
  },
  { cmd: 'ssh -W x:1 h', config: 'Host h\n  ClearAllForwardings no\n  ExitOnForwardFailure no\n  LocalForward 9 z:9\n' },
  { cmd: 'ssh h', config: 'Host h\n  LocalFoward 1 a:2\n' },
  { cmd: 'ssh h', config: 'Host h\n  LocalForward 1234\n' },
  { cmd: 'ssh h', config: 'IgnoreUnknown UseKeychain\nHost h\n  UseKeychain yes\n  AddressFamily inet\n  Tunnel yes\n  TunnelDevice 3:4\n' },
  { cmd: 'ssh h', config: 'Host h\n  RSAAuthentication yes\n  Port 2\n' },
  { cmd: 'ssh h', config: 'Host h\n  Include /nonexistent/*.conf\n  Port 2\n' },
  { cmd: 'ssh h', config: 'Host "h"\n  Port = 3\n  User "jo hn"\n' },
  { cmd: 'ssh h', config: 'Host h\n  Port 2 3\n' },
  { cmd: 'ssh h', config: 'Host h\n  HostName %h.%%x\n' },
  { cmd: 'ssh h', config: 'Host h\n  HostName %h.%x\n' },
  { cmd: 'ssh h', config: 'Match final\n  Port 7\nMatch canonical\n  User canon\n' },
  { cmd: 'ssh h', config: 'Host *\n  ProxyCommand none\n  ProxyJump x\n' },
  { cmd: 'ssh h', config: 'Host *\n  ProxyJump x,y\n  ProxyCommand nc %h %p\n' },
  { cmd: 'ssh -J j h', config: 'Host *\n  ProxyJump x\n' },
  { cmd: 'ssh h', config: 'Host h\n  ProxyJump @@\n' },
  { cmd: 'ssh h', config: 'Match user bob\n  Port 9\nHost h\n  User bob\nMatch user bob\n  Port 10\n' },
  { cmd: 'ssh h', config: 'Match all host h\n  Port 9\n' },
  { cmd: 'ssh h', config: 'Match !host x\n  Port 9\n' },
  { cmd: 'ssh h', config: 'Match nosuch x\n  Port 9\n' },
  { cmd: 'ssh h', config: 'Host\n  Port 9\n' },
  { cmd: 'ssh h', config: '  Port 9 # comment\nHost h\n  Port 10\n' },
  { cmd: 'ssh h', config: 'Host h\n  LocalForward 1 a:2\n  LocalForward 1 a:2\n  RemoteForward 5\n  DynamicForward *:1080\n' },
  { cmd: 'ssh h', config: 'Host h\n  GatewayPorts maybe\n' },
  { cmd: 'ssh h', config: 'Host h\n  Cipher aes\n  ControlMaster autoask\n  ControlPath none\n' },
  { cmd: 'ssh H.Example', config: 'Host h.example\n  Port 9\nHost H.Example\n  Port 10\nMatch host h.example\n  User low\n' },
];

describe.skipIf(!haveSsh)('ssh -G agrees with parseSshCommand + effectiveClientConfig', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'td-sshg-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  it.each(COMMANDS)('$cmd', ({ cmd, config }) => {
    const real = sshG(cmd, config ?? '', dir);
    const parsed = parseSshCommand(cmd);
    const cfg = parseSshConfig(config ?? '');
    const refused = parsed.value.exitLines !== null || cfg.diagnostics.some((d) => d.severity === 'error');
    expect(refused, `ssh -G exit status ${real.status}`).toBe(real.status !== 0);
    if (real.status !== 0) return;
    const eff = effectiveClientConfig(parsed.value, cfg.value);
    const one = (k: string) => real.out.get(k)?.[0];
    expect(eff.hostName).toBe(one('hostname'));
    expect(eff.user ?? userInfo().username).toBe(one('user'));
    expect(String(eff.port)).toBe(one('port'));
    const d = dumpForwards(eff.forwards);
    expect(d.local.sort()).toEqual([...(real.out.get('localforward') ?? [])].sort());
    expect(d.remote.sort()).toEqual([...(real.out.get('remoteforward') ?? [])].sort());
    expect(d.dynamic.sort()).toEqual([...(real.out.get('dynamicforward') ?? [])].sort());
    expect(eff.proxyJump).toBe(one('proxyjump') ?? null);
    const cm = { no: 'false', yes: 'true', ask: 'ask', auto: 'auto', autoask: 'autoask' }[eff.controlMaster ?? 'no'];
    expect(cm).toBe(one('controlmaster'));
    expect(eff.addressFamily).toBe(one('addressfamily'));
    expect(eff.gatewayPorts ? 'yes' : 'no').toBe(one('gatewayports'));
    expect(eff.exitOnForwardFailure ? 'yes' : 'no').toBe(one('exitonforwardfailure'));
    expect(eff.clearAllForwardings ? 'yes' : 'no').toBe(one('clearallforwardings'));
    const lvl = { QUIET: 'SILENT', DEBUG1: 'DEBUG' }[eff.logLevel] ?? eff.logLevel;
    expect([lvl, eff.logLevel]).toContain(one('loglevel'));
    if (eff.tunnel) {
      expect(eff.tunnel.mode).toBe(one('tunnel'));
    } else {
      expect(['false', undefined]).toContain(one('tunnel'));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// sshd -T

const SSHD_CONFIGS: { text: string; conn?: Partial<ConnInfo> }[] = [
  { text: '' },
  { text: 'AllowTcpForwarding no \n' },
  { text: 'AllowTCPForwarding yes\nPermitOpen any\nTCPKeepAlive yes\n' },
  { text: 'TCPKeepAlive yes AllowTCPForwarding yes PermitOpen any\n' },
  { text: 'Match group root\n    ForceCommand internal-sftp\n    ChrootDirectory /usr/chroot/%u\n' },
  { text: 'Match Group SSHTunnel_RemoteAccessGroup\n    AllowTcpForwarding yes\n' },
  { text: 'PermitTunnel yes\n' },
  { text: '\u201cPermitTunnel yes\u201d\n' },
  { text: 'MaxSession 64\n' },
  { text: 'MaxSessions 64\n' },
  { text: '#PermitTunnel no\n# To disable tunneled clear text passwords, change to no here!\n' },
  {
    text: 'AllowTcpForwarding yes\nPermitOpen a:1\nPermitOpen b:2\nMatch User alice\n  AllowTcpForwarding no\nMatch User alice\n  AllowTcpForwarding local\n  PermitOpen c:3 [::1]:http\n',
  },
  { text: 'AllowTcpForwarding yes\nMatch User alice\n  AllowTcpForwarding no\n' },
  { text: 'AllowTcpForwarding yes\nMatch User bob\n  AllowTcpForwarding no\n' },
  { text: 'Match User !root\n  AllowTcpForwarding no\n' },
  { text: 'Match User *,!root\n  AllowTcpForwarding no\n' },
  { text: 'Match User *,!alice\n  AllowTcpForwarding no\n' },
  { text: 'Match Address 10.0.0.0/8,!10.1.0.0/16\n  AllowTcpForwarding no\n' },
  { text: 'Match Address 10.0.0.0/8\n  PermitOpen localhost:5432\n' },
  { text: 'Match Address 10.0.0.1/8\n  AllowTcpForwarding no\n' },
  { text: 'Match Address 10.1.2.*\n  GatewayPorts clientspecified\n' },
  { text: 'Match LocalPort 22 User alice\n  X11Forwarding yes\n  MaxSessions 2\n' },
  { text: 'Match LocalPort 2222\n  X11Forwarding yes\n' },
  { text: 'Match LocalAddress 127.0.0.0/8\n  PermitTunnel point-to-point\n' },
  { text: 'Match Host *.EXAMPLE.com\n  AllowTcpForwarding remote\n' },
  { text: 'Match all\n  AllowStreamLocalForwarding no\n' },
  { text: 'Match all User alice\n  AllowTcpForwarding no\n' },
  { text: 'Match Foo bar\n  AllowTcpForwarding no\n' },
  { text: 'Match User\n  AllowTcpForwarding no\n' },
  { text: 'Match User alice\n  AddressFamily inet\n' },
  { text: 'Match User alice\n  X11Forwarding no\nAllowTcpForwarding no\n' },
  { text: 'AllowTcpForwarding maybe\n' },
  { text: 'AllowTcpForwarding ALL\nGatewayPorts ClientSpecified\n' },
  { text: 'AllowTcpForwarding no extra\n' },
  { text: 'AllowTcpForwarding\n' },
  { text: 'AllowTcpForwarding=no\nPermitTunnel = ethernet\n' },
  { text: 'PermitTunnel YES\n' },
  { text: 'MaxSessions abc\n' },
  { text: 'MaxSessions 0\n' },
  { text: 'PermitOpen localhost\n' },
  { text: 'PermitOpen Any\n' },
  { text: 'PermitOpen none\n' },
  { text: 'PermitOpen any foo:1\n' },
  { text: 'PermitOpen localhost:* 127.0.0.1:8080 [::1]:22 db:postgresql\n' },
  { text: 'PermitOpen host/80\n' },
  { text: 'PermitListen 8080 localhost:9000\n' },
  { text: 'PermitListen none\nMatch User alice\n  PermitListen any\n' },
  { text: 'DisableForwarding yes\n' },
  { text: 'ForceCommand internal-sftp\nMatch User alice\n  ForceCommand none\n' },
  { text: 'ForceCommand   /usr/bin/rsync --server -e.LsfxC . /srv\n' },
  { text: 'ChrootDirectory none\nAllowAgentForwarding no\nX11Forwarding yes\nAddressFamily inet6\n' },
  { text: 'RSAAuthentication yes\nUsePrivilegeSeparation no\nProtocol 2\nKerberosGetAFSToken no\n' },
  { text: 'Subsystem sftp /usr/lib/openssh/sftp-server\nAcceptEnv LANG LC_*\nUsePAM yes\n' },
  { text: 'PasswordAuthentication maybe\n' },
  { text: 'X11Forwarding "yes"\n' },
  { text: 'X11Forwarding "yes\n' },
  { text: 'Match Address 10.0.0.0/8,\n  X11Forwarding yes\n' },
  { text: 'Match User alice Address 192.168.0.0/16\n  X11Forwarding yes\n' },
  { text: 'Match User alice Address 10.0.0.0/8\n  X11Forwarding yes\n' },
  { text: 'Match User=alice\n  X11Forwarding yes\n' },
  { text: 'Match LocalPort abc\n  X11Forwarding yes\n' },
  { text: 'Include /nonexistent/*.conf\nX11Forwarding yes\n' },
  { text: 'Match User alice\n  Include /nonexistent/*.conf\n  X11Forwarding yes\n' },
  { text: 'Match User alice\n  PermitOpen none\nMatch all\n  PermitOpen a:1\n' },
  { text: 'PermitOpen *:80 h:*\n' },
  { text: 'PermitOpen :80\n' },
  { text: 'PermitOpen [::1]\n' },
  { text: 'PermitOpen h:0\n' },
  { text: 'AllowStreamLocalForwarding local\nAllowAgentForwarding maybe\n' },
  { text: 'GatewayPorts yes\nGatewayPorts no\n' },
  { text: 'MaxSessions -1\n' },
  { text: 'MaxSessions 2147483648\n' },
  { text: 'ChrootDirectory /srv/%u extra\n' },
  { text: 'ForceCommand\n' },
  { text: 'PermitTunnel point-to-point\nMatch Address 10.0.0.0/8\n  PermitTunnel no\n' },
  { text: 'AllowTcpForwarding no\nDisableForwarding yes\nMatch User alice\n  AllowTcpForwarding yes\n' },
  { text: 'Port 22\nListenAddress 0.0.0.0\nHostKey /etc/ssh/ssh_host_ed25519_key\nMatch User alice\n  Port 2222\n' },
  { text: 'LogLevel VERBOSE\nMatch all\n  LogLevel DEBUG3\n' },
  { text: 'LogLevel LOUD\n' },
  { text: 'UseDNS yes\nMatch Host *\n  X11Forwarding yes\n' },
  { text: 'Match Group root,!wheel\n  X11Forwarding yes\n' },
  { text: 'Match Group !root\n  X11Forwarding yes\n' },
];

describe.skipIf(!haveSshd)('sshd -T agrees with parseSshdConfig + effectiveSshdConfig', () => {
  let dir = '';
  let asNobody: string[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'td-sshdt-'));
    chmodSync(dir, 0o755);
    execFileSync('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'hostkey')]);
    // sshd -T needs no privileges, but as root it insists on /run/sshd: run it as nobody instead.
    if (process.getuid?.() === 0 && existsSync('/usr/bin/setpriv')) {
      chownSync(join(dir, 'hostkey'), 65534, 65534);
      asNobody = ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
    }
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const conn: ConnInfo = { user: 'root', groups: ['root'], host: null, address: '10.1.2.3', localAddress: '127.0.0.1', localPort: 22 };

  it.each(SSHD_CONFIGS)('$text', ({ text, conn: c }) => {
    const info = { ...conn, ...c };
    // Match User tests use "alice"; sshd -T needs no real account for User, but Group needs one.
    const user = text.includes('alice') ? 'alice' : info.user;
    const file = join(dir, 'sshd_config');
    writeFileSync(file, text);
    chmodSync(file, 0o644);
    const argv = [
      ...asNobody,
      SSHD,
      '-T',
      '-f',
      file,
      '-h',
      join(dir, 'hostkey'),
      '-C',
      `user=${user},host=${info.address},addr=${info.address},laddr=${info.localAddress},lport=${info.localPort}`,
    ];
    const r = spawnSync(argv[0] as string, argv.slice(1), { encoding: 'utf8', timeout: 5000 });
    const parsed = parseSshdConfig(text);
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length > 0, `sshd exit ${r.status}: ${r.stderr}`).toBe(r.status !== 0);
    if (r.status !== 0) return;
    const out = new Map<string, string>();
    for (const line of r.stdout.split('\n')) {
      const sp = line.indexOf(' ');
      if (sp > 0 && !out.has(line.slice(0, sp))) out.set(line.slice(0, sp), line.slice(sp + 1));
    }
    const e = effectiveSshdConfig(parsed.value, { ...info, user });
    const permit = (p: PermitList) => (p.any ? 'any' : p.none ? 'none' : p.list.map((x) => x.text).join(' '));
    expect({
      allowtcpforwarding: e.allowTcpForwarding,
      disableforwarding: e.disableForwarding ? 'yes' : 'no',
      permitopen: permit(e.permitOpen),
      permitlisten: permit(e.permitListen),
      gatewayports: e.gatewayPorts,
      permittunnel: e.permitTunnel,
      allowstreamlocalforwarding: e.allowStreamLocalForwarding,
      maxsessions: String(e.maxSessions),
      forcecommand: e.forceCommand ?? 'none',
      chrootdirectory: e.chrootDirectory ?? 'none',
      x11forwarding: e.x11Forwarding ? 'yes' : 'no',
      addressfamily: e.addressFamily,
      allowagentforwarding: e.allowAgentForwarding ? 'yes' : 'no',
    }).toEqual({
      allowtcpforwarding: out.get('allowtcpforwarding'),
      disableforwarding: out.get('disableforwarding'),
      permitopen: out.get('permitopen'),
      permitlisten: out.get('permitlisten'),
      gatewayports: out.get('gatewayports'),
      permittunnel: out.get('permittunnel'),
      allowstreamlocalforwarding: out.get('allowstreamlocalforwarding'),
      maxsessions: out.get('maxsessions'),
      forcecommand: out.get('forcecommand'),
      chrootdirectory: out.get('chrootdirectory'),
      x11forwarding: out.get('x11forwarding'),
      addressfamily: out.get('addressfamily'),
      allowagentforwarding: out.get('allowagentforwarding'),
    });
  });
});

describe('real OpenSSH binaries', () => {
  it.skipIf(haveSsh && haveSshd)('are not installed here, so the ssh -G / sshd -T cross-checks were skipped', () => {
    expect(haveSsh && haveSshd).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// The shell: our word splitting against bash's, on random quoting

describe.skipIf(!existsSync('/bin/bash'))('word splitting agrees with bash', { timeout: 30_000 }, () => {
  const pieces = [
    'a',
    'b c',
    ' ',
    '  ',
    '\t',
    "'",
    '"',
    '\\',
    '\\\n',
    "'x y'",
    '"p q"',
    '"a\\"b"',
    "'\\'",
    ':',
    '-L',
    '8080:h:80',
    '#',
    'x#y',
    '=',
    '@',
    '\\ ',
    '"\\\\"',
    '"\\x"',
  ];
  it('splits 150 random command lines into the same words', async () => {
    const fc = (await import('fast-check')).default;
    const samples = fc.sample(
      fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 12 }).map((a) => a.join('')),
      { numRuns: 150, seed: 42 },
    );
    let compared = 0;
    for (const tail of samples) {
      const text = `ssh -- h ${tail}`;
      const parsed = parseSshCommand(text);
      if (parsed.diagnostics.some((d) => d.code === 'command.unterminated-quote')) continue;
      const r = spawnSync('/bin/bash', ['-c', `set -f; f() { printf '%s\\0' "$#" "$@"; }; f ${tail}`], { encoding: 'utf8', timeout: 5000 });
      if (r.status !== 0) continue;
      const [count, ...bashWords] = r.stdout.split('\0').slice(0, -1);
      expect(bashWords).toHaveLength(Number(count));
      expect(parsed.value.remoteCommand, JSON.stringify(tail)).toEqual(bashWords);
      compared++;
    }
    expect(compared).toBeGreaterThan(60);
  });
});
