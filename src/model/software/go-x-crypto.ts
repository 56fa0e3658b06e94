/**
 * Go's golang.org/x/crypto/ssh (Terraform, Packer, most Go tools): connection.go OpenChannelError
 * "ssh: rejected: %s (%s)"; tcpip.go Listen "ssh: tcpip-forward request denied by peer";
 * client_auth.go "ssh: unable to authenticate, attempted methods %v, no supported methods remain"
 * wrapped by client.go as "ssh: handshake failed: …" (publickey only: methods [none publickey]).
 */
import { type ReasonCode, reasonText } from '../messages.ts';
import type { ClientProfile } from './types.ts';

/** x/crypto/ssh channel.go RejectionReason.String() (v0.4.0 as Debian 12 packages it, unchanged since). */
export function goReason(code: number): string {
  // the same four names as OpenSSH's (messages.ts reasonText)
  return code >= 1 && code <= 4 ? reasonText(code as ReasonCode) : `unknown reason ${code}`;
}

/** connection.go OpenChannelError.Error(): a refused channel as a Go program (or a Go gateway passing it on) words it. */
export function goRejected(code: number, description: string): string {
  return `ssh: rejected: ${goReason(code)} (${description})`;
}

export const goXCrypto = {
  id: 'go-x-crypto',
  name: 'Go golang.org/x/crypto/ssh',
  seenIn: 'terraform-go',
  description: 'shown',
  lines(result) {
    if (result.kind === 'auth-failed') {
      return ['ssh: handshake failed: ssh: unable to authenticate, attempted methods [none publickey], no supported methods remain'];
    }
    if (result.kind === 'remote-forward-refused') return ['ssh: tcpip-forward request denied by peer'];
    return [goRejected(result.code, result.description)];
  },
} as const satisfies ClientProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const goXCryptoBacking: readonly string[] = [
  'recorded: x/crypto/ssh v0.4.0 (Debian golang-golang-x-crypto-dev)',
  'source: golang.org/x/crypto ssh/connection.go, ssh/tcpip.go',
];
