import { describe, expect, it } from 'vitest';
import { parseForwardSpec, parseSshCommand, type Forward } from '../../../src/model/parse/command.ts';

const parse = (t: string) => parseSshCommand(t);
const codes = (t: string) => parse(t).diagnostics.map((d) => d.code);
const fwd = (f: Forward) => [f.kind, f.bindAddress, f.listenPort ?? f.listenPath, f.connectHost, f.connectPort ?? f.connectPath, f.socks];

describe('destination, user and port', () => {
  it('splits user@host at the last @', () => {
    const c = parse('ssh alice@server.example').value;
    expect([c.destination, c.user, c.host, c.port]).toEqual(['alice@server.example', 'alice', 'server.example', null]);
    expect(parse('ssh first.last@corp@bastion').value).toMatchObject({ user: 'first.last@corp', host: 'bastion' });
  });

  it('reads ssh:// URIs, including a port and an encoded user', () => {
    expect(parse('ssh ssh://alice@host:2222').value).toMatchObject({ destination: 'ssh://alice@host:2222', user: 'alice', host: 'host', port: 2222 });
    expect(parse("ssh 'ssh://al%40ice;x=1@h'").value).toMatchObject({ user: 'al@ice', host: 'h' });
    const bad = parse('ssh ssh://host:99999');
    expect(bad.diagnostics.map((d) => d.code)).toContain('command.bad-destination');
    expect(bad.value.exitLines?.[0]).toMatch(/^usage: ssh/);
  });

  it('keeps the first user and port, as ssh does', () => {
    expect(parse('ssh -l bob alice@h').value.user).toBe('bob');
    expect(parse('ssh alice@h -l bob').value.user).toBe('alice');
    expect(parse('ssh -p 2222 -p 22 h').value.port).toBe(2222);
    expect(parse('ssh -o Port=2200 -p 22 h').value.port).toBe(2200);
    expect(parse('ssh -p 2222 ssh://h:22').value.port).toBe(2222);
    expect(parse('ssh -o User=carol alice@h').value.user).toBe('carol');
  });

  it('accepts service names as ports and rejects bad ones', () => {
    expect(parse('ssh -p ssh h').value.port).toBe(22);
    const r = parse('ssh -p 0 h');
    expect(r.diagnostics).toMatchObject([{ code: 'command.bad-port', line: 1, column: 8, length: 1, severity: 'error' }]);
    expect(r.value.exitLines).toEqual(["Bad port '0'"]);
    expect(parse('ssh -p 65536 h').value.exitLines).toEqual(["Bad port '65536'"]);
  });

  it('reports a missing destination at the end of the command', () => {
    const r = parse('ssh -N -L 8080:localhost:80');
    expect(r.diagnostics).toMatchObject([{ code: 'command.no-destination', line: 1, column: 28, severity: 'error' }]);
    expect(r.value.exitLines?.[0]).toMatch(/^usage: ssh \[-46AaCfGgKkMNnqsTtVvXxYy\]/);
  });
});

describe('getopt as ssh uses it', () => {
  it('reads bundled flags and an argument attached to its option', () => {
    const c = parse('ssh -fNL8080:localhost:80 -p2222 h').value;
    expect(c.background && c.noCommand && c.stdinNull).toBe(true);
    expect(c.port).toBe(2222);
    expect(c.forwards.map(fwd)).toEqual([['local', null, 8080, 'localhost', 80, false]]);
  });

  it('reads options after the destination (ssh re-runs getopt after the host)', () => {
    const c = parse('ssh h -N -L 1:a:2').value;
    expect(c.noCommand).toBe(true);
    expect(c.forwards).toHaveLength(1);
    expect(c.remoteCommand).toEqual([]);
  });

  it('sends everything after the first command word to the server', () => {
    const r = parse('ssh h uptime -L 1:a:2');
    expect(r.value.forwards).toEqual([]);
    expect(r.value.remoteCommand).toEqual(['uptime', '-L', '1:a:2']);
    expect(r.diagnostics).toMatchObject([{ code: 'command.option-after-command', column: 14, length: 2, severity: 'warning' }]);
  });

  it('stops reading options at --', () => {
    expect(parse('ssh -- h -N').value).toMatchObject({ noCommand: false, remoteCommand: ['-N'] });
    expect(parse('ssh h -- -N').value.remoteCommand).toEqual(['-N']);
  });

  it('reports unknown options and missing arguments like getopt, with the usage text', () => {
    const r = parse('ssh -z h');
    expect(r.diagnostics).toMatchObject([{ code: 'command.unknown-option', column: 6, length: 1 }]);
    expect(r.value.exitLines?.slice(0, 2)).toEqual(['unknown option -- z', 'usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]']);
    const m = parse('ssh h -L');
    expect(m.diagnostics).toMatchObject([{ code: 'command.missing-argument', column: 8, length: 1 }]);
    expect(m.value.exitLines?.[0]).toBe('option requires an argument -- L');
  });

  it('takes the next word as the argument even when it starts with -', () => {
    expect(parse('ssh -l -N h').value).toMatchObject({ user: '-N', noCommand: false, host: 'h' });
  });
});

describe('flags', () => {
  it('follows -X / -Y / -x like ssh (-Y then -X stays trusted)', () => {
    expect(parse('ssh -X h').value.x11).toBe('untrusted');
    expect(parse('ssh -Y h').value.x11).toBe('trusted');
    expect(parse('ssh -Y -X h').value.x11).toBe('trusted');
    expect(parse('ssh -X -x h').value.x11).toBe('none');
  });

  it('counts -M (-MM = ask) and combines with -o ControlMaster', () => {
    expect(parse('ssh -M h').value.controlMaster).toBe('yes');
    expect(parse('ssh -MM h').value.controlMaster).toBe('ask');
    expect(parse('ssh -o ControlMaster=yes -M h').value.controlMaster).toBe('ask');
    expect(parse('ssh -o ControlMaster=auto -S /tmp/cm-%r@%h:%p h').value).toMatchObject({ controlMaster: 'auto', controlPath: '/tmp/cm-%r@%h:%p' });
    expect(parse('ssh -O check -S /tmp/s h').value.controlCommand).toBe('check');
    expect(parse('ssh -O bogus h').value.exitLines).toEqual(['Invalid multiplex command.']);
  });

  it('sets the log level as ssh does for -q, -v and -o LogLevel', () => {
    expect(parse('ssh -q h').value).toMatchObject({ quiet: true, logLevel: 'QUIET' });
    expect(parse('ssh -vvv h').value).toMatchObject({ verbose: 3, logLevel: 'DEBUG3' });
    expect(parse('ssh -q -v h').value.logLevel).toBe('DEBUG1');
    expect(parse('ssh -v -q h').value.logLevel).toBe('QUIET');
    expect(parse('ssh -o LogLevel=ERROR -v h').value.logLevel).toBe('DEBUG1');
    expect(parse('ssh -o loglevel=error h').value.logLevel).toBe('ERROR');
    expect(parse('ssh h').value.logLevel).toBeNull();
  });

  it('lets -4/-6 and -g override -o, and -o keep its first value', () => {
    expect(parse('ssh -o AddressFamily=inet6 -4 h').value.addressFamily).toBe('inet');
    expect(parse('ssh -4 -o AddressFamily=inet6 h').value.addressFamily).toBe('inet');
    expect(parse('ssh -o GatewayPorts=no -g h').value.gatewayPorts).toBe(true);
    expect(parse('ssh -o GatewayPorts=yes -o GatewayPorts=no h').value.gatewayPorts).toBe(true);
    expect(parse('ssh -o ExitOnForwardFailure=yes h').value.exitOnForwardFailure).toBe(true);
  });

  it('records -o options lower-cased, first one wins', () => {
    const c = parse('ssh -o ServerAliveInterval=60 -o "ServerAliveInterval 30" -oStrictHostKeyChecking=no h').value;
    expect(c.options).toEqual({ serveraliveinterval: '60', stricthostkeychecking: 'no' });
  });

  it('refuses unknown -o options and Host/Match on the command line', () => {
    const r = parse('ssh -o Foo=bar h');
    expect(r.diagnostics).toMatchObject([{ code: 'command.unknown-option', column: 8, length: 3 }]);
    expect(r.value.exitLines).toEqual(['command-line: line 0: Bad configuration option: foo']);
    expect(parse('ssh -o Host=x h').value.exitLines).toEqual(['Host directive not supported as a command-line option']);
    expect(parse('ssh -o LocalForward=1234 h').value.exitLines).not.toBeNull();
    expect(codes('ssh -o GatewayPorts=maybe h')).toEqual(['command.bad-value']);
  });

  it('collects identity files and the config file', () => {
    expect(parse('ssh -i ~/.ssh/a -i ~/.ssh/b -F ./cfg h').value).toMatchObject({ identityFiles: ['~/.ssh/a', '~/.ssh/b'], configFile: './cfg' });
  });

  it('knows -G, -V and -Q do not connect', () => {
    expect(parse('ssh -G h').value.mode).toBe('print-config');
    expect(parse('ssh -V').value.mode).toBe('version');
    expect(codes('ssh -V')).toEqual(['command.no-connect']);
  });

  it('refuses -1', () => {
    expect(parse('ssh -1 h').value.exitLines).toEqual(['SSH protocol v.1 is no longer supported']);
  });
});

describe('-L / -R / -D specifications (readconf.c parse_forward)', () => {
  it.each([
    ['-L 8080:localhost:80', ['local', null, 8080, 'localhost', 80, false]],
    ['-L 127.0.0.1:15000:db:5432', ['local', '127.0.0.1', 15000, 'db', 5432, false]],
    ['-L *:8080:web:80', ['local', '*', 8080, 'web', 80, false]],
    ['-L :8080:web:80', ['local', '', 8080, 'web', 80, false]],
    ['-L [::1]:8080:[fe80::1]:80', ['local', '::1', 8080, 'fe80::1', 80, false]],
    ['-L 8080:[2001:db8::5]:443', ['local', null, 8080, '2001:db8::5', 443, false]],
    ['-L 8080:web:http', ['local', null, 8080, 'web', 80, false]],
    ['-L /tmp/local.sock:db:5432', ['local', null, '/tmp/local.sock', 'db', 5432, false]],
    ['-L 5432:/run/postgresql/.s.PGSQL.5432', ['local', null, 5432, null, '/run/postgresql/.s.PGSQL.5432', false]],
    ['-L /tmp/a.sock:/tmp/b.sock', ['local', null, '/tmp/a.sock', null, '/tmp/b.sock', false]],
    ['-L 127.0.0.1:8080:/run/x.sock', ['local', '127.0.0.1', 8080, null, '/run/x.sock', false]],
    ['-D 1080', ['dynamic', null, 1080, null, null, true]],
    ['-D 127.0.0.1:1081', ['dynamic', '127.0.0.1', 1081, null, null, true]],
    ['-D 1080:', ['dynamic', null, 1080, null, null, true]],
    ['-R 9000:localhost:22', ['remote', null, 9000, 'localhost', 22, false]],
    ['-R 0:localhost:22', ['remote', null, 0, 'localhost', 22, false]],
    ['-R :10000:localhost:22', ['remote', '', 10000, 'localhost', 22, false]],
    ['-R 9000', ['remote', null, 9000, null, null, true]],
    ['-R 0.0.0.0:9000', ['remote', '0.0.0.0', 9000, null, null, true]],
    ['-R /tmp/r.sock:h:7', ['remote', null, '/tmp/r.sock', 'h', 7, false]],
  ])('%s', (opt, expected) => {
    const r = parse(`ssh ${opt} host`);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.value.forwards.map(fwd)).toEqual([expected]);
    expect(r.value.forwards[0]?.spec).toBe(opt.slice(3));
  });

  it('lets a backslash protect a colon inside a quoted spec (and the shell eat an unquoted one)', () => {
    expect(parse("ssh -L '8080:we\\:b:80' h").value.forwards.map(fwd)).toEqual([['local', null, 8080, 'we:b', 80, false]]);
    expect(parse('ssh -L 8080:we\\:b:80 h').value.exitLines).toEqual(["Bad local forwarding specification '8080:we:b:80'"]);
  });

  it.each([
    ['-L 1234:', 'local'],
    ['-L 8080', 'local'],
    ['-L 8080:host', 'local'],
    ['-L 0:host:80', 'local'],
    ['-L 8080:host:0', 'local'],
    ['-L 8080:host:99999', 'local'],
    ['-L 8080:host:port', 'local'],
    ['-L a:b:c:d:e', 'local'],
    ['-L [::1:8080:h:80', 'local'],
    ['-L [::1]x:8080:h:80', 'local'],
    ['-D 0', 'dynamic'],
    ['-D 1:2:3', 'dynamic'],
    ['-R 9000:host', 'remote'],
    ['-R 70000', 'remote'],
  ])('rejects %s like ssh', (opt, kind) => {
    const r = parse(`ssh ${opt} host`);
    const spec = opt.slice(3);
    const d = r.diagnostics.find((x) => x.code === 'command.bad-forward');
    expect(d).toMatchObject({ line: 1, column: 8, length: spec.length, severity: 'error' });
    expect(d?.message).toContain(`Bad ${kind} forwarding specification '${spec}'`);
    expect(r.value.exitLines).toEqual([`Bad ${kind} forwarding specification '${spec}'`]);
    expect(r.value.forwards).toEqual([]);
  });

  it('explains why a spec is bad', () => {
    expect(parse('ssh -L 8080:host:port h').diagnostics[0]?.message).toContain("'port' is not a port number");
    expect(parse('ssh -L 8080 h').diagnostics[0]?.message).toContain('names no target');
    expect(parse('ssh -L 0:h:80 x').diagnostics[0]?.message).toContain('port 0');
  });

  it('keeps user@host as the target host, with a warning on exactly that part', () => {
    const r = parse('ssh -L 1234:user@host:5678 server');
    expect(r.value.forwards.map(fwd)).toEqual([['local', null, 1234, 'user@host', 5678, false]]);
    expect(r.diagnostics).toMatchObject([{ code: 'command.user-in-forward', severity: 'warning', line: 1, column: 13, length: 9 }]);
    expect(r.diagnostics[0]?.message).toContain("'host'");
    expect(r.value.exitLines).toBeNull();
  });

  it('warns about an address with a leading zero (octal to the resolver)', () => {
    const r = parse('ssh -L 8080:192.168.1.08:80 server');
    expect(r.value.forwards[0]?.connectHost).toBe('192.168.1.08');
    expect(r.diagnostics).toMatchObject([{ code: 'command.leading-zero-address', column: 13, length: 12 }]);
    expect(r.diagnostics[0]?.message).toContain('octal');
  });

  it('drops duplicate forwards as ssh does, keeps command order otherwise', () => {
    const c = parse('ssh -L 1:a:2 -R 3:b:4 -L 1:a:2 -D 5 h').value;
    expect(c.forwards.map((f) => f.kind)).toEqual(['local', 'remote', 'dynamic']);
  });

  it('adds -o LocalForward / RemoteForward / DynamicForward to the forwards', () => {
    const c = parse('ssh -o "LocalForward 8080 localhost:80" -o RemoteForward=9000 -o DynamicForward=1080 h').value;
    expect(c.forwards.map(fwd)).toEqual([
      ['local', null, 8080, 'localhost', 80, false],
      ['remote', null, 9000, null, null, true],
      ['dynamic', null, 1080, null, null, true],
    ]);
  });

  it('parses specs the same way through parseForwardSpec', () => {
    expect(parseForwardSpec('8080:db:5432', 'local')).toMatchObject({ forward: { connectHost: 'db', connectPort: 5432 } });
    expect(parseForwardSpec('8080', 'local')).toHaveProperty('error');
  });
});

describe('-W, -J, -w', () => {
  it('reads -W host:port; ExitOnForwardFailure then defaults to yes', () => {
    const c = parse('ssh -W db.internal:5432 bastion').value;
    expect(c.stdioForward).toEqual({ host: 'db.internal', port: 5432 });
    expect(c.exitOnForwardFailure).toBe(true);
    expect(c.noTty).toBe(true);
    expect(parse('ssh -W [::1]:22 b').value.stdioForward).toEqual({ host: '::1', port: 22 });
    expect(parse('ssh -W db b').value.exitLines).toEqual(["Bad stdio forwarding specification 'db'"]);
  });

  it('keeps -J as typed and refuses a second -J', () => {
    expect(parse('ssh -J alice@bastion:2222,jump2 target').value.jump).toBe('alice@bastion:2222,jump2');
    const r = parse('ssh -J a -J b target');
    expect(r.value.exitLines).toEqual(['Only a single -J option is permitted (use commas to separate multiple jump hops)']);
    expect(parse('ssh -o ProxyJump=a -J b t').value.exitLines?.[0]).toContain('Only a single -J');
    expect(parse('ssh -J @bad t').value.exitLines).toEqual(['Invalid -J argument']);
    expect(parse('ssh -o ProxyJump=bastion t').value.jump).toBe('bastion');
  });

  it('reads -w with the mode from -o Tunnel', () => {
    expect(parse('ssh -w 0:1 h').value.tunnel).toEqual({ mode: 'point-to-point', local: '0', remote: '1' });
    expect(parse('ssh -o Tunnel=ethernet -w any h').value.tunnel).toEqual({ mode: 'ethernet', local: 'any', remote: 'any' });
    expect(parse('ssh -w x h').value.exitLines).toEqual(["Bad tun device 'x'"]);
  });
});

describe('the shell around the command', () => {
  it('handles quotes, escapes and line continuations', () => {
    const r = parse('ssh \\\n  -L \'8080:my host:80\' \\\n  -o "ProxyCommand=ssh -W %h:%p gw" -N h\\ost');
    expect(r.value.forwards[0]?.connectHost).toBe('my host');
    expect(r.value.proxyCommand).toBe('ssh -W %h:%p gw');
    expect(r.value.host).toBe('host');
    expect(r.diagnostics).toEqual([]);
  });

  it('points at the forward spec on its own line', () => {
    const r = parse('ssh -N \\\n  -L 1234: \\\n  user@remote');
    expect(r.diagnostics).toMatchObject([{ code: 'command.bad-forward', line: 2, column: 6, length: 5 }]);
  });

  it('points inside quoted words correctly', () => {
    const r = parse('ssh -L "1234:user@host:80" s');
    expect(r.diagnostics[0]).toMatchObject({ code: 'command.user-in-forward', column: 14, length: 9 });
  });

  it('removes prompts, environment assignments, sudo and redirections', () => {
    expect(parse('$ ssh -D 1080 h').value.host).toBe('h');
    expect(parse('user@laptop:~$ ssh -D 1080 h').value.forwards).toHaveLength(1);
    expect(parse('root@remote-server:~# ssh h').value.host).toBe('h');
    expect(parse('AUTOSSH_PORT=0 LANG=C sudo -E ssh -N h').value).toMatchObject({ program: 'ssh', noCommand: true });
    expect(parse('/usr/bin/ssh -N h').value.program).toBe('ssh');
    const r = parse('ssh -N h 2>/dev/null </dev/null | tee log; echo done');
    expect(r.value.remoteCommand).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['command.redirection-ignored', 'command.redirection-ignored', 'command.extra-commands']);
  });

  it('uses only the first line of a multi-line paste', () => {
    const r = parse('ssh -L 1:a:2 h\nchannel 1: open failed: administratively prohibited: open failed\n');
    expect(r.value.host).toBe('h');
    expect(r.diagnostics).toMatchObject([{ code: 'command.extra-lines', line: 2, column: 1, severity: 'warning' }]);
  });

  it('reports an unterminated quote', () => {
    expect(parse("ssh -L '8080:a:80 h").diagnostics.map((d) => d.code)).toContain('command.unterminated-quote');
  });

  it('notes shell expansions it cannot perform', () => {
    const r = parse('ssh -i $HOME/.ssh/id_ed25519 "$TARGET"');
    expect(r.value.identityFiles).toEqual(['$HOME/.ssh/id_ed25519']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['command.shell-expansion']);
  });

  it('reads a command without the program name as ssh arguments', () => {
    const r = parse('-N -L 1234:localhost:1234 user@remote');
    expect(r.value).toMatchObject({ program: 'ssh', host: 'remote', noCommand: true });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['command.no-program']);
  });

  it('refuses programs that are not ssh', () => {
    const r = parse('scp -P 2222 file h:');
    expect(r.value.program).toBe('scp');
    expect(r.diagnostics).toMatchObject([{ code: 'command.not-ssh', column: 1, length: 3, severity: 'error' }]);
    expect(parse('').diagnostics[0]?.code).toBe('command.empty');
  });
});

describe('autossh', () => {
  it('adds the monitoring forwards autossh passes to ssh (-M port)', () => {
    const c = parse('autossh -M 20000 -N -L 8080:localhost:80 h').value;
    expect(c.program).toBe('autossh');
    expect(c.autossh).toEqual({ monitorPort: 20000, echoPort: null });
    expect(c.forwards.map((f) => [...fwd(f), f.implicit ?? null])).toEqual([
      ['local', null, 20000, '127.0.0.1', 20000, false, 'autossh-monitor'],
      ['remote', null, 20000, '127.0.0.1', 20001, false, 'autossh-monitor'],
      ['local', null, 8080, 'localhost', 80, false, null],
    ]);
  });

  it('adds nothing for -M 0 and uses the echo port form', () => {
    expect(parse('autossh -M 0 -N -D 1080 h').value.forwards.map((f) => f.kind)).toEqual(['dynamic']);
    const e = parse('autossh -M 20000:7 h').value;
    expect(e.autossh).toEqual({ monitorPort: 20000, echoPort: 7 });
    expect(e.forwards.map(fwd)).toEqual([['local', null, 20000, '127.0.0.1', 7, false]]);
  });

  it('keeps -f for itself and warns without -M', () => {
    const c = parse('autossh -M 0 -fN h').value;
    expect(c.background).toBe(true);
    expect(c.noCommand).toBe(true);
    expect(codes('autossh -N h')).toContain('command.autossh-no-monitor');
  });
});
