/**
 * Text that came from another machine (an SSH server's banner, a forced command's output, a shell
 * rc file) made safe to print on a terminal: escape sequences and other control characters are
 * removed, each line is cut, and the number of lines is bounded. Nothing is ever echoed raw.
 */

/** Longest line kept, in characters; longer lines end with "…". */
export const MAX_LINE_CHARS = 400;

/** Unicode bidirectional overrides and isolates, which reorder what a terminal shows. */
function isBidi(c: number): boolean {
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/** Where an escape sequence starting at `i` (ESC) ends: CSI up to its final byte, OSC up to BEL or ST, else one character. */
function escapeEnd(s: string, i: number): number {
  const kind = s[i + 1];
  let j = i + 2;
  if (kind === '[') {
    while (j < s.length && !(s.charCodeAt(j) >= 0x40 && s.charCodeAt(j) <= 0x7e)) j++;
    return j + 1;
  }
  if (kind === ']' || kind === 'P' || kind === '_' || kind === '^') {
    while (j < s.length && s.charCodeAt(j) !== 7 && !(s.charCodeAt(j) === 27 && s[j + 1] === '\\')) j++;
    return s.charCodeAt(j) === 7 ? j + 1 : j + 2;
  }
  return i + 2;
}

/** One line, safe for a terminal: no escapes, no control characters, at most MAX_LINE_CHARS. */
export function safeLine(s: string): string {
  let out = '';
  for (let i = 0; i < s.length && out.length <= MAX_LINE_CHARS; ) {
    const c = s.charCodeAt(i);
    if (c === 27) {
      i = escapeEnd(s, i);
      continue;
    }
    if (c === 9) out += ' ';
    else if (!(c < 32 || (c >= 0x7f && c <= 0x9f) || isBidi(c))) out += s[i];
    i++;
  }
  return out.length > MAX_LINE_CHARS ? `${out.slice(0, MAX_LINE_CHARS - 1)}…` : out;
}

/** Lines of untrusted text, each made safe, at most `maxLines` (a last line says how many were left out). */
export function safeLines(text: string, maxLines: number): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const kept = lines.slice(0, maxLines).map((l) => safeLine(l.replace(/\r$/, '')));
  if (lines.length > maxLines) kept.push(`[${lines.length - maxLines} more lines left out]`);
  return kept;
}

/** True when the bytes hold a NUL or mostly non-text: a binary stream (an SFTP server's packets, say). */
export function binaryShare(buf: Buffer): number {
  if (buf.length === 0) return 0;
  let bad = 0;
  for (const b of buf.subarray(0, 65536)) if (b === 0 || (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 27)) bad++;
  return bad / Math.min(buf.length, 65536);
}
