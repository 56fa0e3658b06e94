/**
 * Windows' built-in OpenSSH server (PowerShell/openssh-portable, read at v9.8.1.0, not run here):
 * sshd.exe is OpenSSH's sshd, so sshd_config (%ProgramData%\ssh\sshd_config), the key's options
 * (for an account in the Administrators group, the default config's closing `Match Group
 * administrators` block reads %ProgramData%\ssh\administrators_authorized_keys instead of the user's
 * file) and OpenSSH's release rules all apply, and it answers in OpenSSH's words.
 * What differs is Unix-domain sockets. channels.c is upstream's, but the Win32 layer under it has
 * none: w32fd.c w32_socket() turns socket(AF_UNIX) into a file handle, and w32_connect() hands the
 * path to fileio.c fileio_connect(), which opens it with CreateFileW as a file or named pipe. A Unix
 * path such as /var/run/docker.sock is not found there (ERROR_PATH_NOT_FOUND, errno_from_Win32Error:
 * ENOENT), so connect_to_helper() logs "connect to <path> port -2 failed: No such file or directory"
 * and ssh gets OpenSSH's reply to a channel it could not create, "connect failed: open failed".
 * Whether a Windows AF_UNIX socket file or a named pipe (//./pipe/…) given as the path opens is not
 * established (PowerShell/Win32-OpenSSH#2321 reports neither working). A -R from a socket path:
 * w32_bind() refuses a non-socket handle with ENOTSUP ("Unix domain server sockets are not
 * supported", verbose), which misc.c w32_strerror() words "Operation not supported", logged by
 * unix_listener() as "cannot bind to path <path>: Operation not supported".
 * sshd logs to the Windows event log (Applications and Services Logs › OpenSSH › Operational) unless
 * sshd_config sets SyslogFacility LOCAL0; then w32log.c writes %ProgramData%\ssh\logs\<program>.log
 * (sshd.log; from 9.8 the connection's lines are in sshd-session.log), each line "<pid> <date> <time>".
 */
import { opensshWindows } from './openssh-windows.ts';
import type { ServerProfile } from './types.ts';

export const opensshWindowsServer = {
  id: 'openssh-windows-server',
  name: 'Windows’ built-in OpenSSH server (sshd.exe)',
  kind: 'server',
  seenIn: 'windows-openssh',
  // sshd_config decides, as for OpenSSH
  directTcpip: null,
  opensshUnderneath: true,
  unixSockets: { connect: 'No such file or directory', listen: 'Operation not supported' },
  words: { banner: opensshWindows.words.version, config: '%ProgramData%\\ssh\\sshd_config', logs: '%ProgramData%\\ssh\\logs\\' },
} as const satisfies ServerProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const opensshWindowsServerBacking: readonly string[] = [
  'source: PowerShell/openssh-portable channels.c connect_to_helper, connect_next; serverloop.c server_request_direct_streamlocal (v9.8.1.0)',
  'source: PowerShell/openssh-portable contrib/win32/win32compat/w32fd.c w32_socket, w32_connect, w32_bind; fileio.c fileio_connect, errno_from_Win32Error; misc.c w32_strerror, _sys_errlist_ext (v9.8.1.0)',
  'source: PowerShell/openssh-portable contrib/win32/win32compat/w32log.c openlog, syslog_file (v9.8.1.0)',
  'https://github.com/PowerShell/Win32-OpenSSH/issues/2321 (a Unix socket and a named pipe as -L targets, 2025)',
  'https://github.com/PowerShell/Win32-OpenSSH/issues/1564 (Windows ssh: "connect to … port -2 failed: No such file or directory" for a socket path)',
];
