/**
 * sshj (Java; hierynomus/sshj, v0.40.0 read, not run: no registry here has it): a refused channel
 * throws OpenFailException, whose toString() is "Opening `direct-tcpip` channel failed: <the
 * server's description>" (connection/channel/OpenFailException.java; the reason code only in
 * getReason()); LocalPortForwarder.listen() rethrows it and stops listening. A refused -R:
 * ConnectionException "Global request [global req for tcpip-forward] failed"
 * (ConnectionImpl.gotGlobalReqResponse); a refused key: UserAuthException "Exhausted available
 * authentication methods" (SSHClient.auth()).
 */
import type { ClientProfile } from './types.ts';

export const sshj = {
  id: 'sshj',
  name: 'sshj (Java)',
  seenIn: 'database-guis',
  description: 'shown',
  lines(result) {
    if (result.kind === 'auth-failed') return ['net.schmizz.sshj.userauth.UserAuthException: Exhausted available authentication methods'];
    if (result.kind === 'remote-forward-refused')
      return ['net.schmizz.sshj.connection.ConnectionException: Global request [global req for tcpip-forward] failed'];
    return [`Opening \`direct-tcpip\` channel failed: ${result.description}`];
  },
} as const satisfies ClientProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const sshjBacking: readonly string[] = [
  'source: hierynomus/sshj OpenFailException.java, AbstractDirectChannel.java, ConnectionImpl.java, SSHClient.java (v0.40.0)',
];
