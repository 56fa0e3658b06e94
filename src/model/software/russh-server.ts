/**
 * A server built on russh (Rust; Eugeny/russh, tag v0.63.0, read, not run here). The default
 * Handler::channel_open_direct_tcpip() (russh/src/server/mod.rs) does nothing with the
 * ChannelOpenHandle it is given, and dropping the handle unanswered sends AdministrativelyProhibited
 * (russh/src/lib_inner.rs, Drop for ChannelOpenHandleInner); server/session.rs then sends reason
 * ChannelOpenFailure::code(), 1, with ChannelOpenFailure::description(), "Administratively
 * prohibited". A program that rejects the handle itself with that variant sends the same words, so
 * they do not tell the library's default from the program's own policy. Releases up to v0.61.x had
 * the handler return Ok(false) by default, and server/encrypted.rs finalize_channel_open() then sent
 * reason 1 with "Rejected" (v0.34.0 to v0.61.2); v0.62.0 brought the handle. The default
 * Handler::tcpip_forward() returns Ok(false), which server/encrypted.rs answers with
 * SSH_MSG_REQUEST_FAILURE. Its banner is "SSH-2.0-russh_<version>" (server Config::default()).
 * Warpgate is built on russh but answers direct-tcpip channels itself (a gateway, not this default).
 */
import type { ServerProfile } from './types.ts';

export const russhServer = {
  id: 'russh-server',
  name: 'A server built on russh (Rust)',
  kind: 'server',
  seenIn: null,
  directTcpip: { code: 1, description: 'Administratively prohibited', cause: 'server-lacks-forwarding' },
  earlier: [
    { code: 1, description: 'Rejected', cause: 'server-lacks-forwarding', releases: 'v0.61.x and earlier' },
    { code: 1, description: 'Rejected', cause: 'ssh-gateway-policy', releases: 'v0.61.x and earlier, a program’s handler saying no' },
  ],
  policy: {
    answer: 'refuses',
    code: 1,
    description: 'Administratively prohibited',
    setting: 'the program’s Handler::channel_open_direct_tcpip (it must accept the channel)',
  },
  remoteForward: 'refused',
  words: { banner: 'russh_' },
} as const satisfies ServerProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const russhServerBacking: readonly string[] = [
  'source: Eugeny/russh russh/src/server/mod.rs Handler::channel_open_direct_tcpip, Handler::tcpip_forward, Config::default (v0.63.0)',
  'source: Eugeny/russh russh/src/lib_inner.rs ChannelOpenFailure::description, Drop for ChannelOpenHandleInner; russh/src/server/session.rs (v0.63.0)',
  'source: Eugeny/russh russh/src/server/encrypted.rs finalize_channel_open "Rejected" (v0.61.2; the same in v0.34.0)',
];
