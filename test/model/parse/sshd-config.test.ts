import { describe, expect, it } from 'vitest';
import { parseServerVersion } from '../../../src/model/version.ts';
import {
  canonicalSshdKeyword,
  effectiveSshdConfig,
  matchBlockApplies,
  parsePermitEntry,
  parseSshdConfig,
  sshdKeywordStatus,
  type ConnInfo,
} from '../../../src/model/parse/sshd-config.ts';

const v = (s: string) => parseServerVersion('openssh', s).value;
const alice: ConnInfo = { user: 'alice', groups: ['alice', 'developers'], host: null, address: '198.51.100.23', localAddress: '10.0.0.5', localPort: 22 };
const run = (text: string, conn: ConnInfo = alice, version?: string) => {
  const p = parseSshdConfig(text, version ? v(version) : undefined);
  return { p, e: effectiveSshdConfig(p.value, conn, version ? v(version) : undefined) };
};

describe('defaults (sshd 9.2)', () => {
  it('allows forwarding by default', () => {
    const { p, e } = run('');
    expect(p.diagnostics).toEqual([]);
    expect(e).toMatchObject({
      allowTcpForwarding: 'yes',
      disableForwarding: false,
      permitOpen: { any: true, none: false, list: [] },
      permitListen: { any: true },
      gatewayPorts: 'no',
      permitTunnel: 'no',
      allowStreamLocalForwarding: 'yes',
      maxSessions: 10,
      forceCommand: null,
      chrootDirectory: null,
      x11Forwarding: false,
      addressFamily: 'any',
      allowAgentForwarding: true,
    });
    expect(e.origin.allowTcpForwarding).toBeNull();
  });
});

describe('parseSshdConfig', () => {
  it('reads keywords in any case, Keyword=value, comments and quotes', () => {
    const { p } = run('# comment\nALLOWTCPFORWARDING=no\nForceCommand "/usr/bin/echo hi" # note\n  maxsessions  3\n');
    expect(p.diagnostics).toEqual([]);
    expect(p.value.global).toEqual([
      { keyword: 'AllowTcpForwarding', args: ['no'], line: 2, column: 1, rest: 'no' },
      { keyword: 'ForceCommand', args: ['/usr/bin/echo hi'], line: 3, column: 1, rest: '"/usr/bin/echo hi" # note' },
      { keyword: 'MaxSessions', args: ['3'], line: 4, column: 3, rest: '3' },
    ]);
  });

  it('groups directives under Match blocks', () => {
    const { p } = run('X11Forwarding yes\nMatch User alice,bob Address 10.0.0.0/8\n  AllowTcpForwarding no\nMatch all\n  MaxSessions 2\n');
    expect(p.value.global.map((d) => d.keyword)).toEqual(['X11Forwarding']);
    expect(p.value.matches).toEqual([
      {
        line: 2,
        criteria: [
          { kind: 'user', patterns: 'alice,bob' },
          { kind: 'address', patterns: '10.0.0.0/8' },
        ],
        directives: [{ keyword: 'AllowTcpForwarding', args: ['no'], line: 3, column: 3, rest: 'no' }],
      },
      { line: 4, criteria: [{ kind: 'all', patterns: '' }], directives: [{ keyword: 'MaxSessions', args: ['2'], line: 5, column: 3, rest: '2' }] },
    ]);
  });

  it('refuses unknown keywords as sshd does, suggesting the right one', () => {
    const { p } = run('MaxSession 20\n');
    expect(p.diagnostics).toMatchObject([{ code: 'sshd.unknown-keyword', line: 1, column: 1, length: 10, severity: 'error' }]);
    expect(p.diagnostics[0]?.message).toContain('Bad configuration option: MaxSession');
    expect(p.diagnostics[0]?.message).toContain('MaxSessions');
  });

  it('explains keywords that are too new for the chosen release', () => {
    const r = parseSshdConfig('DisableForwarding yes\nPermitListen 8080\n', v('7.3'));
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['sshd.unknown-keyword', 1],
      ['sshd.unknown-keyword', 2],
    ]);
    expect(r.diagnostics[0]?.message).toContain('needs OpenSSH 7.4');
    expect(parseSshdConfig('DisableForwarding yes\n', v('7.4')).diagnostics).toEqual([]);
    expect(parseSshdConfig('AllowStreamLocalForwarding no\n', v('6.6')).diagnostics[0]?.code).toBe('sshd.unknown-keyword');
    expect(parseSshdConfig('Include /etc/ssh/sshd_config.d/*.conf\n', v('7.4')).diagnostics[0]?.code).toBe('sshd.unknown-keyword');
  });

  it("refuses keywords that cannot be inside Match, with sshd's words", () => {
    const { p } = run('Match User alice\n  AddressFamily inet\n  UseDNS no\n');
    expect(p.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['sshd.not-allowed-in-match', 2, 3],
      ['sshd.not-allowed-in-match', 3, 3],
    ]);
    expect(p.diagnostics[0]?.message).toContain("Directive 'AddressFamily' is not allowed within a Match block");
    // ClientAliveInterval became Match-capable in 7.4
    expect(parseSshdConfig('Match all\n  ClientAliveInterval 5\n', v('7.3')).diagnostics[0]?.code).toBe('sshd.not-allowed-in-match');
    expect(parseSshdConfig('Match all\n  ClientAliveInterval 5\n', v('7.4')).diagnostics).toEqual([]);
  });

  it('validates values with the column of the value', () => {
    const { p } = run('AllowTcpForwarding maybe\nPermitTunnel YES\nMaxSessions ten\nGatewayPorts  sometimes\nX11Forwarding true\n');
    expect(p.diagnostics.map((d) => [d.code, d.line, d.column, d.length])).toEqual([
      ['sshd.bad-value', 1, 20, 5],
      ['sshd.bad-value', 2, 14, 3],
      ['sshd.bad-value', 3, 13, 3],
      ['sshd.bad-value', 4, 15, 9],
      ['sshd.bad-value', 5, 15, 4],
    ]);
    expect(p.diagnostics[0]?.message).toContain('unsupported option "maybe"');
    expect(p.diagnostics[1]?.message).toContain('in lower case');
  });

  it('gates values by release (AllowTcpForwarding local needs 6.2, PermitOpen none 6.1)', () => {
    expect(parseSshdConfig('AllowTcpForwarding local\n', v('6.6')).diagnostics).toEqual([]);
    expect(parseSshdConfig('AllowTcpForwarding local\n', v('6.1')).diagnostics[0]?.message).toContain('needs OpenSSH 6.2');
    expect(parseSshdConfig('PermitOpen none\n', v('6.0')).diagnostics[0]?.code).toBe('sshd.bad-value');
  });

  it('refuses several keywords on one line (the seed comment pasted as one line)', () => {
    const { p } = run('TCPKeepAlive yes AllowTCPForwarding yes PermitOpen any\n');
    expect(p.diagnostics).toMatchObject([{ code: 'sshd.bad-value', line: 1, column: 18, severity: 'error' }]);
    expect(p.diagnostics[0]?.message).toContain('extra arguments at end of line');
  });

  it('reports missing values, open quotes and bad Match lines', () => {
    const { p } = run(
      'AllowTcpForwarding\nForceCommand "echo\nMatch Foo bar\nMatch User\nMatch all User x\nMatch Address 10.0.0.1/8\nMatch LocalPort ssh-alt\n',
    );
    expect(p.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['sshd.missing-value', 1],
      ['sshd.invalid-quotes', 2],
      ['sshd.bad-match', 3],
      ['sshd.bad-match', 4],
      ['sshd.bad-match', 5],
      ['sshd.bad-match', 6],
      ['sshd.bad-match', 7],
    ]);
    expect(p.diagnostics[5]?.message).toContain('10.0.0.0/8');
  });

  it('warns about things sshd accepts but the admin probably did not mean', () => {
    const { p } = run(
      'PermitOpen a:1\nPermitOpen b:2\nAllowTcpForwarding yes\nAllowTcpForwarding no\nMatch User !root\n  X11Forwarding yes\nMaxSessions 2\nInclude /etc/ssh/sshd_config.d/*.conf\n',
    );
    expect(p.diagnostics.map((d) => [d.code, d.line, d.severity])).toEqual([
      ['sshd.duplicate-ignored', 2, 'warning'],
      ['sshd.duplicate-ignored', 4, 'warning'],
      ['sshd.negation-only', 5, 'warning'],
      ['sshd.directive-in-match', 7, 'warning'],
      ['sshd.include-not-followed', 8, 'warning'],
    ]);
  });

  it('logs deprecated and unsupported options like sshd (warnings, sshd still starts)', () => {
    const { p } = run('RSAAuthentication yes\nUsePrivilegeSeparation sandbox\nProtocol 2\nKerberosGetAFSToken no\n');
    expect(p.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['sshd.deprecated', 'warning'],
      ['sshd.deprecated', 'warning'],
      ['sshd.ignored', 'info'],
      ['sshd.unsupported', 'warning'],
    ]);
    expect(parseSshdConfig('UsePrivilegeSeparation sandbox\n', v('7.4')).diagnostics).toEqual([]);
  });

  it('flags typographic quotes pasted from a web page', () => {
    const { p } = run('\u201cPermitTunnel yes\u201d\n');
    expect(p.diagnostics).toMatchObject([{ code: 'sshd.unknown-keyword', column: 1, length: 13 }]);
    expect(p.diagnostics[0]?.message).toContain('typographic quotes');
  });
});

describe('effectiveSshdConfig', () => {
  it('keeps the first global value', () => {
    const { e } = run('AllowTcpForwarding no\nAllowTcpForwarding yes\n');
    expect(e.allowTcpForwarding).toBe('no');
    expect(e.origin.allowTcpForwarding).toEqual({ line: 1, match: null });
  });

  it('applies a matching Match block over the global value (observed on 9.2)', () => {
    const { e } = run('AllowTcpForwarding yes\nMatch User alice\n  AllowTcpForwarding no\n');
    expect(e.allowTcpForwarding).toBe('no');
    expect(e.origin.allowTcpForwarding).toEqual({ line: 3, match: 0 });
    expect(e.matched).toEqual([0]);
    expect(run('AllowTcpForwarding yes\nMatch User bob\n  AllowTcpForwarding no\n').e.allowTcpForwarding).toBe('yes');
  });

  it('lets the first matching Match block win, per keyword', () => {
    const { e } = run(
      'AllowTcpForwarding yes\nPermitOpen a:1\nMatch User alice\n  AllowTcpForwarding no\nMatch all\n  AllowTcpForwarding local\n  PermitOpen c:3 [::1]:http\n',
    );
    expect(e.allowTcpForwarding).toBe('no');
    expect(e.permitOpen.list.map((x) => [x.host, x.port, x.portNumber])).toEqual([
      ['c', '3', 3],
      ['::1', 'http', 80],
    ]);
    expect(e.origin.permitOpen).toEqual({ line: 7, match: 1 });
  });

  it('uses only the first PermitOpen line', () => {
    const { e } = run('PermitOpen a:1\nPermitOpen b:2\n');
    expect(e.permitOpen).toEqual({ any: false, none: false, list: [{ host: 'a', port: '1', text: 'a:1', portNumber: 1 }] });
  });

  it('reads PermitOpen any / none / wildcards and PermitListen bare ports', () => {
    expect(run('PermitOpen none\n').e.permitOpen).toEqual({ any: false, none: true, list: [] });
    expect(run('PermitOpen any\n').e.permitOpen.any).toBe(true);
    expect(run('PermitOpen localhost:* *:443\n').e.permitOpen.list.map((x) => [x.host, x.portNumber])).toEqual([
      ['localhost', null],
      ['*', 443],
    ]);
    expect(run('PermitListen 8080\n').e.permitListen.list).toEqual([{ host: '*', port: '8080', text: '*:8080', portNumber: 8080 }]);
  });

  it('evaluates Group, Address (CIDR, negation), LocalAddress, LocalPort and Host', () => {
    const ap = (text: string, conn: ConnInfo = alice) => run(text, conn).e.x11Forwarding;
    expect(ap('Match Group developers\n  X11Forwarding yes\n')).toBe(true);
    expect(ap('Match Group sftponly\n  X11Forwarding yes\n')).toBe(false);
    expect(ap('Match Group *,!developers\n  X11Forwarding yes\n')).toBe(false);
    expect(ap('Match Address 198.51.100.0/24\n  X11Forwarding yes\n')).toBe(true);
    expect(ap('Match Address 198.51.0.0/16,!198.51.100.0/24\n  X11Forwarding yes\n')).toBe(false);
    expect(ap('Match Address 198.51.100.*\n  X11Forwarding yes\n')).toBe(true);
    expect(ap('Match LocalAddress 10.0.0.0/8 LocalPort 22\n  X11Forwarding yes\n')).toBe(true);
    expect(ap('Match LocalPort 2222\n  X11Forwarding yes\n')).toBe(false);
    // Host uses the address unless UseDNS yes
    const named = { ...alice, host: 'laptop.corp.example' };
    expect(ap('Match Host *.corp.example\n  X11Forwarding yes\n', named)).toBe(false);
    expect(ap('UseDNS yes\nMatch Host *.CORP.example\n  X11Forwarding yes\n', named)).toBe(true);
    expect(ap('Match Host 198.51.100.23\n  X11Forwarding yes\n', named)).toBe(true);
  });

  it('matches user names case-sensitively and needs a positive pattern', () => {
    expect(matchBlockApplies({ line: 1, directives: [], criteria: [{ kind: 'user', patterns: 'Alice' }] }, alice)).toBe(false);
    expect(matchBlockApplies({ line: 1, directives: [], criteria: [{ kind: 'user', patterns: '!root' }] }, alice)).toBe(false);
    expect(matchBlockApplies({ line: 1, directives: [], criteria: [{ kind: 'user', patterns: '*,!root' }] }, alice)).toBe(true);
    expect(
      matchBlockApplies(
        {
          line: 1,
          directives: [],
          criteria: [
            { kind: 'user', patterns: 'al?ce' },
            { kind: 'address', patterns: '10.0.0.0/8' },
          ],
        },
        alice,
      ),
    ).toBe(false);
  });

  it('clears ForceCommand and ChrootDirectory with none', () => {
    expect(run('ForceCommand internal-sftp\nMatch User alice\n  ForceCommand none\n').e.forceCommand).toBeNull();
    expect(run('ForceCommand   /usr/bin/rsync --server .\n').e.forceCommand).toBe('/usr/bin/rsync --server .');
  });

  it('reads the remaining modeled settings', () => {
    const { e } = run(
      'DisableForwarding yes\nGatewayPorts clientspecified\nPermitTunnel ethernet\nAllowStreamLocalForwarding no\nMaxSessions 1\nX11Forwarding yes\nAddressFamily inet\nAllowAgentForwarding no\nAllowTcpForwarding all\n',
    );
    expect(e).toMatchObject({
      disableForwarding: true,
      gatewayPorts: 'clientspecified',
      permitTunnel: 'ethernet',
      allowStreamLocalForwarding: 'no',
      maxSessions: 1,
      x11Forwarding: true,
      addressFamily: 'inet',
      allowAgentForwarding: false,
      allowTcpForwarding: 'yes',
    });
  });
});

describe('keyword table', () => {
  it('knows canonical spellings and the releases', () => {
    expect(canonicalSshdKeyword('allowtcpforwarding')).toBe('AllowTcpForwarding');
    expect(canonicalSshdKeyword('PERMITTTY')).toBe('PermitTTY');
    expect(canonicalSshdKeyword('Nonsense')).toBeNull();
    expect(sshdKeywordStatus('PermitListen', v('7.8'))).toMatchObject({ known: true, inMatch: true, status: null });
    expect(sshdKeywordStatus('PermitListen', v('7.7'))).toEqual({ known: false });
    expect(sshdKeywordStatus('UseLogin', v('7.4'))).toMatchObject({ known: true, status: 'deprecated' });
    expect(sshdKeywordStatus('UseLogin', v('7.3'))).toMatchObject({ known: true, status: null });
    expect(sshdKeywordStatus('SkeyAuthentication', v('8.0'))).toMatchObject({ status: 'deprecated' });
    expect(sshdKeywordStatus('SkeyAuthentication', v('9.2'))).toMatchObject({ status: null, inMatch: true });
  });

  it('parses permit entries as sshd checks them', () => {
    expect(parsePermitEntry('[::1]:22', false)).toEqual({ host: '::1', port: '22', text: '[::1]:22', portNumber: 22 });
    expect(parsePermitEntry('localhost', false)).toHaveProperty('error');
    expect(parsePermitEntry('h/80', false)).toHaveProperty('error');
    expect(parsePermitEntry('h:0', false)).toHaveProperty('error');
  });
});

describe('releases before 6.0', () => {
  it('refuse the PermitOpen port wildcard', () => {
    expect(parseSshdConfig('PermitOpen db:*\n', v('5.9')).diagnostics[0]?.message).toContain('6.0');
    expect(parseSshdConfig('PermitOpen db:*\n', v('6.0')).diagnostics).toEqual([]);
  });
});
