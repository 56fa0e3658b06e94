/**
 * Records what SSH clients other than OpenSSH's print when the server refuses: PuTTY's plink
 * (Debian putty-tools), Paramiko (python3-paramiko), Go's golang.org/x/crypto/ssh
 * (golang-golang-x-crypto-dev, built with GO111MODULE=off against Debian's GOPATH), Node's
 * ssh2 (npm), AsyncSSH (python3-asyncssh), JSch (libjsch-java, compiled with javac), libssh
 * (libssh-dev) and libssh2 (libssh2-1-dev) through small C programs built with cc, Ruby's net-ssh
 * (ruby-net-ssh) and phpseclib (php-seclib, authentication only). Each runs against the machine's /usr/sbin/sshd started with a throwaway config in a
 * private network and mount namespace (inner.sh): the machine's own sshd, ports and files are
 * never touched.
 *
 *   npx tsx test/conformance/clients/record-clients.ts          # write recordings/*.json
 *   npx tsx test/conformance/clients/record-clients.ts --raw    # also print the unfiltered stderr
 *   npx tsx test/conformance/clients/record-clients.ts --only=jsch,libssh   # only these clients
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonDir } from '../harness/files.ts';

export const CLIENTS_DIR = path.dirname(fileURLToPath(import.meta.url));
export const CLIENT_RECORDING_DIR = path.join(CLIENTS_DIR, 'recordings');
const PROGRAMS = path.join(CLIENTS_DIR, 'programs');
const GOPATH = '/usr/share/gocode';
const JSCH_JAR = '/usr/share/java/jsch.jar';
const RUBY_GEMS = '/usr/share/rubygems-integration/all/gems';

/**
 * The client programs the recordings come from, in the order the recorder runs them. `plink-nc`
 * is plink's `-nc host:port` mode; a `-forward` client is the library's own local port forward
 * (its -L) with one connection made through the listener, where the plain one opens the
 * direct-tcpip channel itself. phpseclib has no forwarding API: only the authentication case.
 */
export const RECORDED_CLIENTS = [
  'plink',
  'plink-nc',
  'paramiko',
  'go',
  'node-ssh2',
  'asyncssh',
  'asyncssh-forward',
  'jsch',
  'jsch-forward',
  'libssh',
  'libssh2',
  'net-ssh',
  'net-ssh-forward',
  'phpseclib',
] as const;
export type RecordedClient = (typeof RECORDED_CLIENTS)[number];

/** One refusal the recorder provokes: which server, what the client asks for. */
export interface ClientCase {
  id: string;
  /** The catalog cause this case reproduces, or null for the working control case. */
  cause: string | null;
  mode: 'local' | 'remote' | 'auth';
  /** Which throwaway server: its sshd_config lines beyond the common ones. */
  server: 'forwarding-off' | 'permitopen' | 'default' | 'dropbear-off';
  key: 'id_ed25519' | 'wrong_ed25519';
  targetHost: string;
  targetPort: number;
}

/** OpenSSH servers get these sshd_config lines; the Dropbear one is started by inner.sh with -j -k. */
const SERVERS: Record<ClientCase['server'], { port: number; lines: string[] }> = {
  'forwarding-off': { port: 2201, lines: ['AllowTcpForwarding no'] },
  permitopen: { port: 2202, lines: ['PermitOpen 127.0.0.1:5432'] },
  default: { port: 2203, lines: [] },
  'dropbear-off': { port: 2204, lines: [] },
};

export const CASES: readonly ClientCase[] = [
  { id: 'opened', cause: null, mode: 'local', server: 'default', key: 'id_ed25519', targetHost: '127.0.0.1', targetPort: 5432 },
  {
    id: 'forwarding-disabled',
    cause: 'tcp-forwarding-disabled',
    mode: 'local',
    server: 'forwarding-off',
    key: 'id_ed25519',
    targetHost: 'localhost',
    targetPort: 5432,
  },
  {
    id: 'permitopen-mismatch',
    cause: 'permitopen-mismatch',
    mode: 'local',
    server: 'permitopen',
    key: 'id_ed25519',
    targetHost: 'localhost',
    targetPort: 5432,
  },
  { id: 'target-refused', cause: 'target-service-down', mode: 'local', server: 'default', key: 'id_ed25519', targetHost: '127.0.0.1', targetPort: 5433 },
  {
    id: 'target-unresolvable',
    cause: 'target-name-unresolvable',
    mode: 'local',
    server: 'default',
    key: 'id_ed25519',
    targetHost: 'db.internal.example',
    targetPort: 5432,
  },
  {
    id: 'dropbear-forwarding-disabled',
    cause: 'dropbear-forwarding-disabled',
    mode: 'local',
    server: 'dropbear-off',
    key: 'id_ed25519',
    targetHost: '127.0.0.1',
    targetPort: 5432,
  },
  {
    id: 'remote-refused',
    cause: 'remote-forward-refused',
    mode: 'remote',
    server: 'forwarding-off',
    key: 'id_ed25519',
    targetHost: '127.0.0.1',
    targetPort: 8080,
  },
  { id: 'auth-failed', cause: 'auth-failed', mode: 'auth', server: 'default', key: 'wrong_ed25519', targetHost: '127.0.0.1', targetPort: 5432 },
];

/** What one client printed for one case. */
export interface ClientRecording {
  client: RecordedClient;
  /** e.g. "0.78" for plink, "2.12.0" for Paramiko, the Debian package version for the Go, Java, C and PHP libraries. */
  version: string;
  case: ClientCase;
  /** The lines that carry the refusal, after the filter in `relevantLines` (see README.md). */
  lines: string[];
  /** The server's own lines (sshd -E, LogLevel VERBOSE) about this request. */
  serverLines: string[];
  /** True when the channel opened: the program said "opened", or the target's greeting came back through plink. */
  opened: boolean;
}

/** What the recorder needs on the machine; empty when it can run. */
export function missingClientTools(): string[] {
  const need: Record<string, string> = {
    '/usr/bin/plink': 'plink (Debian putty-tools)',
    '/usr/bin/puttygen': 'puttygen (Debian putty-tools)',
    '/usr/lib/python3/dist-packages/paramiko': 'Paramiko (Debian python3-paramiko)',
    '/usr/bin/go': 'go (Debian golang-go)',
    [`${GOPATH}/src/golang.org/x/crypto/ssh`]: 'x/crypto/ssh (Debian golang-golang-x-crypto-dev)',
    '/usr/sbin/sshd': 'sshd (Debian openssh-server)',
    '/usr/sbin/dropbear': 'dropbear (Debian dropbear-bin)',
    '/usr/bin/dropbearconvert': 'dropbearconvert (Debian dropbear-bin)',
    '/usr/bin/ssh-keygen': 'ssh-keygen (Debian openssh-client)',
    '/usr/bin/unshare': 'unshare (util-linux)',
    '/usr/lib/python3/dist-packages/asyncssh': 'AsyncSSH (Debian python3-asyncssh)',
    [JSCH_JAR]: 'JSch (Debian libjsch-java)',
    '/usr/bin/javac': 'javac (Debian default-jdk-headless)',
    '/usr/bin/cc': 'cc (Debian build-essential)',
    '/usr/include/libssh/libssh.h': 'libssh (Debian libssh-dev)',
    '/usr/include/libssh2.h': 'libssh2 (Debian libssh2-1-dev)',
    '/usr/bin/ruby': 'ruby (Debian ruby, with ruby-net-ssh)',
    '/usr/share/php/Net/SSH2.php': 'phpseclib (Debian php-seclib)',
    '/usr/bin/php': 'php (Debian php-cli)',
  };
  const missing = Object.entries(need)
    .filter(([p]) => !fs.existsSync(p))
    .map(([, what]) => what);
  if (!fs.existsSync(path.join(CLIENTS_DIR, '../../../node_modules/ssh2/package.json'))) missing.push('ssh2 (npm install)');
  if (!netSshDir()) missing.push('net-ssh (Debian ruby-net-ssh)');
  if (typeof process.getuid === 'function' && process.getuid() !== 0) missing.push('root (private network namespace)');
  return missing;
}

/** Debian's ruby-net-ssh installs the gem under a versioned directory (net-ssh-7.0.1 on Debian 12). */
function netSshDir(): string | undefined {
  if (!fs.existsSync(RUBY_GEMS)) return undefined;
  return fs.readdirSync(RUBY_GEMS).find((d) => /^net-ssh-\d/.test(d));
}

function sh(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error}`);
  return r.stdout;
}

function sshdConfig(w: string, name: string, server: { port: number; lines: string[] }): string {
  return [
    `Port ${server.port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${w}/host_ed25519`,
    `AuthorizedKeysFile ${w}/authorized_keys`,
    `PidFile ${w}/${name}.pid`,
    'StrictModes no',
    'UsePAM no',
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    // RSA and ECDSA host keys for the clients without ssh-ed25519 (phpseclib 1.0, JSch 0.1.55); the
    // others still negotiate what they prefer.
    `HostKey ${w}/host_rsa`,
    `HostKey ${w}/host_ecdsa`,
    'LogLevel VERBOSE',
    ...server.lines,
    '',
  ].join('\n');
}

/** Keys, configs, the case list and the built client programs in a fresh work directory. */
function prepare(w: string): void {
  for (const k of ['host_ed25519', 'id_ed25519', 'wrong_ed25519']) {
    sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', k, '-f', path.join(w, k)]);
  }
  for (const k of ['id_ed25519', 'wrong_ed25519']) sh('puttygen', [path.join(w, k), '-O', 'private', '-o', path.join(w, `${k}.ppk`)]);
  // The same roles in the key types the older Java and PHP libraries read (PEM files): JSch 0.1.55
  // signs RSA only with ssh-rsa, which OpenSSH 8.8+ refuses, so it gets ECDSA; phpseclib 1.0 reads
  // RSA only (and signs with rsa-sha2-256).
  for (const k of ['id_ecdsa', 'wrong_ecdsa', 'host_ecdsa'])
    sh('ssh-keygen', ['-q', '-t', 'ecdsa', '-b', '256', '-m', 'PEM', '-N', '', '-C', k, '-f', path.join(w, k)]);
  for (const k of ['id_rsa', 'wrong_rsa']) sh('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', '', '-C', k, '-f', path.join(w, k)]);
  fs.writeFileSync(
    path.join(w, 'authorized_keys'),
    ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((k) => fs.readFileSync(path.join(w, `${k}.pub`), 'utf8')).join(''),
  );
  const fp = sh('ssh-keygen', ['-l', '-E', 'sha256', '-f', path.join(w, 'host_ed25519.pub')]).split(/\s+/)[1] ?? '';
  fs.writeFileSync(path.join(w, 'hostkey.fp'), fp);
  for (const [name, server] of Object.entries(SERVERS)) {
    if (name !== 'dropbear-off') fs.writeFileSync(path.join(w, `sshd-${name}.conf`), sshdConfig(w, `sshd-${name}`, server));
  }
  // Dropbear reads the same host key (so plink's -hostkey fits both) in its own format, plus an
  // RSA one: Dropbear 2022.83 with only an ed25519 key aborts (rsa.c assertion) when a client such
  // as Go's x/crypto/ssh prefers rsa-sha2 host keys.
  sh('dropbearconvert', ['openssh', 'dropbear', path.join(w, 'host_ed25519'), path.join(w, 'dropbear_host')]);
  sh('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', '', '-f', path.join(w, 'host_rsa')]);
  sh('dropbearconvert', ['openssh', 'dropbear', path.join(w, 'host_rsa'), path.join(w, 'dropbear_host_rsa')]);
  fs.writeFileSync(
    path.join(w, 'ports'),
    Object.values(SERVERS)
      .map((s) => s.port)
      .join(' '),
  );
  const rows = CASES.map((c) => [c.id, c.server, c.mode, SERVERS[c.server].port, c.key, c.targetHost, c.targetPort].join(' '));
  fs.writeFileSync(path.join(w, 'cases'), `${rows.join('\n')}\n`);
  fs.copyFileSync(path.join(PROGRAMS, 'paramiko_client.py'), path.join(w, 'paramiko_client.py'));
  const gocache = path.join(os.tmpdir(), 'tunnel-doctor-gocache');
  const env = { ...process.env, GO111MODULE: 'off', GOPATH, GOCACHE: gocache, GOFLAGS: '' };
  sh('go', ['build', '-o', path.join(w, 'go-client'), path.join(PROGRAMS, 'go', 'main.go')], { env });
  fs.symlinkSync(path.join(PROGRAMS, 'ssh2_client.cjs'), path.join(w, 'ssh2_client.cjs'));
  for (const f of ['asyncssh_client.py', 'net_ssh_client.rb', 'phpseclib_client.php']) fs.copyFileSync(path.join(PROGRAMS, f), path.join(w, f));
  fs.mkdirSync(path.join(w, 'java'));
  sh('javac', ['-cp', JSCH_JAR, '-d', path.join(w, 'java'), path.join(PROGRAMS, 'JschClient.java')]);
  sh('cc', ['-O1', '-Wall', '-o', path.join(w, 'libssh-client'), path.join(PROGRAMS, 'libssh_client.c'), '-lssh']);
  sh('cc', ['-O1', '-Wall', '-o', path.join(w, 'libssh2-client'), path.join(PROGRAMS, 'libssh2_client.c'), '-lssh2']);
}

/** Versions of the recorded clients, as their packages report them. */
function versions(): Record<RecordedClient, string> {
  const plink = /Release (\S+)/.exec(spawnSync('plink', ['-V'], { encoding: 'utf8' }).stdout ?? '')?.[1] ?? 'unknown';
  const paramiko = sh('/usr/bin/python3', ['-c', 'import paramiko; print(paramiko.__version__)']).trim();
  const ssh2 = JSON.parse(fs.readFileSync(path.join(CLIENTS_DIR, '../../../node_modules/ssh2/package.json'), 'utf8')).version as string;
  const deb = (pkg: string) => /Version: (\S+)/.exec(sh('dpkg-query', ['-s', pkg]))?.[1] ?? 'unknown';
  const asyncssh = sh('/usr/bin/python3', ['-W', 'ignore', '-c', 'import asyncssh; print(asyncssh.__version__)']).trim();
  const netSsh = sh('/usr/bin/ruby', ['-e', 'require "net/ssh"; puts Net::SSH::Version::STRING']).trim();
  // JSch: the package's version (its JSch.VERSION constant still says 0.1.54).
  const jsch = deb('libjsch-java');
  return {
    plink,
    'plink-nc': plink,
    paramiko,
    go: deb('golang-golang-x-crypto-dev'),
    'node-ssh2': ssh2,
    asyncssh,
    'asyncssh-forward': asyncssh,
    jsch,
    'jsch-forward': jsch,
    libssh: deb('libssh-dev'),
    libssh2: deb('libssh2-1-dev'),
    'net-ssh': netSsh,
    'net-ssh-forward': netSsh,
    phpseclib: deb('php-seclib'),
  };
}

/** PuTTY's -v event log lines that say what happened to the forwarding, in order. */
const PLINK_EVENTS =
  /^(Opening connection to |Forwarded connection refused|Remote port forwarding from |Requesting remote port |Server refused|FATAL ERROR|No supported authentication|Local port .* forwarding to )/;

/** A Python warning printed on import (`path.py:29: CryptographyDeprecationWarning: …`) and its source line. */
const PYTHON_WARNING = /^\S+\.py:\d+: \w*Warning: /;

/**
 * The lines a user reads: for plink's -v output the forwarding events; for Paramiko its log line
 * and the exception line (the traceback's file frames vary by install path and are dropped);
 * for AsyncSSH every line but the deprecation warnings Debian 12's python3-cryptography prints
 * when asyncssh is imported (they name install paths and say nothing about the connection);
 * for the others every stderr line. Ephemeral source ports (32768 and up) become 41234; a repeated line is kept once.
 */
export function relevantLines(client: RecordedClient, stderr: string): string[] {
  const lines = stderr
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '');
  const kept =
    client === 'plink'
      ? lines.filter((l) => PLINK_EVENTS.test(l))
      : client === 'paramiko'
        ? lines.filter((l) => !/^\s/.test(l) && !l.startsWith('Traceback '))
        : client === 'asyncssh' || client === 'asyncssh-forward'
          ? lines.filter((l) => !PYTHON_WARNING.test(l) && !/^\s/.test(l))
          : lines;
  const normalised = kept.map((l) => l.replace(/(from 127\.0\.0\.1:)(\d+)\b/g, (m, from, port) => (Number(port) >= 32768 ? `${from}41234` : m)));
  // The recorder's readiness probe makes a first connection through plink's listener too, so
  // plink logs the same refusal twice: keep each line once.
  return normalised.filter((l, i) => normalised.indexOf(l) === i);
}

/**
 * sshd's lines written while one client ran that are about the request (not the connection's
 * bookkeeping: kex, "Accepted publickey", disconnects). Ephemeral ports become 41234 and key
 * fingerprints SHA256:FINGERPRINT (both change on every run).
 */
export function serverLinesFor(log: string): string[] {
  // Dropbear (-E) starts each line with "[pid] Mon DD HH:MM:SS ".
  log = log.replace(/^\[\d+\] [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d /gm, '');
  const interesting = /refused|denied|prohibited|connect_to|Received request|not permitted|Failed publickey|authenticating user|forward/;
  const lines = log
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => interesting.test(l))
    .map((l) => l.replace(/port \d{5}\b/g, 'port 41234').replace(/SHA256:[A-Za-z0-9+/]+/g, 'SHA256:FINGERPRINT'));
  return lines.filter((l, i) => lines.indexOf(l) === i);
}

/**
 * Runs every case with every client once (or only the clients in `only`); returns the recordings
 * (does not write them).
 */
export function recordClients(opts: { raw?: boolean; only?: readonly RecordedClient[] } = {}): ClientRecording[] {
  const w = fs.mkdtempSync(path.join(os.tmpdir(), 'td-clients-'));
  try {
    prepare(w);
    const r = spawnSync('unshare', ['--net', '--mount', '--pid', '--fork', '--kill-child', 'bash', path.join(CLIENTS_DIR, 'inner.sh'), w], {
      encoding: 'utf8',
      timeout: 400_000,
      env: {
        ...process.env,
        PATH: `/usr/bin:/usr/sbin:/bin:/sbin:${path.dirname(process.execPath)}`,
        TD_CLIENTS: opts.only?.join(',') ?? '',
      },
    });
    if (r.status !== 0) throw new Error(`inner.sh failed (${r.status}): ${r.stderr}`);
    const v = versions();
    const out = path.join(w, 'out');
    const recordings: ClientRecording[] = [];
    for (const c of CASES) {
      for (const client of RECORDED_CLIENTS) {
        const base = path.join(out, `${client}.${c.id}`);
        if (!fs.existsSync(`${base}.stderr`)) continue;
        const stderr = fs.readFileSync(`${base}.stderr`, 'utf8');
        if (opts.raw) console.log(`--- ${client} ${c.id}\n${stderr}`);
        // "opened" from the library programs; the target's greeting through plink's tunnel.
        const opened = /^(opened|hello)$/m.test(fs.readFileSync(`${base}.stdout`, 'utf8'));
        recordings.push({
          client,
          version: v[client],
          case: c,
          lines: relevantLines(client, stderr),
          serverLines: serverLinesFor(fs.readFileSync(`${base}.server`, 'utf8')),
          opened,
        });
      }
    }
    return recordings;
  } finally {
    fs.rmSync(w, { recursive: true, force: true });
  }
}

export function recordingFile(client: RecordedClient, caseId: string): string {
  return path.join(CLIENT_RECORDING_DIR, `${client}.${caseId}.json`);
}

/** The recordings on disk. */
export function loadClientRecordings(): ClientRecording[] {
  return readJsonDir<ClientRecording>(CLIENT_RECORDING_DIR);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const missing = missingClientTools();
  if (missing.length) {
    console.error(`cannot record, missing: ${missing.join(', ')}`);
    process.exit(1);
  }
  const onlyArg = process.argv.find((a) => a.startsWith('--only='));
  const only = onlyArg?.slice('--only='.length).split(',') ?? [];
  const unknown = only.filter((c) => !(RECORDED_CLIENTS as readonly string[]).includes(c));
  if (unknown.length) {
    console.error(`unknown client(s): ${unknown.join(', ')}; known: ${RECORDED_CLIENTS.join(', ')}`);
    process.exit(1);
  }
  const recs = recordClients({ raw: process.argv.includes('--raw'), only: onlyArg ? (only as RecordedClient[]) : undefined });
  fs.mkdirSync(CLIENT_RECORDING_DIR, { recursive: true });
  for (const rec of recs) fs.writeFileSync(recordingFile(rec.client, rec.case.id), `${JSON.stringify(rec, null, 2)}\n`);
  console.log(`wrote ${recs.length} recordings to ${path.relative(process.cwd(), CLIENT_RECORDING_DIR)}`);
}
