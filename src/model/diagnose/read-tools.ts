/**
 * Reads what tools other than OpenSSH's ssh print for a refused channel: PuTTY/plink/WinSCP event
 * log lines, Paramiko's log line and exception, Go x/crypto/ssh's error, Node ssh2's error, VS Code
 * Remote-SSH's own lines around ssh's, autossh's and docker's programs, and gateway products' words.
 *
 * The other clients' lines are not re-typed here: each is built once by its profile (software/)
 * with markers in its variable parts, and turned into a pattern that reads the description (and the
 * reason) back. A line can sit inside anything (timestamps, `> ` prefixes, stack frames, a Go error
 * chain): the patterns are not anchored at the start.
 */
import {
  CLIENT_PROFILES,
  type ClientSoftware,
  clientLines,
  gliderlabsSsh,
  opensshWindows,
  PARAMIKO_LOG_PREFIX,
  SERVER_PROFILES,
  vscodeRemoteSsh,
} from '../software/index.ts';
import { GATEWAY_SIGNALS } from '../software/annotations.ts';
import { type ReasonCode, reasonText } from '../messages.ts';
import { isToolId, type ToolId } from './tool-ids.ts';

/** Marks the server's description in a built line. */
const DESC = '\u0001';
/** Marks a host name or address in a built line. */
const HOST = '\u0002';
/** Stands for a number (channel id, port) in a built line. */
const NUM = 918273645;

/** One refusal line of one client: its pattern, the reason it carries (null: the line does not say). */
interface Template {
  software: ClientSoftware;
  re: RegExp;
  /** The reason code the line carries, or null when it does not say (ssh2 gives only the description, JSch nothing). */
  code: ReasonCode | null;
  /** Whether the description is captured from the line; when not, `fixedDesc` says what is known of it. */
  hasDesc: boolean;
  /** For a line printed only for an empty description (AsyncSSH's bare class name): "". Otherwise null. */
  fixedDesc: string | null;
  via: 'local-forward' | 'stdio';
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A built line as a pattern: the description captured, hosts and numbers matched loosely. */
function patternOf(line: string): RegExp {
  const body = line.startsWith(PARAMIKO_LOG_PREFIX) ? line.slice(PARAMIKO_LOG_PREFIX.length) : line;
  const parts = body.split(String(NUM)).map((p) =>
    p
      .split(DESC)
      .map((q) => q.split(HOST).map(escapeRegExp).join('\\S{0,300}?'))
      .join('(.{0,300}?)'),
  );
  return new RegExp(`${parts.join('\\d{1,10}')}(?=["'\\s]*$)`);
}

/** What one client prints for a refused channel with this reason and description, marked for patterns. */
function refusalOf(software: ClientSoftware, code: number, description: string, via: 'local-forward' | 'stdio'): string[] {
  const hole = { host: HOST, port: NUM };
  return clientLines(software, { kind: 'channel-refused', channel: NUM, code, description, target: hole, originator: { address: HOST, port: NUM }, via });
}

/**
 * Every refusal line the non-OpenSSH clients print, per reason code and channel kind: first with the
 * description marked, then the lines a client prints only for an empty one. A line that is the
 * same whatever the server said is a refusal only as the client's last line (PuTTY's "Opening
 * connection to …" comes before its refusal; JSch's "channel is not opened." is all it says).
 */
function buildTemplates(): Template[] {
  const out: Template[] = [];
  const seen = new Set<string>();
  for (const { id: software } of CLIENT_PROFILES) {
    if (software === 'openssh' || software === 'openssh-windows') continue;
    for (const description of [DESC, ''])
      for (const code of [1, 2, 3, 4] as const)
        for (const via of ['local-forward', 'stdio'] as const) {
          const lines = refusalOf(software, code, description, via);
          const other = refusalOf(software, code === 1 ? 2 : 1, description, via);
          lines.forEach((line, i) => {
            const hasDesc = line.includes(DESC);
            const sameForAll = other.includes(line);
            if (seen.has(line) || (!hasDesc && sameForAll && i < lines.length - 1)) return;
            seen.add(line);
            const fixedDesc = description === '' && !refusalOf(software, code, DESC, via).includes(line) ? '' : null;
            out.push({ software, re: patternOf(line), code: sameForAll ? null : code, hasDesc, fixedDesc, via });
          });
        }
  }
  return out;
}

const TEMPLATES = buildTemplates();

/** The "Seen in" page of a client's profile, when the diagnoser knows that page. */
function seenInPage(software: ClientSoftware): ToolId | null {
  const page = CLIENT_PROFILES.find((p) => p.id === software)?.seenIn ?? null;
  return isToolId(page) ? page : null;
}

/** The reason an observation carries when the client's words do not say it (JSch). */
export const UNKNOWN_REASON = 'reason not shown';

export interface OtherClientRefusal {
  software: ClientSoftware;
  tool: ToolId | null;
  column: number;
  length: number;
  /** OpenSSH's words for the reason (messages.ts reasonText), as the readers use them. */
  reason: string;
  desc: string | null;
  via: 'local-forward' | 'stdio';
}

/**
 * ssh2 prints only the description. OpenSSH sends "open failed" with a policy refusal (reason 1),
 * Dropbear an empty one, gliderlabs/ssh its own; a connect(2) or resolver error is reason 2.
 */
function reasonFromDescription(desc: string): ReasonCode {
  return desc === 'open failed' || desc === '' || desc === gliderlabsSsh.words.forwardingDisabled ? 1 : 2;
}

/** A refused channel in another client's words, or null. */
export function readOtherClientRefusal(s: string): OtherClientRefusal | null {
  for (const t of TEMPLATES) {
    const m = t.re.exec(s);
    if (!m) continue;
    const desc = t.hasDesc ? (m[1] ?? '') : t.fixedDesc;
    // a line that gives neither the reason nor the description (JSch): the reason is unknown
    const code = t.code ?? (desc === null ? null : reasonFromDescription(desc));
    const reason = code === null ? UNKNOWN_REASON : reasonText(code);
    return { software: t.software, tool: seenInPage(t.software), column: m.index, length: m[0].length, reason, desc, via: t.via };
  }
  return null;
}

/**
 * A line only a tool prints (VS Code Remote-SSH's own lines, autossh's and docker's), with the tool;
 * `guess` marks VS Code's own guess after a refused channel ("TCP port forwarding appears to be
 * disabled"), which it prints whatever refused the channel.
 */
export function readToolMarker(s: string): { tool: ToolId; column: number; length: number; guess: boolean } | null {
  const v = vscodeRemoteSsh.words;
  for (const words of [v.socketFailed, v.forwardingDisabled, v.connectionCommand, v.forwardingServer]) {
    const i = s.indexOf(words);
    if (i >= 0) return { tool: 'vscode-remote-ssh', column: i, length: words.length, guess: words === v.forwardingDisabled };
  }
  // Windows' ssh names itself in ssh -V and the first -v line: OpenSSH_for_Windows_8.1p1
  const wi = s.indexOf(opensshWindows.words.version);
  if (wi >= 0) return { tool: 'windows-openssh', column: wi, length: opensshWindows.words.version.length, guess: false };
  // a syslog tag names the program: autossh logs as autossh[PID]
  const am = /\bautossh\[\d{1,10}\]: /.exec(s.length > 240 ? s.slice(0, 240) : s);
  if (am) return { tool: 'autossh', column: am.index, length: am[0].length - 2, guess: false };
  const dm = /\bdocker(?: compose| context| -H ssh:\/\/|-compose)\b/.exec(s);
  if (dm) return { tool: 'docker-controlmaster', column: dm.index, length: dm[0].length, guess: false };
  return null;
}

/** VS Code's quoted echo of ssh's stderr: the quoted text and where it starts, or null. */
export function quotedTerminalData(s: string): { inner: string; offset: number } | null {
  const i = s.indexOf(vscodeRemoteSsh.words.terminalData);
  if (i < 0) return null;
  const start = i + vscodeRemoteSsh.words.terminalData.length;
  const end = s.lastIndexOf('"');
  if (end < start) return null;
  return { inner: s.slice(start, end).replace(/\\r|\\n/g, ''), offset: start };
}

/** Any gateway's or cloud access layer's own words (its profile's signals), for the reader's pre-filter. */
export const GATEWAY_SIGNAL_WORDS = new RegExp(
  Object.values(GATEWAY_SIGNALS)
    .flat()
    .map((g) => escapeRegExp(g.words))
    .join('|'),
);

/** A gateway's or cloud access layer's own line (its profile's signals): which profile, which signal, where. */
export function readGatewaySignal(s: string): { profile: string; signal: number; tool: ToolId | null; column: number; length: number } | null {
  for (const p of SERVER_PROFILES) {
    const signals = GATEWAY_SIGNALS[p.id] ?? [];
    for (let n = 0; n < signals.length; n++) {
      const i = s.indexOf(signals[n]!.words);
      if (i >= 0) return { profile: p.id, signal: n, tool: isToolId(p.seenIn) ? p.seenIn : null, column: i, length: signals[n]!.words.length };
    }
  }
  return null;
}

/**
 * The extension a user certificate needs for any port forwarding: auth-options.c cert_option_list()
 * (V_9_2_P1) turns forwarding on only when the certificate lists it; `ssh-keygen -L` prints the
 * certificate's extensions one per line, indented, under "Extensions:".
 */
export const CERT_PORT_FORWARDING = 'permit-port-forwarding';

/** `ssh-keygen -L`'s lines: the certificate's type line, the Extensions header, one extension. */
export function readCertListingLine(s: string): { kind: 'type'; user: boolean } | { kind: 'extensions' } | { kind: 'item'; name: string } | null {
  const t = /^\s*Type: \S{1,80}-cert-v01@openssh\.com (user|host) certificate\s*$/.exec(s);
  if (t) return { kind: 'type', user: t[1] === 'user' };
  if (/^\s*Extensions:\s*(?:\(none\))?\s*$/.test(s)) return { kind: 'extensions' };
  const e = /^\s{2,}([a-z][a-z0-9-]{0,60}(?:@[a-z0-9.-]{1,100})?)\s*$/.exec(s);
  return e ? { kind: 'item', name: e[1]! } : null;
}
