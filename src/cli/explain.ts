/**
 * `tunnel-doctor explain 'ssh -L …'`: the simulator's live explanation in the terminal: what each
 * word of an ssh command does (the model's explainCommand), then what the parser objects to.
 */
import { explainCommand } from '../model/explain.ts';
import { parseSshCommand } from '../model/parse/command.ts';
import { EXIT_CODES_TEXT } from './exit-codes.ts';
import { colorFor, EXIT, fail, InputError, type Io, readInput } from './io.ts';

export const EXPLAIN_HELP = `Usage: tunnel-doctor explain [--json] 'ssh -N -L 8080:db.internal:5432 alice@server'
       tunnel-doctor explain [--json] -        (reads the command from standard input)

Says what each part of an ssh (or autossh) command line does, in the order typed, and warns about
the parts that will not do what you probably meant (a user@ inside -L, -q hiding the error, …).
Quote the command, or give its words after --: tunnel-doctor explain -- ssh -L 8080:x:80 host

Options:
  --json      print { explanations, diagnostics } as JSON
  -h, --help  this text

${EXIT_CODES_TEXT.replace('a cause was found', 'the command has a warning')}`;

/** Joins words given unquoted back into one command line, quoting the words that need it. */
function joinWords(words: string[]): string {
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** explain's own options come first; ssh has no `--long` options, so any other `--word` there is a mistake. */
function commandText(args: string[]): { json: boolean; help: boolean; words: string[]; error: string | null } {
  let i = 0;
  let json = false;
  let help = false;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') help = true;
    else if (a === '--') {
      i++;
      break;
    } else if (a.startsWith('--')) return { json, help, words: [], error: `unknown option '${a}' (see tunnel-doctor explain --help)` };
    else break;
  }
  return { json, help, words: args.slice(i), error: null };
}

export async function explainCommandLine(args: string[], io: Io): Promise<number> {
  const { json, help, words, error } = commandText(args);
  if (help) {
    io.stdout.write(EXPLAIN_HELP);
    return EXIT.OK;
  }
  if (error) return fail(io, 'explain', error);
  if (!words.length) return fail(io, 'explain', "give the command to explain, e.g. tunnel-doctor explain 'ssh -N -L 8080:localhost:80 host'");
  let text = words.length === 1 ? words[0]! : joinWords(words);
  if (words.length === 1 && text === '-') {
    try {
      text = await readInput('-', io);
    } catch (e) {
      if (e instanceof InputError) return fail(io, 'explain', e.message);
      throw e;
    }
  }
  if (!text.trim()) return fail(io, 'explain', 'the command is empty');
  const explanations = explainCommand(text);
  const said = new Set(explanations.map((e) => e.text));
  // The explanation already carries the parser's warnings about the words it explains.
  const diagnostics = parseSshCommand(text).diagnostics.filter((d) => !said.has(d.message));
  if (!explanations.length && !diagnostics.length) return fail(io, 'explain', 'this is not an ssh command line: nothing to explain');
  const warned = explanations.some((e) => e.severity === 'warning') || diagnostics.some((d) => d.severity !== 'info');
  if (json) io.stdout.write(`${JSON.stringify({ command: text, explanations, diagnostics }, null, 2)}\n`);
  else {
    const color = colorFor(io.stdout, io);
    const mark = (s: string) => (color ? `\x1b[1;33m${s}\x1b[0m` : s);
    const out = explanations.map((e) => `${e.severity === 'warning' ? mark('! ') : '  '}${e.token}\n      ${e.text}`);
    for (const d of diagnostics) out.push(`${d.severity === 'info' ? '  ' : mark('! ')}column ${d.column}: ${d.message}`);
    io.stdout.write(`${out.join('\n')}\n`);
  }
  return warned ? EXIT.FOUND : EXIT.OK;
}
