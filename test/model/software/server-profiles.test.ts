/**
 * Server profiles against the real servers (test/conformance/servers/recordings/, recorded with
 * OpenSSH's ssh 9.2p1): for every recorded refusal of a forward by a server in its default set-up,
 * the simulator, told that server software, prints exactly what ssh printed. Profiles read only in
 * source have their checks in source-profiles.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/machine/channel-open/simulate.ts';
import { SERVER_PROFILES, type ServerSoftware } from '../../../src/model/software/index.ts';
import { PROGRAM_BACKING, runLive } from '../../../src/model/software/annotations.ts';
import { diagnose } from '../../../src/model/diagnose/index.ts';

const DIR = path.join(import.meta.dirname, '../../conformance/servers/recordings');

/** Which recording is each profile's default set-up (what `server.software` alone means). */
const DEFAULT_CASES: Record<string, ServerSoftware> = {
  'gliderlabs-ssh.no-handler-local': 'gliderlabs-ssh',
  'gliderlabs-ssh.no-handler-stdio': 'gliderlabs-ssh',
  'tinysshd.local': 'tinyssh',
  'tinysshd.dynamic': 'tinyssh',
  'tinysshd.stdio': 'tinyssh',
  'node-ssh2.no-listener-local': 'node-ssh2-server',
  'asyncssh.default-local': 'asyncssh-server',
};

interface ServerRecording {
  command: string;
  clientLines: string[];
  opened: boolean;
}

const load = (name: string): ServerRecording => JSON.parse(fs.readFileSync(path.join(DIR, `${name}.json`), 'utf8'));

describe('server profiles print what the real servers made ssh print', () => {
  it('covers every server profile run live here with a recording, and cites source for the rest', () => {
    const covered = new Set<string>(Object.values(DEFAULT_CASES));
    for (const p of SERVER_PROFILES.filter((x) => x.kind === 'server')) {
      const backing = PROGRAM_BACKING.find((b) => b.id === p.id);
      expect(backing, p.id).toBeDefined();
      if (covered.has(p.id)) expect(runLive(backing!), `${p.id} has recordings, so /verification/ must say it was run live`).toBe(true);
      if (runLive(backing!)) expect(covered.has(p.id), `${p.id} has a recorded: backing but no recording case`).toBe(true);
      else
        expect(
          backing!.backing.some((b) => b.startsWith('source: ')),
          `${p.id} cites no source`,
        ).toBe(true);
    }
  });

  it('claims no gateway was run live: none of them runs here, so each cites source or a report', () => {
    for (const p of SERVER_PROFILES.filter((x) => x.kind === 'gateway')) expect(runLive(PROGRAM_BACKING.find((b) => b.id === p.id)!), p.id).toBe(false);
  });

  it('names, in each live program’s recorded: backing, the version its recordings were made with', () => {
    for (const [name, software] of Object.entries(DEFAULT_CASES)) {
      const { version } = JSON.parse(fs.readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as { version: string };
      const recorded = PROGRAM_BACKING.find((b) => b.id === software)!.backing.filter((b) => b.startsWith('recorded:'));
      // Debian's revision ("-1", "-2+deb12u2") is the packaging, not the program's release
      expect(recorded.join(' '), software).toContain(version.replace(/-[^-]*$/, ''));
    }
  });

  for (const [name, software] of Object.entries(DEFAULT_CASES)) {
    it(`${software}: ${name}`, () => {
      const rec = load(name);
      const trace = simulate({
        client: { command: rec.command, connect: { host: '127.0.0.1', port: 5432 } },
        server: { software },
        targets: [{ host: '127.0.0.1', port: 5432, state: 'listening' }],
      });
      expect(trace.clientLines).toEqual(rec.clientLines);
      expect(trace.outcome === 'open').toBe(rec.opened);
      expect(trace.cause).toBe('server-lacks-forwarding');
    });
  }

  // A relay that names another listen port, or another address, for the -R it forwards (a Node ssh2 server written so).
  for (const [name, rewrite] of [
    ['node-ssh2.forward-wrong-port-remote', { port: 8081 }],
    ['node-ssh2.forward-wrong-address-remote', { address: '127.0.0.1' }],
  ] as const) {
    it(`a relay that rewrites the -R: ${name}`, () => {
      const rec = load(name);
      const trace = simulate({ client: { command: rec.command }, server: { rewritesRemoteForward: rewrite } });
      expect(trace.clientLines).toEqual(rec.clientLines);
      expect(trace.cause).toBe('forwarded-channel-mismatch');
    });
  }

  it('AsyncSSH’s refusal is OpenSSH’s own words for a dead port: only its banner (ssh -v) names it, and then the software is the cause', () => {
    const rec = JSON.parse(fs.readFileSync(path.join(DIR, 'asyncssh.default-local.json'), 'utf8')) as ServerRecording & { banner: string };
    const plain = diagnose([`$ ${rec.command}`, ...rec.clientLines].join('\n'));
    expect(plain.causes[0]?.id).toBe('target-service-down');
    expect(plain.server.evidence.map((e) => e.note).join(' ')).not.toContain('AsyncSSH');
    const verbose = diagnose([`$ ${rec.command.replace('ssh ', 'ssh -v ')}`, rec.banner, ...rec.clientLines].join('\n'));
    expect(verbose.causes[0]?.id).toBe('server-lacks-forwarding');
    expect(verbose.causes.map((c) => c.id)).toContain('target-service-down');
  });
});
