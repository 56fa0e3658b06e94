import { describe, expect, it } from 'vitest';
import { lookupHosts, parseHosts, parseResolvConf } from '../../../src/model/parse/hosts.ts';

describe('parseHosts', () => {
  it('reads the Debian default file with comments, tabs and aliases', () => {
    const text =
      '127.0.0.1\tlocalhost\n127.0.1.1\tmalcolm-desktop\n\n# The following lines are desirable for IPv6 capable hosts\n::1     localhost ip6-localhost ip6-loopback # trailing comment\nff02::1 ip6-allnodes\n';
    const r = parseHosts(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.value.entries).toEqual([
      { address: '127.0.0.1', family: 'inet', names: ['localhost'], line: 1 },
      { address: '127.0.1.1', family: 'inet', names: ['malcolm-desktop'], line: 2 },
      { address: '::1', family: 'inet6', names: ['localhost', 'ip6-localhost', 'ip6-loopback'], line: 5 },
      { address: 'ff02::1', family: 'inet6', names: ['ip6-allnodes'], line: 6 },
    ]);
  });

  it('skips lines glibc skips, with a warning at the address', () => {
    const r = parseHosts('127.0.0.1 localhost\n  192.168.1.08 printer\n127.1 short\nfe80::1%eth0 ll\n10.0.0.1\n');
    expect(r.value.entries.map((e) => e.names[0])).toEqual(['localhost']);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column, d.length])).toEqual([
      ['hosts.invalid-address', 2, 3, 12],
      ['hosts.invalid-address', 3, 1, 5],
      ['hosts.invalid-address', 4, 1, 12],
      ['hosts.no-names', 5, 1, 8],
    ]);
    expect(r.diagnostics[1]?.message).toContain('127.0.0.1');
  });

  it("reads the seed thread's /etc/hosts as pasted (addresses lost) as lines without addresses", () => {
    // "$ cat /etc/hosts   localhost   malcolm-desktop": the page dropped the addresses
    const r = parseHosts('localhost\nmalcolm-desktop\n');
    expect(r.value.entries).toEqual([]);
    expect(r.diagnostics.every((d) => d.code === 'hosts.invalid-address')).toBe(true);
    // and as it was on the machine
    const ok = parseHosts('127.0.0.1 localhost\n127.0.1.1 malcolm-desktop\n');
    expect(lookupHosts(ok.value, 'malcolm-desktop', 'any')).toEqual(['127.0.1.1']);
  });

  it("keeps an erroneous address for the server name (the seed's typo case)", () => {
    const r = parseHosts('127.0.0.1 localhost\n10.0.0.99 server.domain.com server\n');
    expect(lookupHosts(r.value, 'server', 'inet')).toEqual(['10.0.0.99']);
    expect(lookupHosts(r.value, 'SERVER.domain.COM', 'any')).toEqual(['10.0.0.99']);
  });
});

describe('lookupHosts', () => {
  const hosts = parseHosts('127.0.0.1 localhost\n::1 localhost ip6-localhost\n10.0.0.9 db.internal db\n10.0.0.10 db.internal\n').value;
  it('returns every matching line in file order for AF_UNSPEC', () => {
    expect(lookupHosts(hosts, 'localhost', 'any')).toEqual(['127.0.0.1', '::1']);
    expect(lookupHosts(hosts, 'db.internal', 'any')).toEqual(['10.0.0.9', '10.0.0.10']);
  });
  it('filters by family and compares names case-insensitively', () => {
    expect(lookupHosts(hosts, 'LocalHost', 'inet')).toEqual(['127.0.0.1']);
    expect(lookupHosts(hosts, 'localhost', 'inet6')).toEqual(['::1']);
    expect(lookupHosts(hosts, 'db', 'inet6')).toEqual([]);
  });
  it('finds nothing for a server whose /etc/hosts lacks localhost', () => {
    const noLocal = parseHosts('127.0.1.1 myserver\n').value;
    expect(lookupHosts(noLocal, 'localhost', 'any')).toEqual([]);
  });
});

describe('parseResolvConf', () => {
  it('reads nameservers, search and options', () => {
    const r = parseResolvConf(
      '# generated\n; also a comment\nnameserver 10.0.0.2\nnameserver 2001:db8::53\nsearch corp.example lab.example\noptions ndots:2 rotate timeout:1\n',
    );
    expect(r.value).toEqual({
      nameservers: ['10.0.0.2', '2001:db8::53'],
      search: ['corp.example', 'lab.example'],
      ndots: 2,
      options: ['ndots:2', 'rotate', 'timeout:1'],
    });
    expect(r.diagnostics).toEqual([]);
  });

  it('warns about an empty file: the resolver then asks 127.0.0.1', () => {
    const r = parseResolvConf('');
    expect(r.value.nameservers).toEqual([]);
    expect(r.value.ndots).toBe(1);
    expect(r.diagnostics).toMatchObject([{ code: 'resolv.no-nameserver', severity: 'warning' }]);
    expect(r.diagnostics[0]?.message).toContain('Temporary failure in name resolution');
  });

  it('keeps only the first three nameservers and ignores what glibc ignores', () => {
    const r = parseResolvConf(
      'nameserver 1.1.1.1\nnameserver 8.8.8.8\nnameserver 9.9.9.9\nnameserver 10.0.0.1\nnameserver dns.example\n  nameserver 10.0.0.3\nNameserver 10.0.0.4\n',
    );
    expect(r.value.nameservers).toEqual(['1.1.1.1', '8.8.8.8', '9.9.9.9']);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['resolv.too-many-nameservers', 4],
      ['resolv.invalid-nameserver', 5],
      ['resolv.unknown-line', 6],
      ['resolv.unknown-line', 7],
    ]);
    expect(r.diagnostics[2]?.message).toContain('start of a line');
  });

  it('lets the last domain/search line win and caps ndots at 15', () => {
    expect(parseResolvConf('nameserver 10.0.0.2\nsearch a.example\ndomain b.example\n').value.search).toEqual(['b.example']);
    expect(parseResolvConf('nameserver 10.0.0.2\ndomain b.example\nsearch c.example d.example\n').value.search).toEqual(['c.example', 'd.example']);
    expect(parseResolvConf('nameserver 10.0.0.2\noptions ndots:40\n').value.ndots).toBe(15);
  });
});
