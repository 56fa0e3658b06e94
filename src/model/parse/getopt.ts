/**
 * ssh's option walk: BSD getopt(3) without permutation over the words after the program, as
 * ssh.c main() (OpenSSH 9.2) runs it. Options cluster (-NfL 8080:h:80), an option's argument is
 * the rest of its word or the next word, "--" ends the options, and the first word that is not an
 * option stops the walk (ssh then takes the destination and runs the walk again after it).
 * The walk only says what it read; what each option does is the command parser's business.
 */
import type { Word } from './shell-words.ts';

/** ssh 9.2's getopt string (ssh.c main()); -P became -P tag only in 9.4. */
export const SSH_OPTSTRING = '1246ab:c:e:fgi:kl:m:no:p:qstvxAB:CD:E:F:GI:J:KL:MNO:PQ:R:S:TVw:W:XYy';
/** autossh 1.4's getopt string (autossh.c): ssh's options plus -M port[:echo_port]. */
export const AUTOSSH_OPTSTRING = 'M:V1246ab:c:e:fgi:kl:m:no:p:qstvw:xyACD:E:F:GI:MJKL:NO:PQ:R:S:TW:XYB:';

/** true: the option takes an argument; false: a flag; null: not an option of this optstring. */
function takesArg(optstring: string, ch: string): boolean | null {
  const idx = optstring.indexOf(ch);
  if (idx === -1 || ch === ':') return null;
  return optstring[idx + 1] === ':';
}

/** One thing getopt read. `at` is the index of the option character in `word.value`. */
export type GetoptEvent =
  | { kind: 'flag'; ch: string; word: Word; at: number }
  | { kind: 'argument'; ch: string; word: Word; at: number; optarg: string; argWord: Word; argFrom: number }
  | { kind: 'unknown-option'; ch: string; word: Word; at: number }
  | { kind: 'missing-argument'; ch: string; word: Word; at: number }
  | { kind: 'end-of-options'; word: Word };

/** Whether a word is an option word for getopt: starts with '-' and is not "-" alone. */
function isOptionWord(value: string): boolean {
  return value.startsWith('-') && value !== '-';
}

/** Reads one option word's cluster of characters; returns how many extra words it consumed (0 or 1). */
function readCluster(args: readonly Word[], next: number, optstring: string, visit: (e: GetoptEvent) => void): number {
  const word = args[next - 1] as Word;
  const v = word.value;
  for (let at = 1; at < v.length; at++) {
    const ch = v[at] as string;
    const ta = takesArg(optstring, ch);
    if (ta === null) {
      visit({ kind: 'unknown-option', ch, word, at });
      continue;
    }
    if (!ta) {
      visit({ kind: 'flag', ch, word, at });
      continue;
    }
    if (at + 1 < v.length) {
      visit({ kind: 'argument', ch, word, at, optarg: v.slice(at + 1), argWord: word, argFrom: at + 1 });
      return 0;
    }
    const argWord = args[next];
    if (argWord === undefined) {
      visit({ kind: 'missing-argument', ch, word, at });
      return 0;
    }
    visit({ kind: 'argument', ch, word, at, optarg: argWord.value, argWord, argFrom: 0 });
    return 1;
  }
  return 0;
}

/**
 * Walks the option words of `args` from index `from`. Returns the index of the first word that is
 * not an option (or args.length) and whether "--" ended the options.
 */
export function getopt(args: readonly Word[], from: number, optstring: string, visit: (e: GetoptEvent) => void): { next: number; terminated: boolean } {
  let next = from;
  while (next < args.length) {
    const word = args[next] as Word;
    if (word.value === '--') {
      visit({ kind: 'end-of-options', word });
      return { next: next + 1, terminated: true };
    }
    if (!isOptionWord(word.value)) break;
    next++;
    next += readCluster(args, next, optstring, visit);
  }
  return { next, terminated: false };
}
