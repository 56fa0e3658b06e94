/**
 * The other clients' lines are read back from the same functions that print them (their profiles in src/model/software/): for
 * every client, reason and description, what clientLines() prints is read as that reason and
 * description, inside whatever surrounds it.
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_SOFTWARE, clientLines, clientProfile, type ProtocolResult } from '../../../src/model/software/index.ts';
import { reasonText } from '../../../src/model/messages.ts';
import { readOtherClientRefusal, UNKNOWN_REASON } from '../../../src/model/diagnose/read-tools.ts';

const DESCRIPTIONS = ['open failed', 'Connection refused', 'Name or service not known', '', 'port forwarding is disabled'];

function refused(code: 1 | 2, description: string, via: 'local-forward' | 'stdio'): ProtocolResult {
  return {
    kind: 'channel-refused',
    channel: 7,
    code,
    description,
    target: { host: 'db.internal', port: 5432 },
    originator: { address: '127.0.0.1', port: 50111 },
    via,
  };
}

describe('read-tools: other clients read back', () => {
  for (const software of CLIENT_SOFTWARE.filter((s) => s !== 'openssh' && s !== 'openssh-windows'))
    for (const description of DESCRIPTIONS)
      for (const via of ['local-forward', 'stdio'] as const) {
        // what each server sends: policy refusals with reason 1, connect and resolver errors with 2
        const code = description === 'Connection refused' || description === 'Name or service not known' ? 2 : 1;
        it(`${software} ${via}: reason ${code} "${description}"`, () => {
          const lines = clientLines(software, refused(code, description, via));
          const read = lines.map((l) => readOtherClientRefusal(`2026/12/03 10:15:02 main.go:40: ${l}`)).filter((r) => r !== null);
          if (lines.length === 0) return expect(clientProfile(software).description).toBe('hidden');
          expect(read.length).toBeGreaterThan(0);
          if (clientProfile(software).description === 'hidden') {
            // the description is dropped: what is read is the reason where the line names it, or that it is not shown
            expect(read[0]!.software).toBe(software);
            expect(read[0]!.desc).toBeNull();
            expect([reasonText(code), UNKNOWN_REASON]).toContain(read[0]!.reason);
            return;
          }
          const withDesc = read.find((r) => r.desc !== null)!;
          expect(withDesc.software).toBe(software);
          expect(withDesc.reason).toBe(reasonText(code));
          expect(withDesc.desc).toBe(description);
        });
      }
  it('does not read OpenSSH’s own line or prose', () => {
    expect(readOtherClientRefusal('channel 2: open failed: administratively prohibited: open failed')).toBeNull();
    expect(readOtherClientRefusal('I read that the connection was refused by the remote side')).toBeNull();
  });
});
