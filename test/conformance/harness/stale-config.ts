/**
 * Two harness abilities for the scenarios of config-not-reloaded and
 * certificate-forwarding-not-permitted, kept apart from driver.ts, which calls them at three points:
 *
 * - `server.certificate`: the client's key is signed by a user CA (`ssh-keygen -s … -O clear
 *   -O <each extension>`), so ssh presents `<key>-cert.pub` (it loads it next to IdentityFile);
 *   sshd trusts the CA (`TrustedUserCAKeys`) and authorized_keys holds another key.
 * - `server.runningSshdConfig`: sshd starts with that text; then, before the user's command (after
 *   the ControlMaster and its sessions, when there are some), the file is replaced by `sshdConfig`
 *   without telling sshd. With `openSessions` the listener is then sent SIGHUP and the harness
 *   waits for it to listen again: sshd has reloaded, but the master's connection keeps its settings.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Signs `userKey`.pub for `principal` with a new CA at `caFile`; returns the CA's public key file. */
export function signUserCertificate(keygen: string, caFile: string, userKey: string, principal: string, extensions: string[]): string {
  execFileSync(keygen, ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', caFile]);
  const opts = ['-O', 'clear', ...extensions.flatMap((e) => ['-O', e])];
  execFileSync(keygen, ['-q', '-s', caFile, '-I', 'td-user', '-n', principal, ...opts, `${userKey}.pub`], { stdio: 'ignore' });
  return `${caFile}.pub`;
}

/** The pid of the sshd listener started with `-f config` (the lowest such pid in this PID namespace). */
function listenerPid(config: string): number | null {
  const pids = fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map(Number)
    .sort((a, b) => a - b);
  for (const pid of pids) {
    let argv: string[];
    try {
      argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    // The listener rewrites its title: "sshd: /usr/sbin/sshd -D -f <config> [listener] 0 of 10-100 startups".
    const title = argv.join(' ');
    if (/sshd/.test(argv[0] ?? '') && title.includes(`-f ${config}`) && !title.includes('unshare')) return pid;
  }
  return null;
}

/**
 * Replaces the running server's config file with `fileText` (the scenario's sshdConfig, with the
 * harness lines) without a reload; with `reload`, then sends SIGHUP to the listener and waits until
 * its log shows it listening again.
 */
export async function changeConfig(
  config: string,
  fileText: string,
  log: string[],
  reload: boolean,
  until: (pred: () => boolean, ms: number) => Promise<boolean>,
): Promise<void> {
  fs.writeFileSync(config, fileText);
  if (!reload) return;
  const pid = listenerPid(config);
  if (pid === null) throw new Error(`no sshd listener with -f ${config}`);
  const listening = () => log.filter((l) => l.startsWith('Server listening on')).length;
  const before = listening();
  process.kill(pid, 'SIGHUP');
  if (!(await until(() => listening() > before, 5000))) throw new Error('sshd did not listen again after SIGHUP');
}

/** The config file sshd would read now: the harness lines of the running one, then `sshdConfig`. */
export function fileConfig(running: string, sshdConfig: string): string {
  const mark = '# scenario\n';
  const harness = running.slice(0, running.indexOf(mark) + mark.length);
  return `${harness}${sshdConfig}${sshdConfig.endsWith('\n') || !sshdConfig ? '' : '\n'}`;
}
