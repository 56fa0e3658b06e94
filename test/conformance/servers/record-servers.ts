/**
 * Records what the real OpenSSH client (/usr/bin/ssh, LogLevel left at its default) prints when
 * the server is not OpenSSH: tinysshd (Debian tinysshd, under ucspi-tcp's tcpserver), a
 * github.com/gliderlabs/ssh server (Debian golang-github-gliderlabs-ssh-dev, built with
 * GO111MODULE=off against Debian's GOPATH), a Node ssh2 `Server` (npm) and an AsyncSSH server
 * (Debian python3-asyncssh). Every server runs in a private network, mount and PID namespace
 * (inner.sh) on loopback with throwaway keys: the machine's own sshd, ports and files are never
 * touched.
 *
 *   npx tsx test/conformance/servers/record-servers.ts          # write recordings/*.json
 *   npx tsx test/conformance/servers/record-servers.ts --raw    # also print the unfiltered output
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonDir } from '../harness/files.ts';
import type { ServerReproduction } from '../../../src/site/recordings.ts';

export const SERVERS_DIR = path.dirname(fileURLToPath(import.meta.url));
export const SERVER_RECORDING_DIR = path.join(SERVERS_DIR, 'recordings');
const PROGRAMS = path.join(SERVERS_DIR, 'programs');
const GOPATH = '/usr/share/gocode';
const SSH2_PACKAGE = path.join(SERVERS_DIR, '../../../node_modules/ssh2/package.json');

/** The server software the recordings come from. */
export type RecordedServer = 'tinysshd' | 'gliderlabs-ssh' | 'node-ssh2' | 'asyncssh';

/** One running server: which software, in which mode, on which port. */
export interface ServerSetup {
  software: RecordedServer;
  port: number;
  /** The program's mode (see the comment at the top of each program in programs/); '-' for tinysshd. */
  mode: string;
  /** Options in front of the key in the authorized_keys line the server reads (AsyncSSH applies them). */
  keyOptions?: string;
  /** What this setup is, in a sentence. */
  about: string;
}

export const SETUPS = {
  tinysshd: { software: 'tinysshd', port: 2301, mode: '-', about: 'tinysshd -v KEYDIR under tcpserver, one process per connection' },
  'gliderlabs-none': { software: 'gliderlabs-ssh', port: 2311, mode: 'none', about: 'ssh.Server with no forwarding handler (the default)' },
  'gliderlabs-denied': {
    software: 'gliderlabs-ssh',
    port: 2312,
    mode: 'denied',
    about: 'DirectTCPIPHandler and ForwardedTCPHandler installed, LocalPortForwardingCallback and ReversePortForwardingCallback return false',
  },
  'gliderlabs-allowed': { software: 'gliderlabs-ssh', port: 2313, mode: 'allowed', about: 'the same handlers, both callbacks return true' },
  'ssh2-reject-tcpip': { software: 'node-ssh2', port: 2321, mode: 'reject-tcpip', about: "a 'tcpip' listener that calls reject()" },
  'ssh2-no-tcpip': { software: 'node-ssh2', port: 2322, mode: 'no-tcpip', about: "no 'tcpip' listener" },
  'ssh2-forward-echo': {
    software: 'node-ssh2',
    port: 2323,
    mode: 'forward-echo',
    about: 'tcpip-forward accepted; forwarded-tcpip channels name the address and port the client asked for',
  },
  'ssh2-forward-wrong-port': {
    software: 'node-ssh2',
    port: 2324,
    mode: 'forward-wrong-port',
    about: 'tcpip-forward accepted; forwarded-tcpip channels name the port plus one',
  },
  'ssh2-forward-wrong-address': {
    software: 'node-ssh2',
    port: 2325,
    mode: 'forward-wrong-address',
    about: 'tcpip-forward accepted; forwarded-tcpip channels name the address the connection arrived on (127.0.0.1), not the one asked for',
  },
  'ssh2-one-session': {
    software: 'node-ssh2',
    port: 2326,
    mode: 'one-session',
    about: "a 'session' listener that accepts the first session channel and calls reject() for later ones",
  },
  'ssh2-no-session': { software: 'node-ssh2', port: 2327, mode: 'no-session', about: "no 'session' listener" },
  'asyncssh-default': {
    software: 'asyncssh',
    port: 2331,
    mode: 'default',
    about: 'asyncssh.SSHServer as it is (connection_requested and server_requested return False)',
  },
  'asyncssh-allowed': {
    software: 'asyncssh',
    port: 2332,
    mode: 'allowed',
    about: 'connection_requested and server_requested return True',
  },
  'asyncssh-no-port-forwarding': {
    software: 'asyncssh',
    port: 2333,
    mode: 'allowed',
    keyOptions: 'no-port-forwarding',
    about: 'callbacks return True; the authorized_keys line has no-port-forwarding',
  },
  'asyncssh-permitopen': {
    software: 'asyncssh',
    port: 2334,
    mode: 'allowed',
    keyOptions: 'permitopen="127.0.0.1:5432"',
    about: 'callbacks return True; the authorized_keys line has permitopen="127.0.0.1:5432"',
  },
} as const satisfies Record<string, ServerSetup>;
export type SetupName = keyof typeof SETUPS;

/** One request ssh makes of one server. */
export interface ServerCase {
  /** Unique per software: the recording is recordings/<software>.<id>.json. */
  id: string;
  setup: SetupName;
  /**
   * local: `ssh -N -L FORWARD`, then one connection to its listener; dynamic: `ssh -N -D FORWARD`,
   * then one SOCKS5 request for the target; remote: `ssh -N -R FORWARD`, then one connection to the
   * server's listener; stdio: `ssh -W FORWARD`; mux: a ControlMaster (with a session of its own
   * when FORWARD is "session", `-N` when "none"), then `ssh -S … echo hello` through it.
   */
  mode: 'local' | 'dynamic' | 'remote' | 'stdio' | 'mux';
  forward: string;
  /** ssh -o options beyond the harness's own. */
  options?: string[];
  /**
   * True when data comes back from the target: the control cases, and the mux cases where the
   * second ssh, refused by the master, runs its command over a connection of its own.
   */
  opens: boolean;
  /**
   * For a refusal the model follows: the cause it reproduces and the scenario's server block that
   * stands for this set-up (the cause pages' evidence notes check the model against the recording).
   */
  reproduces?: ServerReproduction;
}

/** Where the local (-L) and dynamic (-D) listeners are, and the port -R asks the server for. */
const LOCAL_PORT = 15432;
const SOCKS_PORT = 11080;
const REMOTE_PORT = 8080;

export const CASES: readonly ServerCase[] = [
  {
    id: 'local',
    setup: 'tinysshd',
    mode: 'local',
    forward: `${LOCAL_PORT}:127.0.0.1:5432`,
    opens: false,
    reproduces: { cause: 'server-lacks-forwarding', server: { software: 'tinyssh' } },
  },
  {
    id: 'dynamic',
    setup: 'tinysshd',
    mode: 'dynamic',
    forward: `${SOCKS_PORT}`,
    opens: false,
    reproduces: { cause: 'server-lacks-forwarding', server: { software: 'tinyssh' } },
  },
  { id: 'remote', setup: 'tinysshd', mode: 'remote', forward: `${REMOTE_PORT}:127.0.0.1:5432`, opens: false },
  {
    id: 'remote-exit-on-forward-failure',
    setup: 'tinysshd',
    mode: 'remote',
    forward: `${REMOTE_PORT}:127.0.0.1:5432`,
    options: ['ExitOnForwardFailure=yes'],
    opens: false,
  },
  {
    id: 'stdio',
    setup: 'tinysshd',
    mode: 'stdio',
    forward: '127.0.0.1:5432',
    opens: false,
    reproduces: { cause: 'server-lacks-forwarding', server: { software: 'tinyssh' } },
  },
  // ssh -S falls back to a connection of its own when the master's session is refused: the
  // command still runs (opens), after the error line.
  { id: 'mux-second-session', setup: 'tinysshd', mode: 'mux', forward: 'session', opens: true },
  { id: 'mux-first-session', setup: 'tinysshd', mode: 'mux', forward: 'none', opens: true },
  {
    id: 'no-handler-local',
    setup: 'gliderlabs-none',
    mode: 'local',
    forward: `${LOCAL_PORT}:127.0.0.1:5432`,
    opens: false,
    reproduces: { cause: 'server-lacks-forwarding', server: { software: 'gliderlabs-ssh' } },
  },
  {
    id: 'no-handler-stdio',
    setup: 'gliderlabs-none',
    mode: 'stdio',
    forward: '127.0.0.1:5432',
    opens: false,
    reproduces: { cause: 'server-lacks-forwarding', server: { software: 'gliderlabs-ssh' } },
  },
  { id: 'no-handler-remote', setup: 'gliderlabs-none', mode: 'remote', forward: `${REMOTE_PORT}:127.0.0.1:5432`, opens: false },
  {
    id: 'callback-false-local',
    setup: 'gliderlabs-denied',
    mode: 'local',
    forward: `${LOCAL_PORT}:127.0.0.1:5432`,
    opens: false,
    reproduces: { cause: 'ssh-gateway-policy', server: { gatewayPolicy: {} } },
  },
  { id: 'callback-false-remote', setup: 'gliderlabs-denied', mode: 'remote', forward: `${REMOTE_PORT}:127.0.0.1:5432`, opens: false },
  { id: 'allowed-local', setup: 'gliderlabs-allowed', mode: 'local', forward: `${LOCAL_PORT}:127.0.0.1:5432`, opens: true },
  { id: 'allowed-remote', setup: 'gliderlabs-allowed', mode: 'remote', forward: `${REMOTE_PORT}:127.0.0.1:5432`, opens: true },
  // nothing listens on 5433: what the library's DirectTCPIPHandler sends when its own dial fails
  { id: 'allowed-target-down-local', setup: 'gliderlabs-allowed', mode: 'local', forward: `${LOCAL_PORT}:127.0.0.1:5433`, opens: false },
  { id: 'reject-local', setup: 'ssh2-reject-tcpip', mode: 'local', forward: `${LOCAL_PORT}:127.0.0.1:5432`, opens: false },
  { id: 'reject-stdio', setup: 'ssh2-reject-tcpip', mode: 'stdio', forward: '127.0.0.1:5432', opens: false },
  {
    id: 'no-listener-local',
    setup: 'ssh2-no-tcpip',
    mode: 'local',
    forward: `${LOCAL_PORT}:127.0.0.1:5432`,
    opens: false,
    reproduces: { cause: 'server-lacks-forwarding', server: { software: 'node-ssh2-server' } },
  },
  { id: 'no-listener-remote', setup: 'ssh2-no-tcpip', mode: 'remote', forward: `${REMOTE_PORT}:127.0.0.1:5432`, opens: false },
  { id: 'forward-echo-remote', setup: 'ssh2-forward-echo', mode: 'remote', forward: `${REMOTE_PORT}:127.0.0.1:5432`, opens: true },
  {
    id: 'forward-wrong-port-remote',
    setup: 'ssh2-forward-wrong-port',
    mode: 'remote',
    forward: `${REMOTE_PORT}:127.0.0.1:5432`,
    opens: false,
    reproduces: { cause: 'forwarded-channel-mismatch', server: { rewritesRemoteForward: { port: 8081 } } },
  },
  {
    id: 'forward-wrong-address-remote',
    setup: 'ssh2-forward-wrong-address',
    mode: 'remote',
    forward: `${REMOTE_PORT}:127.0.0.1:5432`,
    opens: false,
    reproduces: { cause: 'forwarded-channel-mismatch', server: { rewritesRemoteForward: { address: '127.0.0.1' } } },
  },
  {
    id: 'forward-wrong-address-any-remote',
    setup: 'ssh2-forward-wrong-address',
    mode: 'remote',
    forward: `0.0.0.0:${REMOTE_PORT}:127.0.0.1:5432`,
    opens: false,
  },
  { id: 'mux-second-session', setup: 'ssh2-one-session', mode: 'mux', forward: 'session', opens: true },
  { id: 'mux-no-session-listener', setup: 'ssh2-no-session', mode: 'mux', forward: 'none', opens: false },
  {
    id: 'default-local',
    setup: 'asyncssh-default',
    mode: 'local',
    forward: `${LOCAL_PORT}:127.0.0.1:5432`,
    opens: false,
    reproduces: { cause: 'server-lacks-forwarding', server: { software: 'asyncssh-server' } },
  },
  { id: 'default-remote', setup: 'asyncssh-default', mode: 'remote', forward: `${REMOTE_PORT}:127.0.0.1:5432`, opens: false },
  { id: 'allowed-local', setup: 'asyncssh-allowed', mode: 'local', forward: `${LOCAL_PORT}:127.0.0.1:5432`, opens: true },
  { id: 'allowed-remote', setup: 'asyncssh-allowed', mode: 'remote', forward: `${REMOTE_PORT}:127.0.0.1:5432`, opens: true },
  { id: 'allowed-target-down-local', setup: 'asyncssh-allowed', mode: 'local', forward: `${LOCAL_PORT}:127.0.0.1:5433`, opens: false },
  { id: 'allowed-unresolvable-local', setup: 'asyncssh-allowed', mode: 'local', forward: `${LOCAL_PORT}:db.invalid:5432`, opens: false },
  {
    id: 'no-port-forwarding-local',
    setup: 'asyncssh-no-port-forwarding',
    mode: 'local',
    forward: `${LOCAL_PORT}:127.0.0.1:5432`,
    opens: false,
  },
  { id: 'no-port-forwarding-remote', setup: 'asyncssh-no-port-forwarding', mode: 'remote', forward: `${REMOTE_PORT}:127.0.0.1:5432`, opens: false },
  { id: 'permitopen-mismatch-local', setup: 'asyncssh-permitopen', mode: 'local', forward: `${LOCAL_PORT}:localhost:5432`, opens: false },
];

/** What ssh printed for one case. */
export interface ServerRecording {
  server: RecordedServer;
  /** The Debian package version (npm version for ssh2). */
  version: string;
  /** The packages behind it, as installed. */
  packages: string;
  /** `ssh -V` of the client that was recorded. */
  client: string;
  /** The line of `ssh -v` that names the server's software. */
  banner: string;
  case: ServerCase & { about: string; port: number; keyOptions?: string };
  /** What the user ran (the harness's own options, -F /dev/null -i … -o UserKnownHostsFile=…, left out). */
  command: string;
  /** Everything ssh wrote on stderr (for mux, the second ssh's; the master's are in masterLines). */
  clientLines: string[];
  /** For mux: what the ControlMaster wrote on stderr. */
  masterLines?: string[];
  /** True when data came back from the target: `hello` through the listener, the -W pipe or the mux session. */
  opened: boolean;
  /**
   * How ssh ended: its exit status (for mux, the second ssh's), or "running" when it was still
   * waiting after the connection through its forward and was stopped (-N keeps it running).
   */
  exit: number | 'running';
  /** The server's own log lines while this case ran (see serverLinesFor). */
  serverLines: string[];
}

/** What the recorder needs on the machine; empty when it can run. */
export function missingServerTools(): string[] {
  const need: Record<string, string> = {
    '/usr/sbin/tinysshd': 'tinysshd (Debian tinysshd)',
    '/usr/sbin/tinysshd-makekey': 'tinysshd-makekey (Debian tinysshd)',
    '/usr/bin/tcpserver': 'tcpserver (Debian ucspi-tcp)',
    '/usr/bin/go': 'go (Debian golang-go)',
    [`${GOPATH}/src/github.com/gliderlabs/ssh`]: 'gliderlabs/ssh (Debian golang-github-gliderlabs-ssh-dev)',
    [`${GOPATH}/src/golang.org/x/crypto/ssh`]: 'x/crypto/ssh (Debian golang-golang-x-crypto-dev)',
    '/usr/lib/python3/dist-packages/asyncssh': 'AsyncSSH (Debian python3-asyncssh)',
    '/usr/bin/ssh': 'ssh (Debian openssh-client)',
    '/usr/bin/ssh-keygen': 'ssh-keygen (Debian openssh-client)',
    '/usr/bin/unshare': 'unshare (util-linux)',
    '/usr/bin/ss': 'ss (Debian iproute2)',
  };
  const missing = Object.entries(need)
    .filter(([p]) => !fs.existsSync(p))
    .map(([, what]) => what);
  if (!fs.existsSync(SSH2_PACKAGE)) missing.push('ssh2 (npm install)');
  if (typeof process.getuid === 'function' && process.getuid() !== 0) missing.push('root (private network namespace)');
  return missing;
}

function sh(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error}`);
  return r.stdout;
}

/** The `ssh` words the user types for a case (the harness adds -F /dev/null, the key and known_hosts). */
export function commandFor(c: ServerCase): string {
  const dest = `${(c.options ?? []).map((o) => `-o ${o} `).join('')}-p ${SETUPS[c.setup].port} root@127.0.0.1`;
  switch (c.mode) {
    case 'local':
      return `ssh -N -L ${c.forward} ${dest}`;
    case 'dynamic':
      return `ssh -N -D ${c.forward} ${dest}`;
    case 'remote':
      return `ssh -N -R ${c.forward} ${dest}`;
    case 'stdio':
      return `ssh -W ${c.forward} ${dest}`;
    case 'mux':
      return `${c.forward === 'session' ? `ssh -M -S CTL ${dest} sleep 60` : `ssh -M -S CTL -N ${dest}`}; ssh -S CTL ${dest} echo hello`;
  }
}

/** What inner.sh connects to after starting ssh: the -L/-R port, or SOCKS port:host:port for -D. */
function connectFor(c: ServerCase): string {
  switch (c.mode) {
    case 'local':
      return String(LOCAL_PORT);
    case 'dynamic':
      return `${SOCKS_PORT}:127.0.0.1:5432`;
    case 'remote':
      return String(REMOTE_PORT);
    default:
      return '-';
  }
}

/** Keys, known_hosts, authorized_keys files, the built Go server and the case list in a fresh work directory. */
function prepare(w: string): void {
  for (const k of ['host_ed25519', 'id_ed25519']) sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', k, '-f', path.join(w, k)]);
  sh('tinysshd-makekey', ['-q', path.join(w, 'tinyssh-keys')]);
  const userKey = fs.readFileSync(path.join(w, 'id_ed25519.pub'), 'utf8').trim();
  const hostKey = fs.readFileSync(path.join(w, 'host_ed25519.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const tinyKey = sh('tinysshd-printkey', [path.join(w, 'tinyssh-keys')])
    .split('\n')
    .find((l) => l.startsWith('ssh-ed25519 '))
    ?.split(' ')
    .slice(0, 2)
    .join(' ');
  if (!tinyKey) throw new Error('tinysshd-printkey printed no ssh-ed25519 key');
  const known: string[] = [];
  const servers: string[] = [];
  for (const [name, s] of Object.entries(SETUPS) as [SetupName, ServerSetup][]) {
    known.push(`[127.0.0.1]:${s.port} ${s.software === 'tinysshd' ? tinyKey : hostKey}`);
    const authorized = `authorized-${name}`;
    fs.writeFileSync(path.join(w, authorized), `${s.keyOptions ? `${s.keyOptions} ` : ''}${userKey}\n`);
    servers.push(
      [name, s.port, s.software === 'gliderlabs-ssh' ? 'gliderlabs' : s.software === 'node-ssh2' ? 'ssh2' : s.software, s.mode, authorized].join(' '),
    );
  }
  fs.writeFileSync(path.join(w, 'known_hosts'), `${known.join('\n')}\n`);
  fs.writeFileSync(path.join(w, 'servers'), `${servers.join('\n')}\n`);
  const rows = CASES.map((c) => [caseKey(c), c.setup, SETUPS[c.setup].port, c.mode, c.forward, connectFor(c), c.options?.join(',') || '-'].join(' '));
  fs.writeFileSync(path.join(w, 'cases'), `${rows.join('\n')}\n`);
  const gocache = path.join(os.tmpdir(), 'tunnel-doctor-gocache');
  const env = { ...process.env, GO111MODULE: 'off', GOPATH, GOCACHE: gocache, GOFLAGS: '' };
  sh('go', ['build', '-o', path.join(w, 'gliderlabs-server'), path.join(PROGRAMS, 'gliderlabs', 'main.go')], { env });
  fs.copyFileSync(path.join(PROGRAMS, 'asyncssh_server.py'), path.join(w, 'asyncssh_server.py'));
  // A symlink, so that require('ssh2') resolves from the repository's node_modules.
  fs.symlinkSync(path.join(PROGRAMS, 'ssh2_server.cjs'), path.join(w, 'ssh2_server.cjs'));
}

function caseKey(c: ServerCase): string {
  return `${SETUPS[c.setup].software}.${c.id}`;
}

function dpkgVersion(pkg: string): string {
  return /Version: (\S+)/.exec(sh('dpkg-query', ['-s', pkg]))?.[1] ?? 'unknown';
}

/** Package versions per server software, as the package managers report them. */
function versions(): Record<RecordedServer, { version: string; packages: string }> {
  const tiny = dpkgVersion('tinysshd');
  const glider = dpkgVersion('golang-github-gliderlabs-ssh-dev');
  const crypto = dpkgVersion('golang-golang-x-crypto-dev');
  const ssh2 = JSON.parse(fs.readFileSync(SSH2_PACKAGE, 'utf8')).version as string;
  const asyncssh = dpkgVersion('python3-asyncssh');
  return {
    tinysshd: { version: tiny, packages: `tinysshd ${tiny}, ucspi-tcp ${dpkgVersion('ucspi-tcp')}` },
    'gliderlabs-ssh': {
      version: glider,
      packages: `golang-github-gliderlabs-ssh-dev ${glider}, golang-golang-x-crypto-dev ${crypto}, golang-go ${dpkgVersion('golang-go')}`,
    },
    'node-ssh2': { version: ssh2, packages: `ssh2 ${ssh2} (npm), node ${process.version}` },
    asyncssh: { version: asyncssh, packages: `python3-asyncssh ${asyncssh}` },
  };
}

/** stderr as lines: carriage returns and blank lines dropped. */
export function clientLinesOf(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '');
}

/** Lines of the servers' logs about the connection's bookkeeping, not the request; dropped. */
const BOOKKEEPING = [
  // AsyncSSH: the connection and its login (the same for every case), and a channel's close, whose
  // lines come in either order.
  /\] Accepted SSH client connection$/,
  /\] {3}(Local|Peer) address: /,
  /\] Beginning auth for user /,
  /\] Auth for user \S+ succeeded$/,
  /\] (Received channel close|Closing channel|Channel closed)$/,
  // tinysshd's last line when the client goes away: "connection reset" or "end of file" depending
  // on how ssh was stopped.
  /: fatal: unable to receive data from network/,
  // the programs' own start-up line
  /^listening on /,
];

/**
 * The server's log lines while one case ran, without the bookkeeping, and with what changes from
 * run to run normalised: ephemeral ports (32768 and up) become 41234, tinysshd's per-connection
 * id SESSIONID, AsyncSSH's connection number 1, key blobs and fingerprints KEY and
 * SHA256:FINGERPRINT.
 */
export function serverLinesFor(log: string): string[] {
  const lines = clientLinesOf(log)
    .filter((l) => !BOOKKEEPING.some((re) => re.test(l)))
    .map((l) =>
      l
        .replace(/\b(\d{5})\b/g, (m) => (Number(m) >= 32768 ? '41234' : m))
        .replace(/^tinysshd: [A-Za-z0-9]{8}: /, 'tinysshd: SESSIONID: ')
        .replace(/ssh-ed25519 AAAA[A-Za-z0-9+/=]+/g, 'ssh-ed25519 KEY')
        .replace(/SHA256:[A-Za-z0-9+/]+/g, 'SHA256:FINGERPRINT')
        .replace(/\[conn=\d+/g, '[conn=1'),
    );
  return lines;
}

/** The `ssh -v` line naming the server's software; tinysshd's per-connection id becomes SESSIONID. */
export function bannerLine(stderr: string): string {
  const line = clientLinesOf(stderr).find((l) => l.includes('Remote protocol version')) ?? '';
  return line.replace(/(remote software version tinyssh_\S+) [A-Za-z0-9]{8}$/, '$1 SESSIONID');
}

/** Runs every case once; returns the recordings (does not write them). */
export function recordServers(opts: { raw?: boolean } = {}): ServerRecording[] {
  const w = fs.mkdtempSync(path.join(os.tmpdir(), 'td-servers-'));
  try {
    prepare(w);
    const r = spawnSync('unshare', ['--net', '--mount', '--pid', '--fork', '--kill-child', 'bash', path.join(SERVERS_DIR, 'inner.sh'), w], {
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, PATH: `/usr/bin:/usr/sbin:/bin:/sbin:${path.dirname(process.execPath)}` },
    });
    if (r.status !== 0) throw new Error(`inner.sh failed (${r.status}): ${r.stderr}`);
    if (opts.raw && r.stderr) console.log(`--- inner.sh stderr\n${r.stderr}`);
    const v = versions();
    const client = spawnSync('ssh', ['-V'], { encoding: 'utf8' }).stderr.trim();
    const out = path.join(w, 'out');
    const read = (f: string) => (fs.existsSync(path.join(out, f)) ? fs.readFileSync(path.join(out, f), 'utf8') : '');
    const recordings: ServerRecording[] = [];
    for (const c of CASES) {
      const key = caseKey(c);
      const setup: ServerSetup = SETUPS[c.setup];
      const stderr = read(`${key}.stderr`);
      const banner = bannerLine(read(`banner-${c.setup}.stderr`));
      if (opts.raw) console.log(`--- ${key}\n${stderr}${read(`${key}.master.stderr`)}--- server\n${read(`${key}.server`)}`);
      const rec: ServerRecording = {
        server: setup.software,
        ...v[setup.software],
        client,
        banner,
        case: { ...c, about: setup.about, port: setup.port, ...(setup.keyOptions ? { keyOptions: setup.keyOptions } : {}) },
        command: commandFor(c),
        clientLines: clientLinesOf(stderr),
        opened: /^hello$/m.test(read(`${key}.stdout`)),
        exit: read(`${key}.rc`).trim() === 'running' ? 'running' : Number(read(`${key}.rc`).trim()),
        serverLines: serverLinesFor(read(`${key}.server`)),
      };
      if (c.mode === 'mux') rec.masterLines = clientLinesOf(read(`${key}.master.stderr`));
      recordings.push(rec);
    }
    return recordings;
  } finally {
    fs.rmSync(w, { recursive: true, force: true });
  }
}

export function recordingFile(r: Pick<ServerRecording, 'server' | 'case'>): string {
  return path.join(SERVER_RECORDING_DIR, `${r.server}.${r.case.id}.json`);
}

/** The recordings on disk. */
export function loadServerRecordings(): ServerRecording[] {
  return readJsonDir<ServerRecording>(SERVER_RECORDING_DIR);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const missing = missingServerTools();
  if (missing.length) {
    console.error(`cannot record, missing: ${missing.join(', ')}`);
    process.exit(1);
  }
  const recs = recordServers({ raw: process.argv.includes('--raw') });
  fs.mkdirSync(SERVER_RECORDING_DIR, { recursive: true });
  for (const rec of recs) fs.writeFileSync(recordingFile(rec), `${JSON.stringify(rec, null, 2)}\n`);
  console.log(`wrote ${recs.length} recordings to ${path.relative(process.cwd(), SERVER_RECORDING_DIR)}`);
}
