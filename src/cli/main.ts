/**
 * `tunnel-doctor` command-line entry: dispatches to subcommands. Each subcommand is a function that
 * gets its arguments and the streams and returns the exit code, so tests can run it in-process.
 */
import type { Readable, Writable } from 'node:stream';

export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

export type Subcommand = (args: string[], io: Io) => Promise<number>;

const USAGE = `tunnel-doctor: understand "channel N: open failed: administratively prohibited" and its relatives

Usage:
  tunnel-doctor simulate FILE|-     run a scenario (JSON) through the model; prints the trace as JSON
  tunnel-doctor diagnose [FILE|-]   read pasted ssh output, server logs or sshd -T; name the cause
  tunnel-doctor --help              this text

Exit codes: 0 success, 2 invalid input or usage.
`;

async function load(name: string): Promise<Subcommand | undefined> {
  switch (name) {
    case 'simulate':
      return (await import('./simulate.ts')).simulateCommand;
    case 'diagnose':
      return (await import('./diagnose.ts')).diagnoseCommand;
    default:
      return undefined;
  }
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = await load(name);
  if (!command) {
    io.stderr.write(`tunnel-doctor: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  return command(rest, io);
}

/** Reads a whole file or, for `-`, standard input, as UTF-8 text. */
export async function readInput(path: string, io: Io): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString('utf8');
  }
  const { readFile } = await import('node:fs/promises');
  return readFile(path, 'utf8');
}
