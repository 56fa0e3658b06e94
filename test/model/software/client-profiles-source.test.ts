/**
 * Client profiles read in their source, not run here (Apache MINA SSHD, Teleport's tsh): each
 * prints its cited wording for each protocol result, and the diagnoser reads a refused channel in
 * those words back as that client's, with the tool and the cause it points at.
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/model/diagnose/index.ts';
import { readOtherClientRefusal, UNKNOWN_REASON } from '../../../src/model/diagnose/read-tools.ts';
import { REVEAL } from '../../../src/model/software/annotations.ts';
import { clientLines, type ProtocolResult } from '../../../src/model/software/index.ts';

const refused = (code: number, description: string, host = 'db.internal'): ProtocolResult => ({
  kind: 'channel-refused',
  channel: 4,
  code,
  description,
  target: { host, port: 5432 },
  originator: { address: '127.0.0.1', port: 50111 },
  via: 'local-forward',
});
const remote: ProtocolResult = { kind: 'remote-forward-refused', listen: { host: 'localhost', port: 8080 }, connect: { host: '127.0.0.1', port: 3000 } };
const auth: ProtocolResult = { kind: 'auth-failed', user: 'deploy', host: 'bastion', serverMethods: 'publickey' };

describe('Apache MINA SSHD', () => {
  it('prints the tail of verifyResult()’s message, the -R and the login refusals', () => {
    expect(clientLines('mina-sshd', refused(1, 'open failed'))).toEqual(['Failed (SshChannelOpenException) to execute: open failed']);
    expect(clientLines('mina-sshd', remote)).toEqual(['org.apache.sshd.common.SshException: Tcpip forwarding request denied by server']);
    expect(clientLines('mina-sshd', auth)).toEqual(['org.apache.sshd.common.SshException: No more authentication methods available']);
  });

  it('is read back from the whole exception line, the session in its id included', () => {
    const line =
      'org.apache.sshd.common.SshException: DefaultOpenFuture[ChannelDirectTcpip[id=0, recipient=-1]-ClientSessionImpl[deploy@/10.0.0.5:22]]: Failed (SshChannelOpenException) to execute: Connection refused';
    const r = readOtherClientRefusal(line);
    expect(r?.software).toBe('mina-sshd');
    expect(r?.reason).toBe('connect failed');
    expect(r?.desc).toBe('Connection refused');
  });

  it('names the server’s policy for "open failed"', () => {
    const d = diagnose(
      [
        'Exception in thread "main" org.apache.sshd.common.SshException: DefaultOpenFuture[ChannelDirectTcpip[id=0, recipient=-1]-ClientSessionImpl[deploy@/10.0.0.5:22]]: Failed (SshChannelOpenException) to execute: open failed',
        '\tat org.apache.sshd.common.future.AbstractSshFuture.verifyResult(AbstractSshFuture.java:146)',
      ].join('\n'),
    );
    expect(d.recognised).toBe(true);
    expect(d.causes[0]?.id).toBe('tcp-forwarding-disabled');
  });
});

describe('Teleport tsh', () => {
  it('prints the error proxyConnection() returns, and its fixed -R line', () => {
    expect(clientLines('teleport-tsh', refused(2, 'Connection refused'))).toEqual(['failed to connect to node: db.internal:5432']);
    expect(clientLines('teleport-tsh', refused(1, 'open failed', 'fd00::5'))).toEqual(['failed to connect to node: [fd00::5]:5432']);
    expect(clientLines('teleport-tsh', remote)).toEqual(['Node does not support remote port forwarding (-R).']);
    expect(clientLines('teleport-tsh', auth)).toEqual([]);
  });

  it('hides the server’s answer: the reason is unknown, the tool is the gateways page, and --debug shows it', () => {
    const line = '2026-12-03T10:20:11Z WARN  Failed to proxy connection error="failed to connect to node: db.internal:5432"';
    const r = readOtherClientRefusal('WARN Failed to proxy connection error:failed to connect to node: db.internal:5432');
    expect(r?.software).toBe('teleport-tsh');
    expect(r?.reason).toBe(UNKNOWN_REASON);
    expect(r?.desc).toBeNull();
    expect(REVEAL['teleport-tsh']).toMatch(/--debug/);
    const d = diagnose(line);
    expect(d.recognised).toBe(true);
    expect(d.tool?.id).toBe('gateways');
    expect(d.causes[0]?.id).toBe('tcp-forwarding-disabled');
  });
});
