/**
 * A small option reader shared by the subcommands: `--name value`, `--name=value`, `-X value`,
 * flags, repeatable options, `--` and `-` (standard input) as a positional.
 */
export interface OptionSpec {
  /** Options without a value, e.g. ['json', 'help']; a one-letter name is written `-h`. */
  flags: string[];
  /** Options that take a value, e.g. ['user', 'L']. */
  values?: string[];
  /** Other spellings, e.g. { h: 'help' }. */
  aliases?: Record<string, string>;
}

export interface ParsedArgs {
  flags: Set<string>;
  /** Every value given for an option, in order. */
  values: Map<string, string[]>;
  positionals: string[];
  /** A usage error, in one line; the rest is empty then. */
  error: string | null;
}

function optionName(word: string): { name: string; inline: string | null } {
  const body = word.startsWith('--') ? word.slice(2) : word.slice(1);
  const eq = word.startsWith('--') ? body.indexOf('=') : -1;
  return eq >= 0 ? { name: body.slice(0, eq), inline: body.slice(eq + 1) } : { name: body, inline: null };
}

export function parseArgs(args: string[], spec: OptionSpec): ParsedArgs {
  const out: ParsedArgs = { flags: new Set(), values: new Map(), positionals: [], error: null };
  const values = new Set(spec.values ?? []);
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word === '--') {
      out.positionals.push(...args.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      out.positionals.push(word);
      continue;
    }
    const parsed = optionName(word);
    const name = spec.aliases?.[parsed.name] ?? parsed.name;
    if (spec.flags.includes(name) && parsed.inline === null) out.flags.add(name);
    else if (values.has(name)) {
      const value = parsed.inline ?? args[++i];
      if (value === undefined) return { ...out, error: `option '${word}' needs a value` };
      out.values.set(name, [...(out.values.get(name) ?? []), value]);
    } else return { ...out, error: `unknown option '${word}'` };
  }
  return out;
}

/** The last value given for an option. */
export function lastValue(p: ParsedArgs, name: string): string | undefined {
  return p.values.get(name)?.at(-1);
}
