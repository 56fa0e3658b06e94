/**
 * Apache MINA SSHD's client (Java; apache/mina-sshd tag sshd-2.17.1 read, not run here: under
 * Jenkins agents, Eclipse JGit's and many Java programs' SSH). A refused channel:
 * AbstractClientChannel.handleOpenFailure() fails the open future with SshChannelOpenException,
 * whose message is the server's description alone (the reason code only in getReasonCode()).
 * OpenFuture.verify() rethrows it through AbstractSshFuture.verifyResult() as an SshException
 * "DefaultOpenFuture[<id>]: Failed (SshChannelOpenException) to execute: <description>", where the
 * id (formatExceptionMessage) is the channel's toString(): "ChannelDirectTcpip[id=N, recipient=-1]-
 * ClientSessionImpl[user@/address:port]". ProtocolResult has no login user or server address, so
 * the profile prints the stable tail from "Failed (" on, which is what the diagnoser matches; MINA's
 * own -L listener (DefaultForwarder) logs the same exception as "Failed (SshChannelOpenException)
 * to open channel for session=<the accepted socket>: <description>", whose listener address the
 * result lacks too, so both channel kinds print the tail a program opening the channel gets.
 * A refused -R: DefaultForwarder.startRemotePortForwarding() throws SshException "Tcpip forwarding
 * request denied by server"; a refused login: ClientUserAuthService.tryNext() fails the auth
 * future with "No more authentication methods available", rethrown with the same message.
 */
import type { ClientProfile } from './types.ts';

export const minaSshd = {
  id: 'mina-sshd',
  name: 'Apache MINA SSHD (Java: Jenkins, JGit)',
  seenIn: null,
  description: 'shown',
  lines(result) {
    if (result.kind === 'auth-failed') return ['org.apache.sshd.common.SshException: No more authentication methods available'];
    if (result.kind === 'remote-forward-refused') return ['org.apache.sshd.common.SshException: Tcpip forwarding request denied by server'];
    return [`Failed (SshChannelOpenException) to execute: ${result.description}`];
  },
} as const satisfies ClientProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const minaSshdBacking: readonly string[] = [
  'source: apache/mina-sshd sshd-core/src/main/java/org/apache/sshd/client/channel/AbstractClientChannel.java handleOpenFailure, open() (sshd-2.17.1)',
  'source: apache/mina-sshd sshd-common/src/main/java/org/apache/sshd/common/future/AbstractSshFuture.java verifyResult, formatExceptionMessage (sshd-2.17.1)',
  'source: apache/mina-sshd sshd-core/src/main/java/org/apache/sshd/common/forward/DefaultForwarder.java startRemotePortForwarding, StaticIoHandler.sessionCreated (sshd-2.17.1)',
  'source: apache/mina-sshd sshd-core/src/main/java/org/apache/sshd/client/session/ClientUserAuthService.java tryNext (sshd-2.17.1)',
];
