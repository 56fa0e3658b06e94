import { describe, expect, it } from 'vitest';
import { DiagList, LineIndex } from '../../../src/model/parse/common.ts';
import { shellWords, wordOffset } from '../../../src/model/parse/shell-words.ts';

const split = (text: string) => {
  const diags = new DiagList('command');
  const r = shellWords(text, diags, new LineIndex(text));
  return { ...r, diagnostics: diags.finish() };
};

describe('shell words (the scanner)', () => {
  it('keeps each word’s span in the text, quotes included', () => {
    const text = `ssh -o 'ProxyCommand ssh -W %h:%p gw' "al ice"@h`;
    const { words } = split(text);
    expect(words.map((w) => w.value)).toEqual(['ssh', '-o', 'ProxyCommand ssh -W %h:%p gw', 'al ice@h']);
    expect(words.map((w) => text.slice(w.start, w.end))).toEqual(['ssh', '-o', `'ProxyCommand ssh -W %h:%p gw'`, '"al ice"@h']);
    // Character 3 of "al ice@h" is the 'i' inside the quotes; '@' is just after the closing quote.
    const last = words[3]!;
    expect(text[wordOffset(last, 3)]).toBe('i');
    expect(text[wordOffset(last, 6)]).toBe('@');
  });

  it('joins continued lines and stops at the first command’s end', () => {
    const text = 'ssh -N \\\n  -L 1:a:2 h | tee log\nssh other';
    const r = split(text);
    expect(r.words.map((w) => w.value)).toEqual(['ssh', '-N', '-L', '1:a:2', 'h']);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['command.extra-commands', 2, 14]]);
  });

  it('drops redirections with their target and keeps a descriptor number out of the words', () => {
    const r = split('ssh h 2>&1 >/dev/null uptime');
    expect(r.words.map((w) => w.value)).toEqual(['ssh', 'h', 'uptime']);
    expect(r.diagnostics.every((d) => d.code === 'command.redirection-ignored')).toBe(true);
  });

  it('takes off a prompt only in front of ssh, and says where it was', () => {
    expect(split('alice@box:~$ ssh h').prompt).toEqual({ text: 'alice@box:~$ ', start: 0, end: 13 });
    expect(split('  $ sudo -u bob ssh h').prompt).toEqual({ text: '$ ', start: 2, end: 4 });
    expect(split('$ scp a b:').prompt).toBeNull();
    expect(split('$ scp a b:').words[0]?.value).toBe('$');
  });

  it('an unclosed quote is an error at the quote; the rest is read as quoted', () => {
    const r = split(`ssh -L '1:a:2 h`);
    expect(r.words.map((w) => w.value)).toEqual(['ssh', '-L', '1:a:2 h']);
    expect(r.diagnostics).toMatchObject([{ code: 'command.unterminated-quote', column: 8, severity: 'error' }]);
  });
});
