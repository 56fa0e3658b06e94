/**
 * sish (antoniomika/sish, tag v2.23.0, read, not run here), an HTTP(S)/TCP tunnel server built on
 * golang.org/x/crypto/ssh directly (not gliderlabs/ssh). It never refuses a direct-tcpip channel:
 * sshmuxer/channels.go handleAlias() accepts it first, then looks the host:port up among its TCP
 * aliases (the -R forwards of other clients); when there is none, or the key is not allowed to use
 * it (--tcp-aliases-allowed-users), it logs "Unable to load tcp alias: …" (or "Connection not allowed
 * …") and closes the whole SSH connection. So ssh prints no "open failed" line for a -L, -W or -J
 * through sish: the connection ends instead, "Connection to <host> closed by remote host."
 * (`closesConnection`; the simulator has no aliases, so every such channel ends so).
 * A -R: sshmuxer/requests.go handleRemoteForward() answers SSH_MSG_REQUEST_FAILURE only when it cannot
 * set the forward up, e.g. a taken port with --force-requested-ports, or an alias it may not assign;
 * otherwise utils.GetOpenPort() binds another port than the one asked for whenever
 * --bind-random-ports is on (its default) and tells the session "The TCP port N is unavailable.
 * Assigning a random port."; the forwarded-tcpip channels then name that port, which ssh never asked
 * for, so ssh refuses them ("Server requests forwarding for unknown listen_port"), unless -R asked
 * for port 0. Its README's own set-up turns --bind-random-ports off.
 */
import type { GatewaySignal, ServerProfile } from './types.ts';

/** The end of sish's message to the session when it binds another port than the one -R asked for. */
const RANDOM_PORT = 'is unavailable. Assigning a random port.';

/** sish's log line when a direct-tcpip channel names no TCP alias it has (sshmuxer/channels.go handleAlias). */
const ALIAS_MISSING = 'Unable to load tcp alias:';

/** What sish tells the session when it binds another port than `port`, the one -R asked for (utils.GetOpenPort). */
export function sishRandomPortMessage(port: number): string {
  return `The TCP port ${port} ${RANDOM_PORT}`;
}

export const sish = {
  id: 'sish',
  name: 'sish',
  kind: 'server',
  seenIn: 'gateways',
  // it accepts every direct-tcpip channel and then closes the connection when no alias matches: no refusal to print
  directTcpip: null,
  closesConnection: true,
  words: { randomPort: RANDOM_PORT, aliasMissing: ALIAS_MISSING },
} as const satisfies ServerProfile;

/** Its own lines, and what each means (the diagnoser reads them; the simulator does not carry them). */
export const sishSignals: readonly GatewaySignal[] = [
  {
    words: RANDOM_PORT,
    causes: [['forwarded-channel-mismatch', 6]],
    decisive: false,
    refusedBy: 'ssh-server',
    note: 'sish bound another port than the -R asked for (its --bind-random-ports, on by default). ssh knows only the port it asked for and refuses the connections sish forwards from the new one, unless the -R asked for port 0; or run sish with --bind-random-ports=false.',
  },
  {
    words: ALIAS_MISSING,
    causes: [['server-lacks-forwarding', 10]],
    decisive: true,
    refusedBy: 'ssh-server',
    note: 'sish has no TCP alias for the host and port the -L, -D or -W asked for, so it closed the whole connection (ssh: "Connection to … closed by remote host."). sish forwards only to the aliases other clients publish with -R; it does not connect to arbitrary targets. Ask for an alias that exists, or forward through a server that forwards.',
  },
];

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const sishBacking: readonly string[] = [
  'source: antoniomika/sish sshmuxer/handle.go handleChannel, sshmuxer/channels.go handleAlias (v2.23.0)',
  'source: antoniomika/sish sshmuxer/requests.go handleRemoteForward, sshmuxer/tcphandler.go handleTCPListener, utils/utils.go GetOpenPort, cmd/sish.go flag defaults (v2.23.0)',
  'https://github.com/antoniomika/sish/issues/206 (ssh printed "Warning: remote port forwarding failed for listen port 2222" against sish 2.0.0)',
];
