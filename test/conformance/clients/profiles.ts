/**
 * Which recorded client program each `client.software` profile stands for (src/model/software/),
 * shared by the model and simulator tests that hold the profiles to the recordings.
 */
import type { ClientSoftware } from '../../../src/model/software/index.ts';
import type { ClientRecording, RecordedClient } from './record-clients.ts';

/**
 * Recorded programs that are not a `client.software` of their own: a library's local-forward
 * listener (`-forward`), which prints nothing when the server refuses. phpseclib is a profile: it
 * has no forwarding API, so its only recording is the login, and the tests that walk the recordings
 * hold its profile to that one case.
 */
export const NOT_A_PROFILE = ['asyncssh-forward', 'jsch-forward', 'net-ssh-forward'] as const satisfies readonly RecordedClient[];
export type ModelledClient = Exclude<RecordedClient, (typeof NOT_A_PROFILE)[number]>;
export type ModelledRecording = ClientRecording & { client: ModelledClient };
export const isModelled = (r: ClientRecording): r is ModelledRecording => !(NOT_A_PROFILE as readonly string[]).includes(r.client);

export const SOFTWARE: Record<ModelledClient, ClientSoftware> = {
  plink: 'putty',
  'plink-nc': 'putty',
  paramiko: 'paramiko',
  go: 'go-x-crypto',
  'node-ssh2': 'node-ssh2',
  asyncssh: 'asyncssh',
  jsch: 'jsch',
  libssh: 'libssh',
  libssh2: 'libssh2',
  'net-ssh': 'net-ssh',
  phpseclib: 'phpseclib',
};

/**
 * What the user reads of a refusal: plink's -v log also has lines about its listener; the recording
 * programs add a line of the exception's fields ("code: 1, reason: …", "error code: -21") that is
 * theirs, not the library's.
 */
export function refusalLines(r: ClientRecording): string[] {
  if (r.client === 'plink') return r.lines.filter((l) => !l.startsWith('Local port '));
  return r.lines.filter((l) => !/^(code: |error code: )/.test(l));
}
