/**
 * What the observations add up to before any cause is scored: the user's command and forwards, the
 * settings read, the target the failure is about, and the server software/version (read or inferred).
 */
import type { ForwardSpec, SshCommand } from './command.ts';
import { isLocalhostName } from './command.ts';
import { readPastedConfig, type PastedConfig } from './pasted.ts';
import { inSentence, knownAnswers } from './server-answers.ts';
import { dialerOf } from './target-errors.ts';
import { configForward, type Obs, type ObsKind, type ObsOf, type Reading } from './read.ts';
import type { ServerReading, ServerSoftwareReading, Why } from './types.ts';

export interface Setting {
  value: string;
  match: string | null;
  dump: boolean;
  obs: ObsOf<'setting'>;
}

export interface Target {
  host: string;
  port: number | null;
  obs: Obs | null;
}

export interface Ctx {
  reading: Reading;
  of<K extends ObsKind>(k: K): ObsOf<K>[];
  has(k: ObsKind): boolean;
  command: ObsOf<'command'> | null;
  cmd: SshCommand | null;
  forwards: ForwardSpec[];
  settings: Map<string, Setting[]>;
  /** Aliases from `Host` lines of a pasted ssh_config. */
  hostAliases: Map<string, ObsOf<'ssh-config'>>;
  target: Target | null;
  user: string | null;
  clientAddress: string | null;
  serverHost: string | null;
  server: ServerReading;
  /** Async connect failures (the channel got past the policy check). */
  passedPolicy: boolean;
  usesJump: boolean;
  usesMux: boolean;
  usesTunnel: boolean;
  usesPathForward: boolean;
  /** The paste holds some server log line, so an empty log is not just a log left out. */
  hasServerLog: boolean;
  /**
   * sshd's log says why a -R was refused (a PermitListen / AllowTcpForwarding denial, or the bind
   * error of a socket path); without it the client's warning alone cannot tell the reasons apart.
   */
  remoteRefusalLogged: boolean;
  /** The AP line(s) with the OpenSSH "open failed" description. */
  apOpenssh: ObsOf<'open-failed'>[];
  /** AP with an empty description (Dropbear). */
  apEmpty: ObsOf<'open-failed'>[];
  /** The pasted sshd settings, authorized_keys line and /etc/hosts, read by the model's parsers. */
  pasted: PastedConfig;
}

export function why(o: Obs, note: string): Why {
  return { line: o.line, column: o.column, length: o.length, note };
}

function versionParts(v: string): [number, number] | null {
  const m = /^(\d{1,2})\.(\d{1,2})/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

export function before(v: string, major: number, minor: number): boolean {
  const p = versionParts(v);
  if (!p) return false;
  return p[0] < major || (p[0] === major && p[1] < minor);
}

type Of = <K extends ObsKind>(k: K) => ObsOf<K>[];

/** The observations by kind. */
function indexObs(reading: Reading): { of: Of; has(k: ObsKind): boolean } {
  const byKind = new Map<ObsKind, Obs[]>();
  for (const o of reading.obs) {
    const list = byKind.get(o.k);
    if (list) list.push(o);
    else byKind.set(o.k, [o]);
  }
  return { of: <K extends ObsKind>(k: K) => (byKind.get(k) ?? []) as ObsOf<K>[], has: (k: ObsKind) => (byKind.get(k)?.length ?? 0) > 0 };
}

/** The forwards, Host aliases, ProxyJump and ControlMaster of the command and a pasted ssh_config. */
function clientSide(of: Of, cmd: SshCommand | null) {
  const forwards: ForwardSpec[] = [...(cmd?.forwards ?? [])];
  const hostAliases = new Map<string, ObsOf<'ssh-config'>>();
  let jumpInConfig = false;
  let muxInConfig = false;
  for (const o of of('ssh-config')) {
    if (o.d.key === 'localforward' || o.d.key === 'remoteforward') {
      const f = configForward(o.d.key, o.d.value);
      if (f) forwards.push(f);
    } else if (o.d.key === 'host') for (const a of o.d.value.split(/\s+/)) if (!a.includes('*')) hostAliases.set(a, o);
    if (o.d.key === 'proxyjump') jumpInConfig = true;
    if (o.d.key === 'controlmaster' || o.d.key === 'controlpath') muxInConfig = true;
  }
  return { forwards, hostAliases, jumpInConfig, muxInConfig };
}

function settingsOf(of: Of): Map<string, Setting[]> {
  const settings = new Map<string, Setting[]>();
  for (const o of of('setting')) {
    if (o.length === 0) continue;
    const list = settings.get(o.d.key) ?? [];
    list.push({ value: o.d.value, match: o.d.match, dump: o.d.dump, obs: o });
    settings.set(o.d.key, list);
  }
  return settings;
}

/** The target the failure is about: the server log's, the client's, then the command's. */
function findTarget(of: Of, forwards: ForwardSpec[], command: ObsOf<'command'> | null): Target | null {
  const cmd = command?.d.cmd ?? null;
  let target: Target | null = null;
  const firstOf = (k: ObsKind) => of(k)[0];
  const rl = firstOf('refused-local') as ObsOf<'refused-local'> | undefined;
  const uh = firstOf('unknown-host') as ObsOf<'unknown-host'> | undefined;
  const pd = firstOf('permitopen-denied') as ObsOf<'permitopen-denied'> | undefined;
  const cf = firstOf('connect-to-failed') as ObsOf<'connect-to-failed'> | undefined;
  const fr = firstOf('fwd-request') as ObsOf<'fwd-request'> | undefined;
  const dr = firstOf('dynamic-request') as ObsOf<'dynamic-request'> | undefined;
  const fl = firstOf('fwd-local') as ObsOf<'fwd-local'> | undefined;
  const resolveDesc = of('open-failed').find((o) => o.d.desc !== null && /^Error resolving '/.test(o.d.desc));
  if (uh) target = { host: uh.d.target, port: null, obs: uh };
  else if (resolveDesc) {
    const m = /^Error resolving '([^']{0,300})' port '(\d{1,5})'/.exec(resolveDesc.d.desc ?? '');
    if (m) target = { host: m[1]!, port: Number(m[2]), obs: resolveDesc };
  }
  if (!target && rl) target = { host: rl.d.target, port: rl.d.port, obs: rl };
  if (!target && pd) target = { host: pd.d.target, port: pd.d.port, obs: pd };
  if (!target && cf) target = { host: cf.d.target, port: cf.d.port, obs: cf };
  if (!target && fr) target = { host: fr.d.target, port: fr.d.port, obs: fr };
  if (!target && dr) target = { host: dr.d.target, port: dr.d.port, obs: dr };
  if (!target && fl && !fl.d.path) target = { host: fl.d.target, port: fl.d.port, obs: fl };
  if (!target) {
    const f = forwards.find((x) => x.kind === 'L' && x.host !== null && !x.implied) ?? forwards.find((x) => x.kind === 'L' && x.host !== null);
    if (f && f.host !== null) target = { host: f.host, port: f.port, obs: command };
    else if (cmd?.stdio) {
      const m = /^\[?([^\]]*?)\]?:(\d{1,5})$/.exec(cmd.stdio);
      if (m) target = { host: m[1]!, port: Number(m[2]), obs: command };
    }
  }
  if (target && target.host === '' && target.port !== null) {
    // the log lost the host (copied from a web page): take it from the forward with that port
    const f = forwards.find((x) => x.port === target!.port && x.host);
    if (f?.host) target = { ...target, host: f.host };
  }
  if (target && target.port === null && uh) {
    const f = forwards.find((x) => x.host === uh.d.target);
    if (f) target.port = f.port;
  }
  return target;
}

export function buildContext(reading: Reading): Ctx {
  const { of, has } = indexObs(reading);
  // the command: prefer one with forwards, then the last one
  const commands = of('command');
  const command = commands.find((c) => c.d.cmd.forwards.length > 0 || c.d.cmd.stdio || c.d.cmd.tunnel || c.d.cmd.jump) ?? commands[commands.length - 1] ?? null;
  const cmd = command?.d.cmd ?? null;
  const { forwards, hostAliases, jumpInConfig, muxInConfig } = clientSide(of, cmd);
  const settings = settingsOf(of);
  const pd = of('permitopen-denied')[0];
  const user = cmd?.user ?? of('authenticating')[0]?.d.user ?? of('accepted')[0]?.d.user ?? of('auth-failure-log')[0]?.d.user ?? null;
  const clientAddress = of('accepted')[0]?.d.address ?? pd?.d.from ?? null;
  const open = of('open-failed');
  const asyncErrors = /^(Connection refused|Connection timed out|No route to host|Network is unreachable|Connection reset by peer|Host is unreachable)$/;
  const server = readServer(of);
  return {
    reading,
    of,
    has,
    command,
    cmd,
    forwards,
    settings,
    hostAliases,
    target: findTarget(of, forwards, command),
    user,
    clientAddress,
    serverHost: cmd?.destination ?? of('authenticating')[0]?.d.host ?? null,
    server,
    passedPolicy: open.some((o) => o.d.reason === 'connect failed' && o.d.desc !== null && asyncErrors.test(o.d.desc)),
    usesJump: Boolean(cmd?.jump || cmd?.stdio || jumpInConfig || has('proxyjump') || has('stdio-failed') || has('closed-65535')),
    usesMux: Boolean(cmd?.multiplexing || muxInConfig || has('mux-refused')),
    usesTunnel: Boolean(cmd?.tunnel || has('tunnel-failed')),
    usesPathForward: forwards.some((f) => f.path !== null) || of('fwd-local').some((o) => o.d.path !== null),
    hasServerLog: has('server-log') || has('refused-local') || has('permitopen-denied') || has('unknown-host') || has('connect-to-failed'),
    remoteRefusalLogged: has('unix-bind-failed') || has('remote-denied'),
    apOpenssh: apOpensshOf(of),
    apEmpty: open.filter((o) => o.d.reason === 'administratively prohibited' && o.d.desc === '' && !o.d.putty),
    pasted: readPastedConfig({
      settings: of('setting'),
      keys: of('authorized-keys'),
      hostsLines: of('hosts-line'),
      user,
      clientAddress,
      software: server.software,
      version: server.version,
    }),
  };
}

/** "administratively prohibited" with OpenSSH's "open failed" (or another non-empty) description. */
function apOpensshOf(of: Of): ObsOf<'open-failed'>[] {
  return of('open-failed').filter((o) => o.d.reason === 'administratively prohibited' && o.d.desc !== null && o.d.desc !== '');
}

/** Which server software printed the lines, and its version when a banner names it. */
function readSoftware(of: Of, evidence: Why[]): { software: ServerSoftwareReading; version: string | null } {
  const open = of('open-failed');
  const apOpenssh = apOpensshOf(of);
  const resolveDesc = open.find((o) => o.d.desc !== null && /^Error resolving '/.test(o.d.desc));
  let software: ServerSoftwareReading = null;
  let version: string | null = null;
  const sv = of('server-version').find((o) => o.d.software !== 'other');
  const other = of('server-version').find((o) => o.d.software === 'other');
  if (!sv && other) {
    software = 'not-openssh';
    evidence.push(why(other, `The server announces itself as ${other.d.raw}: not OpenSSH or Dropbear.`));
  }
  if (sv) {
    software = sv.d.software === 'dropbear' ? 'dropbear' : 'openssh';
    version = sv.d.version;
    evidence.push(why(sv, `The server announces itself as ${sv.d.raw}.`));
  }
  const logs = of('server-log');
  const dropLog = logs.find((o) => o.d.family === 'dropbear');
  const sshdLog = logs.find((o) => o.d.family !== 'dropbear');
  if (!software && dropLog) {
    software = 'dropbear';
    evidence.push(why(dropLog, 'The server log comes from dropbear.'));
  }
  const emptyAp = open.find((o) => o.d.reason === 'administratively prohibited' && o.d.desc === '' && !o.d.putty);
  if (!software && resolveDesc) {
    software = 'dropbear';
    evidence.push(why(resolveDesc, "\"Error resolving '…' port '…'\" is Dropbear’s wording."));
  }
  if (!software && emptyAp) {
    // OpenSSH always sends a description; Dropbear is one server of several that send none
    software = 'not-openssh';
    evidence.push(
      why(
        emptyAp,
        'An empty description after "administratively prohibited:" means the server is not OpenSSH: Dropbear, a bastion product, or a server built on Node’s ssh2 or libssh.',
      ),
    );
  }
  const named = software ? null : open.find((o) => o.d.desc && knownAnswers(o.d.reason, o.d.desc).length > 0);
  if (named) {
    // a description a server program sends and OpenSSH never does (software/ profiles)
    software = 'not-openssh';
    const names = [...new Set(knownAnswers(named.d.reason, named.d.desc!).map((k) => inSentence(k.name)))];
    const who = names.length === 1 ? `${names[0]} sends` : `${names.join('; ')} send`;
    evidence.push(why(named, `"${named.d.desc}" is not OpenSSH’s description: it is what ${who}.`));
  }
  const wrapped = software ? null : open.find((o) => o.d.said !== undefined);
  if (wrapped) {
    software = 'not-openssh';
    evidence.push(why(wrapped, `"${wrapped.d.said}" is not OpenSSH’s wording: it is ${dialerOf(wrapped.d.said!)}.`));
  }
  const opensshOnly = (
    ['refused-local', 'permitopen-denied', 'unknown-host', 'connect-to-failed', 'no-more-sessions', 'refused-streamlocal', 'key-options'] as ObsKind[]
  )
    .map((k) => of(k)[0])
    .find(Boolean);
  if (!software && (sshdLog || opensshOnly || apOpenssh.length > 0)) {
    software = 'openssh';
    const o = (sshdLog ?? opensshOnly ?? apOpenssh[0])!;
    evidence.push(
      why(
        o,
        sshdLog
          ? 'The server log comes from OpenSSH’s sshd.'
          : opensshOnly
            ? 'This message is OpenSSH’s.'
            : 'The "open failed" description is OpenSSH’s wording.',
      ),
    );
  }
  return { software, version };
}

/** The OpenSSH version range the lines imply when no banner names the version. */
function inferOpensshVersion(of: Of, evidence: Why[], reasons: string[]): { before75: boolean | null; summary: string } {
  const open = of('open-failed');
  const apOpenssh = apOpensshOf(of);
  const sessionLog = of('server-log').find((o) => o.d.family === 'sshd-session');
  let summary: string;
  let lo: string | null = null;
  let hi: string | null = null;
  if (sessionLog) {
    lo = '9.8';
    evidence.push(why(sessionLog, 'sshd-session is the process name from OpenSSH 9.8 on.'));
  }
  const pdFrom = of('permitopen-denied').find((o) => o.d.from !== null);
  const pdOld = of('permitopen-denied').find((o) => o.d.from === null);
  if (pdFrom && !lo) {
    lo = '8.1';
    evidence.push(why(pdFrom, '"Received request from … to connect to host" is worded so from OpenSSH 8.1 on.'));
  }
  if (pdOld) {
    hi = '8.1';
    evidence.push(why(pdOld, '"Received request to connect to host" (without "from") is the wording before OpenSSH 8.1.'));
  }
  const ko = of('key-options')[0];
  if (ko && !lo) {
    lo = '7.7';
    evidence.push(why(ko, 'The "key options:" debug line exists from OpenSSH 7.7 on.'));
  }
  const pfd = of('port-forwarding-disabled').find((o) => o.d.remote);
  if (pfd) {
    hi = hi && before(hi, 7, 2) ? hi : '7.2';
    evidence.push(why(pfd, '"Remote: Port forwarding disabled." is sent by OpenSSH before 7.2 for a no-port-forwarding key.'));
  }
  const modernConnect = open.find(
    (o) =>
      o.d.reason === 'connect failed' &&
      o.d.desc !== null &&
      /^(Name or service not known|Temporary failure in name resolution|No address associated with hostname|open failed)$/.test(o.d.desc),
  );
  if (modernConnect) {
    lo = lo && !before(lo, 7, 5) ? lo : '7.5';
    evidence.push(why(modernConnect, `"connect failed: ${modernConnect.d.desc}" is how OpenSSH 7.5 and later report a failure that is not a policy.`));
  }
  if (apOpenssh.length > 0) {
    const nonPolicy =
      (of('unknown-host')[0] as Obs | undefined) ??
      of('no-more-sessions')[0] ??
      of('refused-streamlocal')[0] ??
      of('tun-failed')[0] ??
      of('emfile').find((o) => o.d.where === 'socket') ??
      of('connect-to-failed').find((o) => o.d.error === null || !/Connection refused|timed out/.test(o.d.error));
    if (nonPolicy) {
      hi = '7.5';
      evidence.push(why(apOpenssh[0]!, 'The client got "administratively prohibited" …'));
      evidence.push(why(nonPolicy, '… for a failure that is not a policy: only OpenSSH before 7.5 answers that way.'));
    }
  }
  if (lo && hi && !before(lo, Number(hi.split('.')[0]), Number(hi.split('.')[1]))) {
    reasons.push('the lines disagree about the version (several servers in one paste?)');
  }
  const hiBefore75 = hi !== null && (before(hi, 7, 5) || hi === '7.5');
  const loAtLeast75 = lo !== null && !before(lo, 7, 5);
  const before75 = hiBefore75 && !loAtLeast75 ? true : loAtLeast75 && !hiBefore75 ? false : null;
  if (lo && hi) summary = `OpenSSH ${lo} or later, before ${hi} (inferred)`;
  else if (lo) summary = `OpenSSH ${lo} or later (inferred)`;
  else if (hi) summary = `OpenSSH before ${hi} (inferred)`;
  else summary = 'OpenSSH, version unknown';
  return { before75, summary };
}

function readServer(of: Of): ServerReading {
  const evidence: Why[] = [];
  const reasons: string[] = [];
  const { software, version } = readSoftware(of, evidence);
  let summary: string | null = null;
  let before75: boolean | null = null;
  if (software === 'openssh' && version) {
    before75 = before(version, 7, 5);
    summary = `OpenSSH ${version}${before75 ? ' (before 7.5: "administratively prohibited" also covers failed name lookups and resource limits)' : ' (7.5 or later: "administratively prohibited" means a forwarding policy)'}`;
  } else if (software === 'openssh') ({ before75, summary } = inferOpensshVersion(of, evidence, reasons));
  else if (software === 'dropbear') summary = version ? `Dropbear ${version}` : 'Dropbear';
  else if (software === 'not-openssh') summary = 'Not OpenSSH (Dropbear, a bastion product or a library-based server): ssh -v names it';
  if (reasons.length) summary = `${summary ?? 'Unknown server'}; ${reasons.join('; ')}`;
  return { software, version, summary, before75, evidence };
}

export { isLocalhostName };
