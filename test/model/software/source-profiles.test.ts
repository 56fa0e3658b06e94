/**
 * Server profiles read in source, not run here (MINA SSHD, russh, upterm, sish, ShellHub, Windows'
 * sshd): the simulator, told that server software, prints ssh's lines for each profile's answer in
 * OpenSSH's own line format (messages.ts), with the profile's wording and the cause it means; and
 * the diagnoser, given that line, names the program. No wording is retyped here: each comes from
 * its profile.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/machine/channel-open/simulate.ts';
import { diagnose } from '../../../src/model/diagnose/index.ts';
import * as msg from '../../../src/model/messages.ts';
import type { Scenario } from '../../../src/model/scenario.ts';
import {
  gliderlabsSsh,
  minaSshdServer,
  opensshWindowsServer,
  russhServer,
  type ServerSoftware,
  shellhub,
  sish,
  sishRandomPortMessage,
  upterm,
  windowsProxyJumpFailure,
} from '../../../src/model/software/index.ts';
import { parseServerVersion } from '../../../src/model/version.ts';

const LOCAL = 'ssh -N -L 8080:127.0.0.1:5432 alice@server.example';
const REMOTE = 'ssh -N -R 8080:localhost:80 alice@server.example';
const TARGET = { host: '127.0.0.1', port: 5432, state: 'listening' as const };

/** One -L (or another command) against a server program with a profile. */
function run(software: ServerSoftware, command = LOCAL, server: Scenario['server'] = {}): ReturnType<typeof simulate> {
  return simulate({ client: { command }, server: { software, ...server }, targets: [TARGET] });
}

/** ssh's line for a refused channel 2 (the first channel after -L's two listeners). */
const refusedLine = (code: number, description: string) => msg.channelOpenFailedLine(2, code as msg.ReasonCode, description);

describe('server profiles read in source: what ssh prints', () => {
  it('Apache MINA SSHD: reason 1 and its generic description, numbered by the server’s own channel count', () => {
    const answer = minaSshdServer.directTcpip;
    const alone = run('mina-sshd-server');
    expect(alone.clientLines).toEqual([refusedLine(answer.code, `${answer.description}0`)]);
    expect(alone.cause).toBe('server-lacks-forwarding');
    // without -N the session channel is the connection's first (ssh's channel 2), so the forward is its second (ssh's 3)
    const withShell = run('mina-sshd-server', LOCAL.replace('-N ', ''));
    expect(withShell.clientLines).toEqual([msg.channelOpenFailedLine(3, answer.code, `${answer.description}1`)]);
  });

  it('russh: reason 1 "Administratively prohibited" from the default handler', () => {
    const trace = run('russh-server');
    expect(trace.clientLines).toEqual([refusedLine(russhServer.directTcpip.code, russhServer.directTcpip.description)]);
    expect(trace.cause).toBe('server-lacks-forwarding');
  });

  it('upterm: gliderlabs/ssh’s policy words unless the host allowed forwarding', () => {
    const trace = run('upterm');
    expect(trace.clientLines).toEqual([refusedLine(upterm.directTcpip.code, upterm.directTcpip.description)]);
    expect(upterm.directTcpip.description).toBe(gliderlabsSsh.policy.description);
    expect(trace.cause).toBe('ssh-gateway-policy');
  });

  it('ShellHub: forwards by default; its connector-mode agent’s refusal arrives as reason 2 with the gateway’s words', () => {
    expect(run('shellhub').outcome).toBe('open');
    const refused = run('shellhub', LOCAL, { gatewayPolicy: {} });
    expect(refused.clientLines).toEqual([refusedLine(shellhub.policy.code, shellhub.policy.description)]);
    expect(shellhub.policy.description.startsWith(shellhub.words.dialFailed)).toBe(true);
    expect(refused.cause).toBe('ssh-gateway-policy');
  });

  it('sish: confirms every direct-tcpip channel, then closes the whole connection when no alias matches (no open-failure line)', () => {
    const trace = run('sish');
    expect(trace.cause).toBe('server-lacks-forwarding');
    expect(trace.reasonCode).toBeNull();
    expect(trace.clientLines).toEqual([msg.closedByRemoteHost('server.example')]);
    expect(trace.hop).toBe('ssh-server');
    // as the jump host: ProxyJump's ssh -W says so for the jump host, and the outer ssh sees its proxied connection end
    const jumped = simulate({ client: { command: 'ssh -N -J bob@tunnel.example -L 15432:db:5432 alice@app.internal' }, jump: { software: 'sish' } });
    expect(jumped.clientLines[0]).toBe(msg.closedByRemoteHost('tunnel.example'));
    expect(jumped.hop).toBe('jump-host');
  });

  for (const software of ['mina-sshd-server', 'russh-server', 'upterm', 'shellhub'] as const) {
    it(`${software}: a -R gets SSH_MSG_REQUEST_FAILURE, and ssh warns`, () => {
      const trace = simulate({ client: { command: REMOTE }, server: { software } });
      expect(trace.clientLines).toEqual([msg.remoteForwardFailed({ port: 8080 }, false)]);
      expect(trace.cause).toBe('remote-forward-refused');
    });
  }
});

describe('Windows’ OpenSSH server: sshd_config applies, Unix-domain sockets do not work', () => {
  const SOCKET = '/var/run/docker.sock';

  it('reads sshd_config as OpenSSH does', () => {
    const trace = run('openssh-windows-server', LOCAL, { sshdConfig: 'AllowTcpForwarding no\n' });
    expect(trace.cause).toBe('tcp-forwarding-disabled');
    expect(run('openssh-windows-server').outcome).toBe('open');
  });

  it('a -L to a socket path: OpenSSH’s reply to a channel it could not create, and the connect error in its log', () => {
    const trace = run('openssh-windows-server', `ssh -N -L 2375:${SOCKET} alice@server.example`, { version: '9.5p1', sockets: [SOCKET] });
    const reply = msg.openSshSyncFailure(parseServerVersion('openssh', '9.5p1').value, 'other', null);
    expect(trace.clientLines).toEqual([refusedLine(reply.code, reply.description)]);
    expect(trace.serverLog).toEqual([msg.connectToFailedSync(SOCKET, -2, opensshWindowsServer.unixSockets.connect)]);
    expect(trace.cause).toBe('streamlocal-forwarding-disabled');
  });

  it('a -R from a socket path: unix_listener() cannot bind it', () => {
    const path = '/tmp/agent.sock';
    const trace = simulate({ client: { command: `ssh -N -R ${path}:localhost:80 alice@server.example` }, server: { software: 'openssh-windows-server' } });
    expect(trace.clientLines).toEqual([msg.remoteForwardFailed({ path }, false)]);
    expect(trace.serverLog).toEqual([
      msg.unixListenerBindFailed(parseServerVersion('openssh', undefined).value, path, opensshWindowsServer.unixSockets.listen),
    ]);
  });
});

describe('Windows’ OpenSSH client 7.6, 7.7 and ProxyJump', () => {
  const scenario = (version: string): Scenario => ({
    client: { command: 'ssh -J bob@jump.example alice@app.internal', software: 'openssh-windows', version },
  });

  it('7.6 stops before any server is asked: the jump’s ssh rejects the quoted -W argument', () => {
    const trace = simulate(scenario('7.6p1'));
    const lines = windowsProxyJumpFailure(parseServerVersion('openssh', '7.6p1').value, 'app.internal', 22);
    expect(lines).not.toBeNull();
    expect(trace.clientLines).toEqual(lines);
    expect(trace.clientLines[0]).toBe(msg.badStdioForwarding("'[app.internal]:22'"));
    expect(trace.outcome).toBe('failed');
    expect(trace.fixOn).toBe('client');
  });

  it('7.7 cannot find the ssh it spawns (reports on 7.7p1 and 7.7.2.2): two lines, and no server asked', () => {
    const trace = simulate(scenario('7.7p1'));
    expect(trace.clientLines).toEqual(['CreateProcessW failed error:2', 'posix_spawn: No such file or directory']);
    expect(trace.outcome).toBe('failed');
    expect(trace.hop).toBe('client');
  });

  it('the diagnoser reads either release’s lines as the client’s own failure, says which release and how out, and hands the simulator that release', () => {
    for (const version of ['7.6p1', '7.7p1']) {
      const lines = simulate(scenario(version)).clientLines;
      const d = diagnose(['PS C:\\Users\\alice> ssh -J bob@jump.example alice@app.internal', ...lines].join('\n'));
      expect(d.causes, version).toEqual([]);
      expect(d.notes.join(' '), version).toContain(`Windows’ built-in ssh ${version.slice(0, 3)} could not start the ssh it runs for -J/ProxyJump`);
      expect(d.notes.join(' '), version).toMatch(/7\.9 or later.*ProxyCommand/);
      expect(d.tool?.id).toBe('windows-openssh');
      expect(d.tool?.nextStep).toMatch(/-J\/ProxyJump/);
      expect(d.scenario?.client).toMatchObject({ software: 'openssh-windows', version });
      expect(simulate(d.scenario!).clientLines).toEqual(lines);
    }
  });

  it('7.9 and later reach the jump host', () => {
    const trace = simulate(scenario('7.9p1'));
    expect(trace.steps.map((st) => st.id)).toContain('jump-host.authenticate');
    expect(trace.clientLines.join('\n')).not.toContain(msg.badStdioForwarding(''));
    expect(windowsProxyJumpFailure(parseServerVersion('openssh', '8.1p1').value, 'app.internal', 22)).toBeNull();
  });
});

describe('sish closing the connection, as the diagnoser reads it', () => {
  const lines = () => run('sish').clientLines;
  it('ssh’s line alone: no cause claimed, a note that names what ends a connection so', () => {
    const d = diagnose([`$ ${LOCAL}`, ...lines()].join('\n'));
    expect(d.causes).toEqual([]);
    expect(d.notes.join(' ')).toContain(`sish, for a host and port that is none of its TCP aliases: its log says "${sish.words.aliasMissing}`);
  });
  it('with sish’s log line: the software has no forwarding there, on the server, and the gateways page’s step says no setting turns it on', () => {
    const d = diagnose([`$ ${LOCAL}`, ...lines(), `2026/12/01 10:00:00 ${sish.words.aliasMissing} db.internal:5432`].join('\n'));
    expect(d.causes[0]?.id).toBe('server-lacks-forwarding');
    expect(d.hop?.hop).toBe('ssh-server');
    expect(d.hop?.detail).not.toMatch(/in front of it/);
    expect(d.tool?.nextStep).toMatch(/no setting turns it on/);
  });
});

describe('the diagnoser names the program by its words', () => {
  /** The diagnosis of ssh's line for one answer, and the notes behind its top cause. */
  const read = (code: number, description: string) => {
    const d = diagnose(`$ ${LOCAL}\n${refusedLine(code, description)}`);
    return {
      top: d.causes[0]!,
      notes: d.causes[0]!.why.map((w) => w.note)
        .join(' ')
        .toLowerCase(),
    };
  };

  it('MINA SSHD: its numbered description, whatever the number; not certain (a program’s own filter says the same)', () => {
    const { top, notes } = read(minaSshdServer.directTcpip.code, `${minaSshdServer.directTcpip.description}7`);
    expect(top.id).toBe('server-lacks-forwarding');
    expect(top.confidence).not.toBe('confirmed');
    expect(notes).toContain(minaSshdServer.name.toLowerCase());
  });

  it('russh: today’s and older releases’ descriptions', () => {
    for (const description of [russhServer.directTcpip.description, ...russhServer.earlier.map((e) => e.description)]) {
      const { top, notes } = read(russhServer.directTcpip.code, description);
      expect(top.id).toBe('server-lacks-forwarding');
      expect(top.confidence).not.toBe('confirmed');
      expect(notes).toContain(russhServer.name.toLowerCase());
    }
  });

  it('ShellHub: the gateway’s reason-2 description, although Go’s words sit inside it', () => {
    const d = diagnose(refusedLine(shellhub.policy.code, shellhub.policy.description));
    expect(d.causes[0]?.id).toBe('ssh-gateway-policy');
    expect(d.causes[0]?.confidence).toBe('confirmed');
    expect(d.causes[0]?.why.map((w) => w.note).join(' ')).toContain(shellhub.name);
    expect(d.tool?.id).not.toBe('terraform-go');
  });

  it('upterm shares gliderlabs/ssh’s words: the cause is certain, and every program that sends them is named', () => {
    const { top, notes } = read(upterm.directTcpip.code, upterm.directTcpip.description);
    expect(top.id).toBe('ssh-gateway-policy');
    expect(top.confidence).toBe('confirmed');
    for (const name of [upterm.name, gliderlabsSsh.name, shellhub.name]) expect(notes).toContain(name.toLowerCase());
  });

  it('sish: its message about a random port points at the forwarded channel ssh does not know', () => {
    const d = diagnose(`${sishRandomPortMessage(2222)}\n${msg.unknownForwardedListenPort(41234)}`);
    expect(d.causes[0]?.id).toBe('forwarded-channel-mismatch');
    expect(d.tool?.id).toBe(sish.seenIn);
  });

  it('Windows’ sshd (its banner): a socket forward failing with "open failed" is the missing Unix-domain sockets, not certain', () => {
    const banner = `debug1: Remote protocol version 2.0, remote software version ${opensshWindowsServer.words.banner}9.5`;
    const reply = msg.openSshSyncFailure(parseServerVersion('openssh', '9.5p1').value, 'other', null);
    const d = diagnose(`$ ssh -N -L 2375:/var/run/docker.sock alice@win.example\n${banner}\n${refusedLine(reply.code, reply.description)}`);
    expect(d.causes[0]?.id).toBe('streamlocal-forwarding-disabled');
    expect(d.causes[0]?.confidence).not.toBe('confirmed');
    expect(d.causes[0]?.why.map((w) => w.note).join(' ')).toContain(opensshWindowsServer.name);
    expect(d.server.software).toBe('openssh');
  });
});
