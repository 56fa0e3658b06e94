import { describe, expect, it } from 'vitest';
import { parseSshCommand } from '../../../src/model/parse/command.ts';
import { effectiveClientConfig, parseSshConfig } from '../../../src/model/parse/ssh-config.ts';

const eff = (command: string, config: string) => effectiveClientConfig(parseSshCommand(command).value, parseSshConfig(config).value);

describe('parseSshConfig', () => {
  it('reads Host blocks, Key value and Key=value, any keyword case', () => {
    const r = parseSshConfig('# mine\nHost bastion\n  HOSTNAME=203.0.113.10\n  port = 2222\n\tUser\tops\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.value.blocks.map((b) => [b.kind, b.patterns, b.line])).toEqual([
      ['global', [], 0],
      ['host', ['bastion'], 2],
    ]);
    expect(r.value.lines.map((l) => [l.keyword, l.args, l.line, l.column, l.block])).toEqual([
      ['hostname', ['203.0.113.10'], 3, 3, 1],
      ['port', ['2222'], 4, 3, 1],
      ['user', ['ops'], 5, 2, 1],
    ]);
  });

  it('refuses unknown keywords like ssh, with a suggestion for typos', () => {
    const r = parseSshConfig('Host x\n  LocalFoward 1 a:2\n');
    expect(r.diagnostics).toMatchObject([{ code: 'ssh-config.unknown-keyword', line: 2, column: 3, length: 11, severity: 'error' }]);
    expect(r.diagnostics[0]?.message).toContain('LocalForward');
  });

  it('honours IgnoreUnknown and reports unsupported and obsolete keywords without failing', () => {
    const r = parseSshConfig('IgnoreUnknown UseKeychain,AddKeys*\nHost *\n  UseKeychain yes\n  RSAAuthentication yes\n  Cipher blowfish\n');
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ['ssh-config.unsupported-keyword', 'warning', 4],
      ['ssh-config.deprecated-keyword', 'info', 5],
    ]);
  });

  it('checks values even in blocks that do not apply, as ssh does', () => {
    const r = parseSshConfig('Host never-used\n  Port http-alt2\n  LocalForward 8080\n  GatewayPorts perhaps\n  ProxyJump @x\n');
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['ssh-config.bad-value', 2, 8],
      ['ssh-config.bad-value', 3, 3],
      ['ssh-config.bad-value', 4, 16],
      ['ssh-config.bad-value', 5, 3],
    ]);
    expect(r.diagnostics[1]?.message).toContain('Missing target argument');
  });

  it('points at a bad forwarding spec', () => {
    const r = parseSshConfig('Host h\n  LocalForward 8080 localhost:http-alt2\n');
    expect(r.diagnostics).toMatchObject([{ code: 'ssh-config.bad-forward', line: 2, column: 16, length: 24 }]);
    const u = parseSshConfig('Host h\n  LocalForward 2222 admin@inner:22\n');
    expect(u.diagnostics).toMatchObject([{ code: 'ssh-config.user-in-forward', severity: 'warning', line: 2 }]);
  });

  it('reports missing values, extra values, open quotes, Include and bad Match lines', () => {
    const r = parseSshConfig('Host\nPort 22 23\nUser "bob\nInclude ~/.ssh/conf.d/*\nMatch host\nMatch all host x\nMatch bogus y\nHostName %h.%d\n');
    expect(r.diagnostics.map((d) => [d.code, d.line, d.severity])).toEqual([
      ['ssh-config.missing-value', 1, 'error'],
      ['ssh-config.extra-arguments', 2, 'error'],
      ['ssh-config.invalid-quotes', 3, 'error'],
      ['ssh-config.include-not-followed', 4, 'warning'],
      ['ssh-config.bad-match', 5, 'error'],
      ['ssh-config.bad-match', 6, 'error'],
      ['ssh-config.bad-match', 7, 'error'],
      ['ssh-config.bad-percent', 8, 'error'],
    ]);
  });

  it('notes that Host patterns are case-sensitive', () => {
    expect(parseSshConfig('Host SSHBeyondRemote.server.com\n  Port 22\n').diagnostics).toMatchObject([
      { code: 'ssh-config.host-pattern-case', severity: 'info' },
    ]);
  });
});

describe('effectiveClientConfig', () => {
  const config = [
    'Host bastion',
    '  HostName 203.0.113.10',
    '  User ops',
    'Host web* !web2',
    '  HostName %h.corp.example',
    '  Port 2222',
    '  LocalForward 1 a:2',
    '  GatewayPorts yes',
    'Host *',
    '  User deploy',
    '  Port 22',
    '  ServerAliveInterval 30',
    '  ControlMaster auto',
    '  ControlPath ~/.ssh/cm-%r@%h:%p',
    '',
  ].join('\n');

  it('applies matching blocks in order, first value wins', () => {
    const e = eff('ssh web1', config);
    expect(e).toMatchObject({
      hostArg: 'web1',
      hostName: 'web1.corp.example',
      user: 'deploy',
      port: 2222,
      gatewayPorts: true,
      controlMaster: 'auto',
      controlPath: '~/.ssh/cm-%r@%h:%p',
    });
    expect(e.forwards.map((f) => [f.origin, f.line, f.listenPort])).toEqual([['config', 7, 1]]);
    expect(e.appliedBlocks).toEqual([4, 9]);
  });

  it('lets the command line win and puts its forwards first', () => {
    const e = eff('ssh -p 2200 -l me -L 5:b:6 -o GatewayPorts=no web1', config);
    expect(e).toMatchObject({ user: 'me', port: 2200, gatewayPorts: false });
    expect(e.forwards.map((f) => [f.origin, f.listenPort])).toEqual([
      ['command', 5],
      ['config', 1],
    ]);
  });

  it('honours negated Host patterns', () => {
    expect(eff('ssh web2', config)).toMatchObject({ hostName: 'web2', port: 22, forwards: [] });
  });

  it('matches Host patterns against the name as typed, case-sensitively; HostName is lower-cased', () => {
    expect(eff('ssh Bastion', config)).toMatchObject({ hostName: 'bastion', user: 'deploy' });
    expect(eff('ssh bastion', config)).toMatchObject({ hostName: '203.0.113.10', user: 'ops' });
    expect(eff('ssh MyHost.Example', '').hostName).toBe('myhost.example');
  });

  it('evaluates Match host against HostName and Match originalhost against the typed name', () => {
    const cfg = 'Host db\n  HostName db.internal.example\nMatch host *.internal.example\n  User dba\nMatch originalhost db\n  Port 5022\n';
    expect(eff('ssh db', cfg)).toMatchObject({ hostName: 'db.internal.example', user: 'dba', port: 5022 });
  });

  it('reads Match all, negation and Match final (second pass)', () => {
    expect(eff('ssh h', 'Match all\n  DynamicForward 1080\n').forwards.map((f) => f.kind)).toEqual(['dynamic']);
    expect(eff('ssh h', 'Match !host h\n  Port 9\n').port).toBe(22);
    expect(eff('ssh h', 'Match !host x\n  Port 9\n').port).toBe(9);
    expect(eff('ssh h', 'Match final\n  Port 7\n').port).toBe(7);
    expect(eff('ssh h', 'Match exec "true"\n  Port 7\n').port).toBe(22);
  });

  it('clears forwards for -W unless ClearAllForwardings no, and defaults ExitOnForwardFailure', () => {
    expect(eff('ssh -W db:5432 -L 1:a:2 b', '')).toMatchObject({ forwards: [], clearAllForwardings: true, exitOnForwardFailure: true });
    const kept = eff('ssh -W db:5432 b', 'Host b\n  ClearAllForwardings no\n  LocalForward 9 z:9\n');
    expect(kept.forwards).toHaveLength(1);
    expect(kept.exitOnForwardFailure).toBe(true);
  });

  it('treats ProxyJump none and ControlPath none as unset', () => {
    expect(eff('ssh h', 'Host h\n  ProxyJump none\n  ControlPath none\n')).toMatchObject({ proxyJump: null, controlPath: null });
    expect(eff('ssh h', 'Host h\n  ProxyJump alice@jump:2222\n').proxyJump).toBe('alice@jump:2222');
    expect(eff('ssh -J first h', 'Host h\n  ProxyJump second\n').proxyJump).toBe('first');
  });

  it('uses INFO, QUIET with -q, and the config LogLevel otherwise', () => {
    expect(eff('ssh h', '').logLevel).toBe('INFO');
    expect(eff('ssh -q h', 'LogLevel VERBOSE\n').logLevel).toBe('QUIET');
    expect(eff('ssh h', 'LogLevel error\n').logLevel).toBe('ERROR');
  });

  it('takes AddressFamily, Tunnel and forwards from the config', () => {
    const e = eff('ssh h', 'Host h\n  AddressFamily inet\n  Tunnel ethernet\n  TunnelDevice 3:4\n  RemoteForward 9000 localhost:22\n');
    expect(e.addressFamily).toBe('inet');
    expect(e.tunnel).toEqual({ mode: 'ethernet', local: '3', remote: '4' });
    expect(e.forwards.map((f) => [f.kind, f.listenPort, f.connectHost])).toEqual([['remote', 9000, 'localhost']]);
    expect(eff('ssh -4 h', 'AddressFamily inet6\n').addressFamily).toBe('inet');
  });
});
