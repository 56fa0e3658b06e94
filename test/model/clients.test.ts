/**
 * The other-client model against what the real clients printed (test/conformance/clients/
 * recordings/, recorded live against OpenSSH 9.2p1): for every recording, the model's lines for
 * the same protocol result are exactly the recorded ones.
 */
import { describe, expect, it } from 'vitest';
import { clientLines, goReason, isClientSoftware, type ProtocolResult, paramikoReason, puttyReason, clientProfile } from '../../src/model/software/index.ts';
import { type ClientRecording, loadClientRecordings } from '../conformance/clients/record-clients.ts';
import { isModelled, type ModelledClient, refusalLines, SOFTWARE } from '../conformance/clients/profiles.ts';
import { loadRecordings } from '../conformance/harness/index.ts';
import { PROGRAM_BACKING, REVEAL, runLive } from '../../src/model/software/annotations.ts';

/**
 * What the server (OpenSSH 9.2p1, or Dropbear 2022.83) sends for each recorded case (reason code
 * and description); the test below checks these against OpenSSH's ssh's recorded lines for the
 * same cause.
 */
const SERVER_ANSWER: Record<string, { code: number; description: string }> = {
  'forwarding-disabled': { code: 1, description: 'open failed' },
  'permitopen-mismatch': { code: 1, description: 'open failed' },
  'target-refused': { code: 2, description: 'Connection refused' },
  'target-unresolvable': { code: 2, description: 'Name or service not known' },
  // Dropbear 2022.83 started with -j: an empty description.
  'dropbear-forwarding-disabled': { code: 1, description: '' },
};

function resultOf(r: ClientRecording): ProtocolResult {
  const c = r.case;
  if (c.mode === 'auth') return { kind: 'auth-failed', user: 'root', host: '127.0.0.1', serverMethods: 'publickey' };
  if (c.mode === 'remote')
    return { kind: 'remote-forward-refused', listen: { host: c.targetHost, port: c.targetPort }, connect: { host: '127.0.0.1', port: 5432 } };
  const answer = SERVER_ANSWER[c.id]!;
  return {
    kind: 'channel-refused',
    channel: 0,
    ...answer,
    target: { host: c.targetHost, port: c.targetPort },
    originator: { address: '127.0.0.1', port: 41234 },
    via: r.client === 'plink-nc' ? 'stdio' : 'local-forward',
  };
}

const allRefused = loadClientRecordings().filter((r) => r.case.cause !== null);
const refused = allRefused.filter(isModelled);
const notModelled = allRefused.filter((r) => !isModelled(r));

describe('other clients: the model prints what each real client printed', () => {
  it('has recordings to check', () => {
    expect(refused.length).toBeGreaterThanOrEqual(25);
  });
  for (const r of refused) {
    it(`${r.client} ${r.version}: ${r.case.id}`, () => {
      expect(clientLines(SOFTWARE[r.client], resultOf(r))).toEqual(refusalLines(r));
    });
  }
  it('a library’s own local-forward listener prints nothing when the server refuses, and its profile says how to see more', () => {
    const listeners = notModelled.filter((r) => r.client.endsWith('-forward'));
    expect(listeners.length).toBeGreaterThanOrEqual(15);
    for (const r of listeners) {
      expect(r.lines, `${r.client} ${r.case.id}`).toEqual([]);
      const profile = clientProfile(SOFTWARE[r.client.replace(/-forward$/, '') as ModelledClient]);
      expect(REVEAL[profile.id], profile.id).toMatch(/ssh -v/);
    }
  });
});

describe('the /verification/ page says which clients were run live', () => {
  it('every recorded client’s profile has a recorded: backing naming the recorded release', () => {
    for (const r of loadClientRecordings().filter(isModelled)) {
      const backing = PROGRAM_BACKING.find((b) => b.id === SOFTWARE[r.client])!;
      expect(runLive(backing), r.client).toBe(true);
      // Debian's revision and epoch ("1:0.4.0-1", "0.10.6-0+deb12u3") are the packaging, not the release
      const release = r.version.replace(/^\d+:/, '').replace(/-[^-]*$/, '');
      expect(backing.backing.filter((b) => b.startsWith('recorded:')).join(' '), r.client).toContain(release);
    }
  });
});

describe('the server answers the client model is fed', () => {
  const openssh = loadRecordings();
  for (const [id, answer] of Object.entries(SERVER_ANSWER)) {
    it(`${id}: OpenSSH's ssh printed reason ${answer.code} "${answer.description}" for the same cause`, () => {
      const cause = refused.find((r) => r.case.id === id)!.case.cause;
      const line = clientLines('openssh', { ...resultOf(refused.find((r) => r.case.id === id)!), channel: 2 } as ProtocolResult)[0]!;
      const seen = openssh.filter((rec) => rec.cause === cause).flatMap((rec) => rec.real.clientLines);
      expect(seen).toContain(line);
    });
  }
});

describe('other clients: edge cases from their source', () => {
  const refusedWith = (code: number, description: string, via: 'local-forward' | 'stdio' = 'local-forward'): ProtocolResult => ({
    kind: 'channel-refused',
    channel: 3,
    code,
    description,
    target: { host: 'db', port: 5432 },
    originator: { address: '127.0.0.1', port: 50000 },
    via,
  });
  it('an empty description (Dropbear, some gateways) leaves the brackets, parentheses or colon empty', () => {
    expect(clientLines('putty', refusedWith(1, ''))[1]).toBe('Forwarded connection refused by remote: Administratively prohibited []');
    expect(clientLines('go-x-crypto', refusedWith(1, ''))).toEqual(['ssh: rejected: administratively prohibited ()']);
    expect(clientLines('paramiko', refusedWith(1, ''))[0]).toBe('ERROR:paramiko.transport:Secsh channel 3 open FAILED: : Administratively prohibited');
    expect(clientLines('node-ssh2', refusedWith(1, ''))).toEqual(['(SSH) Channel open failure: ']);
  });
  it('a gateway description (gliderlabs/ssh "port forwarding is disabled") reaches every client', () => {
    const r = refusedWith(1, 'port forwarding is disabled');
    expect(clientLines('openssh', r)).toEqual(['channel 3: open failed: administratively prohibited: port forwarding is disabled']);
    expect(clientLines('go-x-crypto', r)).toEqual(['ssh: rejected: administratively prohibited (port forwarding is disabled)']);
    expect(clientLines('openssh', refusedWith(1, 'port forwarding is disabled', 'stdio'))).toEqual([
      'channel 3: open failed: administratively prohibited: port forwarding is disabled',
      'stdio forwarding failed',
    ]);
  });
  it('unknown reason codes are named the way each client names them', () => {
    expect(puttyReason(7)).toBe('unknown reason code 0x7');
    expect(puttyReason(0)).toBe('unknown reason code 0');
    expect(goReason(7)).toBe('unknown reason 7');
    expect(paramikoReason(7)).toBe('(unknown code)');
  });
  it('knows exactly the five client software values', () => {
    expect(['openssh', 'putty', 'paramiko', 'go-x-crypto', 'node-ssh2'].every(isClientSoftware)).toBe(true);
    expect(isClientSoftware('winscp')).toBe(false);
  });
});
