/**
 * The ssh command line, parsed as a POSIX shell splits it and as ssh(1) (OpenSSH 9.2, ssh.c and
 * readconf.c) reads the words: BSD getopt without permutation, re-run after the destination, so
 * `ssh host -L …` works but options after the first word of a remote command do not;
 * parse_forward() for -L/-R/-D/-W; the first value of an option wins, except the flags that
 * overwrite (-4/-6, -g, -q/-v, -X/-Y/-x, -A/-a, -M, -S).
 */
import type { Diagnostic, ParseResult } from '../diagnostics.ts';
import { a2port, argvSplit, asciiLower, capInput, DiagList, LineIndex, matchPatternList, q, splitKeyword, strtonum, type Tok } from './common.ts';

export interface Forward {
  kind: 'local' | 'remote' | 'dynamic';
  /** The text as typed (for a config line: the arguments after the keyword). */
  spec: string;
  /** null when not given; '*' or '' kept as typed; brackets removed ("[::1]" → "::1"). */
  bindAddress: string | null;
  listenPort: number | null;
  listenPath: string | null;
  /** null for -D and for a dynamic -R. */
  connectHost: string | null;
  connectPort: number | null;
  connectPath: string | null;
  origin: 'command' | 'config';
  /** Line in the ssh config (origin 'config'). */
  line?: number;
  /** True for -D and for -R [bind:]port (the remote side acts as a SOCKS proxy). */
  socks: boolean;
  /** Set on the -L/-R that autossh adds for its monitoring port (-M). */
  implicit?: 'autossh-monitor';
}

export type ControlMaster = 'no' | 'yes' | 'ask' | 'auto' | 'autoask';

export interface SshCommand {
  /** "ssh", "autossh", or the program actually typed (then nothing else is parsed). */
  program: string;
  /** As typed: "alice@server.example", "ssh://alice@host:2222". */
  destination: string | null;
  user: string | null;
  host: string | null;
  port: number | null;
  /** -L/-R/-D (and -o LocalForward/RemoteForward/DynamicForward) in command order. */
  forwards: Forward[];
  /** -W host:port */
  stdioForward: { host: string; port: number } | null;
  /** -J (or -o ProxyJump) as typed; a comma list is allowed. "none" disables. */
  jump: string | null;
  /** -w local[:remote]; mode from -o Tunnel (default point-to-point). */
  tunnel: { mode: 'point-to-point' | 'ethernet'; local: string; remote: string } | null;
  /** -N or -o SessionType=none. */
  noCommand: boolean;
  /** No pseudo-terminal requested: -T, -N, -W or -o RequestTTY=no. */
  noTty: boolean;
  /** Number of -t. */
  forceTty: number;
  /** -n or -f. */
  stdinNull: boolean;
  /** -f */
  background: boolean;
  /** -q */
  quiet: boolean;
  /** Number of -v. */
  verbose: number;
  /** -X untrusted, -Y trusted, -x none (last wins; -Y then -X stays trusted, as in ssh). */
  x11: 'none' | 'untrusted' | 'trusted';
  /** -A / -a / -o ForwardAgent. */
  agent: boolean;
  addressFamily: 'any' | 'inet' | 'inet6';
  gatewayPorts: boolean;
  /** -o ExitOnForwardFailure; with -W it defaults to yes. */
  exitOnForwardFailure: boolean;
  identityFiles: string[];
  configFile: string | null;
  /** -o options: keyword lower-cased → the rest of the option as typed; first wins as in ssh. */
  options: Record<string, string>;
  controlMaster: ControlMaster | null;
  controlPath: string | null;
  controlCommand: string | null;
  /** The log level the command line sets: "QUIET" (-q), "DEBUG1".."DEBUG3" (-v), or -o LogLevel. */
  logLevel: string | null;
  remoteCommand: string[];
  // ---- additions ----
  /** autossh's monitoring port (-M); its -L/-R are in `forwards` with implicit 'autossh-monitor'. */
  autossh: { monitorPort: number; echoPort: number | null } | null;
  /** -G prints the configuration, -V the version, -Q a list: ssh does not connect then. */
  mode: 'connect' | 'print-config' | 'version' | 'query';
  /** What ssh prints on stderr when it refuses this command line (it exits 255 without connecting). */
  exitLines: string[] | null;
  /** Lower-case keywords whose value the command line fixed (config files cannot change them). */
  setOnCommandLine: string[];
  /** -o ClearAllForwardings / -W default (null = not set on the command line). */
  clearAllForwardings: boolean | null;
  /** -o ProxyCommand (first wins). */
  proxyCommand: string | null;
  /** -o HostName (first wins). */
  hostName: string | null;
}

/** ssh 9.2's usage text, printed after a getopt error. */
export const SSH_USAGE: readonly string[] = [
  'usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]',
  '           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]',
  '           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]',
  '           [-i identity_file] [-J [user@]host[:port]] [-L address]',
  '           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]',
  '           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]',
  '           [-w local_tun[:remote_tun]] destination [command [argument ...]]',
];

// ---------------------------------------------------------------------------------------------
// parse_forward (readconf.c)

interface RawForward {
  fields: number;
  listenHost: string | null;
  listenPort: number;
  listenPath: string | null;
  connectHost: string | null;
  connectPort: number;
  connectPath: string | null;
}

const PORT_STREAMLOCAL = -2;
const NI_MAXHOST = 1025;
const PATH_MAX_SUN = 108;

interface FwdField {
  arg: string;
  ispath: boolean;
}

/** Splits a forwarding spec into at most 4 fields as parse_fwd_field() does; null on failure. */
function forwardFields(spec: string): { fields: FwdField[]; ok: boolean } {
  let i = 0;
  while (i < spec.length && /[ \t\n\v\f\r]/.test(spec[i] as string)) i++;
  const fields: FwdField[] = [];
  let pos: number | null = i;
  while (fields.length < 4) {
    if (pos === null) break;
    if (pos >= spec.length) {
      pos = null;
      break;
    }
    if (spec[pos] === '[') {
      const close = spec.indexOf(']', pos + 1);
      if (close === -1) break;
      const after = spec[close + 1];
      if (after !== ':' && after !== undefined) break;
      const arg = spec.slice(pos + 1, close);
      fields.push({ arg, ispath: arg.includes('/') });
      pos = after === ':' ? close + 2 : close + 1;
      continue;
    }
    let arg = '';
    let ispath = false;
    let j: number = pos;
    let failed = false;
    while (j < spec.length) {
      const c = spec[j] as string;
      if (c === '\\') {
        if (j + 1 >= spec.length) {
          failed = true;
          break;
        }
        arg += spec[j + 1];
        j += 2;
        continue;
      }
      if (c === '/') ispath = true;
      if (c === ':') {
        j++;
        break;
      }
      arg += c;
      j++;
    }
    if (failed) break;
    fields.push({ arg, ispath });
    pos = j;
  }
  const ok = pos === null || pos >= spec.length;
  return { fields, ok };
}

/** readconf.c parse_forward(): the forward, or null when ssh rejects the spec. */
export function parseForwardRaw(spec: string, dynamic: boolean, remote: boolean): RawForward | null {
  const { fields, ok } = forwardFields(spec);
  const n = ok ? fields.length : 0;
  const f = (k: number): FwdField => fields[k] as FwdField;
  const fwd: RawForward = { fields: n, listenHost: null, listenPort: 0, listenPath: null, connectHost: null, connectPort: 0, connectPath: null };
  switch (n) {
    case 1:
      if (f(0).ispath) {
        fwd.listenPath = f(0).arg;
        fwd.listenPort = PORT_STREAMLOCAL;
      } else {
        fwd.listenPort = a2port(f(0).arg);
      }
      fwd.connectHost = 'socks';
      break;
    case 2:
      if (f(0).ispath && f(1).ispath) {
        fwd.listenPath = f(0).arg;
        fwd.listenPort = PORT_STREAMLOCAL;
        fwd.connectPath = f(1).arg;
        fwd.connectPort = PORT_STREAMLOCAL;
      } else if (f(1).ispath) {
        fwd.listenPort = a2port(f(0).arg);
        fwd.connectPath = f(1).arg;
        fwd.connectPort = PORT_STREAMLOCAL;
      } else {
        fwd.listenHost = f(0).arg;
        fwd.listenPort = a2port(f(1).arg);
        fwd.connectHost = 'socks';
      }
      break;
    case 3:
      if (f(0).ispath) {
        fwd.listenPath = f(0).arg;
        fwd.listenPort = PORT_STREAMLOCAL;
        fwd.connectHost = f(1).arg;
        fwd.connectPort = a2port(f(2).arg);
      } else if (f(2).ispath) {
        fwd.listenHost = f(0).arg;
        fwd.listenPort = a2port(f(1).arg);
        fwd.connectPath = f(2).arg;
        fwd.connectPort = PORT_STREAMLOCAL;
      } else {
        fwd.listenPort = a2port(f(0).arg);
        fwd.connectHost = f(1).arg;
        fwd.connectPort = a2port(f(2).arg);
      }
      break;
    case 4:
      fwd.listenHost = f(0).arg;
      fwd.listenPort = a2port(f(1).arg);
      fwd.connectHost = f(2).arg;
      fwd.connectPort = a2port(f(3).arg);
      break;
    default:
      return null;
  }
  if (dynamic) {
    if (!(n === 1 || n === 2)) return null;
  } else {
    if (!(n === 3 || n === 4) && fwd.connectPath === null && fwd.listenPath === null) return null;
    if (fwd.connectPort <= 0 && fwd.connectPath === null) return null;
  }
  if ((fwd.listenPort < 0 && fwd.listenPath === null) || (!remote && fwd.listenPort === 0)) return null;
  if (fwd.connectHost !== null && fwd.connectHost.length >= NI_MAXHOST) return null;
  if (fwd.connectPath !== null && fwd.connectPath.length >= PATH_MAX_SUN) return null;
  if (fwd.listenHost !== null && fwd.listenHost.length >= NI_MAXHOST) return null;
  if (fwd.listenPath !== null && fwd.listenPath.length >= PATH_MAX_SUN) return null;
  return fwd;
}

const KIND_WORD = { local: 'local', remote: 'remote', dynamic: 'dynamic' } as const;
const KIND_FLAG = { local: '-L', remote: '-R', dynamic: '-D' } as const;
const KIND_FORM = {
  local: '[bind_address:]port:host:hostport (for example 8080:localhost:80)',
  remote: '[bind_address:]port:host:hostport or [bind_address:]port (for example 9000:localhost:22)',
  dynamic: '[bind_address:]port (for example 1080)',
} as const;

/** Explains, in words, why parse_forward() rejects a spec. */
export function explainBadForward(spec: string, kind: 'local' | 'remote' | 'dynamic'): string {
  const { fields, ok } = forwardFields(spec);
  const flag = KIND_FLAG[kind];
  if (!ok) {
    if (fields.length >= 4) return `it has more than four ':'-separated parts; ${flag} takes ${KIND_FORM[kind]}`;
    if (/\[/.test(spec)) return `a '[' has no matching ']' directly before a ':' (brackets are only for IPv6 addresses such as [::1])`;
    return `it ends with a lone backslash`;
  }
  const placeholder = fields.find((x) => /^[a-z][a-z_-]*[a-z]$/i.test(x.arg) && spec.includes(`[${x.arg}]`));
  if (placeholder)
    return `'[${placeholder.arg}]' looks like a placeholder copied from documentation; write a real value there, e.g. ${flag} ${kind === 'dynamic' ? '1080' : '8080:localhost:80'}`;
  const n = fields.length;
  const wantN = kind === 'dynamic' ? '1 or 2' : kind === 'remote' ? '1, 2, 3 or 4' : '3 or 4';
  const noPaths = !fields.some((x) => x.ispath);
  if (kind === 'dynamic' && n > 2) return `${flag} takes only a port, optionally with a bind address: ${KIND_FORM[kind]}`;
  if (kind === 'local' && n < 3 && noPaths) {
    return n === 0
      ? `it is empty; ${flag} takes ${KIND_FORM[kind]}`
      : `it names no target: ${flag} needs the port to listen on, then the host and port the server should connect to: ${KIND_FORM[kind]}`;
  }
  const portFields: { idx: number; role: string }[] = [];
  if (n === 1 && !fields[0]?.ispath) portFields.push({ idx: 0, role: 'listen port' });
  if (n === 2 && noPaths) portFields.push({ idx: 1, role: 'listen port' });
  if (n === 2 && fields[1]?.ispath && !fields[0]?.ispath) portFields.push({ idx: 0, role: 'listen port' });
  if (n === 3 && fields[0]?.ispath) portFields.push({ idx: 2, role: 'target port' });
  else if (n === 3 && fields[2]?.ispath) portFields.push({ idx: 1, role: 'listen port' });
  else if (n === 3) portFields.push({ idx: 0, role: 'listen port' }, { idx: 2, role: 'target port' });
  if (n === 4) portFields.push({ idx: 1, role: 'listen port' }, { idx: 3, role: 'target port' });
  for (const pf of portFields) {
    const arg = fields[pf.idx]?.arg ?? '';
    const p = a2port(arg);
    if (p < 0) {
      return arg === '' ? `the ${pf.role} is empty` : `${q(arg)} is not a port number (0–65535) or a known service name, so it cannot be the ${pf.role}`;
    }
    if (p === 0 && (pf.role === 'target port' || kind !== 'remote')) return `port 0 cannot be the ${pf.role} for ${flag}`;
  }
  for (const x of fields) {
    if (x.arg.length >= NI_MAXHOST) return 'a host name in it is longer than 1024 characters';
    if (x.ispath && x.arg.length >= PATH_MAX_SUN) return 'a socket path in it is longer than 107 characters';
  }
  return `${flag} takes ${KIND_FORM[kind]}; this has ${n} part${n === 1 ? '' : 's'} (${wantN} expected)`;
}

function rawToForward(raw: RawForward, kind: 'local' | 'remote' | 'dynamic', spec: string, origin: 'command' | 'config', socks: boolean): Forward {
  const isSocks = socks;
  return {
    kind,
    spec,
    bindAddress: raw.listenHost,
    listenPort: raw.listenPath !== null ? null : raw.listenPort,
    listenPath: raw.listenPath,
    connectHost: isSocks ? null : raw.connectHost,
    connectPort: isSocks || raw.connectPath !== null ? null : raw.connectPort,
    connectPath: isSocks ? null : raw.connectPath,
    origin,
    socks: isSocks,
  };
}

/**
 * Parses one forwarding spec as ssh does for -L (local), -R (remote: first as a normal forward,
 * then as a dynamic one) and -D (dynamic). Returns the forward or a reason in words.
 */
export function parseForwardSpec(
  spec: string,
  kind: 'local' | 'remote' | 'dynamic',
  origin: 'command' | 'config' = 'command',
): { forward: Forward } | { error: string } {
  if (kind === 'local') {
    const raw = parseForwardRaw(spec, false, false);
    if (raw) return { forward: rawToForward(raw, 'local', spec, origin, false) };
  } else if (kind === 'dynamic') {
    const raw = parseForwardRaw(spec, true, false);
    if (raw) return { forward: rawToForward(raw, 'dynamic', spec, origin, true) };
  } else {
    const raw = parseForwardRaw(spec, false, true);
    if (raw) return { forward: rawToForward(raw, 'remote', spec, origin, false) };
    const dyn = parseForwardRaw(spec, true, true);
    if (dyn) return { forward: rawToForward(dyn, 'remote', spec, origin, true) };
  }
  return { error: explainBadForward(spec, kind) };
}

function forwardKey(f: Forward): string {
  return JSON.stringify([f.kind === 'remote' ? 'r' : 'l', f.bindAddress, f.listenPort, f.listenPath, f.connectHost, f.connectPort, f.connectPath, f.socks]);
}

/** Adds a forward unless an identical one is there (ssh's add_local_forward/add_remote_forward). */
export function addForward(state: ClientState, fwd: Forward): boolean {
  const key = forwardKey(fwd);
  if (state.forwardKeys.has(key)) return false;
  state.forwardKeys.add(key);
  state.forwards.push(fwd);
  return true;
}

/** ssh's add_local_forward/add_remote_forward skip exact duplicates. */
export function sameForward(a: Forward, b: Forward): boolean {
  const la = a.kind === 'remote' ? 'r' : 'l';
  const lb = b.kind === 'remote' ? 'r' : 'l';
  return (
    la === lb &&
    a.bindAddress === b.bindAddress &&
    a.listenPort === b.listenPort &&
    a.listenPath === b.listenPath &&
    a.connectHost === b.connectHost &&
    a.connectPort === b.connectPort &&
    a.connectPath === b.connectPath &&
    a.socks === b.socks
  );
}

/** Warnings about forwards ssh accepts but that will not do what the user meant. */
export function forwardWarnings(fwd: Forward): { code: string; message: string }[] {
  const out: { code: string; message: string }[] = [];
  const host = fwd.connectHost;
  if (host?.includes('@')) {
    const at = host.lastIndexOf('@');
    const bare = host.slice(at + 1);
    out.push({
      code: 'command.user-in-forward',
      message: `The target host is taken literally as ${q(host)}: a forward has no user part, so the server tries to resolve the name "${host}" and fails ("Name or service not known"). Write ${q(bare)} instead; the login user belongs to the destination (user@server).`,
    });
  }
  if (host !== null && /^\d{1,3}(\.\d{1,3}){3}$/.test(host) && host.split('.').some((p) => p.length > 1 && p.startsWith('0'))) {
    const bad = host.split('.').some((p) => /^0\d*[89]/.test(p));
    out.push({
      code: 'command.leading-zero-address',
      message: bad
        ? `${q(host)} is not an IP address to the server's resolver: a part with a leading zero is read as octal and 8 or 9 are not octal digits, so it is looked up as a host name and fails. Write it without leading zeros.`
        : `${q(host)} has a part with a leading zero, which the server's resolver reads as octal (for example 010 is 8). Write it without leading zeros.`,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Client options (readconf.c), shared by -o and ~/.ssh/config

/** Keywords ssh 9.2 (Debian build: GSSAPI and PKCS#11 on) accepts, lower-cased. */
export const CLIENT_KEYWORDS: ReadonlySet<string> = new Set(
  (
    'gssapiauthentication gssapidelegatecredentials pkcs11provider smartcarddevice forwardagent forwardx11 forwardx11trusted ' +
    'forwardx11timeout exitonforwardfailure xauthlocation gatewayports passwordauthentication kbdinteractiveauthentication ' +
    'kbdinteractivedevices challengeresponseauthentication skeyauthentication tisauthentication pubkeyauthentication ' +
    'dsaauthentication hostbasedauthentication identityfile identityfile2 identitiesonly certificatefile addkeystoagent ' +
    'identityagent hostname hostkeyalias proxycommand port ciphers macs remoteforward localforward permitremoteopen user host ' +
    'match escapechar globalknownhostsfile userknownhostsfile connectionattempts batchmode checkhostip stricthostkeychecking ' +
    'compression tcpkeepalive keepalive numberofpasswordprompts syslogfacility loglevel logverbose dynamicforward ' +
    'preferredauthentications hostkeyalgorithms casignaturealgorithms bindaddress bindinterface clearallforwardings ' +
    'enablesshkeysign verifyhostkeydns nohostauthenticationforlocalhost rekeylimit connecttimeout addressfamily ' +
    'serveraliveinterval serveralivecountmax sendenv setenv controlpath controlmaster controlpersist hashknownhosts include ' +
    'tunnel tunneldevice localcommand permitlocalcommand remotecommand visualhostkey kexalgorithms ipqos requesttty sessiontype ' +
    'stdinnull forkafterauthentication proxyusefdpass canonicaldomains canonicalizefallbacklocal canonicalizehostname ' +
    'canonicalizemaxdots canonicalizepermittedcnames streamlocalbindmask streamlocalbindunlink revokedhostkeys fingerprinthash ' +
    'updatehostkeys hostbasedacceptedalgorithms hostbasedkeytypes pubkeyacceptedalgorithms pubkeyacceptedkeytypes ignoreunknown ' +
    'proxyjump securitykeyprovider knownhostscommand requiredrsasize enableescapecommandline'
  ).split(' '),
);
/** Accepted but ignored (debug message only). */
export const CLIENT_DEPRECATED: ReadonlySet<string> = new Set(
  'cipher fallbacktorsh globalknownhostsfile2 rhostsauthentication userknownhostsfile2 useroaming usersh useprivilegedport protocol'.split(' '),
);
/** Accepted with an error message ("Unsupported option"), ssh goes on. */
export const CLIENT_UNSUPPORTED: ReadonlySet<string> = new Set(
  'afstokenpassing kerberosauthentication kerberostgtpassing rsaauthentication rhostsrsaauthentication compressionlevel'.split(' '),
);

/** Canonical spellings for messages. */
const CLIENT_CANON: Record<string, string> = {
  localforward: 'LocalForward',
  remoteforward: 'RemoteForward',
  dynamicforward: 'DynamicForward',
  hostname: 'HostName',
  user: 'User',
  port: 'Port',
  proxyjump: 'ProxyJump',
  proxycommand: 'ProxyCommand',
  controlmaster: 'ControlMaster',
  controlpath: 'ControlPath',
  addressfamily: 'AddressFamily',
  gatewayports: 'GatewayPorts',
  exitonforwardfailure: 'ExitOnForwardFailure',
  loglevel: 'LogLevel',
  identityfile: 'IdentityFile',
  tunnel: 'Tunnel',
  tunneldevice: 'TunnelDevice',
  clearallforwardings: 'ClearAllForwardings',
  forwardagent: 'ForwardAgent',
  forwardx11: 'ForwardX11',
  forwardx11trusted: 'ForwardX11Trusted',
  requesttty: 'RequestTTY',
  sessiontype: 'SessionType',
  stdinnull: 'StdinNull',
  forkafterauthentication: 'ForkAfterAuthentication',
  remotecommand: 'RemoteCommand',
  host: 'Host',
  match: 'Match',
  include: 'Include',
  ignoreunknown: 'IgnoreUnknown',
};
export function clientKeywordName(lower: string): string {
  return CLIENT_CANON[lower] ?? lower;
}

const FLAG_VALUES: Record<string, boolean> = { yes: true, true: true, no: false, false: false };
const LOG_LEVELS = ['QUIET', 'FATAL', 'ERROR', 'INFO', 'VERBOSE', 'DEBUG', 'DEBUG1', 'DEBUG2', 'DEBUG3'];
const ADDRESS_FAMILIES: Record<string, 'inet' | 'inet6' | 'any'> = { inet: 'inet', inet6: 'inet6', any: 'any' };
const CONTROL_MASTER: Record<string, ControlMaster> = { true: 'yes', yes: 'yes', false: 'no', no: 'no', auto: 'auto', ask: 'ask', autoask: 'autoask' };
const TUNNEL_MODES: Record<string, 'point-to-point' | 'ethernet' | 'no'> = {
  ethernet: 'ethernet',
  'point-to-point': 'point-to-point',
  true: 'point-to-point',
  yes: 'point-to-point',
  false: 'no',
  no: 'no',
};
const REQUEST_TTY: Record<string, 'yes' | 'no' | 'force' | 'auto'> = { true: 'yes', yes: 'yes', false: 'no', no: 'no', force: 'force', auto: 'auto' };
const SESSION_TYPES: Record<string, 'none' | 'subsystem' | 'default'> = { none: 'none', subsystem: 'subsystem', default: 'default' };

/** The client options the model follows; null = not set yet (first value wins). */
export interface ClientState {
  user: string | null;
  hostName: string | null;
  port: number | null;
  forwards: Forward[];
  /** Keys of `forwards`, for ssh's duplicate check in constant time. */
  forwardKeys: Set<string>;
  proxyJump: string | null;
  proxyCommand: string | null;
  controlMaster: ControlMaster | null;
  controlPath: string | null;
  addressFamily: 'any' | 'inet' | 'inet6' | null;
  gatewayPorts: boolean | null;
  exitOnForwardFailure: boolean | null;
  clearAllForwardings: boolean | null;
  logLevel: string | null;
  tunnel: 'point-to-point' | 'ethernet' | 'no' | null;
  tunnelDevice: { local: string; remote: string } | null;
  identityFiles: string[];
  forwardAgent: boolean | null;
  forwardX11: boolean | null;
  forwardX11Trusted: boolean | null;
  requestTty: 'yes' | 'no' | 'force' | 'auto' | null;
  sessionType: 'none' | 'subsystem' | 'default' | null;
  stdinNull: boolean | null;
  forkAfterAuthentication: boolean | null;
  remoteCommand: string | null;
  ignoreUnknown: string | null;
}

export function emptyClientState(): ClientState {
  return {
    user: null,
    hostName: null,
    port: null,
    forwards: [],
    forwardKeys: new Set(),
    proxyJump: null,
    proxyCommand: null,
    controlMaster: null,
    controlPath: null,
    addressFamily: null,
    gatewayPorts: null,
    exitOnForwardFailure: null,
    clearAllForwardings: null,
    logLevel: null,
    tunnel: null,
    tunnelDevice: null,
    identityFiles: [],
    forwardAgent: null,
    forwardX11: null,
    forwardX11Trusted: null,
    requestTty: null,
    sessionType: null,
    stdinNull: null,
    forkAfterAuthentication: null,
    remoteCommand: null,
    ignoreUnknown: null,
  };
}

/** misc.c a2tun(): "any" or 0..0x7ffffffd; with a remote part "local:remote". */
export function parseTunDevice(s: string): { local: string; remote: string } | null {
  const one = (x: string): string | null => {
    if (asciiLower(x) === 'any') return 'any';
    const n = strtonum(x, 0, 0x7ffffffd);
    return n === null ? null : String(n);
  };
  const colon = s.indexOf(':');
  if (colon === -1) {
    const l = one(s);
    return l === null ? null : { local: l, remote: 'any' };
  }
  const r = one(s.slice(colon + 1));
  const l = one(s.slice(0, colon));
  if (r === null || l === null) return null;
  return { local: l, remote: r };
}

/** readconf.c parse_jump(): validates "[user@]host[:port]" or ssh:// hops separated by commas. */
export function validJump(s: string): boolean {
  let t = s;
  const hash = t.indexOf('#');
  if (hash !== -1) t = t.slice(0, hash);
  t = t.replace(/[ \t\r\n]+$/, '');
  if (asciiLower(s) === 'none') return true;
  const hops = t.split(',');
  for (const hop of hops) {
    const uri = parseSshUri(hop);
    if (uri === 'invalid') return false;
    if (uri !== null) continue;
    if (!parseUserHostPort(hop)) return false;
  }
  return true;
}

function hpdelimSplit(s: string): { host: string; rest: string | null; delim: string } | null {
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close === -1) return null;
    const after = s[close + 1];
    if (after === undefined) return { host: s, rest: null, delim: '' };
    if (after !== ':' && after !== '/') return null;
    return { host: s.slice(0, close + 1), rest: s.slice(close + 2), delim: after };
  }
  const m = /[:/]/.exec(s);
  if (!m) return { host: s, rest: null, delim: '' };
  return { host: s.slice(0, m.index), rest: s.slice(m.index + 1), delim: m[0] };
}

function cleanHostname(h: string): string {
  return h.length >= 2 && h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

function parseUserHostPort(s: string): { user: string | null; host: string; port: number | null } | null {
  let tmp = s;
  let user: string | null = null;
  const at = tmp.lastIndexOf('@');
  if (at !== -1) {
    if (at === 0) return null;
    user = tmp.slice(0, at);
    tmp = tmp.slice(at + 1);
  }
  const hp = hpdelimSplit(tmp);
  if (!hp || hp.delim === '/' || hp.host === '') return null;
  let port: number | null = null;
  if (hp.rest !== null && hp.rest !== '') {
    const p = a2port(hp.rest);
    if (p <= 0) return null;
    port = p;
  }
  return { user, host: cleanHostname(hp.host), port };
}

function validDomain(name: string): boolean {
  if (name.length === 0) return false;
  if (!/^[A-Za-z0-9]/.test(name)) return false;
  if (name.includes('..')) return false;
  return /^[A-Za-z0-9._-]+$/.test(name);
}

function urldecode(s: string): string | null {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '+') out += ' ';
    else if (c === '%') {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(h)) return null;
      out += String.fromCharCode(parseInt(h, 16));
      i += 2;
    } else out += c;
  }
  return out;
}

/** misc.c parse_uri("ssh", …): null when not an ssh:// URI, 'invalid' when malformed. */
export function parseSshUri(s: string): { user: string | null; host: string; port: number | null } | 'invalid' | null {
  if (!s.startsWith('ssh://')) return null;
  let tmp = s.slice(6);
  let user: string | null = null;
  const at = tmp.indexOf('@');
  if (at !== -1) {
    let u = tmp.slice(0, at);
    const semi = u.indexOf(';');
    if (semi !== -1) u = u.slice(0, semi);
    if (u === '') return 'invalid';
    user = urldecode(u);
    if (user === null) return 'invalid';
    tmp = tmp.slice(at + 1);
  }
  const hp = hpdelimSplit(tmp);
  if (!hp || hp.host === '') return 'invalid';
  let host = cleanHostname(hp.host);
  if (!validDomain(host)) return 'invalid';
  if (host.endsWith('.')) host = host.slice(0, -1);
  let port: number | null = null;
  let rest = hp.rest;
  if (rest !== null && rest !== '') {
    if (hp.delim === ':') {
      const slash = rest.indexOf('/');
      const portText = slash === -1 ? rest : rest.slice(0, slash);
      const p = a2port(portText);
      if (p <= 0) return 'invalid';
      port = p;
      rest = slash === -1 ? null : rest.slice(slash + 1);
    }
    if (rest !== null && rest !== '') return 'invalid'; // a path is not allowed
  }
  return { user, host, port };
}

/** Context for applying one option line. */
export interface OptionContext {
  /** Whether the line applies (inside a matching Host/Match block, or the command line). */
  active: boolean;
  origin: 'command' | 'config';
  line?: number;
  /** Report a problem: offset is relative to the start of the option text. */
  report: (code: string, message: string, severity: 'error' | 'warning' | 'info', offset: number, length: number) => void;
}

/**
 * Applies one option ("Keyword value", keyword already lower-cased) to the state as readconf.c's
 * process_config_line() does. Returns false when ssh counts the line as bad (it then stops).
 */
export function applyClientOption(state: ClientState, keyword: string, kwTok: Tok, args: Tok[], rest: string, ctx: OptionContext): boolean {
  const name = clientKeywordName(keyword);
  const bad = (message: string, at?: Tok): false => {
    ctx.report('bad-value', message, 'error', at ? at.start : kwTok.start, at ? at.end - at.start : kwTok.end - kwTok.start);
    return false;
  };
  const first = args[0];
  const needArg = (): Tok | null => {
    if (!first || first.value === '') {
      bad(`${name} needs a value.`);
      return null;
    }
    return first;
  };
  const flag = (): boolean | null | undefined => {
    const a = needArg();
    if (!a) return undefined;
    const v = FLAG_VALUES[asciiLower(a.value)];
    if (v === undefined) {
      bad(`${name} accepts yes or no, not ${q(a.value)} (ssh: unsupported option "${a.value}").`, a);
      return undefined;
    }
    return v;
  };
  let used = 1;
  switch (keyword) {
    case 'user': {
      const a = needArg();
      if (!a) return false;
      if (ctx.active && state.user === null) state.user = a.value;
      break;
    }
    case 'hostname': {
      const a = needArg();
      if (!a) return false;
      if (ctx.active && state.hostName === null) state.hostName = a.value;
      break;
    }
    case 'port': {
      const a = needArg();
      if (!a) return false;
      const p = a2port(a.value);
      if (p <= 0) return bad(`Bad port ${q(a.value)}: a port is a number from 1 to 65535 or a service name such as ssh.`, a);
      if (ctx.active && state.port === null) state.port = p;
      break;
    }
    case 'localforward':
    case 'remoteforward':
    case 'dynamicforward': {
      const a = needArg();
      if (!a) return false;
      const kind = keyword === 'localforward' ? 'local' : keyword === 'remoteforward' ? 'remote' : 'dynamic';
      let spec = a.value;
      let dynamic = kind === 'dynamic';
      if (kind !== 'dynamic') {
        const b = args[1];
        if (!b || b.value === '') {
          if (kind === 'remote') dynamic = true;
          else
            return bad(
              `LocalForward needs two values: the local port and the target host:port, e.g. "LocalForward 8080 localhost:80" (ssh: Missing target argument).`,
            );
        } else {
          spec = `${a.value}:${b.value}`;
          used = 2;
        }
      }
      const raw = parseForwardRaw(spec, dynamic, kind === 'remote');
      if (!raw) {
        const why = explainBadForward(spec, dynamic && kind === 'remote' ? 'remote' : kind);
        const last = args[used - 1] ?? a;
        ctx.report('bad-forward', `Bad forwarding specification: ${why}.`, 'error', a.start, last.end - a.start);
        return false;
      }
      const typed = args
        .slice(0, used)
        .map((t) => t.value)
        .join(' ');
      const fwd = rawToForward(raw, kind, ctx.origin === 'command' ? spec : typed, ctx.origin, dynamic);
      if (ctx.line !== undefined) fwd.line = ctx.line;
      for (const w of forwardWarnings(fwd)) ctx.report(w.code.replace(/^command\./, ''), w.message, 'warning', a.start, (args[used - 1] ?? a).end - a.start);
      if (ctx.active) addForward(state, fwd);
      break;
    }
    case 'proxyjump': {
      if (rest === '') return bad('ProxyJump needs a value.');
      const value = rest.replace(/^[ \t\r\n=]+/, '');
      if (!validJump(value)) return bad(`Invalid ProxyJump ${q(value)}: each hop is [user@]host[:port] or ssh://[user@]host[:port], separated by commas.`);
      if (ctx.active && state.proxyJump === null && state.proxyCommand === null) state.proxyJump = value;
      used = args.length;
      break;
    }
    case 'proxycommand': {
      const value = rest.replace(/^[ \t\r\n=]+/, '');
      if (ctx.active && state.proxyCommand === null && state.proxyJump === null) state.proxyCommand = value;
      used = args.length;
      break;
    }
    case 'controlmaster': {
      const a = needArg();
      if (!a) return false;
      const v = CONTROL_MASTER[asciiLower(a.value)];
      if (!v) return bad(`ControlMaster accepts yes, no, auto, ask or autoask, not ${q(a.value)}.`, a);
      if (ctx.active && state.controlMaster === null) state.controlMaster = v;
      break;
    }
    case 'controlpath': {
      const a = needArg();
      if (!a) return false;
      if (ctx.active && state.controlPath === null) state.controlPath = a.value;
      break;
    }
    case 'addressfamily': {
      const a = needArg();
      if (!a) return false;
      const v = ADDRESS_FAMILIES[asciiLower(a.value)];
      if (!v) return bad(`AddressFamily accepts any, inet or inet6, not ${q(a.value)}.`, a);
      if (ctx.active && state.addressFamily === null) state.addressFamily = v;
      break;
    }
    case 'gatewayports':
    case 'exitonforwardfailure':
    case 'clearallforwardings':
    case 'forwardx11':
    case 'forwardx11trusted':
    case 'stdinnull':
    case 'forkafterauthentication': {
      const v = flag();
      if (v === undefined || v === null) return false;
      const field = (
        {
          gatewayports: 'gatewayPorts',
          exitonforwardfailure: 'exitOnForwardFailure',
          clearallforwardings: 'clearAllForwardings',
          forwardx11: 'forwardX11',
          forwardx11trusted: 'forwardX11Trusted',
          stdinnull: 'stdinNull',
          forkafterauthentication: 'forkAfterAuthentication',
        } as const
      )[keyword];
      if (ctx.active && state[field] === null) state[field] = v;
      break;
    }
    case 'forwardagent': {
      const a = needArg();
      if (!a) return false;
      const v = FLAG_VALUES[asciiLower(a.value)];
      // Not yes/no: a path or an environment variable naming the agent socket; forwarding is on.
      if (ctx.active && state.forwardAgent === null) state.forwardAgent = v === undefined ? true : v;
      break;
    }
    case 'loglevel': {
      const a = args[0];
      const v = a ? LOG_LEVELS.find((l) => l === a.value.toUpperCase() && /^[A-Za-z0-9]+$/.test(a.value)) : undefined;
      if (!v) return bad(`Unsupported log level ${q(a ? a.value : '<NONE>')}: use QUIET, FATAL, ERROR, INFO, VERBOSE or DEBUG1–DEBUG3.`, a);
      if (ctx.active && state.logLevel === null) state.logLevel = v === 'DEBUG' ? 'DEBUG1' : v;
      break;
    }
    case 'tunnel': {
      const a = needArg();
      if (!a) return false;
      const v = TUNNEL_MODES[asciiLower(a.value)];
      if (!v) return bad(`Tunnel accepts yes, no, point-to-point or ethernet, not ${q(a.value)}.`, a);
      if (ctx.active && state.tunnel === null) state.tunnel = v;
      break;
    }
    case 'tunneldevice': {
      const a = needArg();
      if (!a) return false;
      const v = parseTunDevice(a.value);
      if (!v) return bad(`Bad tun device ${q(a.value)}: write local[:remote], each a number or "any".`, a);
      if (ctx.active && state.tunnelDevice === null) state.tunnelDevice = v;
      break;
    }
    case 'identityfile':
    case 'identityfile2': {
      const a = needArg();
      if (!a) return false;
      if (ctx.active) state.identityFiles.push(a.value);
      break;
    }
    case 'requesttty': {
      const a = needArg();
      if (!a) return false;
      const v = REQUEST_TTY[asciiLower(a.value)];
      if (!v) return bad(`RequestTTY accepts yes, no, force or auto, not ${q(a.value)}.`, a);
      if (ctx.active && state.requestTty === null) state.requestTty = v;
      break;
    }
    case 'sessiontype': {
      const a = needArg();
      if (!a) return false;
      const v = SESSION_TYPES[asciiLower(a.value)];
      if (!v) return bad(`SessionType accepts none, subsystem or default, not ${q(a.value)}.`, a);
      if (ctx.active && state.sessionType === null) state.sessionType = v;
      break;
    }
    case 'remotecommand': {
      const value = rest.replace(/^[ \t\r\n=]+/, '');
      if (ctx.active && state.remoteCommand === null) state.remoteCommand = value;
      used = args.length;
      break;
    }
    case 'ignoreunknown': {
      const a = needArg();
      if (!a) return false;
      if (ctx.active && state.ignoreUnknown === null) state.ignoreUnknown = a.value;
      break;
    }
    default:
      // Keywords the model does not follow: accept their arguments as ssh would.
      used = args.length;
  }
  if (args.length > used) {
    const extra = args[used] as Tok;
    ctx.report(
      'extra-arguments',
      `${name} takes ${used === 1 ? 'one value' : `${used} values`}; ${q(extra.value)} and what follows is extra, and ssh refuses the line ("keyword ${keyword} extra arguments at end of line").`,
      'error',
      extra.start,
      (args[args.length - 1] as Tok).end - extra.start,
    );
    return false;
  }
  return true;
}

/** Where a keyword is known: 'ok', 'deprecated', 'unsupported' or 'unknown' (honouring IgnoreUnknown). */
export function classifyClientKeyword(keyword: string, ignoreUnknown: string | null): 'ok' | 'deprecated' | 'unsupported' | 'ignored-unknown' | 'unknown' {
  if (CLIENT_DEPRECATED.has(keyword)) return 'deprecated';
  if (CLIENT_UNSUPPORTED.has(keyword)) return 'unsupported';
  if (CLIENT_KEYWORDS.has(keyword)) return 'ok';
  if (ignoreUnknown !== null && matchPatternList(keyword, ignoreUnknown, true) === 1) return 'ignored-unknown';
  return 'unknown';
}

// ---------------------------------------------------------------------------------------------
// The shell

interface Word {
  value: string;
  /** Pairs [index in value, offset in the source] where the mapping jumps (quotes, escapes); null: start + index. */
  segs: number[] | null;
  start: number;
  end: number;
  /** Some part of the word was quoted or escaped. */
  quoted: boolean;
  /** Unquoted glob characters (* ? [) appear. */
  glob: boolean;
  /** $… or `…` appears (not expanded here). */
  expansion: boolean;
  /** Synthetic word (autossh's monitoring forwards). */
  synthetic?: boolean;
}

function wordOffset(w: Word, i: number): number {
  const segs = w.segs;
  if (!segs) return w.start + i;
  let lo = 0;
  let hi = segs.length / 2 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((segs[2 * mid] as number) <= i) lo = mid;
    else hi = mid - 1;
  }
  return (segs[2 * lo + 1] as number) + (i - (segs[2 * lo] as number));
}

interface ShellResult {
  words: Word[];
  promptStripped: string | null;
}

const PROGRAMS = ['ssh', 'autossh', 'ssh.exe'];

interface WordBuilder {
  parts: string[];
  len: number;
  segs: number[] | null;
  lastSrcEnd: number;
  start: number;
  quoted: boolean;
  glob: boolean;
  expansion: boolean;
}

/** Characters that end or change a plain run inside a word. */
const SPECIAL = new Set([' ', '\t', '\r', '\n', "'", '"', '\\', ';', '|', '&', '(', ')', '<', '>']);

/**
 * Splits the first command of a shell text into words: quotes, backslashes, line continuations,
 * comments; stops at ; & | && || and skips redirections. Linear time.
 */
function shellWords(text: string, diags: DiagList, index: LineIndex): ShellResult {
  const words: Word[] = [];
  let i = 0;
  const n = text.length;
  const report = (off: number, len: number, code: string, msg: string, sev: 'error' | 'warning' | 'info'): void => {
    const p = index.position(off);
    diags.add(p.line, p.column, len, code, msg, sev);
  };
  // Skip leading blank lines and a shell prompt.
  let promptStripped: string | null = null;
  {
    let s = 0;
    while (s < n && (text[s] === ' ' || text[s] === '\t' || text[s] === '\r' || text[s] === '\n')) s++;
    const lineEnd = text.indexOf('\n', s);
    const firstLine = text.slice(s, lineEnd === -1 ? Math.min(n, s + 300) : Math.min(lineEnd, s + 300));
    const m =
      /^((?:PS [^>\n]{0,200}>|(?:\[[^\]\n]{0,100}\] ?)?(?:[\w.-]{1,64}@[\w.-]{1,64}(?::[^\s$#%>]{0,100})? ?)?[$#%>]) ?)(?=(?:sudo |env |nohup |time |exec |[A-Za-z_][A-Za-z0-9_]*=\S* )*(?:\S*\/)?(?:ssh|autossh|ssh\.exe)(?:[ \t]|$))/.exec(
        firstLine,
      );
    if (m?.[1]) {
      promptStripped = m[1];
      report(s, m[1].length, 'command.prompt-removed', `Ignored the shell prompt ${q(m[1].trimEnd())} at the start.`, 'info');
      i = s + m[1].length;
    } else {
      i = s;
    }
  }
  let cur: WordBuilder | null = null;
  const startWord = (pos: number): WordBuilder => ({
    parts: [],
    len: 0,
    segs: null,
    lastSrcEnd: pos,
    start: pos,
    quoted: false,
    glob: false,
    expansion: false,
  });
  const push = (w: WordBuilder, str: string, src: number): void => {
    if (str === '') return;
    if (w.segs === null) {
      if (src !== w.start + w.len) w.segs = [0, w.start, w.len, src];
    } else if (src !== w.lastSrcEnd) {
      w.segs.push(w.len, src);
    }
    w.parts.push(str);
    w.len += str.length;
    w.lastSrcEnd = src + str.length;
  };
  let redirectPending = false;
  let stopped = false;
  let reportedExpansion = false;
  const finishWord = (pos: number): void => {
    if (!cur) return;
    const b: WordBuilder = cur;
    cur = null;
    if (redirectPending) {
      // the redirection target: dropped
      redirectPending = false;
      return;
    }
    words.push({ value: b.parts.join(''), segs: b.segs, start: b.start, end: pos, quoted: b.quoted, glob: b.glob, expansion: b.expansion });
  };
  while (i < n && !stopped) {
    const c = text[i] as string;
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') {
      i += 3;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      finishWord(i);
      i++;
      continue;
    }
    if (c === '\n') {
      finishWord(i);
      if (words.length === 0) {
        i++;
        continue;
      }
      let k = i + 1;
      while (k < n && /\s/.test(text[k] as string)) k++;
      if (k < n) {
        report(
          k,
          0,
          'command.extra-lines',
          'Only the first command is analysed; the text after the end of its line is ignored (end a line with \\ to continue a command).',
          'warning',
        );
      }
      stopped = true;
      break;
    }
    if (cur === null && c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? n : nl;
      continue;
    }
    if (c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
      // &> and &>> redirect both outputs (bash)
      if (c === '&' && text[i + 1] === '>') {
        finishWord(i);
        const len = text[i + 2] === '>' ? 3 : 2;
        redirectPending = true;
        report(i, len, 'command.redirection-ignored', 'The shell redirection here does not change what ssh does; it is ignored.', 'info');
        i += len;
        continue;
      }
      finishWord(i);
      const op = (c === '&' || c === '|') && text[i + 1] === c ? c + c : c;
      let k = i + op.length;
      while (k < n && /\s/.test(text[k] as string)) k++;
      if (op === '&' && k >= n) {
        report(i, 1, 'command.background', 'The trailing & runs ssh in the background of the shell.', 'info');
      } else {
        report(
          i,
          op.length,
          'command.extra-commands',
          `Only the first command is analysed; everything from ${q(op)} on is ignored.`,
          op === '|' ? 'info' : 'warning',
        );
      }
      stopped = true;
      break;
    }
    if (c === '<' || c === '>') {
      // An all-digit unquoted word just before is the descriptor number (2>&1).
      const wb: WordBuilder | null = cur;
      if (wb && !wb.quoted && !redirectPending && wb.len <= 10 && /^\d+$/.test(wb.parts.join(''))) cur = null;
      else finishWord(i);
      let len = 1;
      const n1 = text[i + 1];
      if (c === '<' && n1 === '<') {
        report(i, 2, 'command.extra-commands', 'A here-document (<<) follows; only the words before it are analysed.', 'warning');
        stopped = true;
        break;
      }
      if (n1 === '>' || n1 === '&' || n1 === '|' || (c === '<' && n1 === '>')) len = 2;
      report(i, len, 'command.redirection-ignored', 'The shell redirection here does not change what ssh does; it is ignored.', 'info');
      i += len;
      redirectPending = true;
      continue;
    }
    // A word character.
    if (cur === null) cur = startWord(i);
    const w: WordBuilder = cur;
    if (c === "'") {
      w.quoted = true;
      const close = text.indexOf("'", i + 1);
      if (close === -1) {
        report(
          i,
          1,
          'command.unterminated-quote',
          'This single quote is never closed; the shell would wait for more input. The rest of the text is read as quoted.',
          'error',
        );
        push(w, text.slice(i + 1), i + 1);
        i = n;
        continue;
      }
      push(w, text.slice(i + 1, close), i + 1);
      i = close + 1;
      continue;
    }
    if (c === '"') {
      w.quoted = true;
      let k = i + 1;
      let runStart = k;
      let closed = false;
      while (k < n) {
        const ch = text[k] as string;
        if (ch === '"') {
          closed = true;
          break;
        }
        if (ch === '\\' && k + 1 < n && '$`"\\\n'.includes(text[k + 1] as string)) {
          push(w, text.slice(runStart, k), runStart);
          if (text[k + 1] !== '\n') push(w, text[k + 1] as string, k + 1);
          k += 2;
          runStart = k;
          continue;
        }
        if (ch === '$' || ch === '`') w.expansion = true;
        k++;
      }
      push(w, text.slice(runStart, k), runStart);
      if (!closed) {
        report(
          i,
          1,
          'command.unterminated-quote',
          'This double quote is never closed; the shell would wait for more input. The rest of the text is read as quoted.',
          'error',
        );
        i = n;
        continue;
      }
      i = k + 1;
      continue;
    }
    if (c === '\\') {
      w.quoted = true;
      if (i + 1 < n) {
        push(w, text[i + 1] as string, i + 1);
        i += 2;
      } else {
        push(w, '\\', i);
        i++;
      }
      continue;
    }
    // a run of plain characters
    let j = i;
    while (j < n && !SPECIAL.has(text[j] as string)) {
      const ch = text[j] as string;
      if (ch === '$' || ch === '`') w.expansion = true;
      else if (ch === '*' || ch === '?' || ch === '[') w.glob = true;
      j++;
    }
    push(w, text.slice(i, j), i);
    i = j;
  }
  if (!stopped) finishWord(n);
  for (const w of words) {
    if (w.expansion && !reportedExpansion) {
      reportedExpansion = true;
      report(
        w.start,
        w.end - w.start,
        'command.shell-expansion',
        `${q(w.value)} contains a shell expansion ($ or \`); it is read literally here, while your shell would replace it.`,
        'info',
      );
    }
  }
  return { words, promptStripped };
}

// ---------------------------------------------------------------------------------------------
// getopt and ssh.c's main()

/** ssh 9.2's getopt string (ssh.c main()); -P became -P tag only in 9.4. */
export const SSH_OPTSTRING = '1246ab:c:e:fgi:kl:m:no:p:qstvxAB:CD:E:F:GI:J:KL:MNO:PQ:R:S:TVw:W:XYy';
const AUTOSSH_OPTSTRING = 'M:V1246ab:c:e:fgi:kl:m:no:p:qstvw:xyACD:E:F:GI:MJKL:NO:PQ:R:S:TW:XYB:';

function takesArg(optstring: string, ch: string): boolean | null {
  const idx = optstring.indexOf(ch);
  if (idx === -1 || ch === ':') return null;
  return optstring[idx + 1] === ':';
}

function emptyCommand(program: string): SshCommand {
  return {
    program,
    destination: null,
    user: null,
    host: null,
    port: null,
    forwards: [],
    stdioForward: null,
    jump: null,
    tunnel: null,
    noCommand: false,
    noTty: false,
    forceTty: 0,
    stdinNull: false,
    background: false,
    quiet: false,
    verbose: 0,
    x11: 'none',
    agent: false,
    addressFamily: 'any',
    gatewayPorts: false,
    exitOnForwardFailure: false,
    identityFiles: [],
    configFile: null,
    options: {},
    controlMaster: null,
    controlPath: null,
    controlCommand: null,
    logLevel: null,
    remoteCommand: [],
    autossh: null,
    mode: 'connect',
    exitLines: null,
    setOnCommandLine: [],
    clearAllForwardings: null,
    proxyCommand: null,
    hostName: null,
  };
}

/** Rewrites autossh's arguments into the ssh arguments it runs (autossh.c main()). */
function autosshToSsh(words: Word[], diags: DiagList, index: LineIndex, cmd: SshCommand): Word[] {
  const report = (w: Word, code: string, msg: string, sev: 'error' | 'warning' | 'info'): void => {
    const p = index.position(w.start);
    diags.add(p.line, p.column, w.end - w.start, code, msg, sev);
  };
  // Find -M with autossh's own getopt (GNU, permuting): scan every word before the first "--".
  let monitor: { value: string; word: Word } | null = null;
  for (let k = 0; k < words.length; k++) {
    const w = words[k] as Word;
    if (w.value === '--') break;
    if (w.value.startsWith('-M')) {
      const val = w.value.length > 2 ? w.value.slice(2) : words[k + 1]?.value;
      if (val !== undefined) monitor = { value: val, word: w };
    }
  }
  let wp = 0;
  let echo: number | null = null;
  if (!monitor) {
    const first = words[0];
    const p = first ? index.position(first.start) : { line: 1, column: 1 };
    diags.add(
      p.line,
      p.column,
      0,
      'command.autossh-no-monitor',
      'autossh needs -M port (or the AUTOSSH_PORT environment variable); without it autossh prints its usage and exits. Use -M 0 to turn monitoring off.',
      'warning',
    );
  } else {
    const [wpText, echoText] = monitor.value.split(':', 2) as [string, string | undefined];
    const parsed = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.exec(wpText);
    if (!parsed) {
      report(monitor.word, 'command.autossh-bad-port', `autossh: invalid port ${q(wpText)}.`, 'error');
    } else {
      wp = Number(wpText.startsWith('0x') || wpText.startsWith('0X') ? parseInt(wpText, 16) : /^0[0-7]+$/.test(wpText) ? parseInt(wpText, 8) : Number(wpText));
      if (wp > 65534) {
        report(monitor.word, 'command.autossh-bad-port', `autossh: monitor port (${wp}) out of range.`, 'error');
        wp = 0;
      }
    }
    if (echoText !== undefined) {
      const e = /^[1-9]\d*$/.test(echoText) ? Number(echoText) : 0;
      if (e === 0) report(monitor.word, 'command.autossh-bad-port', `autossh: invalid echo port "${echoText}".`, 'error');
      else echo = e;
    }
    cmd.autossh = { monitorPort: wp, echoPort: echo };
  }
  const out: Word[] = [];
  let sawArgStop = false;
  let doneFwds = false;
  const synth = (value: string, near: Word): Word => ({
    value,
    segs: null,
    start: near.start,
    end: near.end,
    quoted: false,
    glob: false,
    expansion: false,
    synthetic: true,
  });
  for (let k = 0; k < words.length; k++) {
    const w = words[k] as Word;
    if (w.value.startsWith('--')) {
      if (!sawArgStop) {
        sawArgStop = true;
        continue;
      }
    }
    if (!sawArgStop && w.value.startsWith('-M')) {
      if (w.value.length === 2) k++;
      if (wp && !doneFwds) {
        out.push(synth('-L', w), synth(`${wp}:127.0.0.1:${echo ?? wp}`, w));
        if (echo === null) out.push(synth('-R', w), synth(`${wp}:127.0.0.1:${wp + 1}`, w));
        doneFwds = true;
      }
      continue;
    }
    // strip -f from option words as autossh's strip_arg() does (autossh backgrounds itself)
    if (w.value.startsWith('-') && w.value.length > 1) {
      const chars = w.value.split('');
      let j = 0;
      while (j < chars.length) {
        const ch = chars[j] as string;
        const idx = AUTOSSH_OPTSTRING.indexOf(ch);
        if (idx !== -1 && AUTOSSH_OPTSTRING[idx + 1] === ':') break;
        if (ch === 'f') {
          chars.splice(j, 1);
          cmd.background = true;
          // strip_arg's loop steps past the character that moved into this place
        }
        j++;
      }
      const val = chars.join('');
      if (val === '-') continue;
      if (val !== w.value) {
        out.push({ ...w, value: val, segs: null, synthetic: true });
        continue;
      }
    }
    out.push(w);
  }
  return out;
}

/**
 * Parses an ssh command line (ssh, /usr/bin/ssh, autossh, or just the options) as ssh 9.2 reads
 * it. Never throws.
 */
export function parseSshCommand(text: string): ParseResult<SshCommand> {
  const diags = new DiagList('command');
  try {
    return parseSshCommandInner(typeof text === 'string' ? text : '', diags);
  } catch (e) {
    diags.add(1, 1, 0, 'command.internal-error', `The command could not be analysed (${e instanceof Error ? e.message : String(e)}).`, 'error');
    return { value: emptyCommand('ssh'), diagnostics: diags.finish() };
  }
}

function parseSshCommandInner(input: string, diags: DiagList): ParseResult<SshCommand> {
  const src = capInput(input, diags, 'command');
  const index = new LineIndex(src);
  const { words: allWords } = shellWords(src, diags, index);
  const posOf = (w: Word, i = 0): { line: number; column: number } => index.position(wordOffset(w, i));
  const reportWord = (w: Word, code: string, msg: string, sev: 'error' | 'warning' | 'info' = 'error', from = 0, len?: number): void => {
    const p = posOf(w, from);
    const endOff = len !== undefined ? wordOffset(w, Math.max(from, from + len - 1)) + 1 : w.end;
    diags.add(p.line, p.column, Math.max(0, endOff - wordOffset(w, from)), code, msg, sev);
  };

  let words = allWords;
  // Environment assignments and wrappers before the program.
  let k0 = 0;
  while (k0 < words.length) {
    const v = (words[k0] as Word).value;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) {
      k0++;
      continue;
    }
    if (v === 'sudo' || v === 'exec' || v === 'nohup' || v === 'time' || v === 'command' || v === 'env') {
      k0++;
      while (k0 < words.length && (words[k0] as Word).value.startsWith('-') && (words[k0] as Word).value !== '-') {
        const opt = (words[k0] as Word).value;
        k0++;
        if (v === 'sudo' && /^-[ugpCDhRrTt]$/.test(opt)) k0++;
      }
      continue;
    }
    break;
  }
  words = words.slice(k0);
  if (words.length === 0) {
    diags.add(1, 1, 0, 'command.empty', 'There is no command: paste the ssh command you ran, e.g. ssh -N -L 8080:localhost:80 user@server.', 'error');
    const cmd = emptyCommand('ssh');
    cmd.exitLines = [...SSH_USAGE];
    return { value: cmd, diagnostics: diags.finish() };
  }
  const first = words[0] as Word;
  const base = first.value.replace(/^.*[/\\]/, '');
  let program = 'ssh';
  let args: Word[];
  if (first.value.startsWith('-')) {
    program = 'ssh';
    args = words;
    diags.add(
      posOf(first).line,
      posOf(first).column,
      0,
      'command.no-program',
      'The command starts with an option; it is read as the arguments of ssh.',
      'info',
    );
  } else if (PROGRAMS.includes(base.toLowerCase()) && !/(^|\/)(init\.d|rc\.d|sv|systemd)\//.test(first.value)) {
    program = base.toLowerCase() === 'autossh' ? 'autossh' : 'ssh';
    args = words.slice(1);
  } else {
    const cmd = emptyCommand(first.value);
    reportWord(
      first,
      'command.not-ssh',
      `${q(first.value)} is not ssh: this tool reads ssh command lines such as "ssh -N -L 8080:localhost:80 user@server"${base === 'scp' || base === 'sftp' || base === 'rsync' ? ` (${base} has no -L/-R/-D options)` : /(init\.d|rc\.d)\//.test(first.value) || base === 'service' || base === 'systemctl' ? ' (this one starts or stops the ssh server)' : ''}.`,
      'error',
    );
    return { value: cmd, diagnostics: diags.finish() };
  }
  const cmd = emptyCommand(program);
  if (program === 'autossh') args = autosshToSsh(args, diags, index, cmd);

  const state = emptyClientState();
  let exitLines: string[] | null = null;
  const fatal = (lines: string[]): void => {
    if (exitLines === null) exitLines = lines;
  };
  const setOn = new Set<string>();
  let x11: boolean | null = null;
  let x11Trusted: boolean | null = null;
  let agent: boolean | null = null;
  let af: 'any' | 'inet' | 'inet6' | null = null;
  let gateway: boolean | null = null;
  let logLevel: string | null = null;
  let debugFlag = 0;
  let controlMaster: ControlMaster | null = null;
  let controlPath: string | null = null;
  let requestTty: 'yes' | 'no' | 'force' | 'auto' | null = null;
  let tty = 0;
  let sessionType: 'none' | 'subsystem' | 'default' | null = null;
  let stdinNull = false;
  let fork = false;
  let tunDev: { local: string; remote: string } | null = null;
  let stdio: { host: string; port: number } | null = null;
  let mux: string | null = null;
  let jump: string | null = null;
  let hostWord: Word | null = null;
  let optTerminated = false;
  const globWarned = new Set<Word>();

  const handleForward = (flag: 'L' | 'R' | 'D', w: Word, from: number, spec: string): void => {
    const kind = flag === 'L' ? 'local' : flag === 'R' ? 'remote' : 'dynamic';
    if (spec.includes('${')) {
      reportWord(
        w,
        'command.env-in-forward',
        'ssh expands $' + '{…} environment variables in forwarding specifications; the value is not known here and is read literally.',
        'warning',
        from,
      );
    }
    const res = parseForwardSpec(spec, kind, 'command');
    if ('error' in res) {
      const label = kind === 'local' ? 'local' : kind === 'remote' ? 'remote' : 'dynamic';
      reportWord(w, 'command.bad-forward', `ssh rejects this: "Bad ${label} forwarding specification '${spec}'" — ${res.error}.`, 'error', from);
      fatal([`Bad ${KIND_WORD[kind]} forwarding specification '${spec}'`]);
      return;
    }
    const fwd = res.forward;
    if (w.synthetic && !w.value.startsWith('-')) fwd.implicit = 'autossh-monitor';
    for (const warn of forwardWarnings(fwd)) {
      let off = from;
      if (warn.code === 'command.user-in-forward' && fwd.connectHost) {
        const idx = spec.indexOf(fwd.connectHost);
        if (idx !== -1) {
          reportWord(w, warn.code, warn.message, 'warning', from + idx, fwd.connectHost.length);
          continue;
        }
      }
      if (warn.code === 'command.leading-zero-address' && fwd.connectHost) {
        const idx = spec.indexOf(fwd.connectHost);
        if (idx !== -1) off = from + idx;
        reportWord(w, warn.code, warn.message, 'warning', off, fwd.connectHost.length);
        continue;
      }
      reportWord(w, warn.code, warn.message, 'warning', off);
    }
    addForward(state, fwd);
  };

  const handleO = (w: Word, from: number, optarg: string): void => {
    const split = splitKeyword(optarg);
    if (!split) {
      reportWord(w, 'command.bad-option', `-o needs an option such as -o ExitOnForwardFailure=yes.`, 'error', from);
      fatal(['command-line line 0: no argument after keyword ""']);
      return;
    }
    const keyword = asciiLower(split.keyword.value);
    if (split.rest === null) {
      reportWord(w, 'command.bad-option', `-o ${split.keyword.value} has no value; write -o ${split.keyword.value}=value.`, 'error', from);
      fatal([`command-line line 0: no argument after keyword "${keyword}"`]);
      return;
    }
    const cls = classifyClientKeyword(keyword, state.ignoreUnknown);
    if (cls === 'unknown') {
      reportWord(
        w,
        'command.unknown-option',
        `ssh does not know the option ${q(split.keyword.value)} and refuses to run ("command-line: line 0: Bad configuration option: ${keyword}").`,
        'error',
        from + split.keyword.start,
        split.keyword.end - split.keyword.start,
      );
      fatal([`command-line: line 0: Bad configuration option: ${keyword}`]);
      return;
    }
    if (keyword === 'host' || keyword === 'match' || keyword === 'include') {
      const nm = keyword === 'include' ? 'Include' : 'Host';
      reportWord(w, 'command.bad-option', `${clientKeywordName(keyword)} cannot be given with -o; it belongs in a config file.`, 'error', from);
      fatal([`${nm} directive not supported as a command-line option`]);
      return;
    }
    if (cls === 'unsupported') {
      reportWord(w, 'command.unsupported-option', `ssh no longer supports ${split.keyword.value} and ignores it.`, 'warning', from);
    }
    const argv = argvSplit(split.rest, split.restStart, true);
    if (argv.error) {
      reportWord(w, 'command.bad-option', `The quotes in -o ${split.keyword.value} are not balanced.`, 'error', from);
      fatal(['command-line line 0: invalid quotes']);
      return;
    }
    if (!(keyword in cmd.options)) cmd.options[keyword] = split.rest;
    const ok = applyClientOption(state, keyword, split.keyword, argv.args, split.rest, {
      active: true,
      origin: 'command',
      report: (code, message, severity, offset, length) => {
        reportWord(w, `command.${code}`, message, severity, from + offset, length);
      },
    });
    if (!ok) {
      fatal([`command-line line 0: ${keyword} value rejected`]);
      return;
    }
    setOn.add(keyword);
    // Options that the flags below also touch.
    if (keyword === 'addressfamily' && af === null && state.addressFamily !== null) af = state.addressFamily;
    if (keyword === 'gatewayports' && gateway === null && state.gatewayPorts !== null) gateway = state.gatewayPorts;
    if (keyword === 'loglevel' && logLevel === null && state.logLevel !== null) logLevel = state.logLevel;
    if (keyword === 'controlmaster' && controlMaster === null && state.controlMaster !== null) controlMaster = state.controlMaster;
    if (keyword === 'controlpath' && controlPath === null && state.controlPath !== null) controlPath = state.controlPath;
    if (keyword === 'forwardagent' && agent === null && state.forwardAgent !== null) agent = state.forwardAgent;
    if (keyword === 'forwardx11' && x11 === null && state.forwardX11 !== null) x11 = state.forwardX11;
    if (keyword === 'forwardx11trusted' && x11Trusted === null && state.forwardX11Trusted !== null) x11Trusted = state.forwardX11Trusted;
    if (keyword === 'requesttty' && requestTty === null && state.requestTty !== null) requestTty = state.requestTty;
    if (keyword === 'sessiontype' && sessionType === null && state.sessionType !== null) sessionType = state.sessionType;
    if (keyword === 'proxyjump' && state.proxyJump !== null) jump = state.proxyJump;
    if (keyword === 'tunneldevice' && tunDev === null && state.tunnelDevice !== null) tunDev = state.tunnelDevice;
    if (keyword === 'stdinnull' && state.stdinNull) stdinNull = true;
    if (keyword === 'forkafterauthentication' && state.forkAfterAuthentication) fork = true;
  };

  const handleOpt = (ch: string, w: Word, optarg: string | null, argWord: Word | null, argFrom: number): void => {
    const aw = argWord ?? w;
    switch (ch) {
      case '1':
        reportWord(w, 'command.protocol-1', 'ssh no longer supports protocol version 1 (-1) and exits.', 'error');
        fatal(['SSH protocol v.1 is no longer supported']);
        break;
      case '2':
        break;
      case '4':
        af = 'inet';
        setOn.add('addressfamily');
        break;
      case '6':
        af = 'inet6';
        setOn.add('addressfamily');
        break;
      case 'n':
        stdinNull = true;
        break;
      case 'f':
        fork = true;
        stdinNull = true;
        break;
      case 'x':
        x11 = false;
        break;
      case 'X':
        x11 = true;
        break;
      case 'Y':
        x11 = true;
        x11Trusted = true;
        break;
      case 'g':
        gateway = true;
        setOn.add('gatewayports');
        break;
      case 'G':
        cmd.mode = 'print-config';
        break;
      case 'V':
        if (cmd.mode === 'connect') cmd.mode = 'version';
        break;
      case 'Q':
        if (cmd.mode === 'connect') cmd.mode = 'query';
        break;
      case 'O': {
        const v = optarg ?? '';
        if (stdio) {
          reportWord(aw, 'command.bad-argument', '-O cannot be combined with -W.', 'error', argFrom);
          fatal(['Cannot specify multiplexing command with -W']);
        } else if (mux !== null) {
          reportWord(aw, 'command.bad-argument', 'Only one -O command can be given.', 'error', argFrom);
          fatal(['Multiplexing command already specified']);
        } else if (!['check', 'forward', 'exit', 'stop', 'cancel', 'proxy'].includes(v)) {
          reportWord(aw, 'command.bad-argument', `-O takes check, forward, cancel, exit, stop or proxy, not ${q(v)}.`, 'error', argFrom);
          fatal(['Invalid multiplex command.']);
        } else mux = v;
        break;
      }
      case 'a':
        agent = false;
        break;
      case 'A':
        agent = true;
        break;
      case 'i':
        if (optarg !== null) state.identityFiles.push(optarg);
        break;
      case 'J':
        if (jump !== null) {
          reportWord(aw, 'command.bad-argument', 'Only one -J can be given; list several jump hosts with commas: -J first,second.', 'error', argFrom);
          fatal(['Only a single -J option is permitted (use commas to separate multiple jump hops)']);
          break;
        }
        if (state.proxyCommand !== null) {
          reportWord(aw, 'command.bad-argument', '-J cannot be combined with a ProxyCommand.', 'error', argFrom);
          fatal(['Cannot specify -J with ProxyCommand']);
          break;
        }
        if (!validJump(optarg ?? '')) {
          reportWord(
            aw,
            'command.bad-argument',
            `Invalid -J argument ${q(optarg ?? '')}: write [user@]host[:port], several separated by commas.`,
            'error',
            argFrom,
          );
          fatal(['Invalid -J argument']);
          break;
        }
        jump = optarg;
        state.proxyJump = optarg;
        setOn.add('proxyjump');
        break;
      case 't':
        tty++;
        break;
      case 'v':
        cmd.verbose++;
        if (debugFlag === 0) {
          debugFlag = 1;
          logLevel = 'DEBUG1';
        } else if (logLevel === 'DEBUG1' || logLevel === 'DEBUG2') {
          logLevel = logLevel === 'DEBUG1' ? 'DEBUG2' : 'DEBUG3';
        } else if (logLevel !== null && ['QUIET', 'FATAL', 'ERROR', 'INFO', 'VERBOSE'].includes(logLevel)) {
          logLevel = LOG_LEVELS[LOG_LEVELS.indexOf(logLevel) + 1] ?? logLevel;
          if (logLevel === 'DEBUG') logLevel = 'DEBUG1';
        }
        setOn.add('loglevel');
        break;
      case 'w': {
        const dev = parseTunDevice(optarg ?? '');
        if (!dev) {
          reportWord(
            aw,
            'command.bad-argument',
            `Bad tun device ${q(optarg ?? '')}: -w takes local_tun[:remote_tun], each a number or "any".`,
            'error',
            argFrom,
          );
          fatal([`Bad tun device '${optarg ?? ''}'`]);
          break;
        }
        tunDev = dev;
        // ssh.c: -w sets Tunnel to its default (point-to-point) unless it is already set
        if (state.tunnel === null) state.tunnel = 'point-to-point';
        setOn.add('tunneldevice');
        break;
      }
      case 'W': {
        if (stdio) {
          reportWord(aw, 'command.bad-argument', 'Only one -W can be given.', 'error', argFrom);
          fatal(['stdio forward already specified']);
          break;
        }
        if (mux !== null) {
          reportWord(aw, 'command.bad-argument', '-W cannot be combined with -O.', 'error', argFrom);
          fatal(['Cannot specify stdio forward with -O']);
          break;
        }
        const raw = parseForwardRaw(optarg ?? '', true, false);
        if (!raw || raw.listenHost === null) {
          if (!raw) {
            reportWord(
              aw,
              'command.bad-stdio-forward',
              `ssh rejects this: "Bad stdio forwarding specification '${optarg ?? ''}'" — -W takes host:port, e.g. -W db.internal:5432.`,
              'error',
              argFrom,
            );
            fatal([`Bad stdio forwarding specification '${optarg ?? ''}'`]);
          } else {
            reportWord(aw, 'command.bad-stdio-forward', `-W ${q(optarg ?? '')} names no host; write -W host:port.`, 'error', argFrom);
          }
          break;
        }
        stdio = { host: raw.listenHost, port: raw.listenPort };
        requestTty = 'no';
        sessionType = 'none';
        break;
      }
      case 'q':
        logLevel = 'QUIET';
        cmd.quiet = true;
        setOn.add('loglevel');
        break;
      case 'e': {
        const v = optarg ?? '';
        const okEsc = (v[0] === '^' && v.length === 2 && v.charCodeAt(1) >= 64 && v.charCodeAt(1) < 128) || v.length === 1 || v === 'none';
        if (!okEsc) {
          reportWord(aw, 'command.bad-argument', `Bad escape character ${q(v)}: -e takes one character, ^X, or none.`, 'error', argFrom);
          fatal([`Bad escape character '${v}'.`]);
        }
        break;
      }
      case 'c':
      case 'm':
      case 'k':
      case 'K':
      case 'I':
      case 'P':
      case 'C':
      case 'b':
      case 'B':
      case 'E':
      case 'y':
        break;
      case 'M':
        controlMaster = controlMaster === 'yes' ? 'ask' : 'yes';
        setOn.add('controlmaster');
        break;
      case 'p': {
        if (state.port === null) {
          const p = a2port(optarg ?? '');
          if (p <= 0) {
            reportWord(
              aw,
              'command.bad-port',
              `Bad port ${q(optarg ?? '')}: -p takes a number from 1 to 65535 (or a service name such as ssh).`,
              'error',
              argFrom,
            );
            fatal([`Bad port '${optarg ?? ''}'`]);
            break;
          }
          state.port = p;
          setOn.add('port');
        }
        break;
      }
      case 'l':
        if (state.user === null) {
          state.user = optarg;
          setOn.add('user');
        }
        break;
      case 'L':
      case 'R':
      case 'D':
        handleForward(ch, aw, argFrom, optarg ?? '');
        break;
      case 'N':
        if (sessionType !== null && sessionType !== 'none') {
          reportWord(w, 'command.bad-argument', '-N cannot be combined with -s or SessionType.', 'error');
          fatal(['Cannot specify -N with -s/SessionType']);
        }
        sessionType = 'none';
        requestTty = 'no';
        cmd.noCommand = true;
        break;
      case 'T':
        requestTty = 'no';
        break;
      case 'o':
        handleO(aw, argFrom, optarg ?? '');
        break;
      case 's':
        if (sessionType !== null && sessionType !== 'subsystem') {
          reportWord(w, 'command.bad-argument', '-s cannot be combined with -N or SessionType.', 'error');
          fatal(['Cannot specify -s with -N/SessionType']);
        }
        sessionType = 'subsystem';
        break;
      case 'S':
        controlPath = optarg;
        setOn.add('controlpath');
        break;
      case 'F':
        cmd.configFile = optarg;
        break;
      default:
        break;
    }
  };

  // getopt over args; re-run after the destination (ssh.c "goto again").
  let idx = 0;
  const runGetopt = (): void => {
    while (idx < args.length) {
      const w = args[idx] as Word;
      const v = w.value;
      if (v === '--') {
        idx++;
        optTerminated = true;
        return;
      }
      if (!v.startsWith('-') || v === '-') return;
      idx++;
      for (let p = 1; p < v.length; p++) {
        const ch = v[p] as string;
        const ta = takesArg(SSH_OPTSTRING, ch);
        if (ta === null) {
          reportWord(w, 'command.unknown-option', `ssh has no option -${ch} ("unknown option -- ${ch}") and exits with its usage text.`, 'error', p, 1);
          fatal([`unknown option -- ${ch}`, ...SSH_USAGE]);
          continue;
        }
        if (!ta) {
          handleOpt(ch, w, null, null, p);
          continue;
        }
        if (p + 1 < v.length) {
          handleOpt(ch, w, v.slice(p + 1), w, p + 1);
        } else if (idx < args.length) {
          const aw = args[idx] as Word;
          idx++;
          if (aw.glob && !globWarned.has(aw) && !aw.synthetic) {
            globWarned.add(aw);
            reportWord(
              aw,
              'command.unquoted-glob',
              `The shell may replace ${q(aw.value)} with matching file names because of * ? or [ ]; quote it ('${aw.value}') to be safe.`,
              'info',
            );
          }
          handleOpt(ch, w, aw.value, aw, 0);
        } else {
          reportWord(
            w,
            'command.missing-argument',
            `-${ch} needs a value after it (ssh: "option requires an argument -- ${ch}")${ch === 'L' ? ', e.g. -L 8080:localhost:80' : ch === 'D' ? ', e.g. -D 1080' : ch === 'R' ? ', e.g. -R 9000:localhost:22' : ''}.`,
            'error',
            p,
            1,
          );
          fatal([`option requires an argument -- ${ch}`, ...SSH_USAGE]);
        }
        break;
      }
    }
  };
  const handleDestination = (hw: Word): void => {
    const dest = hw.value;
    cmd.destination = dest;
    const uri = parseSshUri(dest);
    if (uri === 'invalid') {
      reportWord(hw, 'command.bad-destination', `${q(dest)} is not a valid ssh:// address; write ssh://[user@]host[:port].`, 'error');
      fatal([...SSH_USAGE]);
    } else if (uri !== null) {
      if (state.user === null && uri.user !== null) state.user = uri.user;
      if (state.port === null && uri.port !== null) state.port = uri.port;
      cmd.host = uri.host;
    } else {
      const at = dest.lastIndexOf('@');
      if (at === 0) {
        reportWord(hw, 'command.bad-destination', `${q(dest)} has nothing before the @; write user@host.`, 'error');
        fatal([...SSH_USAGE]);
        cmd.host = dest.slice(1);
      } else if (at > 0) {
        if (state.user === null) state.user = dest.slice(0, at);
        cmd.host = dest.slice(at + 1);
      } else {
        cmd.host = dest;
      }
      if (cmd.host === '') {
        reportWord(hw, 'command.empty-host', `${q(dest)} names no host after the @, so ssh cannot connect ("Could not resolve hostname").`, 'error');
      } else if (/^\[[A-Za-z][\w -]*\]$/.test(cmd.host) || /^<.*>$/.test(cmd.host)) {
        reportWord(hw, 'command.placeholder', `${q(cmd.host)} looks like a placeholder copied from documentation; write the real server name.`, 'warning');
      }
    }
    if (hw.glob && !hw.synthetic && !globWarned.has(hw)) {
      reportWord(
        hw,
        'command.unquoted-glob',
        `The shell may replace ${q(hw.value)} with matching file names because of * ? or [ ]; quote it to be safe.`,
        'info',
      );
    }
  };

  runGetopt();
  let rest: Word[] = [];
  if (idx < args.length) {
    hostWord = args[idx] as Word;
    idx++;
    // ssh.c takes the user and port from the destination before reading the options after it
    handleDestination(hostWord);
    if (idx < args.length && !optTerminated) runGetopt();
    rest = args.slice(idx);
  }

  if (!hostWord && cmd.mode === 'connect') {
    const endPos = index.position(src.trimEnd().length);
    diags.add(
      endPos.line,
      endPos.column,
      0,
      'command.no-destination',
      'The command names no server to connect to; add user@host at the end, e.g. ssh -N -L 8080:localhost:80 user@server.',
      'error',
    );
    fatal([...SSH_USAGE]);
  }
  cmd.remoteCommand = rest.map((w) => w.value);
  if (rest.length > 0) {
    const misplaced = rest.find((w) => /^-[LRDWNwJ]/.test(w.value));
    if (misplaced) {
      reportWord(
        misplaced,
        'command.option-after-command',
        `${q(misplaced.value)} comes after the remote command ${q(rest[0]?.value ?? '')}, so ssh sends it to the server as part of that command instead of reading it as an option. Put options before the command.`,
        'warning',
      );
    }
  }

  // Fill the result.
  cmd.user = state.user;
  cmd.port = state.port;
  cmd.forwards = state.forwards;
  cmd.stdioForward = stdio;
  cmd.jump = jump;
  cmd.proxyCommand = state.proxyCommand;
  cmd.hostName = state.hostName;
  const tunMode = state.tunnel;
  if (tunMode !== null && tunMode !== 'no') {
    const dev = tunDev ?? { local: 'any', remote: 'any' };
    cmd.tunnel = { mode: tunMode === 'ethernet' ? 'ethernet' : 'point-to-point', local: dev.local, remote: dev.remote };
  }
  if (tunMode !== null) setOn.add('tunnel');
  if (sessionType === null && state.sessionType !== null) sessionType = state.sessionType;
  cmd.noCommand = sessionType === 'none';
  if (requestTty === null && state.requestTty !== null) requestTty = state.requestTty;
  cmd.noTty = requestTty === 'no';
  cmd.forceTty = tty;
  cmd.stdinNull = stdinNull || state.stdinNull === true;
  cmd.background = cmd.background || fork || state.forkAfterAuthentication === true;
  cmd.x11 = x11 ? (x11Trusted ? 'trusted' : 'untrusted') : 'none';
  if (x11 !== null) setOn.add('forwardx11');
  if (x11Trusted !== null) setOn.add('forwardx11trusted');
  cmd.agent = agent ?? false;
  if (agent !== null) setOn.add('forwardagent');
  cmd.addressFamily = af ?? 'any';
  cmd.gatewayPorts = gateway ?? false;
  cmd.exitOnForwardFailure = state.exitOnForwardFailure ?? stdio !== null;
  cmd.clearAllForwardings = state.clearAllForwardings;
  cmd.identityFiles = state.identityFiles;
  cmd.controlMaster = controlMaster;
  cmd.controlPath = controlPath;
  cmd.controlCommand = mux;
  cmd.logLevel = logLevel;
  cmd.setOnCommandLine = [...setOn].sort();
  cmd.exitLines = exitLines;
  if (cmd.mode === 'print-config') {
    diags.add(1, 1, 0, 'command.no-connect', 'With -G ssh only prints its configuration and does not connect.', 'info');
  } else if (cmd.mode === 'version' || cmd.mode === 'query') {
    diags.add(1, 1, 0, 'command.no-connect', `With ${cmd.mode === 'version' ? '-V' : '-Q'} ssh prints information and exits without connecting.`, 'info');
  }
  return { value: cmd, diagnostics: sortDiagnostics(diags.finish()) };
}

function sortDiagnostics(d: Diagnostic[]): Diagnostic[] {
  return d
    .map((x, i) => ({ x, i }))
    .sort((a, b) => a.x.line - b.x.line || a.x.column - b.x.column || a.i - b.i)
    .map((e) => e.x);
}
