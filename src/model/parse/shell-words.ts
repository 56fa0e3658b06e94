/**
 * The scanner of the ssh command parser: splits the first command of a pasted shell text into
 * words as a POSIX shell does (quotes, backslashes, line continuations, comments), stops at
 * ; & | && || and skips redirections, and strips a shell prompt ("$ ", "user@host:~$ ") in front.
 * Every word keeps its span in the text, so diagnostics and explanations can point at it.
 * Linear time; never throws.
 */
import type { DiagnosticCode } from '../diagnostics.ts';
import { type DiagList, type LineIndex, q } from './common.ts';

export interface Word {
  value: string;
  /** Pairs [index in value, offset in the source] where the mapping jumps (quotes, escapes); null: start + index. */
  segs: number[] | null;
  start: number;
  end: number;
  /** Some part of the word was quoted or escaped. */
  quoted: boolean;
  /** Unquoted glob characters (* ? [) appear. */
  glob: boolean;
  /** $… or `…` appears (not expanded here). */
  expansion: boolean;
  /** A word autossh made: its monitoring forwards, or an option word it took -f out of. */
  synthetic?: 'autossh-monitor' | 'autossh-rewritten';
  /** For a word autossh rewrote: the word as typed. */
  typed?: string;
}

/** The offset in the source of the character at index `i` of the word's value. */
export function wordOffset(w: Word, i: number): number {
  const segs = w.segs;
  if (!segs) return w.start + i;
  let lo = 0;
  let hi = segs.length / 2 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((segs[2 * mid] as number) <= i) lo = mid;
    else hi = mid - 1;
  }
  return (segs[2 * lo + 1] as number) + (i - (segs[2 * lo] as number));
}

export interface ShellResult {
  words: Word[];
  /** The shell prompt removed from the start ("$ ", "alice@box:~$ "), with its span; null when none. */
  prompt: { text: string; start: number; end: number } | null;
}

interface WordBuilder {
  parts: string[];
  len: number;
  segs: number[] | null;
  lastSrcEnd: number;
  start: number;
  quoted: boolean;
  glob: boolean;
  expansion: boolean;
}

/** Characters that end or change a plain run inside a word. */
const SPECIAL = new Set([' ', '\t', '\r', '\n', "'", '"', '\\', ';', '|', '&', '(', ')', '<', '>']);

/**
 * A shell prompt is only taken off when an ssh command (perhaps behind sudo -u bob, env, nohup,
 * time, exec, command or VAR=value) follows it: "PS C:\> ", "[user@box ~]$ ", "alice@box:~$ ", "$ ", "# ", "% ", "> ".
 */
const PROMPT =
  /^((?:PS [^>\n]{0,200}>|(?:\[[^\]\n]{0,100}\] ?)?(?:[\w.-]{1,64}@[\w.-]{1,64}(?::[^\s$#%>]{0,100})? ?)?[$#%>]) ?)(?=(?:(?:sudo|env|nohup|time|exec|command) (?:-\S* (?:[^\s-]\S* )?)*|[A-Za-z_][A-Za-z0-9_]*=\S* )*(?:\S*\/)?(?:ssh|autossh|ssh\.exe)(?:[ \t]|$))/;

/** Finds the shell prompt after leading blank lines; returns where the command starts. */
function findPrompt(text: string): { start: number; prompt: ShellResult['prompt'] } {
  const n = text.length;
  let s = 0;
  while (s < n && (text[s] === ' ' || text[s] === '\t' || text[s] === '\r' || text[s] === '\n')) s++;
  const lineEnd = text.indexOf('\n', s);
  const firstLine = text.slice(s, lineEnd === -1 ? Math.min(n, s + 300) : Math.min(lineEnd, s + 300));
  const m = PROMPT.exec(firstLine);
  if (!m?.[1]) return { start: s, prompt: null };
  return { start: s + m[1].length, prompt: { text: m[1], start: s, end: s + m[1].length } };
}

/** The shell's word splitting over one text; `run()` returns the words of its first command. */
class ShellScanner {
  readonly words: Word[] = [];
  private i: number;
  private cur: WordBuilder | null = null;
  private redirectPending = false;
  private stopped = false;
  private readonly n: number;

  constructor(
    private readonly text: string,
    private readonly diags: DiagList,
    private readonly index: LineIndex,
    start: number,
  ) {
    this.i = start;
    this.n = text.length;
  }

  run(): Word[] {
    while (this.i < this.n && !this.stopped) this.step();
    if (!this.stopped) this.finishWord(this.n);
    this.reportFirstExpansion();
    return this.words;
  }

  private report(off: number, len: number, code: DiagnosticCode, msg: string, sev: 'error' | 'warning' | 'info'): void {
    const p = this.index.position(off);
    this.diags.add(p.line, p.column, len, code, msg, sev);
  }

  /** Reads what starts at the current position: a blank, a line end, a comment, an operator or word text. */
  private step(): void {
    const { text, i } = this;
    const c = text[i] as string;
    if (c === '\\' && text[i + 1] === '\n') this.i += 2;
    else if (c === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') this.i += 3;
    else if (c === ' ' || c === '\t' || c === '\r') {
      this.finishWord(i);
      this.i++;
    } else if (c === '\n') this.lineEnd();
    else if (this.cur === null && c === '#') {
      const nl = text.indexOf('\n', i);
      this.i = nl === -1 ? this.n : nl;
    } else if (c === ';' || c === '|' || c === '&' || c === '(' || c === ')') this.controlOperator(c);
    else if (c === '<' || c === '>') this.redirection(c);
    else this.wordText(c);
  }

  private startWord(pos: number): WordBuilder {
    return { parts: [], len: 0, segs: null, lastSrcEnd: pos, start: pos, quoted: false, glob: false, expansion: false };
  }

  /** Appends `str`, which starts at offset `src` in the text, to the word (recording jumps in the mapping). */
  private push(w: WordBuilder, str: string, src: number): void {
    if (str === '') return;
    if (w.segs === null) {
      if (src !== w.start + w.len) w.segs = [0, w.start, w.len, src];
    } else if (src !== w.lastSrcEnd) {
      w.segs.push(w.len, src);
    }
    w.parts.push(str);
    w.len += str.length;
    w.lastSrcEnd = src + str.length;
  }

  /** Ends the current word at `pos`; the target of a redirection is dropped. */
  private finishWord(pos: number): void {
    const b = this.cur;
    if (!b) return;
    this.cur = null;
    if (this.redirectPending) {
      this.redirectPending = false;
      return;
    }
    this.words.push({ value: b.parts.join(''), segs: b.segs, start: b.start, end: pos, quoted: b.quoted, glob: b.glob, expansion: b.expansion });
  }

  /** A line end before any word is skipped; after words it ends the command (more text is reported). */
  private lineEnd(): void {
    this.finishWord(this.i);
    if (this.words.length === 0) {
      this.i++;
      return;
    }
    let k = this.i + 1;
    while (k < this.n && /\s/.test(this.text[k] as string)) k++;
    if (k < this.n) {
      this.report(
        k,
        0,
        'command.extra-lines',
        'Only the first command is analysed; the text after the end of its line is ignored (end a line with \\ to continue a command).',
        'warning',
      );
    }
    this.stopped = true;
  }

  /** ; | & && || ( ) end the first command, except &> and &>>, which redirect both outputs (bash). */
  private controlOperator(c: string): void {
    const { text, i } = this;
    if (c === '&' && text[i + 1] === '>') {
      this.finishWord(i);
      const len = text[i + 2] === '>' ? 3 : 2;
      this.redirectPending = true;
      this.report(i, len, 'command.redirection-ignored', 'The shell redirection here does not change what ssh does; it is ignored.', 'info');
      this.i += len;
      return;
    }
    this.finishWord(i);
    const op = (c === '&' || c === '|') && text[i + 1] === c ? c + c : c;
    let k = i + op.length;
    while (k < this.n && /\s/.test(text[k] as string)) k++;
    if (op === '&' && k >= this.n) {
      this.report(i, 1, 'command.background', 'The trailing & runs ssh in the background of the shell.', 'info');
    } else {
      const message = `Only the first command is analysed; everything from ${q(op)} on is ignored.`;
      this.report(i, op.length, 'command.extra-commands', message, op === '|' ? 'info' : 'warning');
    }
    this.stopped = true;
  }

  /** < > >> >& <> >| are skipped with their target; a here-document (<<) ends the command. */
  private redirection(c: string): void {
    const { text, i } = this;
    // An all-digit unquoted word just before is the descriptor number (2>&1).
    const wb = this.cur;
    if (wb && !wb.quoted && !this.redirectPending && wb.len <= 10 && /^\d+$/.test(wb.parts.join(''))) this.cur = null;
    else this.finishWord(i);
    const n1 = text[i + 1];
    if (c === '<' && n1 === '<') {
      this.report(i, 2, 'command.extra-commands', 'A here-document (<<) follows; only the words before it are analysed.', 'warning');
      this.stopped = true;
      return;
    }
    const len = n1 === '>' || n1 === '&' || n1 === '|' || (c === '<' && n1 === '>') ? 2 : 1;
    this.report(i, len, 'command.redirection-ignored', 'The shell redirection here does not change what ssh does; it is ignored.', 'info');
    this.i += len;
    this.redirectPending = true;
  }

  /** Part of a word: a quoted string, an escaped character or a run of plain characters. */
  private wordText(c: string): void {
    if (this.cur === null) this.cur = this.startWord(this.i);
    const w = this.cur;
    if (c === "'") this.singleQuoted(w);
    else if (c === '"') this.doubleQuoted(w);
    else if (c === '\\') this.escaped(w);
    else this.plainRun(w);
  }

  private unterminated(kind: 'single' | 'double'): void {
    const message = `This ${kind} quote is never closed; the shell would wait for more input. The rest of the text is read as quoted.`;
    this.report(this.i, 1, 'command.unterminated-quote', message, 'error');
  }

  private singleQuoted(w: WordBuilder): void {
    const { text, i } = this;
    w.quoted = true;
    const close = text.indexOf("'", i + 1);
    if (close === -1) {
      this.unterminated('single');
      this.push(w, text.slice(i + 1), i + 1);
      this.i = this.n;
      return;
    }
    this.push(w, text.slice(i + 1, close), i + 1);
    this.i = close + 1;
  }

  /** Inside double quotes a backslash escapes only $ ` " \ and a line end; $ and ` are expansions. */
  private doubleQuoted(w: WordBuilder): void {
    const { text, n } = this;
    w.quoted = true;
    let k = this.i + 1;
    let runStart = k;
    let closed = false;
    while (k < n) {
      const ch = text[k] as string;
      if (ch === '"') {
        closed = true;
        break;
      }
      if (ch === '\\' && k + 1 < n && '$`"\\\n'.includes(text[k + 1] as string)) {
        this.push(w, text.slice(runStart, k), runStart);
        if (text[k + 1] !== '\n') this.push(w, text[k + 1] as string, k + 1);
        k += 2;
        runStart = k;
        continue;
      }
      if (ch === '$' || ch === '`') w.expansion = true;
      k++;
    }
    this.push(w, text.slice(runStart, k), runStart);
    if (!closed) {
      this.unterminated('double');
      this.i = n;
      return;
    }
    this.i = k + 1;
  }

  private escaped(w: WordBuilder): void {
    const { text, i } = this;
    w.quoted = true;
    if (i + 1 < this.n) {
      this.push(w, text[i + 1] as string, i + 1);
      this.i += 2;
    } else {
      this.push(w, '\\', i);
      this.i++;
    }
  }

  private plainRun(w: WordBuilder): void {
    const { text, i } = this;
    let j = i;
    while (j < this.n && !SPECIAL.has(text[j] as string)) {
      const ch = text[j] as string;
      if (ch === '$' || ch === '`') w.expansion = true;
      else if (ch === '*' || ch === '?' || ch === '[') w.glob = true;
      j++;
    }
    this.push(w, text.slice(i, j), i);
    this.i = j;
  }

  /** The first word with $ or ` is reported once: the shell would expand it, this reads it literally. */
  private reportFirstExpansion(): void {
    const w = this.words.find((x) => x.expansion);
    if (!w) return;
    const message = `${q(w.value)} contains a shell expansion ($ or \`); it is read literally here, while your shell would replace it.`;
    this.report(w.start, w.end - w.start, 'command.shell-expansion', message, 'info');
  }
}

/**
 * Splits the first command of a shell text into words: quotes, backslashes, line continuations,
 * comments; stops at ; & | && || and skips redirections. A shell prompt in front is removed (and
 * reported as info). Linear time.
 */
export function shellWords(text: string, diags: DiagList, index: LineIndex): ShellResult {
  const { start, prompt } = findPrompt(text);
  if (prompt) {
    const p = index.position(prompt.start);
    diags.add(p.line, p.column, prompt.text.length, 'command.prompt-removed', `Ignored the shell prompt ${q(prompt.text.trimEnd())} at the start.`, 'info');
  }
  const words = new ShellScanner(text, diags, index, start).run();
  return { words, prompt };
}
