import { describe, expect, it } from 'vitest';
import { explainCommand, type Explanation } from '../../src/model/explain.ts';

const find = (list: Explanation[], token: string) => list.filter((e) => e.token === token);
const one = (command: string, token: string): Explanation => {
  const hits = find(explainCommand(command), token);
  expect(hits.length, `${token} in ${command}`).toBeGreaterThan(0);
  return hits[0]!;
};

describe('explainCommand: local forwards', () => {
  it('a default -L listens on both loopback addresses and lets the server resolve the name', () => {
    const e = one('ssh -N -L 8984:localhost:8984 alice@server', '-L 8984:localhost:8984');
    expect(e.text).toContain('listens on 127.0.0.1:8984 and [::1]:8984 on your machine');
    expect(e.text).toContain('asks the server to connect to localhost:8984 as the server resolves it');
    expect(e.severity).toBe('info');
  });

  it('a bind address limits the listener; -4 limits the family', () => {
    expect(one('ssh -L 127.0.0.1:15000:db.internal:5432 h', '-L 127.0.0.1:15000:db.internal:5432').text).toMatch(
      /^listens on 127\.0\.0\.1:15000 on your machine; .* db\.internal:5432 as the server resolves it\.$/,
    );
    expect(one('ssh -4 -L 15000:db:5432 h', '-L 15000:db:5432').text).toMatch(/^listens on 127\.0\.0\.1:15000 on your machine;/);
    expect(one('ssh -L *:8080:web:80 h', '-L *:8080:web:80').text).toContain('0.0.0.0:8080 and [::]:8080 on your machine (every interface');
    expect(one('ssh -g -L 8080:web:80 h', '-L 8080:web:80').text).toContain('every interface');
  });

  it('bracketed IPv6 addresses keep their brackets and an address is not "resolved"', () => {
    const e = one('ssh -L [::1]:8080:[2001:db8::7]:80 h', '-L [::1]:8080:[2001:db8::7]:80');
    expect(e.text).toBe('listens on [::1]:8080 on your machine; each connection there asks the server to connect to [2001:db8::7]:80.');
  });

  it('Unix socket paths on either side', () => {
    expect(one('ssh -L /tmp/pg.sock:/run/postgresql/.s.PGSQL.5432 h', '-L /tmp/pg.sock:/run/postgresql/.s.PGSQL.5432').text).toBe(
      'listens on the Unix socket /tmp/pg.sock on your machine; each connection there asks the server to connect to its Unix socket /run/postgresql/.s.PGSQL.5432.',
    );
    expect(one('ssh -L 2375:/var/run/docker.sock h', '-L 2375:/var/run/docker.sock').text).toContain('connect to its Unix socket /var/run/docker.sock');
  });

  it('flags a user@ inside the forward spec and a leading-zero address', () => {
    const hits = find(explainCommand('ssh -L 1234:admin@db.internal:5678 me@server'), '-L 1234:admin@db.internal:5678');
    const warning = hits.find((h) => h.severity === 'warning');
    expect(warning?.text).toContain("'admin@db.internal'");
    expect(warning?.text).toContain("Write 'db.internal'");
    const zero = find(explainCommand('ssh -L 1234:192.168.1.08:80 h'), '-L 1234:192.168.1.08:80').find((h) => h.severity === 'warning');
    expect(zero?.text).toContain('octal');
  });

  it('a spec ssh rejects is a warning with the reason', () => {
    const e = one('ssh -L 8080 h', '-L 8080');
    expect(e.severity).toBe('warning');
    expect(e.text).toMatch(/^ssh rejects this forward: .*names no target/);
  });
});

describe('explainCommand: other forwards and flags', () => {
  it('-D is a SOCKS listener', () => {
    expect(one('ssh -N -D 1080 h', '-D 1080').text).toMatch(/^listens on 127\.0\.0\.1:1080 and \[::1\]:1080 on your machine as a SOCKS proxy;/);
  });

  it('-R asks the server to listen and says which message a refusal gives', () => {
    const e = one('ssh -R 9000:localhost:22 h', '-R 9000:localhost:22');
    expect(e.text).toContain('asks the server to listen on port 9000');
    expect(e.text).toContain('your machine connects to localhost:22');
    expect(e.text).toContain('remote port forwarding failed for listen port');
    expect(one('ssh -R 1080 h', '-R 1080').text).toContain('SOCKS');
  });

  it('-W, -J and -w', () => {
    expect(one('ssh -W db.internal:22 bastion', '-W db.internal:22').text).toContain('standard input and output to db.internal:22 as the server resolves it');
    const j = one('ssh -J ops@bastion:2222 -N -L 8080:localhost:80 app', '-J ops@bastion:2222');
    expect(j.text).toContain('connects to ops@bastion:2222 first');
    expect(j.text).toContain('does not allow TCP forwarding');
    expect(one('ssh -J a,b app', '-J a,b').text).toContain('the last jump host');
    expect(one('ssh -J bad@ app', '-J bad@').severity).toBe('warning');
    const w = one('ssh -w 0:1 h', '-w 0:1');
    expect(w.text).toContain('tun0 on your machine to tun1 on the server');
    expect(w.text).toContain('PermitTunnel');
    expect(one('ssh -w any h', '-w any').text).toContain('the next free tun device');
  });

  it('explains grouped flags one by one, in order, and the destination and remote command', () => {
    const list = explainCommand('ssh -fNT -p 2222 alice@server.example uptime -x');
    expect(list.map((e) => e.token)).toEqual(['-f', '-N', '-T', '-p 2222', 'alice@server.example', 'uptime -x']);
    expect(find(list, '-N')[0]!.text).toBe('no remote command: the connection only carries the forwards.');
    expect(find(list, 'alice@server.example')[0]!.text).toContain('logs in to server.example on port 2222 as alice');
    expect(find(list, 'uptime -x')[0]!.text).toContain('runs this command on the server');
  });

  it('options after the destination are still options (ssh re-reads them)', () => {
    const list = explainCommand('ssh server -N -L 8080:localhost:80');
    expect(list.map((e) => e.token)).toEqual(['server', '-N', '-L 8080:localhost:80']);
  });

  it('-q is a warning: it hides the open-failed line', () => {
    const q = one('ssh -q -N -L 80:localhost:80 h', '-q');
    expect(q.severity).toBe('warning');
    expect(q.text).toContain('channel N: open failed');
  });

  it('-o options and autossh -M', () => {
    expect(one('ssh -o ExitOnForwardFailure=yes h', '-o ExitOnForwardFailure=yes').text).toMatch(/^sets ExitOnForwardFailure to yes: /);
    expect(one('autossh -M 20000 -N -L 80:localhost:80 h', '-M 20000').text).toContain('port 20000');
    expect(one('autossh -M 0 h', 'autossh').text).toContain('starts it again');
  });

  it('unknown flags and other programs are flagged, empty input gives nothing, nothing throws', () => {
    expect(one('ssh -Z h', '-Z').severity).toBe('warning');
    expect(explainCommand('scp a b:')[0]).toMatchObject({ token: 'scp', severity: 'warning' });
    expect(explainCommand('')).toEqual([]);
    expect(explainCommand('   ')).toEqual([]);
    for (const weird of ['ssh "unterminated', 'ssh -L', "ssh -L ''", 'ssh -o', `ssh ${'-L 1:a:2 '.repeat(2000)}h`, '\u0000\u202e']) {
      expect(() => explainCommand(weird)).not.toThrow();
    }
    expect(one('ssh -L', '-L ').severity).toBe('warning');
  });
});

describe('explainCommand: the model decides what is an address', () => {
  it('a leading-zero IPv4 text is a name the server resolves, as getaddrinfo reads it; any 127/8 address is the server itself', () => {
    expect(one('ssh -L 1234:192.168.1.08:80 h', '-L 1234:192.168.1.08:80').text).toContain('192.168.1.08:80 as the server resolves it');
    expect(one('ssh -L 1234:10.0.0.1:80 h', '-L 1234:10.0.0.1:80').text).toMatch(/connect to 10\.0\.0\.1:80\.$/);
    expect(one('ssh -L 1234:127.0.0.2:80 h', '-L 1234:127.0.0.2:80').text).toContain('127.0.0.2:80, the server itself');
  });
});

describe('autossh with words after --', () => {
  it('shows the remote command as typed, even where autossh took a -f out of it', () => {
    const input = 'autossh -M 20000 -- -- alice@server.example -NfL 8080:h:80';
    const list = explainCommand(input);
    for (const e of list) expect(input.slice(e.start, e.end), e.token).toBe(e.token === '-f' ? 'f' : e.token);
    expect(list.map((e) => e.token)).toContain('-NfL 8080:h:80');
  });
});

describe('autossh words after a second --', () => {
  it('names the destination as typed, even where autossh took a -f out of it', () => {
    const input = 'autossh -M 0 -- -- -NfL 8080:h:80';
    const list = explainCommand(input);
    for (const e of list.filter((x) => x.token !== '-f')) expect(input.slice(e.start, e.end), e.token).toBe(e.token);
  });
});
