/**
 * A forward the product lets through to a port where nothing listens: each server and gateway
 * profile says how the failed connection reaches the client (software/ `targetFailure`, `relays`).
 * Go's dial error is held to the live recording of a gliderlabs/ssh server; the rest comes from the
 * products' source, cited in their modules. The hop is the server that dialled, never the gateway's
 * policy, and the diagnoser reads each line back to the cause.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/machine/channel-open/simulate.ts';
import { diagnose } from '../../../src/model/diagnose/index.ts';
import { badExtData, channelOpenFailedLine } from '../../../src/model/messages.ts';
import { devpod, gitpod, goDialError, goRejected, jumpserver, serverProfile, shellhub, teleport, warpgate } from '../../../src/model/software/index.ts';

const RECORDINGS = path.join(import.meta.dirname, '../../conformance/servers/recordings');

/** `ssh -N -L` to db.internal:5432 through `software`, with nothing listening there. */
function targetDown(software: string, hosts = '127.0.0.1 localhost\n10.0.0.30 db.internal\n') {
  return simulate({
    client: { command: 'ssh -N -L 15432:db.internal:5432 alice@gw.example' },
    server: { software, hosts },
    targets: [{ host: '10.0.0.30', port: 5432, state: 'closed' }],
  } as Parameters<typeof simulate>[0]);
}

describe('a failed connection to the target, per program', () => {
  it('Go’s dial error is what a gliderlabs/ssh server sent ssh 9.2p1 (recorded live), for a product on its handler', () => {
    const rec = JSON.parse(fs.readFileSync(path.join(RECORDINGS, 'gliderlabs-ssh.allowed-target-down-local.json'), 'utf8')) as {
      command: string;
      clientLines: string[];
    };
    const trace = simulate({
      client: { command: rec.command },
      server: { software: devpod.id },
      targets: [{ host: '127.0.0.1', port: 5432, state: 'listening' }],
    });
    expect(trace.cause).toBe('target-service-down');
    expect(trace.clientLines).toEqual(rec.clientLines);
  });

  it('Go names the first address it tried, an IPv6 one in brackets, with its own lower-case errno text', () => {
    expect(goDialError('::1', 5432, 'Connection refused')).toBe('dial tcp [::1]:5432: connect: connection refused');
    const local = simulate({
      client: { command: 'ssh -N -L 15432:localhost:5432 alice@gw.example' },
      server: { software: devpod.id, hosts: '::1 localhost\n127.0.0.1 localhost\n' },
      targets: [{ host: '127.0.0.1', port: 5432, state: 'filtered' }],
    });
    expect(local.clientLines).toEqual([channelOpenFailedLine(2, 2, 'dial tcp [::1]:5432: connect: connection refused')]);
  });

  it('each product’s line, from its profile', () => {
    const go = 'dial tcp 10.0.0.30:5432: connect: connection refused';
    expect(targetDown('coder').clientLines).toEqual([channelOpenFailedLine(2, 2, go)]);
    expect(targetDown(shellhub.id).clientLines).toEqual([channelOpenFailedLine(2, 2, `${shellhub.words.dialFailed}${goRejected(2, go)}`)]);
    expect(targetDown(jumpserver.id).clientLines).toEqual([channelOpenFailedLine(2, 2, goRejected(2, 'Connection refused'))]);
    expect(targetDown(gitpod.id).clientLines).toEqual([channelOpenFailedLine(2, 2, gitpod.relays.description)]);
    expect(targetDown(warpgate.id).clientLines).toEqual([channelOpenFailedLine(2, 2, warpgate.relays.description)]);
    // Teleport confirmed the channel before it dialled: no "open failed" at all
    expect(targetDown(teleport.id).clientLines).toEqual([badExtData(2)]);
    // a cloud layer only carries the SSH connection: the instance's sshd answers
    expect(targetDown('aws-ssm').clientLines).toEqual([channelOpenFailedLine(2, 2, 'Connection refused')]);
  });

  it('a name the server cannot resolve: Teleport closes the channel it had confirmed; a program that is its own server shows no sshd log', () => {
    const unresolved = (software: string) =>
      simulate({ client: { command: 'ssh -N -L 15432:nowhere.internal:5432 alice@gw.example' }, server: { software } } as Parameters<typeof simulate>[0]);
    expect(unresolved(teleport.id).clientLines).toEqual([badExtData(2)]);
    expect(unresolved(teleport.id).cause).toBe('target-name-unresolvable');
    expect(unresolved('coder').serverLog).toEqual([]);
    expect(unresolved(jumpserver.id).serverLog.join('\n')).toMatch(/unknown host/);
  });

  it('a name JumpServer’s asset cannot resolve comes back inside x/crypto’s words too', () => {
    const t = simulate({
      client: { command: 'ssh -N -L 15432:nowhere.internal:5432 alice@gw.example' },
      server: { software: jumpserver.id },
    } as Parameters<typeof simulate>[0]);
    expect(t.cause).toBe('target-name-unresolvable');
    expect(t.clientLines[0]).toMatch(/^channel 2: open failed: connect failed: ssh: rejected: /);
  });

  it('the server that dialled is the hop, and a gateway in front of it is cleared', () => {
    for (const id of ['coder', shellhub.id, jumpserver.id, gitpod.id, warpgate.id, teleport.id, 'aws-ssm']) {
      const t = targetDown(id);
      expect(t.cause, id).toBe('target-service-down');
      expect(t.hop, id).toBe('ssh-server');
      // Coder's workspace server and a Teleport node are the SSH server themselves: nothing stands in front to clear
      if (serverProfile(id)!.behind) expect(t.hopDetail, id).toContain(`${serverProfile(id)!.name} in front of it did not decide`);
      else expect(t.hopDetail, id).not.toMatch(/in front of it/);
    }
  });

  it('shows an sshd’s log only where an sshd made the connection', () => {
    expect(targetDown('coder').serverLog).toEqual([]);
    expect(targetDown(teleport.id).serverLog).toEqual([]);
    for (const id of [jumpserver.id, gitpod.id, warpgate.id])
      expect(targetDown(id).serverLog.join('\n'), id).toMatch(/connect_to db\.internal port 5432: failed/);
  });

  it('the diagnoser reads each line back to the target, and to the server that dialled', () => {
    for (const id of ['coder', shellhub.id, jumpserver.id, gitpod.id, warpgate.id]) {
      const d = diagnose(targetDown(id).clientLines.join('\n'));
      expect(
        d.causes.slice(0, 2).map((c) => c.id),
        id,
      ).toContain('target-service-down');
      expect(d.hop?.hop, id).toBe('ssh-server');
    }
    // the wrapping names the kind of server: Go's dial error, a product's words around it, x/crypto's around an sshd's answer
    for (const [id, named] of [
      ['coder', 'Coder workspace agent'],
      [shellhub.id, `${shellhub.name}’s words`],
      [jumpserver.id, jumpserver.name],
    ] as const) {
      const d = diagnose(targetDown(id).clientLines.join('\n'));
      expect(d.server.software, id).toBe('not-openssh');
      expect(d.server.evidence.map((e) => e.note).join(' '), id).toContain(named);
    }
    // a firewalled target and a name that does not resolve read as such inside Go's and x/crypto's words
    const filtered = simulate({
      client: { command: 'ssh -N -L 15432:10.0.0.30:5432 alice@gw.example' },
      server: { software: shellhub.id },
      targets: [{ host: '10.0.0.30', port: 5432, state: 'filtered' }],
    });
    expect(filtered.clientLines[0]).toContain('connect: connection timed out');
    expect(diagnose(filtered.clientLines.join('\n')).causes[0]!.id).toBe(filtered.cause);
    const unresolved = simulate({ client: { command: 'ssh -N -L 15432:nowhere.internal:5432 alice@gw.example' }, server: { software: jumpserver.id } });
    expect(diagnose(unresolved.clientLines.join('\n')).causes[0]!.id).toBe('target-name-unresolvable');
    // Teleport's "bad ext data" is its policy or a failed dial: both are named
    const teleportRead = diagnose(targetDown(teleport.id).clientLines.join('\n'));
    expect(teleportRead.causes.map((c) => c.id).slice(0, 2)).toEqual(['ssh-gateway-policy', 'target-service-down']);
  });

  it('reads what an AsyncSSH and a gliderlabs/ssh server that allow forwarding sent for a dead target or an unknown name (recorded live)', () => {
    const expected: Record<string, string> = {
      'asyncssh.allowed-target-down-local': 'target-service-down',
      'asyncssh.allowed-unresolvable-local': 'target-name-unresolvable',
      'gliderlabs-ssh.allowed-target-down-local': 'target-service-down',
    };
    for (const [name, cause] of Object.entries(expected)) {
      const rec = JSON.parse(fs.readFileSync(path.join(RECORDINGS, `${name}.json`), 'utf8')) as { command: string; clientLines: string[] };
      const d = diagnose([`$ ${rec.command}`, ...rec.clientLines].join('\n'));
      expect(d.causes[0]?.id, name).toBe(cause);
      expect(d.hop?.hop, name).toBe('ssh-server');
    }
  });
});
