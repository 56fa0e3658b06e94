/**
 * VS Code Remote-SSH (closed source) runs the user's OpenSSH ssh and wraps its stderr in its
 * "Remote - SSH" output channel. Its own lines, as public issues show them:
 * - the SOCKS forward failing: microsoft/vscode-remote-release issues 9945 and 10367 ("… TCP port
 *   forwarding may be disabled, …"), 4345 (older extensions: "… Is the remote port correct?");
 * - the newer error line: issue 10367 (extension 0.115.0);
 * - the connection command: issue 2141; ssh's stderr echoed in a "terminal": issue 10062.
 */
import type { WrapperProfile } from './types.ts';

export const vscodeRemoteSsh = {
  id: 'vscode-remote-ssh',
  name: 'VS Code Remote-SSH',
  wraps: 'openssh',
  seenIn: 'vscode-remote-ssh',
  words: {
    socketFailed: 'Failed to set up socket for dynamic port forward to remote port ',
    forwardingDisabled: 'ERROR: TCP port forwarding appears to be disabled on the remote host.',
    connectionCommand: 'Running script with connection command: ',
    forwardingServer: 'Starting forwarding server. local port ',
    /** ssh's stderr quoted inside the output channel's line: `"SSH Tunnel" terminal received data: "…"`. */
    terminalData: 'terminal received data: "',
  },
} as const satisfies WrapperProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const vscodeRemoteSshBacking: readonly string[] = ['source: microsoft/vscode-remote-release issues 2141, 4345, 9945, 10062, 10367'];
