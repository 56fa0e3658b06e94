/**
 * The collector's output (src/cli/collect.sh, run on the SSH server by an admin or by
 * `tunnel-doctor probe`): its `@@ …` lines say what the server itself found — its resolver's
 * answer, a TCP connect to the target, the options of the key that logged in, files it could not
 * read — and become the observations the diagnoser already weighs; its `| …` lines are the
 * content of sshd_config files, `sshd -T` and sshd's log, handed back to the ordinary line readers.
 * What the collector could not see becomes a note, never a guess.
 */
import type { ObsData, ObsKind } from './obs.ts';
import type { Source } from './types.ts';

/** The first line the collector prints; nothing is read as collector output before it. */
export const COLLECTOR_MARK = '@@ tunnel-doctor-collect ';

export type CollectorEmit = <K extends ObsKind>(k: K, column0: number, length: number, source: Source, d: ObsData[K]) => true;

/** What the collector's lines said so far, across lines. */
export interface CollectorState {
  /** Inside a collector block (between its first line and `@@ end`). */
  active: boolean;
  /** The server's host name (`@@ host`). */
  host: string | null;
  /** The name each target resolved to, for the notes. */
  resolved: Map<string, string[]>;
  /** The -R port the next `@@ connect` tried (`@@ listen-test PORT`), or null. */
  listenTest: string | null;
  notes: string[];
}

export function newCollectorState(): CollectorState {
  return { active: false, host: null, resolved: new Map(), listenTest: null, notes: [] };
}

/**
 * Reads one line of a paste as collector output. Returns true when the line is the collector's
 * own (`@@ …`, read here), `{ inner, offset }` for a content line (`| …`) whose text the ordinary
 * readers should read, or false when the line is not inside a collector block.
 */
export function readCollectorLine(st: CollectorState, s: string, emit: CollectorEmit): boolean | { inner: string; offset: number } {
  if (s.startsWith(COLLECTOR_MARK)) {
    st.active = true;
    return true;
  }
  if (!st.active) return false;
  if (s.startsWith('| ')) return { inner: s.slice(2), offset: 2 };
  if (s === '|') return true;
  if (!s.startsWith('@@ ')) return false;
  const words = s.slice(3).trim().split(/\s+/);
  const [kind = '', ...rest] = words;
  if (kind === 'end') st.active = false;
  else readFinding(st, kind, rest, s, emit);
  return true;
}

/** One `@@ kind …` line. */
function readFinding(st: CollectorState, kind: string, rest: string[], s: string, emit: CollectorEmit): void {
  const line = s.length;
  switch (kind) {
    case 'host':
      st.host = rest[0] ?? null;
      return;
    case 'account':
      if (rest[0]) emit('authenticating', 0, 0, 'server', { host: st.host ?? 'server', user: rest[0] });
      return;
    case 'login':
      // "@@ login USER from ADDR port P to …": the login worked, from this client address
      if (rest[0] && rest[2]) emit('accepted', 0, line, 'server', { user: rest[0], address: rest[2] });
      return;
    case 'server-process':
      readServerProcess(rest.join(' '), line, emit);
      return;
    case 'address':
      if (rest[0] && rest[1]) st.resolved.set(rest[0], [...(st.resolved.get(rest[0]) ?? []), rest[1]]);
      return;
    case 'resolve-failed':
      if (rest[0]) emit('lookup-failed', 0, line, 'resolver', { name: rest[0], error: rest.slice(1).join(' ') || 'not resolved' });
      return;
    case 'listen-test':
      st.listenTest = rest[0] ?? null;
      return;
    case 'connect':
      if (st.listenTest !== null && rest[0] === '127.0.0.1' && rest[1] === st.listenTest) readListenTest(st, rest);
      else readConnect(st, rest, line, emit);
      return;
    case 'key-options':
      emit('authorized-keys', 0, line, 'config', { options: s.slice(s.indexOf('key-options') + 12).trim() });
      return;
    default:
      noteFinding(st, kind, rest);
  }
}

/** The sshd or dropbear this login ran under, from its process title. */
function readServerProcess(args: string, line: number, emit: CollectorEmit): void {
  const software = /\bdropbear\b/.test(args) ? 'dropbear' : /\bsshd\b/.test(args) ? 'openssh' : null;
  if (software) emit('server-version', 0, line, 'server', { software, version: null, raw: args.slice(0, 80) });
}

/** Errors a connect reports when the name did not resolve: the resolve line already said so. */
const LOOKUP_ERRORS = /not known|name resolution|No address|nodename|servname/i;

/** "@@ connect HOST PORT open|failed ERROR… via TOOL". */
function readConnect(st: CollectorState, rest: string[], line: number, emit: CollectorEmit): void {
  const [host = '', portText = '', result = '', ...tail] = rest;
  const via = tail.lastIndexOf('via');
  const error = (via >= 0 ? tail.slice(0, via) : tail).join(' ');
  const tool = via >= 0 ? tail[via + 1] : undefined;
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : null;
  if (result === 'open') {
    const at = st.resolved.get(host);
    st.notes.push(`From the server, ${host} port ${portText}${at ? ` (${at.join(', ')})` : ''} accepts connections (tried with ${tool ?? 'a connect'}).`);
    return;
  }
  if (result === 'untested') {
    st.notes.push(`The server has neither python3, bash nor nc: the collector could not try a connection to ${host} port ${portText}.`);
    return;
  }
  if (result !== 'failed' || port === null || LOOKUP_ERRORS.test(error)) return;
  emit('connect-to-failed', 0, line, 'server', { target: host, port, error: error || null });
}

/**
 * "@@ connect 127.0.0.1 PORT …" after "@@ listen-test PORT": whether the -R listener answers on
 * the server's loopback. A note, not an observation: the -R's own refusal is in ssh's lines.
 */
function readListenTest(st: CollectorState, rest: string[]): void {
  const [, port = '', result = '', ...tail] = rest;
  const via = tail.lastIndexOf('via');
  const error = (via >= 0 ? tail.slice(0, via) : tail).join(' ') || 'refused';
  st.listenTest = null;
  if (result === 'open') st.notes.push(`On the server, a connection to 127.0.0.1 port ${port} (the -R port) was accepted: something listens there.`);
  else if (result === 'failed') st.notes.push(`On the server, nothing accepted a connection to 127.0.0.1 port ${port} (the -R port): ${error}.`);
}

/** Lines that tell what the collector could not see. */
function noteFinding(st: CollectorState, kind: string, rest: string[]): void {
  const what = rest.join(' ');
  if (kind === 'unreadable')
    st.notes.push(`The collector could not read ${what} on the server: a Match block or setting in it is not seen (run the collector as root to read it).`);
  else if (kind === 'key-not-found')
    st.notes.push(
      'The key that logged in was not found in the authorized_keys files the collector read (AuthorizedKeysFile may point elsewhere, or the login used a certificate): its options are not seen.',
    );
  else if (kind === 'key-unchecked') st.notes.push('The server has no sha256sum or base64: the options of the key that logged in were not read.');
  else if (kind === 'resolve-unknown') st.notes.push(`The server has neither getent nor python3: how it resolves ${rest[0] ?? 'the target'} is not seen.`);
  else if (kind === 'not-root')
    st.notes.push('The collector ran without root: the effective settings (sshd -T, which applies every Match block) and sshd’s log were not read.');
}

/** One section of the collector's output: `@@ file PATH`, `@@ sshd-T …` or `@@ log …` with its content lines. */
export interface CollectorSection {
  kind: string;
  title: string;
  lines: string[];
}

/** The collector's content sections, in order (content lines without their `| `). */
export function collectorSections(lines: readonly string[]): CollectorSection[] {
  const out: CollectorSection[] = [];
  let current: CollectorSection | null = null;
  for (const l of lines) {
    if (l.startsWith('@@ ')) {
      const [kind = '', ...rest] = l.slice(3).split(' ');
      current = kind === 'file' || kind === 'sshd-T' || kind === 'log' ? { kind, title: rest.join(' '), lines: [] } : null;
      if (current) out.push(current);
    } else if (current && (l.startsWith('| ') || l === '|')) current.lines.push(l.slice(2));
  }
  return out;
}

/** The value of a one-word finding (`@@ home /home/alice` → "/home/alice"), or null. */
export function collectorFinding(lines: readonly string[], kind: string): string | null {
  const line = lines.find((l) => l.startsWith(`@@ ${kind} `));
  return line ? line.slice(kind.length + 4).trim() : null;
}
