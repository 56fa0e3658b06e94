/**
 * Runs ONE scenario against the real programs. run.ts bundles it (build/conformance/driver.mjs)
 * and starts it as
 *   unshare --net --mount --pid --fork --kill-child --mount-proc --propagation private node driver.mjs
 * so it is PID 1 of a private PID namespace (every process it starts dies with it), has its own
 * loopback-only network (ports are the scenario's own numbers; nothing reaches any other host)
 * and its own mounts (tmpfs on /run and /tmp; /etc/passwd, /etc/group, /etc/shadow replaced by
 * copies holding the scenario's accounts; /dev a tmpfs with the machine's usable devices and an
 * empty /dev/log). Each server and the client additionally get their own /etc/hosts,
 * /etc/resolv.conf and /etc/nsswitch.conf through a nested `unshare -m` + bind mount; each OpenSSH
 * server also gets its own /dev/log there: the socket of a syslog receiver (syslog-receiver.py),
 * so sshd logs through syslog(3) exactly as under systemd or a syslog daemon.
 *
 * Input: the scenario JSON ({ scenario, timeoutMs }) on stdin. Output: one DriverResult JSON on
 * stdout. Diagnostics go to stderr.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario, ServerBlock } from '../../../src/model/scenario.ts';
import { parseJumpSpec, parseLocalForward, parseSshCommand, shellWords, splitFwd, withListenPort, type LocalForward, type ParsedCommand } from './command.ts';
import { startDns } from './dns.ts';
import { syslogMessage } from './normalise.ts';
import { clientBinary, serverBinary } from './releases.ts';
import { changeConfig, fileConfig, signUserCertificate } from './stale-config.ts';
import type { DriverResult, Probe, ServerState } from './types.ts';

const ROOT = '/run/td';
/** ssh is the client the scenario names (client.version; main() sets it); servers: serverBin(). */
const BIN = {
  ssh: process.env.TD_SSH ?? '/usr/bin/ssh',
  dropbearkey: process.env.TD_DROPBEARKEY ?? '/usr/bin/dropbearkey',
  sshKeygen: '/usr/bin/ssh-keygen',
  python: process.env.TD_PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'),
  xvfb: process.env.TD_XVFB ?? '/usr/bin/Xvfb',
  xauth: process.env.TD_XAUTH ?? '/usr/bin/xauth',
};
/** Read now: the repository may be under /tmp, which the namespace hides behind a fresh tmpfs. */
const SYSLOG_RECEIVER = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'syslog-receiver.py'), 'utf8');
const DEFAULT_HOSTS = '127.0.0.1 localhost\n::1 localhost\n';
const DEFAULT_RESOLV = 'nameserver 127.0.0.53\n';
/** Line ssh prints once a channel-open failed, a forward could not be set up, etc.: the outcome is known. */
const CLIENT_FAILURE =
  /open failed|forwarding failed|Could not request|Permission denied|Connection closed by|Could not resolve|session request failed|Tunnel device open failed|Connection refused/;
const SERVER_DISCONNECT = /^(Received disconnect|Disconnected from|Connection closed by|Connection reset by|Exit \(|Exit before auth)/;
const TARGET_GREETING = 'td-target-hello';

const notes: string[] = [];
const procs: Proc[] = [];
const closers: Array<() => void> = [];
const t0 = Date.now();

function note(s: string): void {
  notes.push(`${Date.now() - t0}ms ${s}`);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function until(pred: () => boolean, ms: number, step = 20): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pred()) return true;
    await sleep(step);
  }
  return pred();
}

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A child process in its own process group, with its stderr/stdout split into lines. */
class Proc {
  readonly child: ChildProcess;
  readonly err: string[] = [];
  readonly out: string[] = [];
  private errBuf = '';
  private outBuf = '';
  exited = false;
  exitCode: number | null = null;
  /** The server log: its stderr lines (Dropbear), or the messages its syslog receiver got (sshd). */
  log: string[] = this.err;

  readonly name: string;
  private readonly mapOut: (line: string) => string;

  constructor(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = baseEnv(), mapOut: (line: string) => string = (l) => l) {
    this.name = name;
    this.mapOut = mapOut;
    this.child = spawn(cmd, args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'], env });
    this.child.stderr?.setEncoding('utf8');
    this.child.stdout?.setEncoding('utf8');
    this.child.stderr?.on('data', (d: string) => {
      this.errBuf += d;
      this.errBuf = this.take(this.errBuf, this.err);
    });
    this.child.stdout?.on('data', (d: string) => {
      this.outBuf += d;
      this.outBuf = this.take(this.outBuf, this.out, this.mapOut);
    });
    this.child.stdin?.on('error', () => undefined);
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      this.exitCode = code ?? (signal ? 128 : null);
    });
    this.child.on('close', () => {
      if (this.errBuf) this.err.push(this.errBuf.replace(/\r$/, ''));
      if (this.outBuf) this.out.push(this.mapOut(this.outBuf.replace(/\r$/, '')));
      this.errBuf = this.outBuf = '';
    });
    procs.push(this);
  }

  private take(buf: string, into: string[], map: (line: string) => string = (l) => l): string {
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      into.push(map(buf.slice(0, i).replace(/\r$/, '')));
      buf = buf.slice(i + 1);
    }
    return buf;
  }

  async stop(): Promise<void> {
    if (this.exited || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    if (!(await until(() => this.exited, 1500))) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      await until(() => this.exited, 1000);
    }
  }
}

/**
 * The program that serves a block: Dropbear, or OpenSSH's sshd. Other server software (profiles in
 * src/model/software/) runs in test/conformance/servers/, not here.
 */
function engineOf(software: ServerBlock['software']): 'openssh' | 'dropbear' {
  if (software !== undefined && software !== 'openssh' && software !== 'dropbear')
    throw new Error(`server software "${software}" is not run by this harness (see test/conformance/servers/)`);
  return software ?? 'openssh';
}

/** The server program of a block: its software at its version (releases.ts), unless TD_SSHD/TD_DROPBEAR say otherwise. */
function serverBin(block: ServerBlock): string {
  const sw = engineOf(block.software);
  const forced = sw === 'dropbear' ? process.env.TD_DROPBEAR : process.env.TD_SSHD;
  return forced ?? serverBinary(sw, block.version);
}

function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  // The chosen ssh's directory first: ProxyJump runs `ssh` again (by PATH before 8.6-ish, by argv0 after).
  return { PATH: `${path.dirname(BIN.ssh)}:/usr/sbin:/usr/bin:/sbin:/bin`, LC_ALL: 'C', LANG: 'C', HOME: `${ROOT}/home/client`, ...extra };
}

/**
 * Wraps a command so it runs with its own /etc/hosts, /etc/resolv.conf and /etc/nsswitch.conf, and,
 * given `logSocket`, with that socket as /dev/log.
 */
function withEtc(dir: string, cmd: string, args: string[], logSocket?: string): [string, string[]] {
  const devLog = logSocket ? ' && mount --bind "$2" /dev/log' : '';
  return [
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      '--',
      'sh',
      '-c',
      `mount --bind "$1/hosts" /etc/hosts && mount --bind "$1/resolv.conf" /etc/resolv.conf && mount --bind "$1/nsswitch.conf" /etc/nsswitch.conf${devLog} && shift 2 && exec "$@"`,
      'sh',
      dir,
      logSocket ?? '',
      cmd,
      ...args,
    ],
  ];
}

function write(file: string, text: string, mode = 0o644): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode });
  fs.chmodSync(file, mode);
}

// ---------------------------------------------------------------- network

const addedAddresses = new Set<string>();
function ensureAddress(addr: string): void {
  if (addr === '::1' || (net.isIPv4(addr) && addr.startsWith('127.')) || addedAddresses.has(addr)) return;
  if (net.isIPv4(addr)) run('ip', ['addr', 'add', `${addr}/32`, 'dev', 'lo']);
  else if (net.isIPv6(addr)) run('ip', ['-6', 'addr', 'add', `${addr}/128`, 'dev', 'lo', 'nodad']);
  else throw new Error(`not an IP address: ${addr}`);
  addedAddresses.add(addr);
  note(`added ${addr} to lo`);
}

/**
 * `client.ipv6: false`: the loopback loses its IPv6 address (net.ipv6.conf.lo.disable_ipv6, this
 * network namespace only), so binding or connecting to ::1 fails with EADDRNOTAVAIL. Client and
 * servers share this loopback, so the servers lose ::1 too: sshd listens on 127.0.0.1 and the
 * targets must be IPv4 (startTargets refuses an IPv6 one).
 */
function disableIpv6(): void {
  fs.writeFileSync('/proc/sys/net/ipv6/conf/lo/disable_ipv6', '1');
  if (/\binet6\b/.test(run('ip', ['-o', 'addr', 'show', 'dev', 'lo']))) throw new Error('lo still has an IPv6 address');
  note('client.ipv6 false: IPv6 disabled on lo (no ::1)');
}

function setupNamespace(): void {
  run('ip', ['link', 'set', 'lo', 'up']);
  run('mount', ['-t', 'tmpfs', '-o', 'mode=0755', 'td-run', '/run']);
  run('mount', ['-t', 'tmpfs', '-o', 'mode=1777', 'td-tmp', '/tmp']);
  privateDev();
  fs.mkdirSync('/run/sshd', { mode: 0o755 });
  fs.mkdirSync(ROOT, { mode: 0o755 });
  fs.mkdirSync(`${ROOT}/home/client/.ssh`, { recursive: true, mode: 0o755 });
  // /etc files that are symlinks into /run (systemd-resolved) must exist for the bind mounts.
  for (const f of ['/etc/hosts', '/etc/resolv.conf', '/etc/nsswitch.conf']) {
    try {
      fs.realpathSync(f);
    } catch {
      const target = path.resolve('/etc', fs.readlinkSync(f));
      write(target, '');
    }
  }
}

/** What the programs here use of /dev: the devices any user may open, and pts, shm and net/tun. */
const DEV_KEPT = new Set(['null', 'zero', 'full', 'random', 'urandom', 'tty', 'ptmx', 'pts', 'shm', 'net', 'mqueue']);

/**
 * Replaces /dev (in this mount namespace only) by a tmpfs holding the machine's symlinks and the
 * device nodes and directories in DEV_KEPT (bind mounts; binding every node, tty0…tty63 included,
 * cost about 100 `mount` runs per scenario), plus an empty /dev/log: the mount point each OpenSSH
 * server's own syslog socket is bound over (withEtc). The machine's /dev and its /dev/log, if any,
 * are neither changed nor used.
 */
function privateDev(): void {
  const host = '/run/td-hostdev';
  fs.mkdirSync(host, { mode: 0o755 });
  run('mount', ['--rbind', '/dev', host]);
  run('mount', ['-t', 'tmpfs', '-o', 'mode=0755,nosuid', 'td-dev', '/dev']);
  const binds: string[] = [];
  for (const e of fs.readdirSync(host, { withFileTypes: true })) {
    if (e.name === 'log' || (!e.isSymbolicLink() && !DEV_KEPT.has(e.name))) continue;
    const from = `${host}/${e.name}`;
    const to = `/dev/${e.name}`;
    if (e.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else if (e.isDirectory()) {
      fs.mkdirSync(to);
      binds.push(`mount --rbind '${from}' '${to}'`);
    } else {
      fs.writeFileSync(to, '');
      binds.push(`mount --bind '${from}' '${to}'`);
    }
  }
  fs.writeFileSync('/dev/log', '');
  run('sh', ['-ec', binds.join('\n')]);
}

/** The tun/tap devices of this network namespace (`ip -o link`: /sys shows the machine's). */
function tunDevices(): string[] {
  const out = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
  return [...out.matchAll(/^\d+:\s+([^:@\s]+)/gm)].map((m) => m[1] as string).filter((n) => /^t(un|ap)\d+$/.test(n));
}

/** All addresses /etc/hosts text gives a name, in file order. */
function hostsLookup(hosts: string, name: string): string[] {
  const out: string[] = [];
  for (const raw of hosts.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [addr, ...names] = line.split(/\s+/);
    if (addr && names.some((n) => n.toLowerCase() === name.toLowerCase())) out.push(addr);
  }
  return out;
}

function isPrivate(a: string): boolean {
  if (net.isIPv4(a)) {
    const [x = 0, y = 0] = a.split('.').map(Number);
    return x === 10 || x === 127 || (x === 172 && y >= 16 && y < 32) || (x === 192 && y === 168) || (x === 169 && y === 254);
  }
  const l = a.toLowerCase();
  return l === '::1' || l.startsWith('fc') || l.startsWith('fd') || l.startsWith('fe80');
}

function resolveOnServer(block: ServerBlock | undefined, name: string): string[] {
  if (net.isIP(name)) return [name];
  const fromHosts = hostsLookup(block?.hosts ?? DEFAULT_HOSTS, name);
  if (fromHosts.length) return fromHosts;
  if (block?.dns?.reachable === false) return [];
  const recs = block?.dns?.records ?? {};
  const key = Object.keys(recs).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? (recs[key] ?? []) : [];
}

// ---------------------------------------------------------------- accounts

interface Account {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** crypt(3) SHA-512 hash of the password `td-secret`, for accounts whose password has expired. */
const EXPIRED_PASSWORD_HASH = '$6$tdsalt$YkJ7RwJMZW89DGet6EhjprjaJGLJZ4hFOTdMSFS1HVNbTEqbMzw/dpDTiSoAnk96jXR9.kx4bv1YwNw/p/sYW1';
export const EXPIRED_PASSWORD = 'td-secret';

/**
 * The client's own account when ssh must not run as root (unprivilegedClient): uid/gid 1999, home
 * the client directory. Not a login on any server.
 */
const CLIENT_ACCOUNT: Account = { name: 'tdclient', uid: 1999, gid: 1999, home: `${ROOT}/home/client` };

function setupAccounts(users: Map<string, string[]>, expired: Set<string>, clientAccount?: Account): Map<string, Account> {
  let passwd = fs.readFileSync('/etc/passwd', 'utf8').split('\n').filter(Boolean);
  let group = fs.readFileSync('/etc/group', 'utf8').split('\n').filter(Boolean);
  let shadow = fs.readFileSync('/etc/shadow', 'utf8').split('\n').filter(Boolean);
  const accounts = new Map<string, Account>();
  let nextUid = 2001;
  let nextGid = 3001;
  for (const [name, groups] of users) {
    if (!/^[a-z_][a-z0-9_.-]*$/i.test(name)) throw new Error(`unusable user name ${JSON.stringify(name)}`);
    const uid = name === 'root' ? 0 : nextUid++;
    const gid = uid;
    const home = `${ROOT}/home/${name}`;
    passwd = passwd.filter((l) => !l.startsWith(`${name}:`));
    passwd.push(`${name}:x:${uid}:${gid}:${name}:${home}:/bin/sh`);
    shadow = shadow.filter((l) => !l.startsWith(`${name}:`));
    // lastchg 0 = "must change the password at next login" (shadow(5)).
    shadow.push(expired.has(name) ? `${name}:${EXPIRED_PASSWORD_HASH}:0:0:99999:7:::` : `${name}:*:19000:0:99999:7:::`);
    if (uid !== 0) {
      group = group.filter((l) => !l.startsWith(`${name}:`));
      group.push(`${name}:x:${gid}:`);
    }
    for (const g of groups) {
      const idx = group.findIndex((l) => l.startsWith(`${g}:`));
      if (idx >= 0) {
        const parts = (group[idx] as string).split(':');
        const members = (parts[3] ?? '').split(',').filter(Boolean);
        if (!members.includes(name)) members.push(name);
        parts[3] = members.join(',');
        group[idx] = parts.join(':');
      } else group.push(`${g}:x:${nextGid++}:${name}`);
    }
    fs.mkdirSync(`${home}/.ssh`, { recursive: true, mode: 0o700 });
    fs.chmodSync(home, 0o755);
    fs.chownSync(home, uid, gid);
    fs.chownSync(`${home}/.ssh`, uid, gid);
    // An account that has logged in with X11 before: sshd's xauth run finds the file (on the very
    // first X11 login, xauth says "file …/.Xauthority does not exist" once, through the session).
    write(`${home}/.Xauthority`, '', 0o600);
    fs.chownSync(`${home}/.Xauthority`, uid, gid);
    accounts.set(name, { name, uid, gid, home });
  }
  if (clientAccount) {
    const { name, uid, gid, home } = clientAccount;
    if (users.has(name) || passwd.some((l) => l.split(':')[2] === String(uid)))
      throw new Error(`the client account ${name} (uid ${uid}) clashes with another account`);
    passwd.push(`${name}:x:${uid}:${gid}:ssh user:${home}:/bin/sh`);
    group.push(`${name}:x:${gid}:`);
    fs.chownSync(home, uid, gid);
    fs.chownSync(`${home}/.ssh`, uid, gid);
  }
  write(`${ROOT}/etc/passwd`, `${passwd.join('\n')}\n`);
  write(`${ROOT}/etc/group`, `${group.join('\n')}\n`);
  write(`${ROOT}/etc/shadow`, `${shadow.join('\n')}\n`, 0o640);
  for (const f of ['passwd', 'group', 'shadow']) run('mount', ['--bind', `${ROOT}/etc/${f}`, `/etc/${f}`]);
  return accounts;
}

// ---------------------------------------------------------------- keys

function keygen(file: string): string {
  run(BIN.sshKeygen, ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', file]);
  return fs.readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
}

function dropbearKeygen(file: string): string {
  run(BIN.dropbearkey, ['-t', 'ed25519', '-f', file]);
  const line = run(BIN.dropbearkey, ['-y', '-f', file])
    .split('\n')
    .find((l) => l.startsWith('ssh-ed25519 '));
  if (!line) throw new Error('dropbearkey -y printed no public key');
  return line.trim().split(/\s+/).slice(0, 2).join(' ');
}

// ---------------------------------------------------------------- servers

/** Keywords the scenario sets in its global section (before the first Match), lower-cased. */
function globalKeywords(cfg: string): Set<string> {
  const out = new Set<string>();
  for (const raw of cfg.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const kw = (line.split(/[\s=]+/)[0] ?? '').toLowerCase();
    if (kw === 'match') break;
    out.add(kw);
  }
  return out;
}

interface ServerSpec {
  role: 'jump' | 'server';
  block: ServerBlock;
  address: string;
  port: number;
  user: string;
}

function writeEtc(dir: string, block: ServerBlock | undefined, hosts?: string): void {
  write(`${dir}/hosts`, hosts ?? block?.hosts ?? DEFAULT_HOSTS);
  write(`${dir}/resolv.conf`, block?.resolvConf ?? DEFAULT_RESOLV);
  write(`${dir}/nsswitch.conf`, 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n');
}

async function startServer(spec: ServerSpec, keys: Keys, accounts: Map<string, Account>): Promise<Proc> {
  const { role, block, address, port } = spec;
  const dir = `${ROOT}/${role}`;
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  writeEtc(dir, block);
  // An expired password only matters for a password login (UsePAM no): the key is then not accepted.
  const keyLine = block.acceptsKey === false || block.passwordExpired || block.certificate ? keys.otherPub : keys.userPub;
  const akLine = `${(block.authorizedKeysOptions ? `${block.authorizedKeysOptions} ` : '') + keyLine}\n`;
  const listen = net.isIPv6(address) ? `[${address}]` : address;
  if ((block.software ?? 'openssh') === 'dropbear') {
    const acct = accounts.get(spec.user);
    if (!acct) throw new Error(`no account for ${spec.user}`);
    const ak = `${acct.home}/.ssh/authorized_keys`;
    write(ak, akLine, 0o600);
    fs.chownSync(ak, acct.uid, acct.gid);
    const opts = shellWords(block.dropbearOptions ?? '');
    const [cmd, args] = withEtc(dir, serverBin(block), ['-F', '-E', '-p', `${listen}:${port}`, '-r', keys.dropbearHost, '-P', `${dir}/dropbear.pid`, ...opts]);
    const p = new Proc(role, cmd, args);
    await until(() => p.exited || p.err.some((l) => l.includes('Not backgrounding')), 5000);
    if (p.exited) throw new Error(`dropbear (${role}) exited: ${p.err.join(' | ')}`);
    return p;
  }
  write(`${dir}/authorized_keys`, akLine, 0o644);
  const scenarioCfg = block.runningSshdConfig ?? block.sshdConfig ?? ''; // stale-config.ts: the file gets sshdConfig later
  const set = globalKeywords(scenarioCfg);
  const harness: Array<[string, string]> = [
    ['ListenAddress', `${listen}:${port}`],
    ['HostKey', keys.sshdHost],
    ['PidFile', 'none'],
    ['AuthorizedKeysFile', `${dir}/authorized_keys`],
    ['LogLevel', 'VERBOSE'],
    ['UsePAM', 'no'],
    ['StrictModes', 'no'],
    ['PasswordAuthentication', block.passwordExpired ? 'yes' : 'no'],
    ['KbdInteractiveAuthentication', 'no'],
    ...(keys.userCa ? [['TrustedUserCAKeys', keys.userCa] as [string, string]] : []),
  ];
  const lines = harness.filter(([k]) => k === 'ListenAddress' || !set.has(k.toLowerCase())).map(([k, v]) => `${k} ${v}`);
  const cfg = `# harness\n${lines.join('\n')}\n# scenario\n${scenarioCfg}${scenarioCfg.endsWith('\n') || !scenarioCfg ? '' : '\n'}`;
  write(`${dir}/sshd_config`, cfg);
  if (block.runningSshdConfig !== undefined) write(`${dir}/sshd_config.file`, fileConfig(cfg, block.sshdConfig ?? ''));
  // No -e: sshd logs through syslog(3), i.e. to /dev/log, which is this server's own receiver. What
  // it receives is what journald or a syslog daemon would: error()/fatal() lines carry sshd's
  // `error: `/`fatal: ` prefix (log.c do_log()), which -e leaves out.
  const receiver = await startSyslogReceiver(role, `${dir}/log.sock`);
  const [cmd, args] = withEtc(dir, serverBin(block), ['-D', '-f', `${dir}/sshd_config`], `${dir}/log.sock`);
  const p = new Proc(role, cmd, args);
  p.log = receiver.out;
  await until(() => p.exited || p.log.some((l) => l.startsWith('Server listening on')), 5000);
  if (p.exited || !p.log.some((l) => l.startsWith('Server listening on'))) throw new Error(`sshd (${role}) did not start: ${[...p.err, ...p.log].join(' | ')}`);
  return p;
}

/**
 * A syslog receiver for one server (syslog-receiver.py) bound at `socket`; its `out` holds the
 * MESSAGE part of each datagram (see normalise.ts syslogMessage), in the order received. A
 * datagram in another format is kept whole (and noted) so that it shows up in the log.
 */
async function startSyslogReceiver(role: string, socket: string): Promise<Proc> {
  const r = new Proc(`${role}-syslog`, BIN.python, ['-u', '-c', SYSLOG_RECEIVER, socket], baseEnv(), (line) => {
    const m = syslogMessage(line);
    if (!m) note(`${role} syslog: unexpected datagram ${JSON.stringify(line)}`);
    return m ? m.message : line;
  });
  if (!(await until(() => r.exited || r.err.includes('ready'), 5000)) || r.exited)
    throw new Error(`syslog receiver (${role}) did not start: ${r.err.join(' | ')}`);
  return r;
}

interface Keys {
  sshdHost: string;
  dropbearHost: string;
  userKey: string;
  userPub: string;
  otherPub: string;
  /** The user CA's public key, when the client logs in with a certificate (stale-config.ts). */
  userCa?: string;
}

// ---------------------------------------------------------------- targets

async function listenTcp(host: string, port: number, onConn: (s: net.Socket) => void): Promise<net.Server> {
  const srv = net.createServer(onConn);
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen({ host, port, exclusive: true, ipv6Only: net.isIPv6(host) }, () => resolve());
  });
  closers.push(() => srv.close());
  return srv;
}

function targetHandler(label: string) {
  return (s: net.Socket) => {
    note(`target ${label} accepted a connection`);
    s.on('error', () => undefined);
    s.write(`${TARGET_GREETING} ${label}\n`);
    s.on('data', (d) => s.write(d));
  };
}

/** Owner of a `server.deniedSockets` socket: root, and a group no scenario account is in (like docker). */
const DENIED_SOCKET_OWNER = { uid: 0, gid: 3999 };

async function startTargets(scn: Scenario, movedPorts: Map<number, number>, socketOwner?: Account): Promise<void> {
  const walled: Array<{ addr: string; state: 'filtered' | 'rejected' }> = [];
  for (const t of scn.targets ?? []) {
    if (t.state === 'closed') continue;
    const addrs = resolveOnServer(scn.server, t.host);
    if (!addrs.length) {
      note(`target ${t.host}:${t.port} has no address the server knows; not started`);
      continue;
    }
    for (const a of addrs) {
      if (scn.client.ipv6 === false && net.isIPv6(a))
        throw new Error(`target ${t.host}:${t.port} at ${a}: with client.ipv6 false the one loopback has no IPv6`);
      if (t.state === 'listening') {
        ensureAddress(a);
        await listenTcp(a, t.port, targetHandler(`${t.host}:${t.port}`));
      } else {
        if (!net.isIPv4(a) || a.startsWith('127.')) throw new Error(`a ${t.state} target needs a non-loopback IPv4 address, not ${a}`);
        walled.push({ addr: a, state: t.state });
      }
    }
  }
  if (walled.length) await startFirewall(walled);
  const denied = new Set(scn.server?.deniedSockets ?? []);
  for (const p of denied) if (!(scn.server?.sockets ?? []).includes(p)) throw new Error(`denied socket ${p} is not in server.sockets`);
  for (const p of scn.server?.sockets ?? []) {
    // /var/run is the machine's symlink to /run (Debian), so /var/run/docker.sock lands in this namespace's /run.
    const real = p.startsWith('/var/run/') && fs.realpathSync('/var/run') === '/run' ? `/run/${p.slice('/var/run/'.length)}` : p;
    if (!/^\/(run|tmp)\//.test(real)) throw new Error(`socket path ${p} must be under /run or /tmp (or /var/run, a link to /run)`);
    fs.mkdirSync(path.dirname(real), { recursive: true, mode: 0o755 });
    const srv = net.createServer(targetHandler(p));
    await new Promise<void>((r) => srv.listen(real, () => r()));
    if (denied.has(p)) {
      // A service's socket the login user may not open, like /var/run/docker.sock (root:docker
      // 0660) for a user outside the docker group: another owner and group, no access for others.
      fs.chownSync(real, DENIED_SOCKET_OWNER.uid, DENIED_SOCKET_OWNER.gid);
      fs.chmodSync(real, 0o660);
    } else {
      fs.chmodSync(real, 0o666);
      // Owned by the login user, like a socket left behind by the user's own earlier session (for
      // -R over an existing path, the owner decides whether StreamLocalBindUnlink may remove it).
      if (socketOwner) fs.chownSync(real, socketOwner.uid, socketOwner.gid);
    }
    closers.push(() => srv.close());
  }
  for (const port of (scn.client.portsInUse ?? []).map((p) => movedPorts.get(p) ?? p)) {
    // Without IPv6 (client.ipv6 false) nothing can listen on ::1: the bind fails there anyway.
    for (const a of scn.client.ipv6 === false ? ['127.0.0.1'] : ['127.0.0.1', '::1']) {
      await listenTcp(a, port, (s) => {
        s.on('error', () => undefined);
        s.end('another program\n');
      });
    }
  }
}

/**
 * A second network namespace acting as the router/firewall in front of "filtered" and "rejected"
 * targets, joined to ours by a veth pair: a `blackhole` route drops the SYN (the server's connect
 * times out; tcp_syn_retries is lowered to 1 here so that takes ~3 s instead of ~2 min), a
 * `prohibit` route answers with ICMP "communication administratively prohibited" (type 3 code 13).
 */
async function startFirewall(walled: Array<{ addr: string; state: 'filtered' | 'rejected' }>): Promise<void> {
  run('ip', ['link', 'add', 'td-fw0', 'type', 'veth', 'peer', 'name', 'td-fw1']);
  const router = new Proc('router', 'unshare', ['--net', 'sleep', '600']);
  const pid = router.child.pid;
  const ours = fs.readlinkSync('/proc/self/ns/net');
  if (
    !pid ||
    !(await until(() => {
      try {
        return fs.readlinkSync(`/proc/${pid}/ns/net`) !== ours;
      } catch {
        return false;
      }
    }, 3000))
  )
    throw new Error('could not start the firewall namespace');
  run('ip', ['link', 'set', 'td-fw1', 'netns', String(pid)]);
  run('ip', ['addr', 'add', '198.18.0.1/30', 'dev', 'td-fw0']);
  run('ip', ['link', 'set', 'td-fw0', 'up']);
  fs.writeFileSync('/proc/sys/net/ipv4/tcp_syn_retries', '1');
  const inside = ['ip link set lo up', 'ip addr add 198.18.0.2/30 dev td-fw1', 'ip link set td-fw1 up', 'echo 1 > /proc/sys/net/ipv4/ip_forward'];
  for (const w of walled) {
    run('ip', ['route', 'add', `${w.addr}/32`, 'via', '198.18.0.2']);
    inside.push(`ip route add ${w.state === 'rejected' ? 'prohibit' : 'blackhole'} ${w.addr}/32`);
  }
  run('nsenter', ['-t', String(pid), '-n', 'sh', '-c', inside.join(' && ')]);
  note(`firewall: ${walled.map((w) => `${w.addr} ${w.state}`).join(', ')}`);
}

// ---------------------------------------------------------------- ssh -G

function sshG(cfg: string, args: string[]): Map<string, string[]> {
  const out = run(BIN.ssh, ['-G', '-F', cfg, ...args]);
  const m = new Map<string, string[]>();
  for (const line of out.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp < 0) continue;
    const k = line.slice(0, sp);
    const list = m.get(k) ?? [];
    list.push(line.slice(sp + 1));
    m.set(k, list);
  }
  return m;
}
const g1 = (m: Map<string, string[]>, k: string): string => (m.get(k) ?? [])[0] ?? '';

// ---------------------------------------------------------------- the user's side

const ephemeral = new Set<number>();

function listenEndpoint(f: LocalForward): { path: string } | { host: string; port: number } {
  if (f.path) return { path: f.path };
  let host = '127.0.0.1';
  if (f.bind && f.bind !== '*' && f.bind !== '' && f.bind !== 'localhost' && f.bind !== '0.0.0.0' && f.bind !== '::') host = f.bind;
  if (f.bind === '::') host = '::1';
  return { host, port: f.port ?? 0 };
}

/** Where the server listens for a -R spec (a socket path, or a fixed port on its bind address); null for -R 0 or a -D-style -R. */
function remoteListener(spec: string): LocalForward | null {
  const parts = splitFwd(spec);
  if (parts[0]?.startsWith('/')) return { kind: 'local', spec: `-R ${parts[0]}`, bind: null, port: null, path: parts[0] };
  const [bind, port] = parts.length === 4 ? [parts[0] ?? null, parts[1]] : [null, parts[0]];
  if (parts.length < 3 || !/^[1-9]\d*$/.test(port ?? '')) return null;
  return { kind: 'local', spec: `-R ${port}`, bind, port: Number(port), path: null };
}

/** Connects to a forward's listener (retrying until ssh has set it up) and reports what came back. */
async function useForward(f: LocalForward, scn: Scenario, client: Proc, deadline: number): Promise<'open' | 'closed' | 'none'> {
  const ep = listenEndpoint(f);
  let sock: net.Socket | null = null;
  while (Date.now() < deadline && !client.exited && !sock) {
    sock = await new Promise<net.Socket | null>((resolve) => {
      const s = 'path' in ep ? net.connect(ep.path) : net.connect({ host: ep.host, port: ep.port });
      s.once('connect', () => resolve(s));
      s.once('error', () => resolve(null));
    });
    if (!sock) {
      if (CLIENT_FAILURE.test(client.err.join('\n'))) return 'none';
      await sleep(25);
    }
  }
  if (!sock) return 'none';
  const s = sock;
  if (s.localPort) ephemeral.add(s.localPort);
  note(`connected to forward ${f.spec} from port ${s.localPort ?? '-'}`);
  let data = '';
  let closed = false;
  s.setEncoding('latin1');
  s.on('data', (d: string) => (data += d));
  s.on('close', () => (closed = true));
  s.on('error', () => undefined);
  if (f.kind === 'dynamic') {
    const c = scn.client.connect ?? {};
    const host = c.host ?? 'localhost';
    const port = c.port ?? 80;
    let addr: Buffer;
    if (net.isIPv4(host)) addr = Buffer.from([1, ...host.split('.').map(Number)]);
    else addr = Buffer.concat([Buffer.from([3, Buffer.byteLength(host)]), Buffer.from(host)]);
    s.write(Buffer.from([5, 1, 0]));
    await until(() => data.length >= 2 || closed, 3000, 10);
    if (data.slice(0, 2) !== '\x05\x00') {
      s.destroy();
      return 'closed';
    }
    data = '';
    const portBuf = Buffer.alloc(2);
    portBuf.writeUInt16BE(port);
    s.write(Buffer.concat([Buffer.from([5, 1, 0]), addr, portBuf]));
    await until(() => data.length >= 10 || closed, 3000, 10);
    if (data.length >= 10) data = data.slice(10);
  }
  await until(() => data.includes(TARGET_GREETING) || closed, Math.max(0, deadline - Date.now()), 10);
  const opened = data.includes(TARGET_GREETING);
  if (opened) {
    s.write('ping\n');
    await until(() => data.includes('ping\n') || closed, 2000, 10);
  }
  s.destroy();
  return opened && data.includes('ping\n') ? 'open' : 'closed';
}

/**
 * `diskFull`: every filesystem the servers can write to here (/tmp, /run with the homes and the
 * servers' files, /var/log, /var/tmp, /var/lib) is left with no free block and no free inode, the
 * way a full disk looks to a running server. The servers are started first, as on a machine whose
 * disk fills while sshd runs. /tmp and /run are this namespace's tmpfs, shrunk to what they hold;
 * the /var directories get a tiny tmpfs each, filled.
 */
function fillDisks(): void {
  const df = (args: string[], dir: string) =>
    Number(
      run('df', [...args, dir])
        .split('\n')[1]
        ?.trim(),
    );
  for (const dir of ['/tmp', '/run', '/var/log', '/var/tmp', '/var/lib']) {
    if (dir === '/tmp' || dir === '/run') run('mount', ['-o', `remount,size=${df(['--output=used', '-k'], dir) + 64}k`, dir]);
    else run('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0755', 'td-full', dir]);
    try {
      run('dd', ['if=/dev/zero', `of=${dir}/.td-fill`, 'bs=4k']);
    } catch {
      /* dd stops at ENOSPC */
    }
    run('mount', ['-o', `remount,nr_inodes=${df(['--output=iused'], dir)}`, dir]);
    if (df(['--output=avail', '-k'], dir) !== 0 || df(['--output=iavail'], dir) !== 0) throw new Error(`${dir} is not full`);
  }
  note('disks full: no free space or inode in /tmp, /run, /var/log, /var/tmp, /var/lib');
}

/**
 * `openFilesExhausted`: once the user is logged in, lower RLIMIT_NOFILE of sshd's session process
 * (the one that opens the channels; sshd logs its pid) to its lowest free descriptor number, so
 * its next socket() fails with EMFILE exactly as if it had run out of descriptors.
 */
async function exhaustFiles(server: Proc): Promise<void> {
  const re = /^User child is on pid (\d+)/;
  if (!(await until(() => server.log.some((l) => re.test(l)), 5000))) throw new Error('sshd never logged the session pid');
  const pid = Number(re.exec(server.log.find((l) => re.test(l)) as string)?.[1]);
  let used = new Set<number>();
  let free = 0;
  // Only the process's own user may lower its limit (CAP_SYS_RESOURCE may be missing in containers).
  // The child logs its pid while it is still root and then switches to the user, so the owner can
  // change between the stat and prlimit: try again with the new owner (bounded, ~2 s).
  for (let attempt = 0; ; attempt++) {
    used = new Set(fs.readdirSync(`/proc/${pid}/fd`).map(Number));
    free = 0;
    while (used.has(free)) free++;
    const st = fs.statSync(`/proc/${pid}`);
    try {
      run('setpriv', ['--reuid', String(st.uid), '--regid', String(st.gid), '--clear-groups', 'prlimit', '--pid', String(pid), `--nofile=${free}:${free}`]);
      break;
    } catch (e) {
      if (attempt >= 20) throw e;
      await sleep(100);
    }
  }
  note(`session process ${pid}: descriptors ${[...used].sort((a, b) => a - b).join(',')}; RLIMIT_NOFILE set to ${free}`);
}

// ---------------------------------------------------------------- ports held on the server

/** True when some socket of this network namespace listens on TCP `port` (any address). */
function tcpListening(port: number): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue; // no tcp6 without IPv6
    }
    // "sl local_address rem_address st …": local address ends in :PORT, state 0A is LISTEN.
    if (text.split('\n').some((l) => new RegExp(`^\\s*\\d+: [0-9A-F]+:${hex} [0-9A-F]+:[0-9A-F]{4} 0A `).test(l))) return true;
  }
  return false;
}

/**
 * `server.portsInUse`. A port the command asks for with -R is held by the user's previous session:
 * the same `ssh -N -R <spec>` run once before the command, until the server listens on the port,
 * and then frozen (SIGSTOP). Its TCP connection stays up (the kernel still acknowledges), so the
 * server keeps that session and its listener, as when the client vanished (a power cut, a dropped
 * laptop) and autossh starts again before ClientAliveInterval or TCP keepalive has ended the old
 * session. Any other port is held by another program listening on 127.0.0.1 and ::1.
 */
async function holdServerPorts(scn: Scenario, cmd: ParsedCommand, sshArgs: (extra: string[]) => [string, string[]], target: string[]): Promise<Proc[]> {
  const held: Proc[] = [];
  for (const port of scn.server?.portsInUse ?? []) {
    const spec = cmd.remoteForwards.find((r) => remoteListener(r)?.port === port);
    if (!spec) {
      for (const a of scn.client.ipv6 === false ? ['127.0.0.1'] : ['127.0.0.1', '::1'])
        await listenTcp(a, port, (s) => {
          s.on('error', () => undefined);
          s.end('another program\n');
        });
      note(`server port ${port} held by another program`);
      continue;
    }
    const p = new Proc(`earlier-session-${port}`, ...sshArgs(['-N', '-R', spec, ...target]));
    if (!(await until(() => p.exited || tcpListening(port), 5000)) || p.exited)
      throw new Error(`the earlier session did not get -R ${spec}: ${p.err.join(' | ') || 'no listener'}`);
    await sleep(100); // the ::1 and 127.0.0.1 listeners come from one request; let it finish
    if (p.child.pid !== undefined) process.kill(-p.child.pid, 'SIGSTOP');
    note(`server port ${port} held by an earlier session (-R ${spec}), its ssh frozen`);
    held.push(p);
  }
  return held;
}

/** Ends a frozen earlier session's ssh at once, as a client that never comes back. */
function killHeld(held: readonly Proc[]): void {
  for (const p of held)
    if (p.child.pid !== undefined && !p.exited)
      try {
        process.kill(-p.child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
}

// ---------------------------------------------------------------- probe

/** Runs a probe (types.ts Probe) on the server: its /etc files and network, instead of the client. */
async function runProbe(probe: Probe, dir: string): Promise<NonNullable<DriverResult['probe']>> {
  const file = `${ROOT}/probe/probe.mjs`;
  write(file, probe.script, 0o755);
  const [cmd, args] = withEtc(dir, probe.node, [file, ...probe.args.map((a) => a.replaceAll('{dir}', dir))]);
  const p = new Proc('probe', cmd, args, baseEnv({ HOME: '/root' }));
  p.child.stdin?.end(probe.stdin ?? '');
  await until(() => p.exited, 30_000);
  await new Promise<void>((r) => (p.child.exitCode === null ? p.child.once('close', () => r()) : setTimeout(r, 50)));
  note(`probe exited ${p.exitCode}`);
  return { exitCode: p.exitCode, stdout: p.out.join('\n'), stderr: p.err.join('\n') };
}

/** Files under the servers' directories and homes (mtime and size) and the processes: what a client-side probe must leave as it was. */
function serverState(): ServerState {
  const files: Record<string, string> = {};
  const walk = (dir: string, depth: number) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (p === `${ROOT}/home/client` || p === `${ROOT}/client` || p === `${ROOT}/probe`) continue;
      const st = fs.lstatSync(p);
      files[p] = `${st.mtimeMs} ${st.size}`;
      if (e.isDirectory() && depth < 8) walk(p, depth + 1);
    }
  };
  for (const d of [`${ROOT}/server`, `${ROOT}/jump`, `${ROOT}/home`]) if (fs.existsSync(d)) walk(d, 0);
  const processes: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      // once listening, sshd retitles itself "sshd: <command line> [listener] 1 of 10-100 startups" and the count
      // follows unauthenticated connections; a snapshot may come before or after the first title: not state
      const args = fs
        .readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        .replaceAll('\0', ' ')
        .replace(/^sshd: (.*) \[listener\] \d+ of \d+-\d+ startups/, '$1')
        .trim();
      if (args && Number(pid) !== process.pid && !args.includes(`${ROOT}/probe/`)) processes.push(args);
    } catch {
      /* gone */
    }
  }
  return { files, processes: processes.sort() };
}

/** Runs a probe in the client's place (its /etc files, HOME, environment); the servers' state before and after. */
async function runClientProbe(probe: Probe, cdir: string, cfg: string, env: NodeJS.ProcessEnv): Promise<Pick<DriverResult, 'probe' | 'serverState'>> {
  const file = `${ROOT}/probe/probe.mjs`;
  write(file, probe.script, 0o755);
  for (const f of probe.unreadable ?? []) fs.chmodSync(f.replaceAll('{dir}', `${ROOT}/server`), 0o600);
  const before = serverState();
  const [cmd, args] = withEtc(cdir, probe.node, [file, ...probe.args.map((a) => a.replaceAll('{ssh_config}', cfg))]);
  const p = new Proc('probe', cmd, args, env);
  p.child.stdin?.end(probe.stdin ?? '');
  await until(() => p.exited, 90_000);
  await new Promise<void>((r) => (p.child.exitCode === null ? p.child.once('close', () => r()) : setTimeout(r, 50)));
  note(`client-side probe exited ${p.exitCode}`);
  // sessions the probe opened end with their connections: give sshd a moment to reap them
  let after = serverState();
  const same = () => JSON.stringify(after.processes) === JSON.stringify(before.processes);
  for (let i = 0; i < 50 && !same(); i++) {
    await sleep(100);
    after = serverState();
  }
  return { probe: { exitCode: p.exitCode, stdout: p.out.join('\n'), stderr: p.err.join('\n') }, serverState: { before, after } };
}

// ---------------------------------------------------------------- main

async function main(): Promise<DriverResult> {
  const input = JSON.parse(fs.readFileSync(0, 'utf8')) as { scenario: Scenario; timeoutMs?: number; probe?: Probe };
  const scn = input.scenario;
  const probe = input.probe;
  const timeoutMs = input.timeoutMs ?? 8000;
  const software = engineOf(scn.server?.software);
  const result: DriverResult = {
    ok: false,
    software,
    clientLines: [],
    masterLines: [],
    logs: { server: [] },
    logStart: { server: 0 },
    logStop: { server: 0 },
    ephemeralPorts: [],
    opened: false,
    exitCode: null,
    portMap: {},
    notes,
    elapsedMs: 0,
  };
  try {
    BIN.ssh = process.env.TD_SSH ?? clientBinary(scn.client.version);
    note(`client ${BIN.ssh}, server ${scn.server ? serverBin(scn.server) : serverBin({})}${scn.jump ? `, jump host ${serverBin(scn.jump)}` : ''}`);
    setupNamespace();
    if (scn.client.ipv6 === false) disableIpv6();
    const cmd = parseSshCommand(scn.client.command);
    if (cmd.program !== 'ssh') throw new Error(`command must start with ssh, not ${cmd.program}`);

    // Client configuration: harness lines first (first value wins), then the scenario's own.
    const cdir = `${ROOT}/client`;
    fs.mkdirSync(cdir, { recursive: true, mode: 0o755 });
    const clientAddr = scn.client.address ?? '127.0.0.1';
    const cfgLines = [
      `IdentityFile ${cdir}/id_ed25519`,
      'IdentitiesOnly yes',
      `UserKnownHostsFile ${cdir}/known_hosts`,
      'GlobalKnownHostsFile /dev/null',
      'StrictHostKeyChecking yes',
    ];
    const passwordLogin = Boolean(scn.server?.passwordExpired || scn.jump?.passwordExpired);
    if (!passwordLogin) cfgLines.push('BatchMode yes');
    else write(`${cdir}/askpass`, `#!/bin/sh\necho '${EXPIRED_PASSWORD}'\n`, 0o755);
    if (clientAddr !== '127.0.0.1') {
      ensureAddress(clientAddr);
      cfgLines.push(`BindAddress ${clientAddr}`);
    }
    const cfg = `${cdir}/ssh_config`;
    write(cfg, `# harness\n${cfgLines.join('\n')}\n# scenario\n${scn.client.sshConfig ?? ''}\n`);

    const G = sshG(cfg, cmd.args);
    const dest = { user: g1(G, 'user'), host: g1(G, 'hostname'), port: Number(g1(G, 'port')) };
    const proxyJump = g1(G, 'proxyjump');
    let jumpDest: { user: string; host: string; port: number } | null = null;
    if (proxyJump && proxyJump !== 'none') {
      if (proxyJump.includes(',')) throw new Error('only one jump host is supported');
      const j = parseJumpSpec(proxyJump);
      const JG = sshG(cfg, [...(j.user ? ['-l', j.user] : []), ...(j.port ? ['-p', String(j.port)] : []), j.host]);
      jumpDest = { user: g1(JG, 'user'), host: g1(JG, 'hostname'), port: Number(g1(JG, 'port')) };
      if (!scn.jump) throw new Error('the command uses a jump host but the scenario has no jump block');
    }
    // Config LocalForward lines come after the command's own -L/-D (ssh adds command-line forwards first).
    const forwards = [...cmd.forwards];
    const cmdLocal = cmd.forwards.filter((f) => f.kind === 'local').length;
    for (const lf of (G.get('localforward') ?? []).slice(cmdLocal)) {
      const [listen = '', target = ''] = lf.split(' ');
      forwards.push(parseLocalForward('local', `${listen}:${target}`));
    }

    // Client and servers share one loopback here, unlike in real life. A -L/-D listen port that the
    // server side may itself connect to or listen on is moved to 20000 + port % 10000 (the listen
    // port never reaches the server for -L/-D); run.ts maps it back in the client's lines.
    const serverSidePorts = new Set<number>([53, dest.port, ...(jumpDest ? [jumpDest.port] : [])]);
    for (const t of scn.targets ?? []) serverSidePorts.add(t.port);
    for (const f of cmd.forwards) {
      const last = splitFwd(f.spec).pop() ?? '';
      if (f.kind === 'local' && /^\d+$/.test(last)) serverSidePorts.add(Number(last));
    }
    if (cmd.stdio && /:(\d+)$/.test(cmd.stdio)) serverSidePorts.add(Number(/:(\d+)$/.exec(cmd.stdio)?.[1]));
    // `client.root` false (the default) matters only for a listen port below 1024: then ssh runs as
    // an ordinary user (unprivilegedClient), whose bind() the kernel refuses with EACCES before it
    // looks at the port, so such a port is never moved. Other scenarios run ssh as root, as before.
    const lowPorts = forwards.filter((f) => f.port !== null && f.port > 0 && f.port < 1024).map((f) => f.port as number);
    const unprivileged = lowPorts.length > 0 && scn.client.root !== true;
    if (unprivileged) {
      const namesUser = (cmd.destination ?? '').includes('@') || cmd.args.includes('-l') || /^\s*User[\s=]/im.test(scn.client.sshConfig ?? '');
      if (!namesUser) throw new Error('an unprivileged client (a listen port below 1024 without client.root) needs the login user in the command');
      note(`listen port ${lowPorts.join(', ')} below 1024 and client.root not set: ssh runs as ${CLIENT_ACCOUNT.name} (uid ${CLIENT_ACCOUNT.uid})`);
    }
    const runArgs = [...cmd.args];
    const remap = new Map<number, number>();
    const taken = new Set<number>([...serverSidePorts, ...forwards.map((f) => f.port ?? 0)]);
    for (const f of forwards) {
      if (f.port === null || !f.at || !serverSidePorts.has(f.port) || (unprivileged && f.port < 1024)) continue;
      let np = remap.get(f.port) ?? 20000 + (f.port % 10000);
      while (!remap.has(f.port) && taken.has(np)) np++;
      taken.add(np);
      remap.set(f.port, np);
      runArgs[f.at.arg] = f.at.prefix + withListenPort(f, np);
      note(`client listen port ${f.port} moved to ${np}`);
      f.port = np;
    }
    result.portMap = Object.fromEntries([...remap].map(([orig, moved]) => [String(moved), orig]));

    // Addresses: the first hop is reached through the client's /etc/hosts.
    let clientHosts = scn.client.hosts ?? DEFAULT_HOSTS;
    const firstHop = jumpDest ?? dest;
    let firstAddr: string;
    if (net.isIP(firstHop.host)) firstAddr = firstHop.host;
    else {
      const known = hostsLookup(clientHosts, firstHop.host);
      if (known.length) firstAddr = known[0] as string;
      else {
        firstAddr = '127.0.0.1';
        clientHosts = `127.0.0.1 ${firstHop.host}\n${clientHosts}`;
      }
    }
    ensureAddress(firstAddr);
    let serverAddr: string | null = firstAddr;
    if (jumpDest) {
      const byJump = scn.server?.address ? [scn.server.address] : resolveOnServer(scn.jump, dest.host);
      serverAddr = byJump.find((a) => net.isIPv4(a)) ?? byJump[0] ?? null;
      if (serverAddr) ensureAddress(serverAddr);
      if (serverAddr === firstAddr && dest.port === firstHop.port) throw new Error('jump host and server would share one address and port');
    }
    writeEtc(cdir, undefined, clientHosts);
    write(`${cdir}/nsswitch.conf`, 'passwd: files\ngroup: files\nshadow: files\nhosts: files\n');

    // Accounts.
    const users = new Map<string, string[]>();
    const serverUser = scn.server?.user ?? dest.user;
    users.set(serverUser, scn.server?.groups ?? []);
    let jumpUser: string | null = null;
    if (jumpDest) {
      jumpUser = scn.jump?.user ?? jumpDest.user;
      if (!users.has(jumpUser)) users.set(jumpUser, scn.jump?.groups ?? []);
      else users.set(jumpUser, [...(users.get(jumpUser) ?? []), ...(scn.jump?.groups ?? [])]);
    }
    const expired = new Set<string>();
    if (scn.server?.passwordExpired) expired.add(serverUser);
    if (scn.jump?.passwordExpired && jumpUser) expired.add(jumpUser);
    const accounts = setupAccounts(users, expired, unprivileged ? CLIENT_ACCOUNT : undefined);

    // Keys and known_hosts.
    fs.mkdirSync(`${ROOT}/keys`, { mode: 0o700 });
    const keys: Keys = {
      sshdHost: `${ROOT}/keys/ssh_host_ed25519_key`,
      dropbearHost: `${ROOT}/keys/dropbear_ed25519_host_key`,
      userKey: `${cdir}/id_ed25519`,
      userPub: keygen(`${cdir}/id_ed25519`),
      otherPub: keygen(`${ROOT}/keys/other`),
    };
    const cert = scn.server?.certificate;
    if (cert) keys.userCa = signUserCertificate(BIN.sshKeygen, `${ROOT}/keys/user_ca`, keys.userKey, serverUser, cert.extensions);
    // ssh reads its key only when the key is its own and private (0600); the rest of the client
    // directory (config, known_hosts, /etc files) is root's and world-readable.
    if (unprivileged) for (const f of [keys.userKey, `${keys.userKey}-cert.pub`]) if (fs.existsSync(f)) fs.chownSync(f, CLIENT_ACCOUNT.uid, CLIENT_ACCOUNT.gid);
    const known = [`* ${keygen(keys.sshdHost)}`];
    if (software === 'dropbear' || scn.jump?.software === 'dropbear') known.push(`* ${dropbearKeygen(keys.dropbearHost)}`);
    write(`${cdir}/known_hosts`, `${known.join('\n')}\n`);

    // DNS servers named in the servers' resolv.conf.
    const dnsByAddr = new Map<string, Record<string, string[]>>();
    for (const block of [scn.server, scn.jump]) {
      if (!block || block.dns?.reachable === false) continue;
      let records = block.dns?.records ?? {};
      // DNS rebinding protection (unbound's private-address, as on pfSense): private addresses are
      // removed from answers, so such a name gets an empty (NODATA) answer.
      if (block.dns?.rebindingProtection) records = Object.fromEntries(Object.entries(records).map(([k, v]) => [k, v.filter((a) => !isPrivate(a))]));
      for (const m of (block.resolvConf ?? DEFAULT_RESOLV).matchAll(/^\s*nameserver\s+(\S+)/gm)) {
        const a = m[1] as string;
        dnsByAddr.set(a, { ...(dnsByAddr.get(a) ?? {}), ...records });
      }
    }
    for (const [a, recs] of dnsByAddr) {
      ensureAddress(a);
      const d = await startDns(a, recs);
      closers.push(() => {
        if (d.queries.length) note(`dns ${a} saw queries: ${[...new Set(d.queries)].join(', ')}`);
        d.close();
      });
    }

    await startTargets(scn, remap, accounts.get(serverUser));

    // Servers.
    let jumpProc: Proc | null = null;
    if (jumpDest && scn.jump && jumpUser) {
      jumpProc = await startServer({ role: 'jump', block: scn.jump, address: firstAddr, port: jumpDest.port, user: jumpUser }, keys, accounts);
    }
    let serverProc: Proc | null = null;
    if (serverAddr) {
      serverProc = await startServer({ role: 'server', block: scn.server ?? {}, address: serverAddr, port: dest.port, user: serverUser }, keys, accounts);
    } else note(`the jump host cannot resolve ${dest.host}: no server started`);
    if (probe?.side === 'client' && serverProc) {
      const env = passwordLogin ? baseEnv({ SSH_ASKPASS: `${cdir}/askpass`, SSH_ASKPASS_REQUIRE: 'force' }) : baseEnv();
      Object.assign(result, await runClientProbe(probe, cdir, cfg, env));
      result.ok = true;
      return result;
    }
    if (probe && serverProc) {
      result.probe = await runProbe(probe, `${ROOT}/server`);
      result.ok = true;
      return result;
    }

    // An existing ControlMaster with `openSessions` sessions already open on it.
    let master: Proc | null = null;
    const sshArgs = (extra: string[]) => withEtc(cdir, BIN.ssh, ['-F', cfg, ...extra]);
    // -X/-Y: the user has an X display, as anyone typing -X does. A virtual one (Xvfb, this
    // namespace's own /tmp and network), so ssh gets its cookie from xauth as on a desktop.
    // The display's cookie is in the user's XAUTHORITY file, where ssh (xauth list, or xauth
    // generate for an untrusted -X) looks for it.
    let x11Env = {};
    if (cmd.x11) {
      const auth = `${cdir}/Xauthority`;
      run(BIN.xauth, ['-f', auth, 'add', ':0', 'MIT-MAGIC-COOKIE-1', crypto.randomBytes(16).toString('hex')]);
      const x = new Proc('xvfb', BIN.xvfb, [':0', '-auth', auth, '-nolisten', 'tcp', '-screen', '0', '640x480x8'], baseEnv());
      if (!(await until(() => fs.existsSync('/tmp/.X11-unix/X0') || x.exited, 5000)) || x.exited) throw new Error(`Xvfb did not start: ${x.err.join(' | ')}`);
      x11Env = { DISPLAY: ':0', XAUTHORITY: auth };
      note("Xvfb :0 started, its cookie in the client's XAUTHORITY");
    }
    const clientEnv = passwordLogin ? baseEnv({ ...x11Env, SSH_ASKPASS: `${cdir}/askpass`, SSH_ASKPASS_REQUIRE: 'force' }) : baseEnv(x11Env);
    if (scn.server?.openSessions !== undefined) {
      const cp = g1(G, 'controlpath');
      if (!cp || cp === 'none') throw new Error('server.openSessions needs a ControlPath in the command or ssh config');
      const target = ['-l', dest.user, '-p', String(dest.port), dest.host];
      master = new Proc('master', ...sshArgs(['-o', 'ControlMaster=yes', '-o', `ControlPath=${cp}`, '-N', ...target]));
      if (!(await until(() => fs.existsSync(cp) || master!.exited, 5000))) throw new Error('ControlMaster did not start');
      if (master.exited) throw new Error(`ControlMaster exited: ${master.err.join(' | ')}`);
      for (let i = 0; i < scn.server.openSessions; i++) {
        const s = new Proc(`session${i}`, ...sshArgs(['-o', 'ControlMaster=no', '-o', `ControlPath=${cp}`, ...target, 'echo td-session-ready; exec sleep 60']));
        if (!(await until(() => s.out.includes('td-session-ready') || s.exited, 5000)) || s.exited)
          throw new Error(`pre-opened session ${i} failed: ${s.err.join(' | ')}`);
      }
    }

    if (scn.server?.runningSshdConfig !== undefined && serverProc) {
      const config = `${ROOT}/server/sshd_config`;
      await changeConfig(config, fs.readFileSync(`${config}.file`, 'utf8'), serverProc.log, master !== null, until);
    }
    const held = scn.server?.portsInUse?.length
      ? await holdServerPorts(scn, cmd, sshArgs, [...(cmd.jump ? ['-J', cmd.jump] : []), '-l', dest.user, '-p', String(dest.port), dest.host])
      : [];
    const masterMark = master ? master.err.length : 0;
    result.logStart = { server: serverProc?.log.length ?? 0, ...(jumpProc ? { jump: jumpProc.log.length } : {}) };

    if (scn.server?.diskFull) fillDisks();
    // The user's command.
    const client = new Proc(
      'client',
      ...(unprivileged
        ? withEtc(cdir, 'setpriv', [
            '--reuid',
            String(CLIENT_ACCOUNT.uid),
            '--regid',
            String(CLIENT_ACCOUNT.gid),
            '--clear-groups',
            '--',
            BIN.ssh,
            '-F',
            cfg,
            ...runArgs,
          ])
        : sshArgs(runArgs)),
      clientEnv,
    );
    note(`started: ssh ${['-F', cfg, ...runArgs].join(' ')}`);
    const deadline = Date.now() + timeoutMs;
    const since = (p: Proc | null) => (p ? p.log.slice(p === jumpProc ? (result.logStart.jump ?? 0) : result.logStart.server) : []);
    const authed = () => [serverProc, jumpProc].some((p) => since(p).some((l) => /^Accepted (publickey|password) for|Pubkey auth succeeded/.test(l)));

    if (scn.server?.openFilesExhausted && serverProc) await exhaustFiles(serverProc);
    const idx = scn.client.connect?.forward ?? 0;
    const fwd = forwards[idx];
    const inUse = new Set((scn.client.portsInUse ?? []).map((p) => remap.get(p) ?? p));
    if (cmd.stdio) {
      await until(() => client.exited || client.out.some((l) => l.startsWith(TARGET_GREETING)) || CLIENT_FAILURE.test(client.err.join('\n')), timeoutMs);
      if (client.out.some((l) => l.startsWith(TARGET_GREETING))) {
        client.child.stdin?.write('ping\n');
        await until(() => client.out.includes('ping') || client.exited, 2000);
        result.opened = client.out.includes('ping');
      }
    } else if (fwd && !(fwd.port !== null && inUse.has(fwd.port))) {
      const r = await useForward(fwd, scn, client, deadline);
      result.opened = r === 'open';
      note(`forward ${fwd.spec}: ${r}`);
    } else if (scn.server?.openSessions !== undefined || cmd.remoteCommand.length) {
      await until(() => client.exited, timeoutMs);
      result.opened = client.exitCode === 0;
    } else {
      // -R, -w, a forward whose port is taken, or nothing to connect to: wait for a verdict.
      const verdict = () => client.exited || CLIENT_FAILURE.test(client.err.join('\n'));
      await until(() => verdict() || authed(), timeoutMs);
      // Logged in: the answer to a -R or -w request follows within milliseconds (2 s allows for a loaded machine).
      if (!verdict()) await until(verdict, 2000);
      // A -R that was not refused: connect to its listen path or port on the server side and expect
      // the target on the client's side to answer through the tunnel.
      const rListen = cmd.remoteForwards.map(remoteListener).find((l) => l !== null);
      if (rListen && !verdict()) {
        const r = await useForward(rListen, scn, client, Date.now() + 3000);
        result.opened = r === 'open';
        note(`remote listener ${rListen.spec}: ${r}`);
      }
      // A -w tunnel the server accepted: sshd opened its tun device (the remote unit), which
      // exists in this network namespace while the tunnel is up; ssh opens its own unit first,
      // whatever the answer, so only the server's counts.
      const remoteUnit = cmd.tunnel ? /^(?:\d+|any):(\d+)$/.exec(cmd.tunnel)?.[1] : undefined;
      if (remoteUnit !== undefined && !verdict()) {
        result.opened = tunDevices().includes(`tun${remoteUnit}`);
        note(`-w ${cmd.tunnel}: server's tun${remoteUnit} ${result.opened ? 'is up' : 'was not created'}`);
      }
    }
    // Let late lines arrive; a tunnel that stays open must still be up after this.
    await until(() => client.exited, result.opened ? 500 : 300);
    if (result.opened && client.exited) {
      note('ssh exited after the channel opened');
      result.opened = cmd.stdio !== null || cmd.remoteCommand.length > 0 ? result.opened : false;
    }
    result.exitCode = client.exited ? client.exitCode : null;
    result.clientLines = [...client.err];
    result.logStop = { server: serverProc?.log.length ?? 0, ...(jumpProc ? { jump: jumpProc.log.length } : {}) };
    if (master) result.masterLines = master.err.slice(masterMark);
    // Stop the user's side, then let the servers log the disconnect.
    await client.stop();
    killHeld(held);
    if (master) {
      for (const p of procs.filter((p) => p.name.startsWith('session'))) await p.stop();
      await master.stop();
    }
    for (const p of [jumpProc, serverProc]) {
      if (p) await until(() => since(p).some((l) => SERVER_DISCONNECT.test(l)), 800);
    }
    await sleep(50);
    for (const p of [jumpProc, serverProc]) if (p) await p.stop();
    result.logs = { server: [...(serverProc?.log ?? [])], ...(jumpProc ? { jump: [...jumpProc.log] } : {}) };
    result.ephemeralPorts = [...ephemeral];
    result.ok = true;
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e);
  } finally {
    for (const p of [...procs].reverse()) await p.stop();
    for (const c of closers) {
      try {
        c();
      } catch {
        /* ignore */
      }
    }
    result.elapsedMs = Date.now() - t0;
  }
  return result;
}

process.on('SIGTERM', () => {
  for (const p of procs)
    if (p.child.pid)
      try {
        process.kill(-p.child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
  process.exit(143);
});

main().then(
  (r) => {
    process.stdout.write(`${JSON.stringify(r)}\n`, () => process.exit(0));
  },
  (e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exit(1);
  },
);
