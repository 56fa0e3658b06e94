/**
 * `diagnose --follow`: a log that grows while the CLI reads it. Each refusal is printed with its
 * cause as soon as its line arrives, before the stream ends.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

function follow(args: string[] = []) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  stdout.on('data', (c) => {
    out += String(c);
    for (const w of waiters.splice(0)) w();
  });
  stderr.on('data', (c) => (err += String(c)));
  const done = main(['diagnose', '--follow', ...args, '-'], { stdin, stdout, stderr, env: {} });
  /** Resolves once stdout contains `text` (no timer: the test fails by its own timeout if it never comes). */
  const printed = (text: string) =>
    new Promise<string>((resolve) => {
      const look = () => (out.includes(text) ? resolve(out) : waiters.push(look));
      look();
    });
  return { stdin, printed, done, output: () => out, errors: () => err };
}

const JOURNAL = {
  login: 'Dec 03 10:00:01 gw sshd[811]: Accepted publickey for alice from 198.51.100.23 port 50422 ssh2: ED25519 SHA256:abc',
  request: 'Dec 03 10:00:05 gw sshd[811]: Received request to connect to host db.internal port 5432, originator 127.0.0.1 port 41234',
  permit: 'Dec 03 10:00:05 gw sshd[811]: Received request from 127.0.0.1 port 41234 to connect to host db.internal port 5432, but the request was denied.',
  unknown: 'Dec 03 10:02:17 gw sshd[902]: error: connect_to db.internl: unknown host (Name or service not known)',
};

describe('tunnel-doctor diagnose --follow', () => {
  it('prints each refusal with its cause as its line arrives', async () => {
    const f = follow();
    f.stdin.write(`${JOURNAL.login}\n${JOURNAL.request}\n`);
    f.stdin.write(`${JOURNAL.permit}\n`);
    const first = await f.printed('[permitopen-mismatch]');
    expect(first).toContain(`line 3: ${JOURNAL.permit}`);
    expect(first).toContain('Fix on: The SSH server (sshd)');
    expect(first).not.toContain('db.internl');
    // the stream is still open: the next refusal comes later
    f.stdin.write(`${JOURNAL.unknown}\n`);
    const second = await f.printed('[target-name-unresolvable]');
    expect(second).toContain(`line 4: ${JOURNAL.unknown}`);
    f.stdin.end();
    expect(await f.done).toBe(1);
    expect(f.errors()).toBe('');
  });

  it('prints one JSON object per refusal with --json', async () => {
    const f = follow(['--json']);
    f.stdin.write(`${JOURNAL.login}\n`);
    f.stdin.write(`${JOURNAL.unknown}\n`);
    await f.printed('\n');
    f.stdin.end();
    expect(await f.done).toBe(1);
    const events = f
      .output()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ line: 2, cause: 'target-name-unresolvable', fixOn: 'client' });
  });

  it('exits 0 when the log ends without a refusal, and 2 on binary data', async () => {
    const f = follow();
    f.stdin.end(`${JOURNAL.login}\n${JOURNAL.request}\n`);
    expect(await f.done).toBe(0);
    expect(f.output()).toBe('');
    const b = follow();
    b.stdin.end('ok line\n\u0000\u0001\u0002\n');
    expect(await b.done).toBe(2);
    expect(b.errors()).toBe('tunnel-doctor diagnose: standard input line 2 is binary data, not a log line\n');
  });
});
