/**
 * The streams a subcommand talks to, and reading its input (a file or standard input) safely:
 * capped in size, text only, one clear message naming the input when it cannot be read.
 */
import type { Readable, Writable } from 'node:stream';

export interface Io {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable;
  /** Environment (NO_COLOR, HOME); defaults to process.env. */
  env?: Record<string, string | undefined>;
}

export type Subcommand = (args: string[], io: Io) => Promise<number>;

/** Exit codes every subcommand uses. */
export const EXIT = { OK: 0, FOUND: 1, BAD_INPUT: 2 } as const;

/** Longest input read: larger inputs are refused (the model reads at most 8 million characters). */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** An input that cannot be used; `message` is one line naming the input. */
export class InputError extends Error {}

function label(path: string): string {
  return path === '-' ? 'standard input' : path;
}

/** True when the bytes are not text: a NUL byte, or many bytes that are not UTF-8 or printable. */
export function looksBinary(buf: Buffer): boolean {
  const head = buf.subarray(0, 65536);
  if (head.includes(0)) return true;
  const text = head.toString('utf8');
  let bad = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 27)) bad++;
  }
  return text.length > 0 && bad / text.length > 0.1;
}

async function readCapped(stream: AsyncIterable<unknown>, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > MAX_INPUT_BYTES) throw new InputError(`${what} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB; give the relevant part only`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function explainFsError(e: unknown, what: string): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ENOENT: 'no such file',
    EISDIR: 'it is a directory, not a file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a part of the path is not a directory',
  };
  return new InputError(`cannot read ${what}: ${why[code ?? ''] ?? (e as Error).message}`);
}

/** Opens a file for reading as a stream, refusing directories and files over the cap. */
export async function openInput(path: string, io: Io): Promise<Readable> {
  if (path === '-') return io.stdin;
  const fs = await import('node:fs');
  try {
    const st = await fs.promises.stat(path);
    if (st.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    const stream = fs.createReadStream(path);
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return stream;
  } catch (e) {
    throw explainFsError(e, label(path));
  }
}

/** Reads a whole file or, for `-`, standard input, as UTF-8 text. Throws InputError. */
export async function readInput(path: string, io: Io): Promise<string> {
  const what = label(path);
  const stream = await openInput(path, io);
  let buf: Buffer;
  try {
    buf = await readCapped(stream, what);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw explainFsError(e, what);
  } finally {
    if (path !== '-') stream.destroy();
  }
  if (looksBinary(buf)) throw new InputError(`cannot read ${what}: it is binary data, not text`);
  return buf.toString('utf8');
}

/** Writes one line to stderr, prefixed with the program (and subcommand) name. */
export function fail(io: Io, command: string, message: string): number {
  io.stderr.write(`tunnel-doctor${command ? ` ${command}` : ''}: ${message}\n`);
  return EXIT.BAD_INPUT;
}

/** True when the stream is a terminal and NO_COLOR is not set (https://no-color.org). */
export function colorFor(stream: { isTTY?: boolean }, io: Io): boolean {
  const env = io.env ?? process.env;
  return Boolean(stream.isTTY) && !env.NO_COLOR;
}
