/**
 * Turns the raw output of a live run into the recorded lines: which server-log lines count, and
 * which numbers are normalised. These rules are the contract with the model; README.md states them
 * in prose. Pure functions, no I/O.
 */
import type { DriverResult } from './types.ts';

/** The value every ephemeral source port is replaced with. */
export const EPHEMERAL_PORT = 41234;

/** sshd lines that never concern a channel: connection bookkeeping, authentication, teardown. */
export const SSHD_DROP: readonly RegExp[] = [
  /^debug\d: /,
  /^Connection from /,
  /^Accepted /,
  /^Postponed /,
  /^Received disconnect /,
  /^Disconnected from /,
  /^Close session: /,
  /^User child is on pid /,
  /^Server listening on /,
  /^Received signal /,
  /^Transferred: /,
  /^Starting session: /,
  /^Connection closed by /,
  /^Connection reset by /,
  /^Closing connection to /,
  /\[preauth\]$/,
  /PAM/,
];

/** Dropbear lines that never concern a channel. */
export const DROPBEAR_DROP: readonly RegExp[] = [/^Child connection from /, /^Pubkey auth succeeded /, /^Exit /, /^Not backgrounding/, /^Early exit/];

const SSHD_AUTH = /^Accepted (publickey|password) for /;
const DROPBEAR_AUTH = /^Pubkey auth succeeded for /;
const DROPBEAR_PREFIX = /^\[\d+\] [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d /;

/**
 * A datagram syslog(3) sends to /dev/log: `<PRI>Mmm dd hh:mm:ss [host ]program[pid]: MESSAGE`
 * (glibc writes no host name; rsyslog-style senders do). The program is `sshd` (OpenSSH 9.8+ also
 * logs as `sshd-session`).
 */
const SYSLOG_LINE = /^<\d{1,3}>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d (?:\S+ )?([^\s[\]:]+)\[(\d+)\]: ([\s\S]*)$/;

/**
 * The MESSAGE of a syslog datagram, i.e. what journalctl and auth.log show after `sshd[pid]: `,
 * with sshd's own `error: ` / `fatal: ` prefix (log.c do_log() adds it only when not logging to
 * stderr). Null when the line is not in that format.
 */
export function syslogMessage(line: string): { program: string; pid: number; message: string } | null {
  const m = SYSLOG_LINE.exec(line);
  return m ? { program: m[1] as string, pid: Number(m[2]), message: m[3] as string } : null;
}

/** Removes Dropbear's `[pid] Mon DD HH:MM:SS ` prefix (sshd's syslog lines are reduced to their message by the driver). */
export function stripDropbearPrefix(line: string): string {
  return line.replace(DROPBEAR_PREFIX, '');
}

/**
 * The session's lines: those written while the scenario's command ran (from the moment it started
 * to the moment the harness stopped it), once some connection had authenticated, minus the drop
 * rules. A multiplexed scenario's connection authenticated before the command started.
 */
export function sessionLines(lines: readonly string[], start: number, stop: number, software: 'openssh' | 'dropbear'): string[] {
  const clean = software === 'dropbear' ? lines.map(stripDropbearPrefix) : [...lines];
  const auth = software === 'dropbear' ? DROPBEAR_AUTH : SSHD_AUTH;
  const drop = software === 'dropbear' ? DROPBEAR_DROP : SSHD_DROP;
  let authed = clean.slice(0, start).some((l) => auth.test(l));
  const out: string[] = [];
  for (let i = start; i < Math.min(stop, clean.length); i++) {
    const l = clean[i] as string;
    if (auth.test(l)) authed = true;
    else if (authed && !drop.some((re) => re.test(l))) out.push(l);
  }
  return out;
}

/** Source ports of every connection seen: the harness's own sockets and the servers' `Connection from` lines. */
export function ephemeralPorts(raw: DriverResult): Set<number> {
  const set = new Set<number>(raw.ephemeralPorts);
  const all = [...raw.logs.server, ...(raw.logs.jump ?? [])].map(stripDropbearPrefix);
  for (const l of all) {
    const m = /^Connection from \S+ port (\d+) on /.exec(l) ?? /^Child connection from \[?[^\]]*\]?:(\d+)$/.exec(l);
    if (m) set.add(Number(m[1]));
  }
  return set;
}

/** Replaces ephemeral ports (`port N`, `:N`) with EPHEMERAL_PORT. Other numbers stay. */
export function normalisePorts(line: string, ports: ReadonlySet<number>): string {
  const sub = (whole: string, lead: string, n: string) => (ports.has(Number(n)) ? `${lead}${EPHEMERAL_PORT}` : whole);
  return line.replace(/\b(port )(\d+)\b/g, sub).replace(/(\d:|\]:)(\d+)\b/g, sub);
}

/** Puts back the scenario's own listen port where the harness had to move it (`:N`, `port N`, `port: N`). */
export function unmovePorts(line: string, portMap: Readonly<Record<string, number>>): string {
  return line.replace(/(:|port:? )(\d+)\b/g, (whole, lead: string, n: string) => (portMap[n] !== undefined ? `${lead}${portMap[n]}` : whole));
}

/** Client lines: the master's (for a multiplexed scenario) then the command's, without `debugN:` lines. */
export function clientLines(raw: DriverResult, ports: ReadonlySet<number>): string[] {
  return [...raw.masterLines, ...raw.clientLines].filter((l) => !/^debug\d: /.test(l)).map((l) => unmovePorts(normalisePorts(l, ports), raw.portMap));
}

/** The recorded server log: the jump host's session lines, then the server's. */
export function serverLog(raw: DriverResult, jumpSoftware: 'openssh' | 'dropbear', ports: ReadonlySet<number>): string[] {
  const jump = raw.logs.jump ? sessionLines(raw.logs.jump, raw.logStart.jump ?? 0, raw.logStop.jump ?? raw.logs.jump.length, jumpSoftware) : [];
  const server = sessionLines(raw.logs.server, raw.logStart.server, raw.logStop.server, raw.software);
  return [...jump, ...server].map((l) => normalisePorts(l, ports));
}
