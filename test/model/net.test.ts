import { describe, expect, it } from 'vitest';
import {
  addressFamilyOf,
  formatIpv6,
  inetPton4,
  inetPton6,
  inNetwork,
  isLoopback,
  isPrivate,
  parseAddress,
  parseCidr,
  parseIpv4Literal,
  parseIpv6Literal,
} from '../../src/model/net.ts';

describe('parseIpv4Literal (glibc inet_aton as getaddrinfo uses it)', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'], // a.b: b fills 24 bits
    ['10.1.2', '10.1.0.2'], // a.b.c: c fills 16 bits
    ['1.2.65535', '1.2.255.255'],
    ['4294967295', '255.255.255.255'], // one part: 32 bits
    ['010.0.0.1', '8.0.0.1'], // leading 0: octal
    ['0x7f.1', '127.0.0.1'], // 0x: hex
    ['1.0x10000', '1.1.0.0'],
    ['1.2.3.04', '1.2.3.4'], // 04 is a valid octal number
    ['00000000000000000000000000177.1', '127.0.0.1'],
  ])('%s → %s', (input, expected) => {
    expect(parseIpv4Literal(input)).toBe(expected);
  });

  it.each([
    '192.168.1.08', // 08: 8 is not an octal digit, so getaddrinfo looks it up as a name
    '127.0.0.09',
    '127.0.0.1 ', // trailing blank: inet_aton_exact needs the whole string
    '1.2.3.4.',
    '1..2',
    '4294967296', // over 32 bits
    '1.2.65536',
    '256.1.1.1',
    '0x',
    '0x.1.1.1',
    '-1.2.3.4',
    '+1',
    '',
    'localhost',
    '1.2.3.4.5',
  ])('%j is not an address', (input) => {
    expect(parseIpv4Literal(input)).toBeNull();
  });

  it('handles an absurdly long number (a hang would fail through the test timeout)', () => {
    expect(parseIpv4Literal('9'.repeat(1_000_000))).toBeNull();
    expect(parseIpv4Literal('0'.repeat(1_000_000))).toBe('0.0.0.0');
  });
});

describe('inetPton4 (strict, as /etc/hosts is read)', () => {
  it('accepts four plain decimal parts only', () => {
    expect(inetPton4('192.168.1.8')).toEqual([192, 168, 1, 8]);
    expect(inetPton4('192.168.1.08')).toBeNull();
    expect(inetPton4('127.1')).toBeNull();
    expect(inetPton4('010.0.0.1')).toBeNull();
    expect(inetPton4('1.2.3.256')).toBeNull();
  });
});

describe('parseIpv6Literal', () => {
  it.each([
    ['::1', '::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['::', '::'],
    ['FE80::1', 'fe80::1'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'], // a single zero group is not compressed
    ['::1:2:3:4:5:6:7', '0:1:2:3:4:5:6:7'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['::FFFF:1.2.3.4', '::ffff:1.2.3.4'],
    ['::1.2.3.4', '::1.2.3.4'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // the first longest run is compressed
    ['fe80::1%eth0', 'fe80::1'],
    ['2001:db8::1%1', '2001:db8::1'],
  ])('%s → %s', (input, expected) => {
    expect(parseIpv6Literal(input)).toBe(expected);
  });

  it.each(['1:2:3:4:5:6:7:8:9', '12345::', ':::', '1:2:3:4:5:6:7:8::', '1::2::3', '[::1]', '::1%lo', 'fe80::1%', '::ffff:010.0.0.1', '1:', 'g::1', ''])(
    '%j is not an IPv6 address',
    (input) => {
      expect(parseIpv6Literal(input)).toBeNull();
    },
  );

  it('formats 16 bytes like inet_ntop', () => {
    expect(formatIpv6(inetPton6('::ffff:127.0.0.1') as number[])).toBe('::ffff:127.0.0.1');
    expect(formatIpv6(new Array(16).fill(0))).toBe('::');
  });
});

describe('address classes', () => {
  it('knows loopback addresses', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('127.1')).toBe(true);
    expect(isLoopback('127.255.0.9')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('128.0.0.1')).toBe(false);
    expect(isLoopback('::2')).toBe(false);
    expect(isLoopback('localhost')).toBe(false);
  });

  it('knows private and local addresses (what DNS-rebinding protection drops)', () => {
    for (const a of [
      '10.0.0.9',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.8',
      '127.0.0.1',
      '169.254.1.1',
      '::1',
      'fd00::5',
      'fc00::1',
      'fe80::1',
      '::ffff:10.1.2.3',
    ]) {
      expect(isPrivate(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '172.15.0.1', '172.32.0.1', '192.169.0.1', '203.0.113.10', '2001:db8::1', 'fec0::1', 'example.com']) {
      expect(isPrivate(a), a).toBe(false);
    }
  });

  it('tells the family of a literal', () => {
    expect(addressFamilyOf('127.1')).toBe('inet');
    expect(addressFamilyOf('::1')).toBe('inet6');
    expect(addressFamilyOf('192.168.1.08')).toBeNull();
    expect(addressFamilyOf('db.internal')).toBeNull();
  });

  it('parses CIDR networks as sshd does (host bits must be zero)', () => {
    const net = parseCidr('10.0.0.0/8');
    expect(net).not.toBeNull();
    expect(net).not.toBe('bad');
    const n = net as Exclude<typeof net, null | 'bad'>;
    expect(inNetwork(parseAddress('10.200.3.4')!, n.net, n.masklen)).toBe(true);
    expect(inNetwork(parseAddress('11.0.0.1')!, n.net, n.masklen)).toBe(false);
    expect(inNetwork(parseAddress('::1')!, n.net, n.masklen)).toBe(false);
    expect(parseCidr('10.0.0.1/8')).toBe('bad');
    expect(parseCidr('10.0.0.0/33')).toBe('bad');
    expect(parseCidr('fe80::/10')).not.toBe('bad');
    expect(parseCidr('host.example')).toBeNull();
    expect(parseCidr('10.0.0.0/x')).toBeNull();
  });
});
