/**
 * `diagnose --follow`: reads a growing log line by line and, each time a line is evidence of a
 * refusal on its own, asks the diagnoser about it together with the lines that came before it,
 * and prints the refusal with its cause at once.
 */
import type { Readable } from 'node:stream';
import { causeById } from '../model/causes.ts';
import { diagnose } from '../model/diagnose/index.ts';
import { EXIT, fail, type Io } from './io.ts';

/** Longest line kept (the rest of a longer line is dropped); how many earlier lines give context. */
const MAX_LINE = 64 * 1024;
const CONTEXT_LINES = 400;

export interface FollowOptions {
  json: boolean;
  origin: string;
  color: boolean;
  /** Name of the input, for messages. */
  label: string;
}

/** Splits a stream into lines as they arrive, capping each line's length. */
async function* lines(stream: Readable): AsyncGenerator<string> {
  let partial = '';
  let dropping = false;
  for await (const chunk of stream) {
    const parts = (partial + (typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8'))).split('\n');
    partial = parts.pop() ?? '';
    for (const part of parts) {
      if (!dropping) yield part.replace(/\r$/, '');
      dropping = false;
    }
    if (partial.length > MAX_LINE) {
      if (!dropping) yield partial.slice(0, MAX_LINE);
      partial = '';
      dropping = true;
    }
  }
  if (partial && !dropping) yield partial;
}

function report(io: Io, opts: FollowOptions, lineNo: number, text: string, context: string[]): void {
  const d = diagnose(context.join('\n'));
  const alone = d.causes.length ? d : diagnose(text);
  const top = alone.causes[0];
  if (!top) return;
  if (opts.json) {
    const event = { line: lineNo, text, cause: top.id, title: top.title, fixOn: top.fixOn, confidence: top.confidence, fix: top.fix || null };
    io.stdout.write(`${JSON.stringify(event)}\n`);
    return;
  }
  const bold = (s: string) => (opts.color ? `\x1b[1m${s}\x1b[0m` : s);
  const out = [`line ${lineNo}: ${text}`, `  ${bold(top.title)} [${top.id}] (${top.confidence})`, `  Fix on: ${top.fixOnLabel}`];
  if (top.fix) out.push(`  Fix: ${top.fix}`);
  if (causeById(top.id)) out.push(`  More: ${opts.origin}${top.href}`);
  io.stdout.write(`${out.join('\n')}\n\n`);
}

/** Follows `stream` until it ends; exit 1 when a refusal was reported, 0 when none, 2 on binary input. */
export async function followLog(stream: Readable, io: Io, opts: FollowOptions): Promise<number> {
  let context: string[] = [];
  let lineNo = 0;
  let found = 0;
  for await (const text of lines(stream)) {
    lineNo++;
    if (text.includes('\0')) return fail(io, 'diagnose', `${opts.label} line ${lineNo} is binary data, not a log line`);
    context.push(text);
    if (context.length > CONTEXT_LINES) context.shift();
    if (!diagnose(text).causes.length) continue;
    report(io, opts, lineNo, text, context);
    context = [];
    found++;
  }
  return found ? EXIT.FOUND : EXIT.OK;
}
