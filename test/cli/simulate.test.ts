import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from './support.ts';

const refused = JSON.stringify({
  client: { command: 'ssh -N -L 8080:localhost:80 alice@server.example' },
  server: { sshdConfig: 'AllowTcpForwarding no\n' },
});

describe('tunnel-doctor simulate', () => {
  it('prints the trace of a scenario read from standard input', async () => {
    const r = await run(['simulate', '-'], refused);
    expect(r.code).toBe(1);
    const trace = JSON.parse(r.stdout);
    expect(trace.cause).toBe('tcp-forwarding-disabled');
    expect(trace.clientLines).toEqual(['channel 2: open failed: administratively prohibited: open failed']);
    expect(trace.steps.length).toBeGreaterThan(3);
  });

  it('reads a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-'));
    const file = join(dir, 's.json');
    writeFileSync(file, refused);
    const r = await run(['simulate', file]);
    expect(JSON.parse(r.stdout).outcome).toBe('rejected');
  });

  it('rejects an invalid scenario with one line per problem, naming the field', async () => {
    const r = await run(
      ['simulate', '-'],
      JSON.stringify({ client: {}, server: { version: 7.4, colour: 'red' }, targets: [{ host: 'x', port: 70000, state: 'open' }] }),
    );
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toContain('client.command: is required');
    expect(lines.some((l) => l.startsWith('server.version: expected text'))).toBe(true);
    expect(lines.some((l) => l.startsWith('server.colour: unknown field'))).toBe(true);
    expect(lines.some((l) => l.startsWith('targets[0].port: expected a port number'))).toBe(true);
    expect(lines.some((l) => l.startsWith('targets[0].state: expected one of'))).toBe(true);
    expect(r.stdout).toBe('');
  });

  it('reports broken JSON', async () => {
    const r = await run(['simulate', '-'], '{"client": ');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^\(json\): not valid JSON/);
  });

  it('exits 0 when the channel opens', async () => {
    const r = await run(
      ['simulate', '-'],
      JSON.stringify({
        client: { command: 'ssh -N -L 8080:localhost:80 alice@server.example' },
        targets: [{ host: '127.0.0.1', port: 80, state: 'listening' }],
      }),
    );
    expect(JSON.parse(r.stdout).outcome).toBe('open');
    expect(r.code).toBe(0);
  });

  it('explains itself with --help and refuses a missing argument', async () => {
    expect((await run(['simulate', '--help'])).stdout).toContain('Usage: tunnel-doctor simulate [--json] FILE|-');
    expect((await run(['simulate'])).code).toBe(2);
    expect((await run(['nonsense'])).code).toBe(2);
  });

  it('runs as a real command through bin/tunnel-doctor.mjs', () => {
    const bin = resolve(import.meta.dirname, '../../bin/tunnel-doctor.mjs');
    const r = spawnSync(process.execPath, [bin, 'simulate', '-'], { input: refused, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).reasonCode).toBe(1);
  });
});
