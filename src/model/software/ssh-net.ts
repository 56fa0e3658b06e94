/**
 * SSH.NET (C#; sshnet/SSH.NET 2024.1.0 read, not run): ForwardedPortLocal opens a direct-tcpip
 * channel per accepted connection, and when the server refuses it ChannelDirectTcpip.OnOpenFailure
 * only releases the wait: no exception, no event — the connection is closed and the server's
 * reason and description are dropped (Channels/ChannelDirectTcpip.cs, ForwardedPortLocal.cs). A
 * refused -R: SshException "Port forwarding for '<host>' port '<port>' failed to start." naming the
 * local destination (ForwardedPortRemote.cs); a refused key "Permission denied (publickey)."
 */
import type { ClientProfile } from './types.ts';

export const sshNet = {
  id: 'ssh-net',
  name: 'SSH.NET (C#)',
  seenIn: null,
  description: 'hidden',
  lines(result) {
    if (result.kind === 'auth-failed') return ['Renci.SshNet.Common.SshAuthenticationException: Permission denied (publickey).'];
    if (result.kind === 'remote-forward-refused')
      return [`Renci.SshNet.Common.SshException: Port forwarding for '${result.connect.host}' port '${result.connect.port}' failed to start.`];
    return [];
  },
} as const satisfies ClientProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const sshNetBacking: readonly string[] = [
  'source: sshnet/SSH.NET src/Renci.SshNet/Channels/ChannelDirectTcpip.cs, ForwardedPortLocal.cs, ForwardedPortRemote.cs, ClientAuthentication.cs (2024.1.0)',
];

/** The one command that shows what it hides, from the same machine. */
export const sshNetReveal =
  'SSH.NET shows nothing for a refused channel: run the same hop with ssh -v -N -L localPort:host:port user@server from the same machine';
