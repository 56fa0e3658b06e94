/**
 * A server built on Apache MINA SSHD (Java; apache/mina-sshd sshd-core, tag sshd-2.17.1, read, not
 * run here). ServerBuilder registers a "direct-tcpip" channel factory, and BaseBuilder gives every
 * server the DEFAULT_FORWARDING_FILTER, RejectAllForwardingFilter, unless the program sets its own.
 * TcpipServerChannel.doInit() asks the filter's canConnect() and, refused, fails the channel with
 * SshChannelOpenException(SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, "Connection denied"); but
 * AbstractConnectionService.channelOpen() sends only that exception's reason code: the description
 * on the wire stays its default, "Generic error while opening channel: " and the server's own
 * number for the channel (a per-connection counter from 0, nextChannelId, that a session channel
 * opened before also advances). The same text goes with reason 2 when the target refuses the
 * connection (handleChannelOpenFailure: a ConnectException becomes SSH_OPEN_CONNECT_FAILED), and with
 * reason 1 when a program's own ForwardingFilter refuses, so the wording cannot tell the default
 * from a program's policy (sshd-2.0.0 to sshd-2.17.1 alike).
 * A -R: TcpipForwardHandler gets null from DefaultForwarder.localPortForwardingRequested() when the
 * filter's canListen() says no, and answers SSH_MSG_REQUEST_FAILURE; ssh then warns that remote port
 * forwarding failed. Its banner is "SSH-2.0-" and AbstractFactoryManager.getVersion(): the
 * sshd-version.properties value "apache-sshd-<version>" upper-cased.
 */
import type { ServerProfile } from './types.ts';

/** The description MINA SSHD sends with every refused channel, before the channel's number. */
const GENERIC_ERROR = 'Generic error while opening channel: ';

export const minaSshdServer = {
  id: 'mina-sshd-server',
  name: 'A server built on Apache MINA SSHD (Java)',
  kind: 'server',
  seenIn: null,
  directTcpip: { code: 1, description: GENERIC_ERROR, numbered: true, cause: 'server-lacks-forwarding' },
  policy: {
    answer: 'refuses',
    code: 1,
    description: GENERIC_ERROR,
    numbered: true,
    setting: 'the program’s ForwardingFilter (SshServer.setForwardingFilter; the default, RejectAllForwardingFilter, refuses every forward)',
  },
  remoteForward: 'refused',
  words: { banner: 'APACHE-SSHD-', genericError: GENERIC_ERROR },
} as const satisfies ServerProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const minaSshdServerBacking: readonly string[] = [
  'source: apache/mina-sshd sshd-core/src/main/java/org/apache/sshd/common/BaseBuilder.java DEFAULT_FORWARDING_FILTER, sshd-core/src/main/java/org/apache/sshd/server/ServerBuilder.java DEFAULT_CHANNEL_FACTORIES (sshd-2.17.1)',
  'source: apache/mina-sshd sshd-core/src/main/java/org/apache/sshd/server/forward/TcpipServerChannel.java doInit, handleChannelOpenFailure (sshd-2.17.1)',
  'source: apache/mina-sshd sshd-core/src/main/java/org/apache/sshd/common/session/helpers/AbstractConnectionService.java channelOpen (sshd-2.17.1; the same description in sshd-2.0.0, sshd-2.9.0, sshd-2.12.0)',
  'source: apache/mina-sshd sshd-core/src/main/java/org/apache/sshd/server/global/TcpipForwardHandler.java process, sshd-core/src/main/java/org/apache/sshd/common/forward/DefaultForwarder.java localPortForwardingRequested (sshd-2.17.1)',
  'source: apache/mina-sshd sshd-core/src/main/java/org/apache/sshd/common/helpers/AbstractFactoryManager.java getVersion, sshd-common/src/main/filtered-resources/org/apache/sshd/sshd-version.properties (sshd-2.17.1)',
];
