/**
 * Ruby's net-ssh (Debian ruby-net-ssh 7.0.1; Capistrano, Puppet's and Test Kitchen's SSH):
 * a refused channel raises Net::SSH::ChannelOpenFailed with "<description> (<code>)"; a refused
 * -R raises "remote forwarding request failed"; a refused key Net::SSH::AuthenticationFailed.
 * session.forward.local prints nothing when the channel is refused: the connection is closed.
 */
import type { ClientProfile } from './types.ts';

export const netSsh = {
  id: 'net-ssh',
  name: 'Ruby net-ssh (Capistrano, Puppet, Test Kitchen)',
  seenIn: null,
  description: 'shown',
  lines(result) {
    if (result.kind === 'auth-failed') return [`Net::SSH::AuthenticationFailed: Authentication failed for user ${result.user}@${result.host}`];
    if (result.kind === 'remote-forward-refused') return ['Net::SSH::Exception: remote forwarding request failed'];
    return [`Net::SSH::ChannelOpenFailed: ${result.description} (${result.code})`];
  },
} as const satisfies ClientProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const netSshBacking: readonly string[] = [
  'recorded: net-ssh 7.0.1 (Debian ruby-net-ssh)',
  'source: net-ssh lib/net/ssh/connection/channel.rb, lib/net/ssh/service/forward.rb (7.0.1)',
];

/** The one command that shows what it hides, from the same machine. */
export const netSshReveal =
  'session.forward.local prints nothing when the server refuses: run the same hop with ssh -v -N -L localPort:host:port user@server from the same machine';
