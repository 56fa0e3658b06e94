/**
 * phpseclib (PHP; Debian php-seclib 1.0.20 run here for the login, branches 1.0, 2.0 and 3.0 read):
 * it cannot make a tunnel. Its SSH2 class opens only "session" channels (exec, shell, subsystems such
 * as sftp): phpseclib/Net/SSH2.php has no "direct-tcpip" channel and no "tcpip-forward" request in
 * 1.0.20, 2.0.55 or 3.0.56 (3.0's open_channel() writes the channel type "session" and nothing
 * else), and its maintainer said "phpseclib doesn't currently support tunneling" in
 * phpseclib/phpseclib#1096 (the feature request #261 is still open). So no server ever refuses a
 * phpseclib tunnel, and the profile prints nothing for a refused channel or -R: a PHP tool that
 * needs a tunnel runs `ssh -L` itself (then ssh's own lines apply) or uses another library, such as
 * the ssh2 extension on libssh2 (its own profile).
 *
 * A refused login: login() returns false and prints nothing; getLastError() then returns
 * 'SSH_MSG_USERAUTH_FAILURE' and getAuthMethodsToContinue() the methods the server still allows
 * (_privatekey_login() in 1.0.20 and 2.0.55, privatekey_login() in 3.0.56). The lines are those two
 * values as the recording program (test/conformance/clients/programs/phpseclib_client.php) prints
 * them, which is all a PHP tool can show of it.
 */
import type { ClientProfile } from './types.ts';

/** What getLastError() returns after the server refused the key. */
const USERAUTH_FAILURE = 'SSH_MSG_USERAUTH_FAILURE';

/** phpseclib's client profile: its refused login, and nothing for a forward it cannot ask for. */
export const phpseclib = {
  id: 'phpseclib',
  name: 'phpseclib (PHP; no tunnel support)',
  seenIn: null,
  // no refusal can reach it: it never asks for a forward
  description: 'hidden',
  tunnels: false,
  lines(result) {
    if (result.kind === 'auth-failed')
      return [`login() returned false; getLastError(): '${USERAUTH_FAILURE}'`, `getAuthMethodsToContinue(): ${result.serverMethods}`];
    // channel-refused, remote-forward-refused: phpseclib never sends the request they answer
    return [];
  },
} as const satisfies ClientProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const phpseclibBacking: readonly string[] = [
  'recorded: phpseclib 1.0.20 (Debian php-seclib 1.0.20-1+deb12u5), login only: test/conformance/clients/recordings/phpseclib.auth-failed.json',
  'source: phpseclib/phpseclib phpseclib/Net/SSH2.php _privatekey_login, getLastError, getAuthMethodsToContinue (1.0.20, 2.0.55; privatekey_login and open_channel in 3.0.56): session channels only, no direct-tcpip or tcpip-forward',
  'https://github.com/phpseclib/phpseclib/issues/1096 (the maintainer: no tunneling support, 2017)',
];
