/**
 * Property tests: random and mutated inputs never make a parser throw, every diagnostic points
 * inside the text with a code of the parser's family, and absurd input (5 MB, a 1 MB line,
 * patterns built to make naive glob matching explode) still returns quickly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, ParseResult } from '../../../src/model/diagnostics.ts';
import { parseIpv4Literal, parseIpv6Literal } from '../../../src/model/net.ts';
import { fromAllows, parseAuthorizedKeysOptions } from '../../../src/model/parse/authorized-keys.ts';
import { parseSshCommand } from '../../../src/model/parse/command.ts';
import { lookupHosts, parseHosts, parseResolvConf } from '../../../src/model/parse/hosts.ts';
import { effectiveClientConfig, parseSshConfig } from '../../../src/model/parse/ssh-config.ts';
import { effectiveSshdConfig, parseSshdConfig, type ConnInfo } from '../../../src/model/parse/sshd-config.ts';
import { parseServerVersion } from '../../../src/model/version.ts';

const conn: ConnInfo = { user: 'alice', groups: ['alice', 'sftponly'], host: 'laptop.example', address: '10.1.2.3', localAddress: '127.0.0.1', localPort: 22 };

interface Parser {
  name: string;
  prefixes: string[];
  run: (t: string) => ParseResult<unknown>;
}

const PARSERS: Parser[] = [
  { name: 'command', prefixes: ['command.'], run: (t) => parseSshCommand(t) },
  { name: 'ssh-config', prefixes: ['ssh-config.'], run: (t) => parseSshConfig(t) },
  { name: 'sshd 9.2', prefixes: ['sshd.'], run: (t) => parseSshdConfig(t) },
  { name: 'sshd 6.6', prefixes: ['sshd.'], run: (t) => parseSshdConfig(t, parseServerVersion('openssh', '6.6').value) },
  { name: 'keys 9.2', prefixes: ['keys.'], run: (t) => parseAuthorizedKeysOptions(t) },
  { name: 'keys 7.4', prefixes: ['keys.'], run: (t) => parseAuthorizedKeysOptions(t, parseServerVersion('openssh', '7.4').value) },
  { name: 'keys dropbear', prefixes: ['keys.'], run: (t) => parseAuthorizedKeysOptions(t, parseServerVersion('dropbear', '2022.83').value) },
  { name: 'hosts', prefixes: ['hosts.'], run: (t) => parseHosts(t) },
  { name: 'resolv', prefixes: ['resolv.'], run: (t) => parseResolvConf(t) },
  { name: 'version', prefixes: ['version.'], run: (t) => parseServerVersion('openssh', t) },
];

function checkDiagnostics(text: string, diags: Diagnostic[], prefixes: string[]): void {
  const lines = text.split('\n');
  for (const d of diags) {
    expect(
      prefixes.some((p) => d.code.startsWith(p)),
      d.code,
    ).toBe(true);
    expect(Number.isInteger(d.line) && d.line >= 1 && d.line <= lines.length, `line ${d.line} of ${lines.length}`).toBe(true);
    const lineLen = (lines[d.line - 1] ?? '').length;
    expect(Number.isInteger(d.column) && d.column >= 1 && d.column <= lineLen + 1, `column ${d.column} of ${lineLen}: ${d.code}`).toBe(true);
    expect(Number.isInteger(d.length) && d.length >= 0).toBe(true);
    expect(typeof d.message === 'string' && d.message.length > 10).toBe(true);
    expect(['error', 'warning', 'info']).toContain(d.severity);
  }
}

const TOKENS = [
  'ssh',
  'autossh',
  '/usr/bin/ssh',
  ' ',
  ' ',
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\\\n',
  '-L',
  '-R',
  '-D',
  '-W',
  '-J',
  '-o',
  '-p',
  '-l',
  '-N',
  '-f',
  '-M',
  '-w',
  '-nXNT',
  '--',
  '-',
  '"',
  "'",
  '\\',
  ':',
  '::',
  '[',
  ']',
  '[::1]',
  '*',
  '?',
  '@',
  ',',
  '!',
  '#',
  '=',
  ';',
  '&',
  '|',
  '>',
  '>>',
  '2>&1',
  '<',
  '$',
  '`',
  '${HOME}',
  'user',
  'alice',
  'host',
  'localhost',
  '127.0.0.1',
  '192.168.1.08',
  '10.0.0.0/8',
  '::1',
  '8080',
  '0',
  '22',
  '65536',
  'http',
  '/tmp/s.sock',
  'ssh://',
  'Match',
  'Host',
  'User',
  'Group',
  'Address',
  'all',
  'final',
  'AllowTcpForwarding',
  'PermitOpen',
  'PermitListen',
  'ForceCommand',
  'HostName',
  '%h',
  '%',
  'LocalForward',
  'ProxyJump',
  'Include',
  'any',
  'none',
  'yes',
  'no',
  'local',
  'restrict',
  'port-forwarding',
  'no-',
  'no-port-forwarding',
  'permitopen=',
  'permitlisten=',
  'command=',
  'from=',
  'environment=',
  'tunnel=',
  'ssh-rsa',
  'ssh-ed25519',
  'AAAA',
  'nameserver',
  'search',
  'options',
  'ndots:',
  '\u201c',
  '\u00e9',
  '\u0000',
  '\ud83d\ude00',
  'x'.repeat(40),
];

const tokenText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((a) => a.join(''));
const anyText = fc.string({ unit: 'binary', maxLength: 300 });

const SEEDS = [
  'ssh -nXNT -p 22 localhost -L',
  'autossh -M 10001 -o GatewayPorts=yes -o ServerAliveInterval=60  -o TCPKeepAlive=yes -T -N -R :10000:localhost:22 -i ~/.ssh/id_rsa user@remote',
  'ssh -L \'[::1]:8080:[fe80::1]:80\' -J a@b:22,c -W db:5432 ssh://u@h:22 -o "ProxyCommand=ssh -W %h:%p gw" ls -l',
  'Match group sftponly\n    ForceCommand internal-sftp\n    ChrootDirectory /usr/chroot/%u\nPermitOpen a:1 [::1]:http\n',
  'Host remote.server.com\n  HostName %h.example\n  Port 10022\n  LocalForward 2222 SSHBeyondRemote.server.com:22\nMatch host *.example !final\n  User x\n',
  'command="/home/user/tunnel",no-X11-forwarding,no-pty,permitopen="localhost:10000",permitopen="localhost:10001" ssh-rsa AAAA...',
  '127.0.0.1 localhost\n::1 localhost ip6-localhost # c\n10.0.0.9 db\n',
  'nameserver 10.0.0.2\nsearch a.example b.example\noptions ndots:2 rotate\n',
];

const mutated = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 }))), { maxLength: 8 }),
  )
  .map(([seed, edits]) => {
    let s = seed;
    for (const [pos, del, ins] of edits) {
      const p = s.length === 0 ? 0 : pos % (s.length + 1);
      s = s.slice(0, p) + ins + s.slice(p + del);
    }
    return s;
  });

describe.each(PARSERS)('$name parser', { timeout: 30_000 }, ({ run, prefixes }) => {
  for (const [label, arb] of [
    ['random text', anyText],
    ['syntax tokens', tokenText],
    ['mutated real inputs', mutated],
  ] as const) {
    it(`never throws on ${label}, and its diagnostics point inside the text`, () => {
      fc.assert(
        fc.property(arb, (text) => {
          const r = run(text);
          expect(r).toHaveProperty('value');
          expect(Array.isArray(r.diagnostics)).toBe(true);
          checkDiagnostics(text, r.diagnostics, prefixes);
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe('evaluation never throws', { timeout: 30_000 }, () => {
  it('effectiveClientConfig on random commands and configs', () => {
    fc.assert(
      fc.property(fc.oneof(tokenText, mutated), fc.oneof(tokenText, mutated), (c, k) => {
        const e = effectiveClientConfig(parseSshCommand(c).value, parseSshConfig(k).value);
        expect(typeof e.hostName).toBe('string');
        expect(e.port).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('effectiveSshdConfig on random configs', () => {
    fc.assert(
      fc.property(fc.oneof(tokenText, mutated, anyText), (k) => {
        const e = effectiveSshdConfig(parseSshdConfig(k).value, conn);
        expect(['yes', 'no', 'local', 'remote']).toContain(e.allowTcpForwarding);
        expect(Number.isInteger(e.maxSessions)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('address helpers on random text', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, tokenText), (s) => {
        const v4 = parseIpv4Literal(s);
        if (v4 !== null) expect(v4).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/);
        const v6 = parseIpv6Literal(s);
        if (v6 !== null) expect(parseIpv6Literal(v6)).toBe(v6);
        expect(typeof fromAllows(s, '10.0.0.1', s)).toBe('boolean');
        expect(Array.isArray(lookupHosts(parseHosts(s).value, s, 'any'))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

/**
 * Runs one call on absurd input. There is no time assertion here (speed figures live in
 * `npm run bench`); a hang or a catastrophic regex fails through the suite's timeout instead.
 */
function timed<T>(fn: () => T): { value: T } {
  return { value: fn() };
}

describe('absurd input stays fast', { timeout: 60_000 }, () => {
  const MB = 1024 * 1024;

  it('a 5 MB sshd_config with thousands of Match blocks', () => {
    const block =
      'AllowTcpForwarding yes\nPermitOpen db:5432 [::1]:22\nMatch User bob,carol Address 10.0.0.0/8,!10.9.0.0/16\n  AllowTcpForwarding no\n  ForceCommand internal-sftp\n# comment\n';
    const text = block.repeat(Math.ceil((5 * MB) / block.length));
    const { value } = timed(() => {
      const p = parseSshdConfig(text);
      return { p, e: effectiveSshdConfig(p.value, conn) };
    });
    expect(value.p.value.matches.length).toBeGreaterThan(30000);
    expect(value.p.diagnostics.length).toBeLessThanOrEqual(201);
    expect(value.e.allowTcpForwarding).toBe('yes');
  });

  it('a 5 MB ssh config, command, authorized_keys, hosts and resolv.conf', () => {
    const cfg = 'Host web* !web2\n  HostName %h.corp.example\n  LocalForward 8080 localhost:80\n  RemoteForward 9000 localhost:22\n'.repeat(60000);
    const r1 = timed(() => effectiveClientConfig(parseSshCommand('ssh web1').value, parseSshConfig(cfg).value));
    expect(r1.value.forwards).toHaveLength(2);
    const cmd = `ssh -N ${'-L 1:a:2 -o ServerAliveInterval=5 '.repeat(150000)} h`;
    const r2 = timed(() => parseSshCommand(cmd));
    expect(r2.value.value.forwards).toHaveLength(1);
    const keys = `restrict,${'permitopen="h:1",'.repeat(300000)}port-forwarding ssh-ed25519 AAAA`;
    const r3 = timed(() => parseAuthorizedKeysOptions(keys));
    expect(r3.value.value.rejected).toBe('too many permission directives');
    const hosts = '10.0.0.1 a b c d e f g h\n'.repeat(220000);
    const r4 = timed(() => lookupHosts(parseHosts(hosts).value, 'h', 'any'));
    expect(r4.value).toHaveLength(220000);
    const r5 = timed(() => parseResolvConf('nameserver 10.0.0.2\n'.repeat(250000)));
    expect(r5.value.value.nameservers).toHaveLength(3);
  });

  it('a 1 MB single line for every parser', () => {
    const line = 'a:'.repeat(MB / 2);
    const inputs: [Parser['run'], string][] = [
      [(t) => parseSshCommand(t), `ssh -L ${line} h`],
      [(t) => parseSshCommand(t), `ssh "${'x'.repeat(MB)}`],
      [(t) => parseSshCommand(t), `ssh ${"'a' ".repeat(MB / 4)}`],
      [(t) => parseSshConfig(t), `Host ${'h* '.repeat(MB / 3)}`],
      [(t) => parseSshdConfig(t), `Match User ${'*a'.repeat(MB / 2)}`],
      [(t) => parseSshdConfig(t), `PermitOpen ${'h:1 '.repeat(MB / 4)}`],
      [(t) => parseAuthorizedKeysOptions(t), `command="${'\\"'.repeat(MB / 2)}"`],
      [(t) => parseAuthorizedKeysOptions(t), 'no-pty,'.repeat(MB / 7)],
      [(t) => parseHosts(t), `10.0.0.1 ${'n '.repeat(MB / 2)}`],
      [(t) => parseResolvConf(t), `search ${'d '.repeat(MB / 2)}`],
    ];
    for (const [run, text] of inputs) {
      timed(() => run(text));
    }
  });

  it('glob patterns built to explode a backtracking matcher', () => {
    const user = 'a'.repeat(50000);
    const pattern = `${'*a'.repeat(400)}b`;
    const text = `Match User ${pattern}\n  X11Forwarding yes\n`.repeat(200);
    const { value } = timed(() => effectiveSshdConfig(parseSshdConfig(text).value, { ...conn, user }));
    expect(value.x11Forwarding).toBe(false);
    const cfg = `Host ${'*a'.repeat(500)}b\n  Port 2\n`.repeat(100);
    const c = timed(() => effectiveClientConfig(parseSshCommand(`ssh ${'a'.repeat(20000)}`).value, parseSshConfig(cfg).value));
    expect(c.value.port).toBe(22);
  });

  it('cuts input beyond 8 Mi characters with a warning', () => {
    const r = parseHosts('#'.repeat(9 * MB));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['hosts.input-truncated']);
  });
});
