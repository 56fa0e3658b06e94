/** The harness's own pure parts: command parsing, DNS answers, log filtering and normalisation. */
import { describe, expect, it } from 'vitest';
import { parseSshCommand, shellWords, withListenPort } from './harness/command.ts';
import { answer } from './harness/dns.ts';
import { normalisePorts, sessionLines, stripDropbearPrefix, syslogMessage, unmovePorts } from './harness/normalise.ts';
import { matrixCells } from './harness/matrix.ts';
import { releaseOf } from './harness/releases.ts';

describe('ssh command parsing', () => {
  it('reads options after the destination, like ssh does', () => {
    const c = parseSshCommand('ssh alice@remote -L 8983:localhost:8984 -4 -N');
    expect(c.destination).toBe('alice@remote');
    expect(c.forwards.map((f) => [f.kind, f.port, f.bind])).toEqual([['local', 8983, null]]);
    expect(c.remoteCommand).toEqual([]);
  });

  it('separates the remote command and keeps forwards in order, with their bind address', () => {
    const c = parseSshCommand("ssh -nNT -L127.0.0.1:8080:localhost:80 -D 1080 -L 5432:/run/pg.sock srv 'echo hi' there");
    expect(c.forwards.map((f) => f.spec)).toEqual(['127.0.0.1:8080:localhost:80', '1080', '5432:/run/pg.sock']);
    expect(c.forwards[0]?.bind).toBe('127.0.0.1');
    expect(c.forwards[0]?.at).toEqual({ arg: 1, prefix: '-L' });
    expect(c.remoteCommand).toEqual(['echo hi', 'there']);
  });

  it('rewrites only the listen port of a forward', () => {
    const [a, b] = parseSshCommand('ssh -L 5432:localhost:5432 -L [::1]:5432:db:5432 h').forwards;
    expect(withListenPort(a!, 25432)).toBe('25432:localhost:5432');
    expect(withListenPort(b!, 25433)).toBe('[::1]:25433:db:5432');
  });

  it('splits quoted words like a shell', () => {
    expect(shellWords(`ssh -o "ProxyCommand=nc %h %p" 'a b' c\\ d`)).toEqual(['ssh', '-o', 'ProxyCommand=nc %h %p', 'a b', 'c d']);
  });
});

describe('DNS responder', () => {
  // A query for db.corp.example, type A, recursion desired (as glibc sends it).
  const query = (name: string, type: number) =>
    Buffer.concat([
      Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]),
      ...name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
      Buffer.from([0, 0, type, 0, 1]),
    ]);
  const records = { 'db.corp.example': ['10.0.0.9'], 'v6only.example': ['fd00::5'] };

  it('answers a known name with its address', () => {
    const r = answer(query('db.corp.example', 1), records)!;
    expect(r.readUInt16BE(0)).toBe(0x1234);
    expect(r.readUInt16BE(2) & 0xf).toBe(0);
    expect(r.readUInt16BE(6)).toBe(1);
    expect([...r.subarray(r.length - 4)]).toEqual([10, 0, 0, 9]);
  });

  it('answers NXDOMAIN for an unknown name and NODATA for a missing family', () => {
    expect(answer(query('nope.example', 1), records)!.readUInt16BE(2) & 0xf).toBe(3);
    const nodata = answer(query('v6only.example', 1), records)!;
    expect(nodata.readUInt16BE(2) & 0xf).toBe(0);
    expect(nodata.readUInt16BE(6)).toBe(0);
  });
});

describe('server log filtering', () => {
  const log = [
    'Server listening on 127.0.0.1 port 22.',
    'Connection from 127.0.0.1 port 48576 on 127.0.0.1 port 22 rdomain ""',
    'Postponed publickey for alice from 127.0.0.1 port 48576 ssh2 [preauth]',
    'Accepted publickey for alice from 127.0.0.1 port 48576 ssh2: ED25519 SHA256:abc',
    'User child is on pid 12799',
    'refused local port forward: originator 127.0.0.1 port 44230, target localhost port 80',
    'Received disconnect from 127.0.0.1 port 48576:11: disconnected by user',
    'Disconnected from user alice 127.0.0.1 port 48576',
  ];

  it('keeps the channel lines after authentication and drops bookkeeping', () => {
    expect(sessionLines(log, 1, log.length, 'openssh')).toEqual([log[5]]);
  });

  it('keeps nothing when nobody authenticated', () => {
    expect(sessionLines(log.slice(0, 3), 1, 3, 'openssh')).toEqual([]);
  });

  it('stops at the moment the harness stopped the client', () => {
    expect(sessionLines(log, 1, 5, 'openssh')).toEqual([]);
  });

  it('normalises ephemeral ports only', () => {
    expect(normalisePorts(log[5]!, new Set([44230]))).toBe('refused local port forward: originator 127.0.0.1 port 41234, target localhost port 80');
    expect(normalisePorts('originator 127.0.0.1 port 65535, target db port 5432', new Set([44230]))).toBe(
      'originator 127.0.0.1 port 65535, target db port 5432',
    );
    expect(normalisePorts('Child connection from 127.0.0.1:38636', new Set([38636]))).toBe('Child connection from 127.0.0.1:41234');
  });

  it("keeps the message of a syslog datagram, with sshd's error: prefix", () => {
    expect(syslogMessage('<35>Nov 24 08:46:56 sshd[137]: error: connect_to db.internnal: unknown host (Name or service not known)')).toEqual({
      program: 'sshd',
      pid: 137,
      message: 'error: connect_to db.internnal: unknown host (Name or service not known)',
    });
    expect(syslogMessage('<38>Nov  4 10:01:09 bastion sshd-session[1236]: Accepted publickey for alice from 127.0.0.1 port 48576 ssh2')?.message).toBe(
      'Accepted publickey for alice from 127.0.0.1 port 48576 ssh2',
    );
    expect(syslogMessage('<38>Nov 24 08:46:56 sshd[9]: User child is on pid 12: x')?.message).toBe('User child is on pid 12: x');
    expect(syslogMessage('refused local port forward: originator 127.0.0.1 port 44230, target localhost port 80')).toBeNull();
  });

  it('strips Dropbear pids and timestamps', () => {
    expect(stripDropbearPrefix("[16631] Nov 24 07:40:58 Pubkey auth succeeded for 'alice'")).toBe("Pubkey auth succeeded for 'alice'");
  });

  it('puts back a listen port the harness moved', () => {
    expect(unmovePorts('bind [127.0.0.1]:25432: Address already in use', { '25432': 5432 })).toBe('bind [127.0.0.1]:5432: Address already in use');
    expect(unmovePorts('channel_setup_fwd_listener_tcpip: cannot listen to port: 25432', { '25432': 5432 })).toBe(
      'channel_setup_fwd_listener_tcpip: cannot listen to port: 5432',
    );
  });
});

describe('release selection (version matrix)', () => {
  it('runs the machine’s own programs for no version and for Debian 12’s builds, a cached build otherwise', () => {
    expect(releaseOf('openssh', undefined)).toBe('system');
    expect(releaseOf('openssh', 'OpenSSH_9.2p1 Debian-2+deb12u10')).toBe('system');
    expect(releaseOf('openssh', '9.2p1')).toBe('openssh-9.2p1');
    expect(releaseOf('openssh', 'SSH-2.0-OpenSSH_10.5p1')).toBe('openssh-10.5p1');
    expect(releaseOf('openssh', '8.9')).toBe('openssh-8.9p1');
    expect(releaseOf('dropbear', '2022.83')).toBe('system');
    expect(releaseOf('dropbear', 'dropbear_2020.81')).toBe('dropbear-2020.81');
  });

  it('sets the release on the server and on a jump host of the same software, and the client release alone', () => {
    const file = {
      id: 'j',
      title: 'j',
      cause: null,
      scenario: {
        client: { command: 'ssh -J bob@bastion -N -L 1:localhost:2 alice@server' },
        jump: {},
        server: { software: 'dropbear' as const, version: '2022.83' },
      },
    };
    const cells = matrixCells([file]);
    const ossh = cells.find((c) => c.cell === 'server-openssh-10.5p1');
    expect(ossh?.file.scenario.jump?.version).toBe('10.5p1');
    expect(ossh?.file.scenario.server?.version).toBe('2022.83');
    const db = cells.find((c) => c.cell === 'server-dropbear-2020.81');
    expect(db?.file.scenario.server?.version).toBe('2020.81');
    expect(db?.file.scenario.jump?.version).toBeUndefined();
    const client = cells.find((c) => c.cell === 'client-openssh-8.4p1');
    expect(client?.file.scenario.client.version).toBe('8.4p1');
    expect(client?.file.scenario.server?.version).toBe('2022.83');
    expect(cells.some((c) => c.cell === 'server-dropbear-2022.83')).toBe(false);
  });
});
