/**
 * Windows' built-in OpenSSH client (PowerShell/openssh-portable, banner OpenSSH_for_Windows_x.y):
 * it prints OpenSSH's own lines (channels.c, ssh.c, sshconnect2.c at v9.8.1.0). Its differences
 * that the model follows:
 * - before v7.9.0.0 readconf.c add_local_forward() refused every -L/-D port below 1024 ("Privileged
 *   ports can only be forwarded by root."), even for an Administrator, because the Win32 getuid()
 *   always returns 1 (contrib/win32/win32compat/pwd.c);
 * - 7.6 (v7.6.0.x, v7.6.1.0) cannot use -J/ProxyJump: ssh.c turns the jump into the ProxyCommand
 *   `ssh … -W '[%h]:%p' jump`, and sshconnect.c ssh_proxy_connect() on Windows (FORK_NOT_SUPPORTED)
 *   starts it with posix_spawn() and no shell (w32fd.c spawn_child_internal() passes the string to
 *   CreateProcessW as the command line), so the single quotes stay in -W's argument; the child ssh
 *   prints "Bad stdio forwarding specification ''[host]:22''" and exits, and ssh reading the dead
 *   pipe stops with "ssh_exchange_identification: Connection closed by remote host"
 *   (PowerShell/Win32-OpenSSH#1172, 7.6.0.1 and 7.6p1).
 * Not modelled: 7.7. The v7.7.x.0 tags start the jump the same way, but the public reports from the
 * 7.7p1 that Windows 10 ships (PowerShell/Win32-OpenSSH#1518) show the spawn itself failing,
 * "CreateProcessW failed error:2" then "posix_spawn: No such file or directory"; which of the two a
 * 7.7 build prints is not established. v7.9.0.0 rebuilt the spawn (w32fd.c build_commandline_string).
 */
import { badStdioForwarding, SSH_EXCHANGE_CLOSED } from '../messages.ts';
import type { ServerVersion } from '../version.ts';
import { openssh } from './openssh.ts';
import type { ClientProfile } from './types.ts';

export const opensshWindows = {
  id: 'openssh-windows',
  name: 'Windows’ built-in OpenSSH (ssh.exe)',
  seenIn: 'windows-openssh',
  description: 'shown',
  words: { version: 'OpenSSH_for_Windows_' },
  lines: openssh.lines,
} as const satisfies ClientProfile;

/**
 * What Windows' ssh prints for a -J/ProxyJump to `host` port `port` that its release cannot start
 * (7.6: the quoted -W argument, see above), or null when the release starts it.
 */
export function windowsProxyJumpFailure(version: ServerVersion, host: string, port: number): string[] | null {
  if (version.major !== 7 || version.minor !== 6) return null;
  return [badStdioForwarding(`'[${host}]:${port}'`), SSH_EXCHANGE_CLOSED];
}

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const opensshWindowsBacking: readonly string[] = [
  'source: PowerShell/openssh-portable readconf.c add_local_forward (v7.6.1.0, v7.7.2.0), contrib/win32/win32compat/pwd.c; channels.c (v9.8.1.0)',
  'source: PowerShell/openssh-portable ssh.c (ProxyJump, -W), sshconnect.c ssh_proxy_connect, contrib/win32/win32compat/w32fd.c spawn_child_internal (v7.6.0.1, v7.6.1.0)',
  'https://github.com/PowerShell/Win32-OpenSSH/issues/1172 (7.6.0.1: Bad stdio forwarding specification, then ssh_exchange_identification)',
  'https://github.com/PowerShell/Win32-OpenSSH/issues/1518 (7.7p1: CreateProcessW failed error:2, posix_spawn: No such file or directory)',
];
