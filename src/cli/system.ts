/**
 * Reading the live system for `tunnel-doctor check`, read-only: running `sshd -T` and `sshd -V`,
 * reading files, asking the system resolver, and a bounded TCP probe. Nothing is written anywhere.
 */
import { execFile } from 'node:child_process';
import { lookup, promises } from 'node:dns';
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

/**
 * Whether the DNS server knows the name but has no address for it (ENODATA for both A and AAAA).
 * getaddrinfo then says "No address associated with hostname", which node:dns lookup reports as
 * ENOTFOUND like an unknown name; asking DNS directly tells the two apart.
 */
async function knownWithoutAddress(host: string): Promise<boolean> {
  const resolver = new promises.Resolver({ timeout: 2000, tries: 1 });
  const codes = await Promise.all(
    [resolver.resolve4(host), resolver.resolve6(host)].map((q) =>
      q.then(
        () => 'ok',
        (e: NodeJS.ErrnoException) => e.code ?? 'error',
      ),
    ),
  );
  return codes.every((c) => c === 'ENODATA');
}

/** The system resolver's answer for a name (getaddrinfo, as sshd asks it), bounded in time. */
export async function resolveName(host: string, timeoutMs = 10_000): Promise<Resolved> {
  const r = await lookupName(host, timeoutMs);
  if ('error' in r && r.error === 'not-found' && (await knownWithoutAddress(host))) return { error: 'no-address' };
  return r;
}

function lookupName(host: string, timeoutMs: number): Promise<Resolved> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ error: 'unreachable' }), timeoutMs);
    lookup(host, { all: true }, (err, addresses) => {
      clearTimeout(timer);
      if (!err) resolve({ addresses: addresses.map((a) => a.address) });
      else if (err.code === 'ENOTFOUND' || err.code === 'EAI_NONAME') resolve({ error: 'not-found' });
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

/** An address from /proc/net/tcp (8 hex digits) or tcp6 (32: four little-endian 32-bit words). */
export function procAddress(hex: string): string {
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) {
    const word = hex.slice(w, w + 8);
    for (let b = 6; b >= 0; b -= 2) bytes.push(Number.parseInt(word.slice(b, b + 2), 16));
  }
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  // RFC 5952: the longest run of two or more zero groups becomes "::".
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len) best = { at: i, len: j - i };
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

/** Addresses something listens on at `port` on this machine (Linux /proc/net/tcp and tcp6), or [] elsewhere. */
export async function listenersOn(port: number, read: (path: string) => Promise<string>): Promise<string[]> {
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await read(file).catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      const [addr, hexPort] = (f[1] ?? '').split(':');
      if (f[3] === '0A' && addr && hexPort && Number.parseInt(hexPort, 16) === port) out.push(procAddress(addr));
    }
  }
  return [...new Set(out)];
}
