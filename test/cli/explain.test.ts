/** `tunnel-doctor explain`: the simulator's explanation of an ssh command, in the terminal. */
import { describe, expect, it } from 'vitest';
import { run } from './support.ts';

describe('tunnel-doctor explain', () => {
  it('explains each part of a quoted command (exit 0 when nothing is wrong)', async () => {
    const r = await run(['explain', 'ssh -N -L 8080:db.internal:5432 alice@bastion.example']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('  -N\n      no remote command: the connection only carries the forwards.');
    expect(r.stdout).toContain('  -L 8080:db.internal:5432\n');
    expect(r.stdout).toContain('  alice@bastion.example\n      logs in to bastion.example as alice');
  });

  it('reads unquoted words after --, and marks warnings (exit 1)', async () => {
    const r = await run(['explain', '--', 'ssh', '-q', '-N', '-L', '8080:bob@db:5432', 'alice@srv']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^! -q\n/m);
    expect(r.stdout).toContain("The target host is taken literally as 'bob@db'");
    // the parser's warning is not repeated under the explanation that already says it
    expect(r.stdout.split("taken literally as 'bob@db'").length).toBe(2);
  });

  it('prints the explanations and the parser diagnostics as JSON', async () => {
    const r = await run(['explain', '--json', 'ssh -N -L 8080:localhost:80 host']);
    const j = JSON.parse(r.stdout);
    expect(j.command).toBe('ssh -N -L 8080:localhost:80 host');
    expect(j.explanations.map((e: { token: string }) => e.token)).toEqual(['-N', '-L 8080:localhost:80', 'host']);
    expect(j.diagnostics).toEqual([]);
  });

  it('reads the command from standard input with -', async () => {
    const r = await run(['explain', '-'], 'ssh -D 1080 me@proxy\n');
    expect(r.stdout).toContain('  -D 1080\n');
  });

  it('refuses an empty command or nothing to explain (exit 2)', async () => {
    expect((await run(['explain'])).code).toBe(2);
    const e = await run(['explain', '  ']);
    expect(e.code).toBe(2);
    expect(e.stderr).toBe('tunnel-doctor explain: the command is empty\n');
  });
});
