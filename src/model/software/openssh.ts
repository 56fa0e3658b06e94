/**
 * OpenSSH's ssh, the reference client: its lines are the ones messages.ts models release by release
 * (channels.c, ssh.c, sshconnect2.c), recorded against every release of the version matrix.
 */
import { channelOpenFailedLine, permissionDenied, type ReasonCode, remoteForwardFailed, STDIO_FORWARDING_FAILED } from '../messages.ts';
import type { ClientProfile } from './types.ts';

export const openssh = {
  id: 'openssh',
  name: 'OpenSSH (ssh)',
  seenIn: null,
  description: 'shown',
  lines(result, opts = {}) {
    if (result.kind === 'auth-failed') return [permissionDenied(result.user, result.host, result.serverMethods)];
    if (result.kind === 'remote-forward-refused') return [remoteForwardFailed({ port: result.listen.port }, opts.opensshExitOnForwardFailure ?? false)];
    const line = channelOpenFailedLine(result.channel, result.code as ReasonCode, result.description);
    return result.via === 'stdio' ? [line, STDIO_FORWARDING_FAILED] : [line];
  },
} as const satisfies ClientProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const opensshBacking: readonly string[] = [
  'recorded: OpenSSH ssh 8.4p1, 9.2p1, 10.3p1 (test/conformance/recordings/); source: openssh-portable channels.c, ssh.c',
];
