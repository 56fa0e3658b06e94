/**
 * Windows' built-in OpenSSH client (PowerShell/openssh-portable, banner OpenSSH_for_Windows_x.y):
 * it prints OpenSSH's own lines (channels.c, ssh.c, sshconnect2.c at v9.8.1.0). Its difference
 * that the model follows: before v7.9.0.0 readconf.c add_local_forward() refused every -L/-D port
 * below 1024 ("Privileged ports can only be forwarded by root."), even for an Administrator,
 * because the Win32 getuid() always returns 1 (contrib/win32/win32compat/pwd.c).
 */
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

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const opensshWindowsBacking: readonly string[] = [
  'source: PowerShell/openssh-portable readconf.c add_local_forward (v7.6.1.0, v7.7.2.0), contrib/win32/win32compat/pwd.c; channels.c (v9.8.1.0)',
];
