/**
 * JumpServer's SSH gateway, koko (jumpserver/koko, read at tag v4.10.15, commit
 * dea08f2e8cbcc1b6f997442f1202b0ab2bf7b010), built on (a fork of) gliderlabs/ssh. pkg/sshd/server.go
 * registers its own direct-tcpip handler: when LocalPortForwardingPermission() says no it rejects
 * the channel with x/crypto's Prohibited (reason 1) and "port forwarding is disabled", the words
 * of gliderlabs' own handler. That callback returns koko's ENABLE_LOCAL_PORT_FORWARD (config.yml or
 * the environment; pkg/config/config.go, default false). pkg/handler/server_ssh.go
 * DirectTCPIPChannelHandler() then refuses the same way unless ENABLE_VSCODE_SUPPORT is on (default
 * false; config_example.yml: it needs the first) and the connection is a direct login to one asset
 * (user@account@asset, or a connection token) with a session open on it: `ssh -N -L …` opens no
 * session and is refused even with both switches on. A failed dial to the target is reason 2 with
 * Go's error text. Which assets a user may reach at all is JumpServer's asset permission, checked
 * at login.
 */
import { gliderlabsSsh } from './gliderlabs-ssh.ts';
import type { ServerProfile } from './types.ts';

export const jumpserver = {
  id: 'jumpserver',
  name: 'JumpServer (koko)',
  kind: 'gateway',
  seenIn: 'gateways',
  directTcpip: null,
  behind: 'sshd',
  policy: {
    answer: 'refuses',
    code: 1,
    // koko's handler sends the library's words (pkg/sshd/server.go, pkg/handler/server_ssh.go)
    description: gliderlabsSsh.words.forwardingDisabled,
    setting:
      'koko’s config.yml (or its environment): ENABLE_LOCAL_PORT_FORWARD and ENABLE_VSCODE_SUPPORT both true, then restart koko; the forward must ride a direct login to one asset with a session open (not ssh -N)',
  },
  // koko dials through its own x/crypto connection to the asset, whose sshd makes the connection:
  // pkg/handler/server_ssh.go DirectTCPIPChannelHandler rejects with reason 2 and err.Error()
  targetFailure: { answer: 'go-relay' },
  words: { forwardingDisabled: gliderlabsSsh.words.forwardingDisabled },
} as const satisfies ServerProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const jumpserverBacking: readonly string[] = [
  'source: jumpserver/koko pkg/sshd/server.go (the direct-tcpip handler), pkg/handler/server_ssh.go LocalPortForwardingPermission, DirectTCPIPChannelHandler (v4.10.15)',
  'source: jumpserver/koko pkg/config/config.go ENABLE_LOCAL_PORT_FORWARD, ENABLE_VSCODE_SUPPORT (defaults false), config_example.yml (v4.10.15)',
  'source: jumpserver/koko pkg/handler/server_ssh.go DirectTCPIPChannelHandler (commit 27b5bef1): a failed Dial through its x/crypto client to the asset is rejected with reason 2 and err.Error(), x/crypto’s "ssh: rejected: connect failed (…)" around the asset’s answer',
];
