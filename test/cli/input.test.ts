/**
 * Bad input to any subcommand: one clear line on stderr naming the input, exit 2, never a stack
 * trace. Colour only on a terminal, never with NO_COLOR.
 */
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'td-input-'));
const binary = join(dir, 'core.bin');
writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0xff, 0xfe]));
const huge = join(dir, 'huge.log');
writeFileSync(huge, 'channel 2: open failed: administratively prohibited: open failed\n');
truncateSync(huge, 100 * 1024 * 1024);
const missing = join(dir, 'nope.txt');

const cases: Array<[string, string[], RegExp]> = [
  ['a missing file', [missing], /cannot read .*nope\.txt: no such file/],
  ['a directory', [dir], /cannot read .*td-input-\w+: it is a directory, not a file/],
  ['binary data', [binary], /cannot read .*core\.bin: it is binary data, not text/],
  ['100 MB', [huge], /huge\.log is larger than 16 MB/],
];

function oneLine(stderr: string): void {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at |Error:/);
}

describe('bad input', () => {
  for (const command of ['diagnose', 'simulate']) {
    for (const [what, args, message] of cases) {
      it(`${command} refuses ${what} with one line and exit 2`, async () => {
        const r = await run([command, ...args]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr.startsWith(`tunnel-doctor ${command}: `)).toBe(true);
        oneLine(r.stderr);
        expect(r.stdout).toBe('');
      });
    }
  }

  it('check names the --sshd-t input it cannot read', async () => {
    for (const [, args, message] of cases) {
      const r = await run(['check', '-L', '8080:localhost:80', '--user', 'alice', '--sshd-t', args[0]!]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^tunnel-doctor check: --sshd-t: /);
      expect(r.stderr).toMatch(message);
      oneLine(r.stderr);
    }
  });

  it('binary data on standard input', async () => {
    const r = await run(['diagnose', '-'], Buffer.from([0, 1, 2, 3, 0, 0]));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('tunnel-doctor diagnose: cannot read standard input: it is binary data, not text\n');
  });

  it('an unknown command or option', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    for (const command of ['check', 'explain', 'diagnose', 'simulate']) {
      const o = await run([command, '--bogus']);
      expect(o.code, command).toBe(2);
      expect(o.stderr, command).toMatch(new RegExp(`^tunnel-doctor ${command}: `));
    }
  });
});

describe('colour', () => {
  const paste = 'channel 2: open failed: administratively prohibited: open failed\n';
  it('is used on a terminal', async () => {
    const file = join(dir, 'paste.txt');
    writeFileSync(file, paste);
    const tty = await run(['diagnose', file], '', { tty: true });
    expect(tty.stdout).toContain('\x1b[1m');
  });

  it('is never used with NO_COLOR or when the output is not a terminal', async () => {
    const file = join(dir, 'paste2.txt');
    writeFileSync(file, paste);
    expect((await run(['diagnose', file], '', { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\x1b[');
    expect((await run(['diagnose', file])).stdout).not.toContain('\x1b[');
  });
});

describe('--version and --help', () => {
  it('prints the version and documents the exit codes everywhere', async () => {
    expect((await run(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['check', 'explain', 'diagnose', 'simulate']) {
      expect(top.stdout).toContain(`tunnel-doctor ${command}`);
      const h = await run([command, '--help']);
      expect(h.code, command).toBe(0);
      expect(h.stdout, command).toContain(`Usage: tunnel-doctor ${command}`);
      expect(h.stdout, command).toMatch(/Exit codes:\n\s+0 .*\n\s+1 .*\n\s+2 /);
      expect(h.stdout, command).toContain('--json');
    }
  });
});
