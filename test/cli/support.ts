/** Runs the CLI in-process through main() with fake streams. */
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.ts';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(args: string[], stdin: string | Buffer = '', opts: { tty?: boolean; env?: Record<string, string> } = {}): Promise<Run> {
  const input = Readable.from([Buffer.from(stdin)]) as Readable & { isTTY?: boolean };
  if (opts.tty) input.isTTY = true;
  const out = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (opts.tty) out.isTTY = true;
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => (stdout += String(c)));
  err.on('data', (c) => (stderr += String(c)));
  const code = await main(args, { stdin: input, stdout: out, stderr: err, env: opts.env ?? {} });
  return { code, stdout, stderr };
}
