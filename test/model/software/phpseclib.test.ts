/**
 * phpseclib's profile: its refused login is what phpseclib 1.0.20 gave when run here
 * (test/conformance/clients/recordings/phpseclib.auth-failed.json), and it prints nothing for a
 * refused channel or -R, because phpseclib never asks for a forward.
 */
import { describe, expect, it } from 'vitest';
import { PROGRAM_BACKING, REVEAL, runLive } from '../../../src/model/software/annotations.ts';
import { CLIENT_SOFTWARE, clientLines, type ProtocolResult } from '../../../src/model/software/index.ts';
import { loadClientRecordings } from '../../conformance/clients/record-clients.ts';
import { simulate } from '../../../src/machine/channel-open/simulate.ts';

const recordings = loadClientRecordings().filter((r) => r.client === 'phpseclib');

describe('phpseclib', () => {
  it('has one recording, the refused login, and is a client.software value', () => {
    expect(recordings.map((r) => r.case.id)).toEqual(['auth-failed']);
    expect(CLIENT_SOFTWARE).toContain('phpseclib');
  });

  it('words a refused login exactly as recorded', () => {
    const r = recordings[0]!;
    // the recorder's default sshd allows publickey only (record-clients.ts); the wrong key is refused
    const auth: ProtocolResult = { kind: 'auth-failed', user: 'root', host: r.case.targetHost, serverMethods: 'publickey' };
    expect(clientLines('phpseclib', auth)).toEqual(r.lines);
  });

  it('passes on the methods the server still allows', () => {
    const auth: ProtocolResult = { kind: 'auth-failed', user: 'deploy', host: 'web1', serverMethods: 'publickey,password' };
    expect(clientLines('phpseclib', auth).at(-1)).toBe('getAuthMethodsToContinue(): publickey,password');
  });

  it('prints nothing for a refused channel or -R: it never sends the request', () => {
    const refused: ProtocolResult = {
      kind: 'channel-refused',
      channel: 0,
      code: 1,
      description: 'open failed',
      target: { host: 'db', port: 5432 },
      originator: { address: '127.0.0.1', port: 50000 },
      via: 'local-forward',
    };
    const remote: ProtocolResult = { kind: 'remote-forward-refused', listen: { host: 'localhost', port: 8080 }, connect: { host: '127.0.0.1', port: 3000 } };
    expect(clientLines('phpseclib', refused)).toEqual([]);
    expect(clientLines('phpseclib', remote)).toEqual([]);
    // nothing is hidden from its user, so there is no command that shows more
    expect(REVEAL.phpseclib).toBeUndefined();
  });

  it('in the simulator, a forward stops on the client: no server is asked, and nothing is printed', () => {
    const t = simulate({
      client: { command: 'ssh -N -L 5432:db.internal:5432 deploy@web1.example', software: 'phpseclib' },
      targets: [{ host: '10.0.0.9', port: 5432, state: 'listening' }],
    });
    expect(t.outcome).toBe('failed');
    expect(t.hop).toBe('client');
    expect(t.clientLines).toEqual([]);
    expect(t.steps.map((s) => s.machine)).toEqual(['client']);
    expect(t.steps[0]!.detail).toContain('cannot ask for a forward');
    // a plain login still reaches the server
    expect(simulate({ client: { command: 'ssh deploy@web1.example', software: 'phpseclib' } }).steps.some((s) => s.machine === 'ssh-server')).toBe(true);
  });

  it('is backed by that recording', () => {
    const backing = PROGRAM_BACKING.find((p) => p.id === 'phpseclib')!;
    expect(runLive(backing)).toBe(true);
    expect(backing.backing.find((b) => b.startsWith('recorded:'))).toContain('phpseclib.auth-failed.json');
  });
});
