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
 * - 7.7 (the 7.7p1 that Windows 10 1809 to 1909 ship, and v7.7.2.x) fails one step earlier: its
 *   -vvv shows it spawning "C:\\WINDOWS\\System32\\OpenSSH\\ssh -W '[host]:22' jump", a path without
 *   ".exe", and CreateProcessW cannot find it: ssh prints "CreateProcessW failed error:2" and
 *   "posix_spawn: No such file or directory" and stops (public reports, all with -J or ProxyJump:
 *   PowerShell/Win32-OpenSSH#1172 on 7.7p1, #1518 on 7.7p1, #1711 on 7.7.2.2). The same two lines
 *   come from a ProxyCommand whose program is not found. v7.9.0.0 rebuilt the spawn (w32fd.c
 *   build_commandline_string); 8.1 and later are not affected.
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

/** What 7.7 prints when CreateProcessW cannot find the program it spawns (reports, see above). */
export const WINDOWS_SPAWN_FAILED = ['CreateProcessW failed error:2', 'posix_spawn: No such file or directory'] as const;

/** The releases whose ssh cannot start the ssh that -J/ProxyJump runs. */
export type WindowsJumpRelease = '7.6' | '7.7';

/** Why each of those releases cannot start it, and the ways out: the words every answer that says so uses. */
export const WINDOWS_JUMP = {
  why: {
    '7.6': 'it passes the quotes around -W’s argument on to the ssh it starts, which rejects it',
    '7.7': 'it looks for …\\OpenSSH\\ssh without “.exe” and cannot find it',
  },
  wayOut: 'update OpenSSH for Windows to 7.9 or later, or replace ProxyJump with ProxyCommand C:\\Windows\\System32\\OpenSSH\\ssh.exe -W %h:%p <jump host>',
} as const satisfies { why: Record<WindowsJumpRelease, string>; wayOut: string };

/** The release of Windows' ssh that cannot start the -J hop, or null when `version` starts it. */
export function windowsJumpRelease(version: ServerVersion): WindowsJumpRelease | null {
  if (version.major !== 7) return null;
  return version.minor === 6 ? '7.6' : version.minor === 7 ? '7.7' : null;
}

/**
 * What Windows' ssh prints for a -J/ProxyJump to `host` port `port` that its release cannot start
 * (7.6: the quoted -W argument; 7.7: the helper's path; see above), or null when the release starts it.
 */
export function windowsProxyJumpFailure(version: ServerVersion, host: string, port: number): string[] | null {
  const release = windowsJumpRelease(version);
  if (release === null) return null;
  if (release === '7.7') return [...WINDOWS_SPAWN_FAILED];
  return [badStdioForwarding(`'[${host}]:${port}'`), SSH_EXCHANGE_CLOSED];
}

/** The release a line of windowsProxyJumpFailure() comes from ("7.6", "7.7"), or null: the diagnoser reads them by it. */
export function windowsProxyJumpRelease(line: string): WindowsJumpRelease | null {
  if (line.includes(WINDOWS_SPAWN_FAILED[0].slice(0, -1))) return '7.7';
  return line.includes(badStdioForwarding("'[").slice(0, -1)) ? '7.6' : null;
}

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const opensshWindowsBacking: readonly string[] = [
  'source: PowerShell/openssh-portable readconf.c add_local_forward (v7.6.1.0, v7.7.2.0), contrib/win32/win32compat/pwd.c; channels.c (v9.8.1.0)',
  'source: PowerShell/openssh-portable ssh.c (ProxyJump, -W), sshconnect.c ssh_proxy_connect, contrib/win32/win32compat/w32fd.c spawn_child_internal (v7.6.0.1, v7.6.1.0)',
  'https://github.com/PowerShell/Win32-OpenSSH/issues/1172 (7.6.0.1: Bad stdio forwarding specification, then ssh_exchange_identification)',
  'https://github.com/PowerShell/Win32-OpenSSH/issues/1518 (7.7p1: CreateProcessW failed error:2, posix_spawn: No such file or directory)',
  'https://github.com/PowerShell/Win32-OpenSSH/issues/1711 (7.7.2.2, ProxyJump: the same two lines); #1172’s 7.7p1 comment (-vvv: spawning …\\OpenSSH\\ssh without .exe)',
];
