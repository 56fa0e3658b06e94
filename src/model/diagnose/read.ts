/**
 * Reads a paste line by line and turns every line it recognises into an observation: client
 * messages, -v debug lines, server log lines (journalctl, auth.log, secure, ISO stamps, sshd-session,
 * dropbear), `sshd -T` dumps and sshd_config/ssh_config/authorized_keys lines, and the ssh command.
 *
 * Speed: one pass, a cheap substring pre-filter per line, only anchored or literal-led regexes run on
 * at most MAX_SCAN characters of a line; nothing here backtracks on long input.
 */
import * as msg from '../messages.ts';
import { inetPton4, inetPton6 } from '../net.ts';
import { canonicalSshdKeyword, parseSshdConfig } from '../parse/sshd-config.ts';
import { opensshWindows, puttyReason, windowsProxyJumpRelease } from '../software/index.ts';
import { targetErrorIn } from './target-errors.ts';
import { GATEWAY_SIGNAL_WORDS, quotedTerminalData, readCertListingLine, readGatewaySignal, readOtherClientRefusal, readToolMarker } from './read-tools.ts';
import type { Source } from './types.ts';
import type { Obs, ObsData, ObsKind, ObsOf } from './obs.ts';
import { configForwardSpec, extractCommand, type ForwardSpec, type ParseBudget } from './command.ts';
import { type CollectorState, newCollectorState, readCollectorLine } from './collector.ts';

/** Characters of one line that are read; longer lines are read up to here. */
export const MAX_SCAN = 4096;

/** Observations kept per kind; later lines of a kind already seen this often are skipped. */
export const MAX_PER_KIND = 400;

/** Characters of text given to ssh's command-line parser per paste; once spent, no further line is read as a command. */
export const MAX_COMMAND_CHARS = 100_000;

export type { Obs, ObsData, ObsKind, ObsOf } from './obs.ts';

export interface Reading {
  obs: Obs[];
  lineCount: number;
  truncatedLines: number;
  /** Original text of lines that produced observations (1-based line → text). */
  texts: Map<number, string>;
  /** What a pasted collector output (collector.ts) says it could not see. */
  notes: string[];
}

/** Settings from sshd -T / sshd_config that matter here (lowercase). */
export const SSHD_RELEVANT = new Set([
  'allowtcpforwarding',
  'disableforwarding',
  'permitopen',
  'maxsessions',
  'permittunnel',
  'allowstreamlocalforwarding',
  'forcecommand',
  'gatewayports',
  'permitlisten',
  'addressfamily',
  'chrootdirectory',
  'match',
]);

const SSH_CONFIG_KEYS = new Set([
  'host',
  'hostname',
  'localforward',
  'remoteforward',
  'dynamicforward',
  'proxyjump',
  'controlmaster',
  'controlpath',
  'user',
  'exitonforwardfailure',
]);

/**
 * The cheap pre-filter: a line without any of these is not read further (config and command lines
 * are tested apart). A product's own words (its profile's signals) pass too: they may share no word
 * with ssh's lines.
 */
const PREFILTER = new RegExp(
  `${/prohibit|open failed|forward|refused|in use|listen|failed|denied|kex_exchange|Too many|assword|sftp|key options|: new |dynamic request|version|OpenSSH_|uthenticat|Connecting to|Received request|unknown host|connect|no more sessions|No space|Accepted|Failed|tunnel|rebind|resolv|UNKNOWN port|bind|sshd|dropbear|ssh |not opened|ChannelOpenError|closed by remote/.source}|${GATEWAY_SIGNAL_WORDS.source}`,
);

/** An /etc/hosts line's shape: address, one or more names, an optional comment. */
const HOSTS_LINE = /^\s*([0-9A-Fa-f:.]{2,45})[ \t]+[A-Za-z0-9][\w.-]{0,252}(?:[ \t]+[A-Za-z0-9][\w.-]{0,252}){0,30}[ \t]*(?:#.*)?$/;

/** The reason texts of SSH_MSG_CHANNEL_OPEN_FAILURE as ssh prints them (messages.ts reasonText). */
const REASONS = ([1, 2, 3, 4] as const).map(msg.reasonText);

/** Stands for a message's variable parts, to read the fixed words before them. */
const HOLE = '\u0000';
/** The fixed words a line of messages.ts starts with (up to its first variable part, without "error: "). */
function wordsBefore(line: string): string {
  const i = line.indexOf(HOLE);
  const fixed = i < 0 ? line : line.slice(0, i);
  return fixed.startsWith(msg.errorLine('')) ? fixed.slice(msg.errorLine('').length) : fixed;
}
/** The wording the readers look for, from the module that prints each line. */
const WORDS = {
  stdio: msg.STDIO_FORWARDING_FAILED,
  tunnel: msg.TUNNEL_FORWARDING_FAILED,
  /** "mux_client_request_session: session request failed: Session open refused by peer" */
  muxFunction: msg.MUX_SESSION_REFUSED.slice(0, msg.MUX_SESSION_REFUSED.indexOf(':')),
  muxRefused: msg.MUX_SESSION_REFUSED.slice(msg.MUX_SESSION_REFUSED.lastIndexOf(': ') + 2),
  noLocal: msg.COULD_NOT_REQUEST_LOCAL,
  refusedLocal: wordsBefore(msg.refusedLocalForward(HOLE, 0, HOLE, 0)),
  refusedStreamlocal: wordsBefore(msg.refusedStreamlocalForward(HOLE, 0, HOLE)),
  noMoreSessions: wordsBefore(msg.noMoreSessions()),
  privileged: msg.PRIVILEGED_PORTS_ROOT_ONLY,
  unknownForwarded: wordsBefore(msg.unknownForwardedListenPort(0).replace(/0$/, HOLE)),
  closedBefore: wordsBefore(msg.closedByRemoteHost(HOLE)),
  closedAfter: msg.closedByRemoteHost(HOLE).slice(msg.closedByRemoteHost(HOLE).indexOf(HOLE) + 1),
};

/**
 * Whether a value fits its keyword, so prose such as "AllowTcpForwarding is set to yes" is not read
 * as a setting: the model's sshd_config parser must take the line. ForceCommand and ChrootDirectory
 * take any text, so a sentence (ending in . ! ?) is kept out by hand.
 */
function plausibleValue(key: string, value: string): boolean {
  if (key === 'forcecommand' || key === 'chrootdirectory') return value.length < 300 && !/[.!?]$/.test(value);
  if (key === 'match' && value.length >= 300) return false;
  return !parseSshdConfig(`${key} ${value}`).diagnostics.some((d) => d.severity === 'error');
}

function num(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,6}$/.test(s)) return null;
  return Number(s);
}

/** Finds the server-log tag near the start of a line: `sshd[123]: `, `sshd-session[9]: `, `dropbear[5]: `. */
function logTag(line: string): { family: 'sshd' | 'sshd-session' | 'dropbear'; end: number; column: number } | null {
  const head = line.length > 240 ? line.slice(0, 240) : line;
  const m = /\b(sshd-session|sshd-auth|sshd|dropbear)(?:\[\d{1,10}\])?: /.exec(head);
  if (!m) return null;
  const fam = m[1] === 'dropbear' ? 'dropbear' : m[1] === 'sshd' ? 'sshd' : 'sshd-session';
  return { family: fam, end: m.index + m[0].length, column: m.index };
}

/** One paste being read: what was observed so far and the state that carries across lines. */
interface Sink {
  obs: Obs[];
  texts: Map<number, string>;
  perKind: Map<ObsKind, number>;
  /** The sshd_config Match block the lines are in. */
  match: string | null;
  commandBudget: ParseBudget;
  truncatedLines: number;
  /** The certificate listing being read (`ssh-keygen -L`), and whether its Extensions list is open. */
  cert: { obs: ObsOf<'certificate'>; inExtensions: boolean } | null;
  /** The collector's sections (collector.ts), when the paste holds its output. */
  collector: CollectorState;
}

/** One line being read: its text (cut to MAX_SCAN), where it is, and how to record what it says. */
interface LineCtx {
  s: string;
  trimmed: string;
  at(needle: string): number;
  /** The server-log tag at the start of the line, if any. */
  tag: ReturnType<typeof logTag>;
  /** Who printed the line: the server when it carries a log tag. */
  src: Source;
  sink: Sink;
  /** Records an observation at a 0-based column of the line. */
  emit<K extends ObsKind>(k: K, column0: number, length: number, source: Source, d: ObsData[K]): true;
}

function record<K extends ObsKind>(sink: Sink, k: K, line: number, raw: string, column0: number, length: number, source: Source, d: ObsData[K]): true {
  // a huge paste repeats itself: the first MAX_PER_KIND lines of each kind say all there is
  const seen = (sink.perKind.get(k) ?? 0) + 1;
  sink.perKind.set(k, seen);
  if (seen > MAX_PER_KIND) return true;
  sink.obs.push({ k, line, column: column0 + 1, length: Math.max(0, Math.min(length, raw.length - column0)), source, d } as Obs);
  if (!sink.texts.has(line)) sink.texts.set(line, raw.length > 400 ? `${raw.slice(0, 399)}…` : raw);
  return true;
}

export function readText(input: string): Reading {
  const sink: Sink = {
    obs: [],
    texts: new Map(),
    perKind: new Map(),
    match: null,
    commandBudget: { chars: MAX_COMMAND_CHARS },
    truncatedLines: 0,
    cert: null,
    collector: newCollectorState(),
  };
  const text = typeof input === 'string' ? input : String(input ?? '');
  let lineNo = 0;
  let pos = 0;
  const n = text.length;
  while (pos <= n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    let raw = text.slice(pos, end);
    pos = end + 1;
    lineNo++;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    // old Mac line ends inside one "line": each part is read as its own line, numbered as the same line (columns offset)
    let off = 0;
    for (const part of raw.includes('\r') ? raw.split('\r') : [raw]) {
      readLine(sink, part, lineNo, off, raw);
      off += part.length + 1;
    }
    if (end >= n) break;
  }
  return { obs: sink.obs, lineCount: lineNo, truncatedLines: sink.truncatedLines, texts: sink.texts, notes: sink.collector.notes };
}

/** Line readers tried before the cheap pre-filter (config-like lines), then after it. */
const CONFIG_READERS = [readHostsLine, readConfigLine, readKeyLine];
const MESSAGE_READERS = [
  readOtherClient,
  readChannelFailure,
  readWindowsJump,
  readClosedByRemote,
  readClientCompanion,
  readDebugLine,
  readPolicyLog,
  readServerEvent,
];

function readLine(sink: Sink, part: string, line: number, off: number, raw: string): void {
  let s = part;
  if (s.length > MAX_SCAN) {
    sink.truncatedLines++;
    s = s.slice(0, MAX_SCAN);
  }
  const trimmed = s.trim();
  if (trimmed === '') return;
  const emit = <K extends ObsKind>(k: K, column0: number, length: number, source: Source, d: ObsData[K]) =>
    record(sink, k, line, raw, off + column0, length, source, d);
  const base = { s, trimmed, at: (needle: string) => s.indexOf(needle), sink, emit };
  // hook: the collector's output (collector.ts); its content lines are read again below, as themselves
  const collected = off === 0 ? readCollectorLine(sink.collector, s, emit) : false;
  if (collected === true) return;
  if (collected) {
    readLine(sink, collected.inner, line, off + collected.offset, raw);
    return;
  }
  if (readCertListing(sink, s, emit)) return;
  for (const read of CONFIG_READERS) if (read({ ...base, tag: null, src: 'client' })) return;
  const marker = readToolMarker(s);
  if (marker) emit('tool-line', marker.column, marker.length, 'client', { tool: marker.tool, client: null, guess: marker.guess });
  if (!PREFILTER.test(s)) return;
  const quoted = quotedTerminalData(s);
  if (quoted) {
    // VS Code's echo of ssh's stderr in quotes: the quoted text is ssh's line
    emit('tool-line', 0, 0, 'client', { tool: 'vscode-remote-ssh', client: null });
    readLine(sink, quoted.inner, line, off + quoted.offset, raw);
    return;
  }
  const tag = logTag(s);
  if (tag) emit('server-log', tag.column, 0, 'server', { family: tag.family });
  const L: LineCtx = { ...base, tag, src: tag ? 'server' : 'client' };
  for (const read of MESSAGE_READERS) if (read(L)) return;
  // the command line
  if (s.includes('ssh') && (sink.perKind.get('command') ?? 0) < MAX_PER_KIND) {
    const cmd = extractCommand(s, sink.commandBudget);
    if (cmd) emit('command', cmd.offset, cmd.text.length, 'command', { cmd });
  }
}

/** `ssh-keygen -L` of a user certificate: the type line starts it, the indented lines under "Extensions:" fill it. */
function readCertListing(sink: Sink, s: string, emit: LineCtx['emit']): boolean {
  const c = readCertListingLine(s);
  if (c?.kind === 'type') {
    if (!c.user) return true;
    emit('certificate', s.search(/\S/), s.trim().length, 'config', { extensions: [], complete: false });
    const obs = sink.obs[sink.obs.length - 1];
    sink.cert = obs?.k === 'certificate' ? { obs, inExtensions: false } : null;
    return true;
  }
  if (!sink.cert) return false;
  if (c?.kind === 'extensions') {
    sink.cert.inExtensions = true;
    sink.cert.obs.d.complete = true;
    return true;
  }
  if (c?.kind === 'item' && sink.cert.inExtensions) {
    sink.cert.obs.d.extensions.push(c.name);
    return true;
  }
  // any other line ends the Extensions list (a listing's other fields come before it)
  if (sink.cert.inExtensions) sink.cert = null;
  return false;
}

/** An /etc/hosts line: an address inet_pton() takes, then names. */
function readHostsLine(L: LineCtx): boolean {
  const { s, trimmed } = L;
  const hl = HOSTS_LINE.exec(s);
  if (hl && (inetPton4(hl[1]!) !== null || inetPton6(hl[1]!) !== null)) {
    const start = s.search(/\S/);
    L.emit('hosts-line', start, trimmed.length, 'config', { text: s });
    return true;
  }

  return false;
}

/** A configuration line, `keyword value` (sshd -T is lowercase; sshd_config CamelCase; ssh_config). */
function readConfigLine(L: LineCtx): boolean {
  const { s, trimmed } = L;
  const cm = /^\s*([A-Za-z][A-Za-z0-9]{1,40})(?:\s+|\s*=\s*)(\S.{0,1000})$/.exec(s);
  if (cm) {
    const key = cm[1]!.toLowerCase();
    const value = cm[2]!.replace(/\s+#.*$/, '').trim();
    const dump = cm[1] === key;
    const col = s.indexOf(cm[1]!);
    if (SSHD_RELEVANT.has(key) && plausibleValue(key, value)) {
      if (key === 'match') {
        L.sink.match = value;
        L.emit('setting', col, trimmed.length, 'config', { key, value, match: null, dump });
      } else L.emit('setting', col, trimmed.length, 'config', { key, value, match: dump ? null : L.sink.match, dump });
      return true;
    }
    if (canonicalSshdKeyword(key) !== null && /^[a-z0-9]/i.test(value) && value.length < 400 && !/[.!?]$/.test(value)) {
      // a dump line that does not matter: remember nothing, but it is recognised as config
      if (dump) L.emit('setting', col, 0, 'config', { key, value, match: null, dump });
      return true;
    }
    if (SSH_CONFIG_KEYS.has(key) && !dump && value.length < 300) {
      L.sink.match = null;
      L.emit('ssh-config', col, trimmed.length, 'config', { key, value });
      return true;
    }
  }

  return false;
}

/** An authorized_keys line with options before the key. */
function readKeyLine(L: LineCtx): boolean {
  const { s } = L;
  const ak = /(ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) AAAA/.exec(s);
  if (ak && ak.index > 0) {
    // what the options allow is the model's to say (parse/authorized-keys.ts, read in pasted.ts)
    const start = s.search(/\S/);
    L.emit('authorized-keys', start, ak.index - start, 'config', { options: s.slice(0, ak.index).trim() });
    return true;
  }
  return false;
}

/** A description as OpenSSH would have worded it: another program's words for a failed dial give way to the error inside (kept as `said`). */
function plainError(desc: string): { desc: string; said?: string } {
  const inner = targetErrorIn(desc);
  return inner === null ? { desc } : { desc: inner, said: desc };
}

/** ssh's own "open failed: <reason>" line: its description may quote another program (ShellHub passes on Go's error). */
function isSshRefusalLine(s: string): boolean {
  const i = s.indexOf('open failed: ');
  return i >= 0 && REASONS.some((r) => s.startsWith(r, i + 13));
}

/** Another client's refused channel (PuTTY, Paramiko, Go, ssh2), and gateway products' refusals. */
function readOtherClient(L: LineCtx): boolean {
  // ssh's own refusal line is not another client's, though a gateway's signal may be in it (Warpgate's)
  const r = isSshRefusalLine(L.s) ? null : readOtherClientRefusal(L.s);
  if (r) {
    L.emit('tool-line', r.column, 0, 'client', { tool: r.tool, client: r.software });
    return L.emit('open-failed', r.column, r.length, 'client', {
      channel: null,
      reason: r.reason,
      ...(r.desc === null ? { desc: null } : plainError(r.desc)),
      putty: r.software === 'putty',
      client: r.software,
    });
  }
  const g = readGatewaySignal(L.s);
  if (g) {
    L.emit('tool-line', g.column, 0, 'server', { tool: g.tool, client: null });
    return L.emit('gateway-said', g.column, g.length, 'server', { profile: g.profile, signal: g.signal });
  }
  return false;
}

/** The channel-open failure, and PuTTY’s form of it. */
function readChannelFailure(L: LineCtx): boolean {
  const { s, at } = L;
  let i = at('open failed: ');
  if (i >= 0) {
    const rest = s.slice(i + 13);
    const reason = REASONS.find((r) => rest.startsWith(r));
    if (reason) {
      const after = rest.slice(reason.length);
      const desc = after.startsWith(': ') ? after.slice(2) : after.startsWith(':') ? after.slice(1) : after === '' ? null : null;
      const head = s.slice(Math.max(0, i - 20), i);
      const ch = /channel (\d{1,7}): $/.exec(head);
      const start = ch ? i - ch[0].length + head.length - head.length : i;
      const col = ch ? s.lastIndexOf('channel ', i) : i;
      L.emit('open-failed', col, i + 13 + reason.length + after.length - col, 'client', {
        channel: ch ? Number(ch[1]) : null,
        reason,
        ...(desc === null ? { desc: null } : plainError(desc.trimEnd())),
        putty: false,
      });
      void start;
      return true;
    }
  }
  i = at('administratively prohibited');
  if (i < 0) i = at('Administratively prohibited');
  if (i >= 0) {
    if (readPuttyRefusal(L, s)) return true;
    const tail = s.slice(i + 27);
    const desc = tail.startsWith(': open failed') ? 'open failed' : null;
    L.emit('ap-mention', i, 27 + (desc ? 13 : 0), 'client', {});
    if (desc) L.emit('open-failed', i, 40, 'client', { channel: null, reason: 'administratively prohibited', desc, putty: false });
    return true;
  }
  if (readPuttyRefusal(L, s)) return true;

  return false;
}

/** Client look-alikes and companions: stdio, tunnel, mux, bind, listeners, -R, X11, login, descriptors, passwords. */
/** PuTTY 0.70 and older: "Forwarded connection refused by server: <reason> [<description>]" (reasons from the PuTTY profile, software/putty.ts). */
const PUTTY_OLD_REFUSAL = new RegExp(`refused by server: (${[1, 2, 3, 4].map((c) => puttyReason(c)).join('|')})(?: \\[([^\\]]{0,300})\\])?`);

function readPuttyRefusal(L: LineCtx, s: string): boolean {
  const pm = PUTTY_OLD_REFUSAL.exec(s);
  if (!pm) return false;
  L.emit('open-failed', pm.index, pm[0].length, 'client', { channel: null, reason: pm[1]!.toLowerCase(), desc: pm[2] ?? null, putty: true });
  return true;
}

/** Lines about ssh's own listeners and -R channels that the model prints (messages.ts), and an SELinux denial. */
function readListenerTroubles(L: LineCtx): boolean {
  const { s, at } = L;
  let i: number;
  if ((i = at(WORDS.privileged)) >= 0) return L.emit('privileged-port', i, WORDS.privileged.length, 'client', {});
  if ((i = at(msg.SETSOCKOPT_V6ONLY)) >= 0)
    return L.emit('v6only-failed', i, s.length - i, 'client', { error: s.slice(i + msg.SETSOCKOPT_V6ONLY.length, i + 200).trim() });
  if ((i = at(WORDS.unknownForwarded)) >= 0) {
    const port = num(/\d{1,5}/.exec(s.slice(i + WORDS.unknownForwarded.length, i + WORDS.unknownForwarded.length + 8))?.[0]);
    return L.emit('unknown-forwarded', i, s.length - i, 'client', { port });
  }
  const avc = /avc:\s+denied\s+\{ name_connect \}/.exec(s);
  if (avc) return L.emit('avc-denied', avc.index, avc[0].length, 'server', { comm: /comm="([^"]{1,40})"/.exec(s)?.[1] ?? null });
  return false;
}

/** ssh's line when the server ended the whole connection (sish does, for a channel to no alias of its). */
function readClosedByRemote(L: LineCtx): boolean {
  const i = L.at(WORDS.closedBefore);
  const end = i < 0 ? -1 : L.s.indexOf(WORDS.closedAfter, i);
  if (end < 0) return false;
  const host = L.s.slice(i + WORDS.closedBefore.length, end);
  if (!/^\S{1,300}$/.test(host)) return false;
  return L.emit('closed-by-remote', i, end + WORDS.closedAfter.length - i, 'client', { host });
}

/** Windows' ssh 7.6 or 7.7 that could not start the ssh it runs for -J (software/openssh-windows.ts). */
function readWindowsJump(L: LineCtx): boolean {
  const release = windowsProxyJumpRelease(L.s);
  if (!release) return false;
  L.emit('tool-line', 0, 0, 'client', { tool: opensshWindows.seenIn, client: opensshWindows.id });
  return L.emit('windows-jump-failed', L.s.search(/\S/), L.s.trim().length, 'client', { release });
}

function readClientCompanion(L: LineCtx): boolean {
  const { s, at, src, tag } = L;
  let i: number;
  if ((i = at(WORDS.stdio)) >= 0 || (i = at('Stdio forwarding request failed')) >= 0) {
    L.emit('stdio-failed', i, 23, 'client', {});
    return true;
  }
  if ((i = at(WORDS.tunnel)) >= 0) return L.emit('tunnel-failed', i, WORDS.tunnel.length, 'client', {});
  if (readListenerTroubles(L)) return true;
  if ((i = at(WORDS.muxRefused)) >= 0) {
    const j = at(WORDS.muxFunction);
    return L.emit('mux-refused', j >= 0 ? j : i, (j >= 0 ? i - j : 0) + WORDS.muxRefused.length, 'client', {});
  }
  // sshd's log lines carry their level ("error: bind …"); ssh prints its errors bare
  const bySshd = (k: number) => (s.slice(Math.max(0, k - 7), k) === 'error: ' ? 'server' : src);
  if ((i = at('bind [')) >= 0 || (i = at('bind: ')) >= 0) {
    // ssh 7.x and later name the address ("bind [::1]:8080: …"); older ones print "bind: …"
    const bm = /^bind(?: \[([^\]]{0,100})\]:(\d{1,5}))?: (.{1,100})$/.exec(s.slice(i).trimEnd());
    if (bm) return L.emit('bind-failed', i, bm[0].length, bySshd(i), { address: bm[1] ?? null, port: num(bm[2]), error: bm[3]! });
  }
  if ((i = at('cannot listen to port: ')) >= 0) {
    const pm = /^cannot listen to port: (\d{1,5})/.exec(s.slice(i));
    const j = at('channel_setup_fwd_listener');
    const k = j >= 0 && j < i ? j : i;
    return L.emit('cannot-listen', k, (j >= 0 && j < i ? i - j : 0) + (pm ? pm[0].length : 23), bySshd(k), {
      port: num(pm?.[1]),
    });
  }
  if ((i = at(WORDS.noLocal)) >= 0) return L.emit('local-forward-failed', i, WORDS.noLocal.length, 'client', {});
  if ((i = at('remote port forwarding failed for listen ')) >= 0) {
    const pm = /^remote port forwarding failed for listen (?:port (\d{1,5})|path (\S{1,200}))/.exec(s.slice(i));
    const w = s.lastIndexOf('Warning: ', i);
    const e = s.lastIndexOf('Error: ', i);
    const st = w >= 0 && w === i - 9 ? w : e >= 0 && e === i - 7 ? e : i;
    return L.emit('remote-forward-failed', st, i - st + (pm ? pm[0].length : 40), 'client', { port: num(pm?.[1]), path: pm?.[2] ?? null });
  }
  if ((i = at('X11 forwarding request failed')) >= 0) return L.emit('x11-failed', i, 29, 'client', {});
  if ((i = at('Permission denied (')) >= 0) {
    const pm = /^Permission denied \(([a-z,-]{1,200})\)/.exec(s.slice(i));
    if (pm) return L.emit('auth-denied', i, pm[0].length, 'client', { methods: pm[1]! });
  }
  // the banner exchange's EOF: kex.c from OpenSSH 8.0, sshconnect.c's ssh_exchange_identification before (messages.ts)
  if ((i = at('kex_exchange_identification: ')) >= 0 || (i = at('ssh_exchange_identification: ')) >= 0) {
    const detail = s.slice(i + 29, i + 200).trim();
    return L.emit('kex-closed', i, Math.min(s.length - i, 29 + detail.length), 'client', { detail });
  }
  if ((i = at('Connection closed by UNKNOWN port 65535')) >= 0) return L.emit('closed-65535', i, 39, 'client', {});
  if ((i = at('Too many open files')) >= 0) {
    const a = s.lastIndexOf('accept: ', i);
    const so = s.lastIndexOf('socket: ', i);
    const where = a >= 0 && a === i - 8 ? 'accept' : so >= 0 && so === i - 8 ? 'socket' : at('connect failed') >= 0 ? 'connect' : 'other';
    const st = where === 'accept' ? a : where === 'socket' ? so : i;
    return L.emit('emfile', st, i - st + 19, tag ? 'server' : where === 'accept' ? 'client' : 'server', { where });
  }
  if (
    (i = at('password has expired')) >= 0 ||
    (i = at('must change your password')) >= 0 ||
    (i = at('Password change required')) >= 0 ||
    (i = at('password change required')) >= 0
  ) {
    return L.emit('password-expired', i, Math.min(25, s.length - i), src, {});
  }
  if ((i = at('allows sftp connections only')) >= 0) return L.emit('sftp-only', i, 28, 'client', {});
  if ((i = at('Port forwarding disabled')) >= 0) {
    const remote = at('Remote: ') >= 0;
    return L.emit('port-forwarding-disabled', i, 24, tag ? 'server' : 'client', { remote });
  }
  if ((i = at('key options:')) >= 0) {
    const options = s.slice(i + 12).trim();
    return L.emit('key-options', i, Math.min(s.length - i, 12 + options.length + 1), 'client', {
      options,
      portForwarding: / port-forwarding\b/.test(` ${options}`),
      permitopen: /\bpermitopen\b/.test(options),
    });
  }

  return false;
}

/** -v debug lines naming forwards, channels and versions. */
function readDebugLine(L: LineCtx): boolean {
  const { s, at } = L;
  let i: number;
  if ((i = at('Local connections to ')) >= 0) {
    const pm = /^Local connections to (\S{1,300}) forwarded to remote address (\S{1,300})$/.exec(s.slice(i).trimEnd());
    if (pm) {
      const t = pm[2]!;
      const colon = t.lastIndexOf(':');
      const target = t.startsWith('/') ? t : colon > 0 ? t.slice(0, colon) : t;
      const port = t.startsWith('/') ? null : num(t.slice(colon + 1));
      return L.emit('fwd-local', i, pm[0].length, 'client', { listen: pm[1]!, target, port, path: t.startsWith('/') ? t : null });
    }
  }
  if ((i = at('Remote connections from ')) >= 0) {
    const pm = /^Remote connections from (\S{1,300}) forwarded to local address (\S{1,300})$/.exec(s.slice(i).trimEnd());
    if (pm) {
      const t = pm[2]!;
      const colon = t.lastIndexOf(':');
      return L.emit('fwd-remote', i, pm[0].length, 'client', {
        listen: pm[1]!,
        target: colon > 0 ? t.slice(0, colon) : t,
        port: num(t.slice(colon + 1)),
      });
    }
  }
  if ((i = at('Connection to port ')) >= 0) {
    const pm = /^Connection to port (\d{1,5}) forwarding to (\S{1,300}) port (\d{1,5}) requested\./.exec(s.slice(i));
    if (pm) return L.emit('fwd-request', i, pm[0].length, 'client', { listenPort: Number(pm[1]), target: pm[2]!, port: Number(pm[3]) });
  }
  if ((i = at('dynamic request: ')) >= 0) {
    const pm = /dynamic request: socks[45] host (\S{1,300}) port (\d{1,5})/.exec(s.slice(i));
    if (pm) return L.emit('dynamic-request', i, pm[0].length, 'client', { target: pm[1]!, port: Number(pm[2]) });
  }
  if ((i = at(': new ')) >= 0) {
    const head = s.slice(Math.max(0, i - 20), i);
    const ch = /channel (\d{1,7})$/.exec(head);
    const pm = /^: new (?:[a-z@.-]{1,60} )?\[([^\]]{1,60})\]/.exec(s.slice(i));
    if (ch && pm) {
      const col = i - ch[0].length;
      return L.emit('new-channel', col, ch[0].length + pm[0].length, 'client', { channel: Number(ch[1]), type: pm[1]! });
    }
  }
  if ((i = at('remote software version ')) >= 0) {
    const v = s.slice(i + 24).trim();
    // Windows' build names itself OpenSSH_for_Windows_9.5 (software/openssh-windows.ts)
    const windows = opensshWindows.words.version;
    const om = /^OpenSSH_(\d{1,2}\.\d{1,2})/.exec(v.startsWith(windows) ? `OpenSSH_${v.slice(windows.length)}` : v);
    const dm = /^dropbear(?:_(\d{4}\.\d{1,3}|\d\.\d{1,3}))?/i.exec(v);
    return L.emit('server-version', i + 24, Math.min(v.length, 60), 'client', {
      software: om ? 'openssh' : dm ? 'dropbear' : 'other',
      version: om ? om[1]! : dm ? (dm[1] ?? null) : null,
      raw: v.slice(0, 80),
    });
  }
  if ((i = at('Local version string ')) >= 0) {
    const vm = /OpenSSH_(\d{1,2}\.\d{1,2}(?:p\d)?)/.exec(s.slice(i));
    if (vm) return L.emit('client-version', i, Math.min(s.length - i, 60), 'client', { version: vm[1]! });
  }
  {
    const vm = /^\s*(OpenSSH_(\d{1,2}\.\d{1,2}(?:p\d)?))[ ,]/.exec(s);
    if (vm && /OpenSSL|LibreSSL|without OpenSSL/.test(s)) return L.emit('client-version', s.indexOf(vm[1]!), vm[1]!.length, 'client', { version: vm[2]! });
  }
  if ((i = at('Authenticated to ')) >= 0) {
    const pm = /^Authenticated to (\S{1,300})/.exec(s.slice(i));
    return L.emit('authenticated', i, pm ? pm[0].length : 17, 'client', { host: pm?.[1] ?? null });
  }
  if ((i = at('Authenticating to ')) >= 0) {
    const pm = /^Authenticating to (\S{1,300}?)(?::\d{1,5})? as '([^']{1,100})'/.exec(s.slice(i));
    if (pm) return L.emit('authenticating', i, pm[0].length, 'client', { host: pm[1]!, user: pm[2]! });
  }
  if ((i = at('from ProxyJump: ')) >= 0 || ((i = at('ProxyJump')) >= 0 && at('Setting implicit ProxyCommand') >= 0)) {
    const pm = /-W '?\[?%h\]?:%p'? (\S{1,300})$/.exec(s.trimEnd());
    return L.emit('proxyjump', i, Math.min(s.length - i, 80), 'client', { jump: pm?.[1] ?? '' });
  }

  return false;
}

/** Server log lines of the checks: policy refusals, permit lists, lookups, connects, sessions, sockets. */
function readPolicyLog(L: LineCtx): boolean {
  const { s, at } = L;
  let i: number;
  if ((i = at(WORDS.refusedLocal)) >= 0) {
    const pm = /^refused local port forward: originator (\S{0,200}) port (\d{1,5}), target (\S{0,300}) port (\d{1,5})/.exec(s.slice(i));
    if (pm)
      return L.emit('refused-local', i, pm[0].length, 'server', {
        originator: pm[1]!,
        originatorPort: Number(pm[2]),
        target: pm[3]!,
        port: Number(pm[4]),
      });
  }
  if ((i = at('Received request ')) >= 0) {
    const r = s.slice(i);
    let pm = /^Received request (?:from (\S{1,100}) port \d{1,5} )?to connect to host ?(\S{0,300}) port (\d{1,5}), but the request was denied\./.exec(r);
    if (pm) return L.emit('permitopen-denied', i, pm[0].length, 'server', { from: pm[1] ?? null, target: pm[2]!, port: num(pm[3]) });
    pm = /^Received request (?:from (\S{1,100}) port \d{1,5} )?to remote forward.{0,400}?but the request was denied\./.exec(r);
    if (pm) return L.emit('remote-denied', i, pm[0].length, 'server', { from: pm[1] ?? null });
    pm = /^Received request (?:from \S{1,100} port \d{1,5} )?to connect to path (\S{1,300}), but the request was denied\./.exec(r);
    if (pm) return L.emit('path-denied', i, pm[0].length, 'server', { path: pm[1]! });
  }
  if ((i = at('Received request from ')) >= 0 && at('to connect to host') >= 0) {
    // Dropbear-style wording users sometimes paste from other tools: treat like a permitopen denial
  }
  if ((i = at('connect_to ')) >= 0) {
    const r = s.slice(i);
    let pm = /^connect_to (\S{0,300}): unknown host \(([^)]{1,120})\)/.exec(r);
    if (pm) return L.emit('unknown-host', i, pm[0].length, 'server', { target: pm[1]!, error: pm[2]! });
    pm = /^connect_to (\S{0,300}) port (\d{1,5}): failed\./.exec(r);
    if (pm) return L.emit('connect-to-failed', i, pm[0].length, 'server', { target: pm[1]!, port: Number(pm[2]), error: null });
  }
  if ((i = at('connect to ')) >= 0 && at('ssh: connect to host') < 0) {
    const pm = /^connect to (\S{1,300}) port (-?\d{1,5}) failed: (.{1,100})$/.exec(s.slice(i).trimEnd());
    if (pm) return L.emit('connect-to-failed', i, pm[0].length, 'server', { target: pm[1]!, port: Number(pm[2]), error: pm[3]! });
  }
  if ((i = at(WORDS.noMoreSessions)) >= 0) return L.emit('no-more-sessions', i, WORDS.noMoreSessions.length, 'server', {});
  if ((i = at(WORDS.refusedStreamlocal)) >= 0) {
    const pm = /^refused streamlocal port forward: originator \S{0,200} port \d{1,5}, target (\S{1,300})/.exec(s.slice(i));
    return L.emit('refused-streamlocal', i, pm ? pm[0].length : 34, 'server', { path: pm?.[1] ?? '' });
  }
  if ((i = at('unix_listener: cannot bind to path')) >= 0) {
    // 7.7+: "… path PATH: strerror"; before: "… path: PATH".
    const r = s.slice(i).trimEnd();
    const pm = /^unix_listener: cannot bind to path (\S{1,300}): (.{1,100})$/.exec(r) ?? /^unix_listener: cannot bind to path: (\S{1,300})/.exec(r);
    if (pm) return L.emit('unix-bind-failed', i, pm[0].length, 'server', { path: pm[1]!, error: pm[2] ?? null });
  }
  return false;
}

/** Server log lines about logins, disks, tun devices, and resolver lines from lookups on the server or the client. */
function readServerEvent(L: LineCtx): boolean {
  const { s, at, tag } = L;
  let i: number;
  if ((i = at('No space left on device')) >= 0) return L.emit('disk-full', i, 23, tag ? 'server' : 'client', {});
  if ((i = at('Accepted ')) >= 0) {
    const pm = /^Accepted (?:publickey|password|keyboard-interactive(?:\/pam)?|gssapi-with-mic|hostbased) for (\S{1,100}) from (\S{1,100}) port \d{1,5}/.exec(
      s.slice(i),
    );
    if (pm) return L.emit('accepted', i, pm[0].length, 'server', { user: pm[1]!, address: pm[2]! });
  }
  if ((i = at('Failed publickey for ')) >= 0 || (i = at('Failed password for ')) >= 0) {
    const pm = /^Failed \S{1,30} for (?:invalid user )?(\S{1,100})/.exec(s.slice(i));
    return L.emit('auth-failure-log', i, pm ? pm[0].length : 20, 'server', { user: pm?.[1] ?? null });
  }
  if ((i = at('tunnel control')) >= 0 || (i = at('sys_tun_open')) >= 0) return L.emit('tun-failed', i, Math.min(30, s.length - i), 'server', {});
  if ((i = at('possible DNS-rebind attack detected: ')) >= 0) {
    const name =
      s
        .slice(i + 37)
        .trim()
        .split(/\s/)[0] ?? '';
    return L.emit('dns-rebind', i, 37 + name.length, 'resolver', { name });
  }
  if (
    at('Could not resolve hostname') < 0 &&
    ((i = at('could not resolve ')) >= 0 || (i = at('Could not resolve host: ')) >= 0 || (i = at(': Temporary failure in name resolution')) >= 0)
  ) {
    // a lookup test run on the server (telnet, ping, curl): "could not resolve NAME/80: …", "ping: NAME: Temporary failure …"
    const pm =
      /[Cc]ould not resolve (?:host: )?([^\s/:]{1,253})/.exec(s.slice(i)) ??
      /([^\s:]{1,253}): Temporary failure in name resolution/.exec(s.slice(Math.max(0, i - 260)));
    if (pm && !s.includes('unknown host')) {
      const error = /Temporary failure/.test(s)
        ? 'Temporary failure in name resolution'
        : /Name or service not known/.test(s)
          ? 'Name or service not known'
          : 'not resolved';
      return L.emit('lookup-failed', i, Math.min(s.length - i, 60), 'resolver', { name: pm[1]!, error });
    }
  }
  if ((i = at('Could not resolve hostname ')) >= 0) {
    const pm = /^Could not resolve hostname (\S{1,300}?): (.{1,100})$/.exec(s.slice(i).trimEnd());
    if (pm) return L.emit('client-resolve-failed', i, pm[0].length, 'client', { host: pm[1]!, error: pm[2]! });
  }
  if ((i = at('connect to host ')) >= 0) {
    const pm = /^connect to host (\S{1,300}) port \d{1,5}: (.{1,100})$/.exec(s.slice(i).trimEnd());
    if (pm) return L.emit('ssh-connect-failed', i, pm[0].length, 'client', { host: pm[1]!, error: pm[2]! });
  }
  return false;
}
/** Forward specs in ssh_config LocalForward/RemoteForward lines. */
export function configForward(key: string, value: string): ForwardSpec | null {
  const parts = value.trim().split(/\s+/);
  if (parts.length !== 2) return null;
  const kind = key === 'localforward' ? 'L' : key === 'remoteforward' ? 'R' : null;
  if (!kind) return null;
  return configForwardSpec(kind, parts[0]!, parts[1]!);
}
