/**
 * `tunnel-doctor` command-line entry: dispatches to subcommands. Each subcommand is a function that
 * gets its arguments and the streams and returns the exit code, so tests can run it in-process.
 */
import { checkCommand } from './check.ts';
import { diagnoseCommand } from './diagnose.ts';
import { EXIT_CODES_TEXT } from './exit-codes.ts';
import { explainCommandLine } from './explain.ts';
import { EXIT, type Io, type Subcommand } from './io.ts';
import { probeCommand } from './probe.ts';
import { simulateCommand } from './simulate.ts';
import { VERSION } from './version.ts';

export type { Io } from './io.ts';

const USAGE = `tunnel-doctor ${VERSION}: understand "channel N: open failed: administratively prohibited" and its relatives

Usage:
  tunnel-doctor check [options]        on the SSH server: would this forward work for this user? why not?
  tunnel-doctor explain 'ssh -L …'     what each part of an ssh command does
  tunnel-doctor diagnose [FILE|-]      read ssh output, server logs or sshd -T; name the cause
  tunnel-doctor diagnose --follow      read a growing log (journalctl -fu ssh | …); report each refusal
  tunnel-doctor probe -- ssh …         on your machine: try the tunnel, then the same from each hop; name the hop to fix
  tunnel-doctor simulate FILE|-        run a scenario (JSON) through the model; print the trace
  tunnel-doctor COMMAND --help         options of a command
  tunnel-doctor --version              the version

Every command takes --json. Colour only on a terminal, never with NO_COLOR.
Nothing is sent anywhere but your own ssh logins; check and probe never change anything on a machine.

${EXIT_CODES_TEXT}`;

const COMMANDS: Record<string, Subcommand> = {
  check: checkCommand,
  explain: explainCommandLine,
  diagnose: diagnoseCommand,
  simulate: simulateCommand,
  probe: probeCommand,
};

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.OK;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(USAGE);
    return name === undefined ? EXIT.BAD_INPUT : EXIT.OK;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr.write(`tunnel-doctor: unknown command '${name}' (try tunnel-doctor --help)\n`);
    return EXIT.BAD_INPUT;
  }
  try {
    return await command(rest, io);
  } catch (e) {
    // A bug must not print a stack trace at the user: one line, and the bad-input code.
    io.stderr.write(`tunnel-doctor ${name}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.BAD_INPUT;
  }
}
