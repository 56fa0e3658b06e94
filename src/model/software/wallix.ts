/**
 * WALLIX Bastion, a closed-source access gateway that proxies SSH by sub-protocol. An authorization
 * (a user group onto a target group) lists the sub-protocols it allows, among them SSH_DIRECT_TCPIP
 * (the direct-tcpip channel of -L, -D, -W and ProxyJump) and SSH_REVERSE_TCPIP (wallix/
 * terraform-provider-wallix-bastion docs/resources/authorization.md and device_service.md). Its own
 * source is not public; what OpenSSH's client printed when SSH_DIRECT_TCPIP was not applied is in
 * one public report: "channel 2: open failed: administratively prohibited: " (reason 1, an empty
 * description), fixed by applying SSH_DIRECT_TCPIP on the device (microsoft/vscode-remote-release
 * issue 10062). No log line of its own is public, so it has no signal. How it passes on a refusal
 * from the device behind it (a dead target port) is not public either: the model lets the device's
 * sshd answer through unchanged.
 */
import type { ServerProfile } from './types.ts';

export const wallix = {
  id: 'wallix',
  name: 'WALLIX Bastion',
  kind: 'gateway',
  seenIn: 'gateways',
  directTcpip: null,
  behind: 'sshd',
  policy: {
    answer: 'refuses',
    code: 1,
    description: '',
    setting: 'the SSH_DIRECT_TCPIP sub-protocol (SSH_REVERSE_TCPIP for -R) of both the authorization and the device’s SSH service in WALLIX Bastion',
  },
  words: { subprotocol: 'SSH_DIRECT_TCPIP' },
} as const satisfies ServerProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const wallixBacking: readonly string[] = [
  'https://github.com/microsoft/vscode-remote-release/issues/10062 (the empty description through WALLIX Bastion; fixed by SSH_DIRECT_TCPIP on the device)',
  'source: wallix/terraform-provider-wallix-bastion docs/resources/authorization.md (commit 0e3ae7805df874c4c3d2050f38ba49704d9ca7b1): the sub-protocol names',
];
