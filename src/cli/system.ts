/**
 * Reading the live system for `tunnel-doctor check`, read-only: running `sshd -T` and `sshd -V`,
 * reading files, asking the system resolver, and a bounded TCP probe. Nothing is written anywhere.
 */
import { execFile } from 'node:child_process';
import { lookup } from 'node:dns';
import net from 'node:net';
import type { TargetState } from '../model/scenario.ts';
import type { Resolved } from './check-scenario.ts';

/** Runs a program without a shell and returns its output; never rejects. */
export function runProgram(file: string, args: string[], timeoutMs = 10_000): Promise<{ ok: boolean; stdout: string; stderr: string; error: string | null }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { killed?: boolean }) | null;
      let error: string | null = null;
      if (e?.code === 'ENOENT') error = `${file} not found`;
      else if (e?.killed) error = `${file} did not answer within ${timeoutMs / 1000} s`;
      else if (e) error = String(stderr).trim().split('\n')[0] || e.message;
      resolve({ ok: !e, stdout: String(stdout), stderr: String(stderr), error });
    });
  });
}

/** The OpenSSH version `sshd -V` reports ("9.2"), or null. Old sshd print it with their usage text. */
export async function sshdVersion(sshd: string): Promise<string | null> {
  const r = await runProgram(sshd, ['-V'], 5000);
  return /OpenSSH_(\d+\.\d+(?:p\d+)?)/.exec(`${r.stderr}${r.stdout}`)?.[1] ?? null;
}

/** The system resolver's answer for a name (getaddrinfo, as sshd asks it), bounded in time. */
export function resolveName(host: string, timeoutMs = 10_000): Promise<Resolved> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ error: 'unreachable' }), timeoutMs);
    lookup(host, { all: true }, (err, addresses) => {
      clearTimeout(timer);
      if (!err) resolve({ addresses: addresses.map((a) => a.address) });
      else if (err.code === 'ENOTFOUND' || err.code === 'ENODATA' || err.code === 'EAI_NONAME') resolve({ error: 'not-found' });
      else resolve({ error: 'unreachable' });
    });
  });
}

/** Connects to address:port once and closes at once: listening, closed (RST), filtered (no answer) or rejected (unreachable). */
export function probeTcp(address: string, port: number, timeoutMs = 2000): Promise<TargetState> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    const done = (state: TargetState) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(state);
    };
    const timer = setTimeout(() => done('filtered'), timeoutMs);
    socket.once('connect', () => done('listening'));
    socket.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNREFUSED') done('closed');
      else if (e.code === 'ETIMEDOUT') done('filtered');
      else done('rejected');
    });
  });
}

/** A user's home directory from /etc/passwd text, or null. */
export function homeOf(passwd: string, user: string): string | null {
  for (const line of passwd.split('\n')) {
    const f = line.split(':');
    if (f[0] === user && f.length >= 7) return f[5] ?? null;
  }
  return null;
}
