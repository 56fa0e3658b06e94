/**
 * `tunnel-doctor diagnose [FILE|-]`: reads pasted ssh output, server logs, `sshd -T` or a command
 * from a file or standard input and prints the ranked causes (or `--json`). Everything stays local.
 */
import { diagnose } from '../model/diagnose/index.ts';
import { renderText } from '../model/diagnose/render.ts';
import { readInput, type Io } from './main.ts';

export const DIAGNOSE_HELP = `Usage: tunnel-doctor diagnose [--json] [FILE|-]

Reads what you saw — ssh client output (with or without -v), server logs (journalctl,
/var/log/auth.log, /var/log/secure), sshd -T output, config lines, the ssh command — in any
mix and order, and prints the likely causes, the machine to fix, and the next command to run.
With no FILE, or with -, it reads standard input:

  journalctl -u ssh -n 200 | tunnel-doctor diagnose
  ssh -v -N -L 8080:db.internal:5432 alice@server 2>&1 | tunnel-doctor diagnose -
  tunnel-doctor diagnose --json pasted.txt

Options:
  --json        print the diagnosis as JSON (for scripts)
  --origin URL  prefix cause and simulator links with this site origin (default https://tunnel.doctor)
  -h, --help    this text

Exit codes:
  0  something was recognised (causes or notes printed)
  1  nothing in the input was recognised
  2  usage error (unknown option, several files, unreadable file, no input on a terminal)
`;

export async function diagnoseCommand(args: string[], io: Io): Promise<number> {
  let json = false;
  let origin = 'https://tunnel.doctor';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-h' || a === '--help') {
      io.stdout.write(DIAGNOSE_HELP);
      return 0;
    }
    if (a === '--json') json = true;
    else if (a === '--origin' || a.startsWith('--origin=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (v === undefined || !/^https?:\/\/[^\s/]+$/.test(v.replace(/\/$/, ''))) {
        io.stderr.write(`tunnel-doctor diagnose: --origin needs a URL such as https://tunnel.doctor\n`);
        return 2;
      }
      origin = v.replace(/\/$/, '');
    } else if (a.startsWith('-') && a !== '-') {
      io.stderr.write(`tunnel-doctor diagnose: unknown option '${a}'\n\n${DIAGNOSE_HELP}`);
      return 2;
    } else files.push(a);
  }
  if (files.length > 1) {
    io.stderr.write(`tunnel-doctor diagnose: give one FILE (or -), not ${files.length}\n`);
    return 2;
  }
  const path = files[0] ?? '-';
  if (path === '-' && (io.stdin as { isTTY?: boolean }).isTTY) {
    io.stderr.write(`tunnel-doctor diagnose: nothing to read: pipe text in or give a FILE\n\n${DIAGNOSE_HELP}`);
    return 2;
  }
  let text: string;
  try {
    text = await readInput(path, io);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.stderr.write(`tunnel-doctor diagnose: cannot read ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}\n`);
    return 2;
  }
  const d = diagnose(text);
  if (json) io.stdout.write(`${JSON.stringify(d, null, 2)}\n`);
  else io.stdout.write(renderText(d, { origin }));
  return d.recognised ? 0 : 1;
}
