/**
 * `tunnel-doctor diagnose [FILE|-]`: reads pasted ssh output, server logs, `sshd -T` or a command
 * from a file or standard input and prints the ranked causes (or `--json`). With `--follow`, reads
 * a growing log and reports each refusal as it happens. Everything stays local.
 */
import { diagnose } from '../model/diagnose/index.ts';
import { lastValue, parseArgs } from './args.ts';
import { followLog } from './follow.ts';
import { colorFor, EXIT, fail, InputError, type Io, openInput, readInput } from './io.ts';
import { EXIT_CODES_TEXT } from './exit-codes.ts';
import { renderText } from './render.ts';
import { SITE_ORIGIN } from './site.ts';

export const DIAGNOSE_HELP = `Usage: tunnel-doctor diagnose [--json] [--follow] [FILE|-]

Reads what you saw — ssh client output (with or without -v), server logs (journalctl,
/var/log/auth.log, /var/log/secure), sshd -T output, config lines, the ssh command — in any
mix and order, and prints the likely causes, the machine to fix, and the next command to run.
With no FILE, or with -, it reads standard input:

  journalctl -u ssh -n 200 | tunnel-doctor diagnose
  ssh -v -N -L 8080:db.internal:5432 alice@server 2>&1 | tunnel-doctor diagnose -
  tunnel-doctor diagnose --json pasted.txt
  journalctl -fu ssh | tunnel-doctor diagnose --follow

Options:
  --json        print the diagnosis as JSON (with --follow: one JSON object per refusal, per line)
  --follow      read a growing log line by line and print each refusal with its cause as it happens
  --origin URL  prefix cause and simulator links with this site origin (default: the origin this
                build was given, SITE_URL at build time; without one, links are the site's paths)
  -h, --help    this text

${EXIT_CODES_TEXT}`;

function originOf(value: string | undefined): string | null {
  if (value === undefined) return SITE_ORIGIN;
  const v = value.replace(/\/$/, '');
  return /^https?:\/\/[^\s/]+$/.test(v) ? v : null;
}

export async function diagnoseCommand(args: string[], io: Io): Promise<number> {
  const p = parseArgs(args, { flags: ['help', 'json', 'follow'], values: ['origin'], aliases: { h: 'help', f: 'follow' } });
  if (p.flags.has('help')) {
    io.stdout.write(DIAGNOSE_HELP);
    return EXIT.OK;
  }
  if (p.error) return fail(io, 'diagnose', `${p.error} (see tunnel-doctor diagnose --help)`);
  const origin = originOf(lastValue(p, 'origin'));
  if (origin === null) return fail(io, 'diagnose', '--origin needs a URL such as https://tunnel.example');
  if (p.positionals.length > 1) return fail(io, 'diagnose', `give one FILE (or -), not ${p.positionals.length}`);
  const path = p.positionals[0] ?? '-';
  if (path === '-' && io.stdin.isTTY) return fail(io, 'diagnose', 'nothing to read: pipe text in or give a FILE (see tunnel-doctor diagnose --help)');
  const json = p.flags.has('json');
  const color = !json && colorFor(io.stdout, io);
  try {
    if (p.flags.has('follow')) {
      const stream = await openInput(path, io);
      return await followLog(stream, io, { json, origin, color, label: path === '-' ? 'standard input' : path });
    }
    const d = diagnose(await readInput(path, io));
    io.stdout.write(json ? `${JSON.stringify(d, null, 2)}\n` : renderText(d, { origin, color }));
    return d.causes.length > 0 ? EXIT.FOUND : EXIT.OK;
  } catch (e) {
    if (e instanceof InputError) return fail(io, 'diagnose', e.message);
    throw e;
  }
}
