/** What a live run needs on the machine, and the versions installed. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export interface Prerequisites {
  /** Human-readable list of what is missing; empty when live runs are possible. */
  missing: string[];
  /** e.g. "9.2p1" (from `ssh -V`), or null. */
  opensshVersion: string | null;
  /** e.g. "2022.83" (from `dropbear -V`), or null. */
  dropbearVersion: string | null;
}

const BINARIES = ['/usr/sbin/sshd', '/usr/bin/ssh', '/usr/bin/ssh-keygen', '/usr/sbin/dropbear', '/usr/bin/dropbearkey', '/usr/bin/Xvfb', '/usr/bin/xauth'];

function which(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

let cached: Prerequisites | null = null;

export function checkPrerequisites(): Prerequisites {
  if (cached) return cached;
  const missing: string[] = [];
  for (const b of BINARIES) if (!fs.existsSync(b)) missing.push(b);
  for (const c of ['unshare', 'nsenter', 'setpriv', 'prlimit', 'mount']) if (!which(c)) missing.push(`${c} (util-linux)`);
  if (!which('ip')) missing.push('ip (iproute2)');
  if (!which('python3')) missing.push('python3 (runs the syslog receiver sshd logs to)');
  if (typeof process.getuid === 'function' && process.getuid() !== 0) missing.push('root (the harness needs private network and mount namespaces)');
  if (!missing.length) {
    const r = spawnSync('unshare', ['--net', '--mount', '--pid', '--fork', '--kill-child', '--mount-proc', 'true'], { encoding: 'utf8' });
    if (r.status !== 0) missing.push(`working unshare --net --mount --pid (${(r.stderr || '').trim() || `exit ${r.status}`})`);
  }
  const v = spawnSync('/usr/bin/ssh', ['-V'], { encoding: 'utf8' });
  const opensshVersion = /OpenSSH_(\S+?)[\s,]/.exec(`${v.stderr ?? ''}${v.stdout ?? ''}`)?.[1] ?? null;
  const d = spawnSync('/usr/sbin/dropbear', ['-V'], { encoding: 'utf8' });
  const dropbearVersion = /v(\d+\.\d+)/.exec(`${d.stderr ?? ''}${d.stdout ?? ''}`)?.[1] ?? null;
  cached = { missing, opensshVersion, dropbearVersion };
  return cached;
}
