/**
 * autossh (autossh.c main(), 1.4) as the command parser reads it: autossh takes -M port[:echo]
 * with its own (GNU, permuting) getopt, adds the monitoring forwards for that port, takes -f out
 * of the option words (it backgrounds itself), and runs ssh with the rest.
 */
import { type DiagList, type LineIndex, q } from './common.ts';
import { AUTOSSH_OPTSTRING } from './getopt.ts';
import { type Word, wordOffset } from './shell-words.ts';

/** What autossh itself decides: its monitoring ports and whether it goes to the background. */
export interface AutosshResult {
  autossh: { monitorPort: number; echoPort: number | null } | null;
  background: boolean;
}

/** The words autossh read itself, with their spans: -M, and each -f it took out. */
export type AutosshWord =
  | { kind: 'autossh-monitor'; arg: string; text: string; start: number; end: number }
  | { kind: 'flag'; flag: 'f'; text: string; start: number; end: number };

/** autossh's own getopt (GNU, permuting) finds -M in every word before the first "--"; the last one counts. */
function findMonitor(words: readonly Word[]): { value: string; word: Word } | null {
  let monitor: { value: string; word: Word } | null = null;
  for (let k = 0; k < words.length; k++) {
    const w = words[k] as Word;
    if (w.value === '--') break;
    if (w.value.startsWith('-M')) {
      const val = w.value.length > 2 ? w.value.slice(2) : words[k + 1]?.value;
      if (val !== undefined) monitor = { value: val, word: w };
    }
  }
  return monitor;
}

/** autossh's -M port[:echo_port]: the monitoring port (0: none) and the echo port, as autossh checks them. */
function readMonitorPorts(monitor: { value: string; word: Word }, report: (w: Word, msg: string) => void): { monitorPort: number; echoPort: number | null } {
  const [wpText, echoText] = monitor.value.split(':', 2) as [string, string | undefined];
  let wp = 0;
  let echo: number | null = null;
  if (!/^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.test(wpText)) {
    report(monitor.word, `autossh: invalid port ${q(wpText)}.`);
  } else {
    wp = Number(wpText.startsWith('0x') || wpText.startsWith('0X') ? parseInt(wpText, 16) : /^0[0-7]+$/.test(wpText) ? parseInt(wpText, 8) : Number(wpText));
    if (wp > 65534) {
      report(monitor.word, `autossh: monitor port (${wp}) out of range.`);
      wp = 0;
    }
  }
  if (echoText !== undefined) {
    const e = /^[1-9]\d*$/.test(echoText) ? Number(echoText) : 0;
    if (e === 0) report(monitor.word, `autossh: invalid echo port "${echoText}".`);
    else echo = e;
  }
  return { monitorPort: wp, echoPort: echo };
}

function syntheticWord(value: string, near: Word, origin: NonNullable<Word['synthetic']>): Word {
  return { value, segs: null, start: near.start, end: near.end, quoted: false, glob: false, expansion: false, synthetic: origin };
}

/** The monitoring forwards autossh adds for -M port: -L port:127.0.0.1:echo, and -R port:127.0.0.1:port+1 without an echo port. */
function monitorForwards(near: Word, wp: number, echo: number | null): Word[] {
  const out = [syntheticWord('-L', near, 'autossh-monitor'), syntheticWord(`${wp}:127.0.0.1:${echo ?? wp}`, near, 'autossh-monitor')];
  if (echo === null) out.push(syntheticWord('-R', near, 'autossh-monitor'), syntheticWord(`${wp}:127.0.0.1:${wp + 1}`, near, 'autossh-monitor'));
  return out;
}

/** strip_arg(): autossh removes -f from option words (it backgrounds itself); returns the indexes removed. */
function stripFork(value: string): { value: string; removed: number[] } {
  const chars = value.split('');
  const removed: number[] = [];
  let j = 0;
  while (j < chars.length) {
    const ch = chars[j] as string;
    const idx = AUTOSSH_OPTSTRING.indexOf(ch);
    if (idx !== -1 && AUTOSSH_OPTSTRING[idx + 1] === ':') break;
    if (ch === 'f') {
      chars.splice(j, 1);
      removed.push(j + removed.length);
      // strip_arg's loop steps past the character that moved into this place
    }
    j++;
  }
  return { value: chars.join(''), removed };
}

/** Rewrites autossh's arguments into the ssh arguments it runs (autossh.c main()). */
export function autosshToSsh(words: Word[], diags: DiagList, index: LineIndex, cmd: AutosshResult, parts: AutosshWord[]): Word[] {
  const monitor = findMonitor(words);
  let ports: { monitorPort: number; echoPort: number | null } = { monitorPort: 0, echoPort: null };
  if (!monitor) {
    const p = words[0] ? index.position(words[0].start) : { line: 1, column: 1 };
    const message =
      'autossh needs -M port (or the AUTOSSH_PORT environment variable); without it autossh prints its usage and exits. Use -M 0 to turn monitoring off.';
    diags.add(p.line, p.column, 0, 'command.autossh-no-monitor', message, 'warning');
  } else {
    ports = readMonitorPorts(monitor, (w, msg) => {
      const p = index.position(w.start);
      diags.add(p.line, p.column, w.end - w.start, 'command.autossh-bad-port', msg, 'error');
    });
    cmd.autossh = ports;
  }
  const out: Word[] = [];
  let sawArgStop = false;
  let doneFwds = false;
  for (let k = 0; k < words.length; k++) {
    const w = words[k] as Word;
    if (w.value.startsWith('--') && !sawArgStop) {
      sawArgStop = true;
      continue;
    }
    if (!sawArgStop && w.value.startsWith('-M')) {
      const valueWord = w.value.length === 2 ? words[++k] : w;
      const arg = w.value.length === 2 ? (valueWord?.value ?? '') : w.value.slice(2);
      parts.push({ kind: 'autossh-monitor', arg, text: `-M ${arg}`, start: w.start, end: (valueWord ?? w).end });
      if (ports.monitorPort && !doneFwds) {
        out.push(...monitorForwards(w, ports.monitorPort, ports.echoPort));
        doneFwds = true;
      }
      continue;
    }
    out.push(...withoutFork(w, cmd, parts));
  }
  return out;
}

/** An option word with autossh's -f taken out (recorded as a -f the user gave); [] when nothing is left. */
function withoutFork(w: Word, cmd: AutosshResult, parts: AutosshWord[]): Word[] {
  if (!w.value.startsWith('-') || w.value.length <= 1) return [w];
  const { value, removed } = stripFork(w.value);
  for (const i of removed) {
    const at = wordOffset(w, i);
    cmd.background = true;
    parts.push({ kind: 'flag', flag: 'f', text: '-f', start: i === 1 ? w.start : at, end: at + 1 });
  }
  if (value === '-') return [];
  if (value !== w.value) return [{ ...w, value, segs: null, synthetic: 'autossh-rewritten', typed: w.value }];
  return [w];
}
