import { describe, expect, it } from 'vitest';
import { fromAllows, parseAuthorizedKeysOptions } from '../../../src/model/parse/authorized-keys.ts';
import { parseServerVersion } from '../../../src/model/version.ts';

const v = (s: string) => parseServerVersion('openssh', s).value;
const db = (s: string) => parseServerVersion('dropbear', s).value;
const parse = (t: string, ver?: string) => parseAuthorizedKeysOptions(t, ver ? v(ver) : undefined);

describe('parseAuthorizedKeysOptions (OpenSSH 9.2)', () => {
  it('gives the defaults for an empty text or a key without options', () => {
    for (const t of ['', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample alice@laptop']) {
      const r = parse(t);
      expect(r.diagnostics).toEqual([]);
      expect(r.value).toMatchObject({
        restrict: false,
        portForwarding: true,
        x11Forwarding: true,
        agentForwarding: true,
        noPty: false,
        permitOpen: [],
        command: null,
        rejected: null,
      });
    }
    expect(parse('ssh-ed25519 AAAAC3Nza alice@laptop').value).toMatchObject({ keyType: 'ssh-ed25519', comment: 'alice@laptop' });
  });

  it('applies flags in order: restrict then port-forwarding re-enables', () => {
    expect(parse('restrict,port-forwarding').value).toMatchObject({
      restrict: true,
      portForwarding: true,
      agentForwarding: false,
      x11Forwarding: false,
      noPty: true,
    });
    expect(parse('port-forwarding,restrict').value.portForwarding).toBe(false);
    expect(parse('no-port-forwarding,port-forwarding').value.portForwarding).toBe(true);
    expect(parse('port-forwarding,no-port-forwarding').value.portForwarding).toBe(false);
    expect(parse('NO-PORT-FORWARDING').value.portForwarding).toBe(false);
    expect(parse('restrict,pty,agent-forwarding').value).toMatchObject({ noPty: false, agentForwarding: true, x11Forwarding: false });
  });

  it('reads quoted values with commas, blanks and \\" escapes', () => {
    const r = parse('command="echo \\"a, b\\"; exit",from="10.0.0.0/8,*.corp.example",environment="A=1",environment="A=2" ssh-ed25519 AAAA c');
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toMatchObject({ command: 'echo "a, b"; exit', from: ['10.0.0.0/8', '*.corp.example'], environment: ['A=1'], keyType: 'ssh-ed25519' });
  });

  it('parses permitopen and permitlisten entries', () => {
    const r = parse('permitopen="localhost:8080",PermitOpen="[::1]:22",permitopen="db:*",permitlisten="9000",permitlisten="127.0.0.1:9001"');
    expect(r.diagnostics).toEqual([]);
    expect(r.value.permitOpen.map((p) => [p.host, p.port, p.portNumber])).toEqual([
      ['localhost', '8080', 8080],
      ['::1', '22', 22],
      ['db', '*', null],
    ]);
    expect(r.value.permitListen.map((p) => p.text)).toEqual(['*:9000', '127.0.0.1:9001']);
  });

  it('rejects the whole key line for an unknown or malformed option, at its column', () => {
    const cases: [string, number, number, string][] = [
      ['no-portforwarding', 1, 17, 'unknown key option'],
      ['restrict,permitopen=localhost:80', 21, 1, 'missing start quote'],
      ['permitopen="localhost"', 12, 11, 'invalid permission port'],
      ['permitopen="8080"', 12, 6, 'invalid permission port'],
      ['command="a",command="b"', 13, 11, 'multiple "command" clauses'],
      ['expiry-time="tomorrow"', 13, 10, 'invalid expires time'],
      ['tunnel="tun0"', 8, 6, 'invalid tun device'],
      ['command="unterminated', 1, 21, 'missing end quote'],
      ['restrict,', 9, 1, 'unexpected end-of-options'],
      ['restrict;no-pty', 9, 7, 'unknown key option'],
    ];
    for (const [text, column, length, reason] of cases) {
      const r = parse(text);
      expect(r.value.rejected, text).toBe(reason);
      expect(
        r.diagnostics.filter((d) => d.severity === 'error'),
        text,
      ).toMatchObject([{ code: expect.stringMatching(/^keys\./), line: 1, column, length }]);
    }
  });

  it('accepts a comma before the blank that ends the options', () => {
    expect(parse('no-port-forwarding, ssh-rsa AAAAB3 c').value).toMatchObject({ portForwarding: false, rejected: null, keyType: 'ssh-rsa' });
  });

  it('explains a blank inside the options', () => {
    const r = parse('no-pty, no-port-forwarding ssh-rsa AAAAB3');
    expect(r.value.portForwarding).toBe(true);
    expect(r.diagnostics).toMatchObject([{ code: 'keys.unknown-key-type', column: 9, length: 18, severity: 'error' }]);
    expect(r.diagnostics[0]?.message).toContain('remove the spaces');
  });

  it('uses the first key line of several, skipping comments', () => {
    const r = parse('# deploy key\n\nrestrict ssh-ed25519 AAAA one\nno-pty ssh-ed25519 BBBB two\n');
    expect(r.value).toMatchObject({ restrict: true, line: 3, comment: 'one' });
    expect(r.diagnostics).toMatchObject([{ code: 'keys.several-lines', line: 4, severity: 'warning' }]);
  });

  it('warns when permitopen cannot take effect', () => {
    expect(parse('restrict,permitopen="localhost:80"').diagnostics).toMatchObject([{ code: 'keys.permitopen-without-forwarding', severity: 'warning' }]);
  });
});

describe('older OpenSSH releases', () => {
  it('does not know restrict or positive flags before 7.2', () => {
    const r = parse('restrict,port-forwarding', '7.1');
    expect(r.value.rejected).toBe('bad options');
    expect(r.diagnostics[0]?.message).toContain('needs OpenSSH 7.2');
    expect(parse('no-port-forwarding,no-X11-forwarding', '6.6').value).toMatchObject({ portForwarding: false, x11Forwarding: false, rejected: null });
    expect(parse('restrict,port-forwarding', '7.2').value).toMatchObject({ portForwarding: true, rejected: null });
  });

  it('does not know permitlisten before 7.8 or expiry-time before 7.7', () => {
    expect(parse('permitlisten="8080"', '7.7').diagnostics[0]?.message).toContain('needs OpenSSH 7.8');
    expect(parse('permitlisten="8080"', '7.8').value.permitListen).toHaveLength(1);
    expect(parse('expiry-time="20300101"', '7.6').value.rejected).toBe('bad options');
    expect(parse('expiry-time="20300101"', '7.7').value.expiryTime).toBe('20300101');
  });

  it('keeps the last command= before the 7.7 rewrite', () => {
    expect(parse('command="a",command="b"', '7.4').value).toMatchObject({ command: 'b', rejected: null });
  });
});

describe('Dropbear', () => {
  it('knows its own options only', () => {
    const ok = parseAuthorizedKeysOptions('no-port-forwarding,no-pty,command="x"', db('2022.83'));
    expect(ok.value).toMatchObject({ portForwarding: false, noPty: true, command: 'x', rejected: null });
    expect(parseAuthorizedKeysOptions('restrict,port-forwarding', db('2022.83')).value.rejected).not.toBeNull();
    expect(parseAuthorizedKeysOptions('from="10.0.0.0/8"', db('2022.83')).diagnostics[0]?.message).toContain('Dropbear');
    expect(parseAuthorizedKeysOptions('permitopen="localhost:80"', db('2022.82')).value.rejected).not.toBeNull();
    expect(parseAuthorizedKeysOptions('permitopen="localhost:80"', db('2022.83')).value.permitOpen).toHaveLength(1);
    expect(parseAuthorizedKeysOptions('restrict', db('2020.81')).value.rejected).not.toBeNull();
  });

  it('reads permitlisten from 2026.90 as a bare port, and ignores a key that gives a host', () => {
    expect(parseAuthorizedKeysOptions('permitlisten="8080"', db('2026.94')).value).toMatchObject({ rejected: null, permitListen: [{ portNumber: 8080 }] });
    const withHost = parseAuthorizedKeysOptions('permitlisten="localhost:8080"', db('2026.94'));
    expect(withHost.value.rejected).not.toBeNull();
    expect(withHost.diagnostics[0]?.message).toContain('Badly formatted permitlisten= authorized_keys option');
    expect(parseAuthorizedKeysOptions('permitlisten="70000"', db('2026.94')).value.rejected).not.toBeNull();
    const old = parseAuthorizedKeysOptions('permitlisten="8080"', db('2025.89'));
    expect(old.value.rejected).not.toBeNull();
    expect(old.diagnostics[0]?.message).toContain('it needs Dropbear 2026.90');
  });
});

describe('fromAllows', () => {
  it('checks the client address against from= patterns', () => {
    expect(fromAllows(['10.0.0.0/8'], '10.1.2.3')).toBe(true);
    expect(fromAllows(['10.0.0.0/8', '!10.1.0.0/16'], '10.1.2.3')).toBe(false);
    expect(fromAllows(['192.168.1.*'], '192.168.1.20')).toBe(true);
    expect(fromAllows(['*.corp.example'], '203.0.113.5', 'laptop.corp.example')).toBe(true);
    expect(fromAllows(['*.corp.example'], '203.0.113.5')).toBe(false);
    expect(fromAllows(['10.0.0.1/8'], '10.0.0.1')).toBe(false);
  });
});
