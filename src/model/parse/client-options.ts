/**
 * Client options as readconf.c (OpenSSH 9.2) reads them, shared by `ssh -o Keyword=value` and
 * ~/.ssh/config: which keywords exist, the state the model follows (first value wins), and one
 * handler per keyword that checks the value and stores it. process_config_line() in one table.
 */
import type { ClientOptionCode } from '../diagnostics.ts';
import { a2port, asciiLower, matchPatternList, q, type Tok } from './common.ts';
import { explainBadForward, type Forward, forwardKey, forwardWarnings, parseForwardRaw, parseTunDevice, rawToForward, validJump } from './forward-spec.ts';

export type ControlMaster = 'no' | 'yes' | 'ask' | 'auto' | 'autoask';

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
export const LOG_LEVELS = ['QUIET', 'FATAL', 'ERROR', 'INFO', 'VERBOSE', 'DEBUG', 'DEBUG1', 'DEBUG2', 'DEBUG3'];
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

/** Adds a forward unless an identical one is there (ssh's add_local_forward/add_remote_forward). */
export function addForward(state: ClientState, fwd: Forward): boolean {
  const key = forwardKey(fwd);
  if (state.forwardKeys.has(key)) return false;
  state.forwardKeys.add(key);
  state.forwards.push(fwd);
  return true;
}

/** Context for applying one option line. */
export interface OptionContext {
  /** Whether the line applies (inside a matching Host/Match block, or the command line). */
  active: boolean;
  origin: 'command' | 'config';
  line?: number;
  /** Report a problem: offset is relative to the start of the option text. */
  report: (code: ClientOptionCode, message: string, severity: 'error' | 'warning' | 'info', offset: number, length: number) => void;
}

/** One option line being applied: what the handlers below read and report through. */
interface OptionCall {
  state: ClientState;
  keyword: string;
  /** The canonical spelling, for messages. */
  name: string;
  kwTok: Tok;
  args: Tok[];
  rest: string;
  ctx: OptionContext;
}

/** What a handler decided: how many arguments the keyword took, or false when ssh rejects the line. */
type OptionVerdict = number | false;
type OptionHandler = (c: OptionCall) => OptionVerdict;

/** A table's own entry for a key (never one of Object's properties such as 'constructor'). */
function lookup<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Reports a bad value (at a token, or at the keyword) and rejects the line. */
function rejectValue(c: OptionCall, message: string, at?: Tok): false {
  const t = at ?? c.kwTok;
  c.ctx.report('bad-value', message, 'error', t.start, t.end - t.start);
  return false;
}

/** The first argument, or null after reporting that the keyword needs a value. */
function requiredArg(c: OptionCall): Tok | null {
  const first = c.args[0];
  if (!first || first.value === '') {
    rejectValue(c, `${c.name} needs a value.`);
    return null;
  }
  return first;
}

/** The rest of the line after the keyword, as the keywords that take a whole command keep it. */
function wholeRest(c: OptionCall): string {
  return c.rest.replace(/^[ \t\r\n=]+/, '');
}

/** A keyword with one free-form value that is kept when first set. */
function firstString(set: (st: ClientState, v: string) => void): OptionHandler {
  return (c) => {
    const a = requiredArg(c);
    if (!a) return false;
    if (c.ctx.active) set(c.state, a.value);
    return 1;
  };
}

/** A keyword whose value is one of a fixed table (case-insensitive); `expect` names the choices. */
function choice<T>(table: Record<string, T>, expect: string, set: (st: ClientState, v: T) => void): OptionHandler {
  return (c) => {
    const a = requiredArg(c);
    if (!a) return false;
    const v = lookup(table, asciiLower(a.value));
    if (v === undefined) return rejectValue(c, `${c.name} accepts ${expect}, not ${q(a.value)}.`, a);
    if (c.ctx.active) set(c.state, v);
    return 1;
  };
}

type FlagField = 'gatewayPorts' | 'exitOnForwardFailure' | 'clearAllForwardings' | 'forwardX11' | 'forwardX11Trusted' | 'stdinNull' | 'forkAfterAuthentication';

/** A yes/no keyword stored in `field` when first set. */
function yesNo(field: FlagField): OptionHandler {
  return (c) => {
    const a = requiredArg(c);
    if (!a) return false;
    const v = lookup(FLAG_VALUES, asciiLower(a.value));
    if (v === undefined) return rejectValue(c, `${c.name} accepts yes or no, not ${q(a.value)} (ssh: unsupported option "${a.value}").`, a);
    if (c.ctx.active && c.state[field] === null) c.state[field] = v;
    return 1;
  };
}

function applyPort(c: OptionCall): OptionVerdict {
  const a = requiredArg(c);
  if (!a) return false;
  const p = a2port(a.value);
  if (p <= 0) return rejectValue(c, `Bad port ${q(a.value)}: a port is a number from 1 to 65535 or a service name such as ssh.`, a);
  if (c.ctx.active && c.state.port === null) c.state.port = p;
  return 1;
}

/** LocalForward/RemoteForward take "listen target" (two values; RemoteForward also one); DynamicForward one. */
function applyForwardKeyword(c: OptionCall): OptionVerdict {
  const a = requiredArg(c);
  if (!a) return false;
  const kind = c.keyword === 'localforward' ? 'local' : c.keyword === 'remoteforward' ? 'remote' : 'dynamic';
  let spec = a.value;
  let dynamic = kind === 'dynamic';
  let used = 1;
  if (kind !== 'dynamic') {
    const b = c.args[1];
    if (!b || b.value === '') {
      if (kind !== 'remote')
        return rejectValue(
          c,
          `LocalForward needs two values: the local port and the target host:port, e.g. "LocalForward 8080 localhost:80" (ssh: Missing target argument).`,
        );
      dynamic = true;
    } else {
      spec = `${a.value}:${b.value}`;
      used = 2;
    }
  }
  const last = c.args[used - 1] ?? a;
  const raw = parseForwardRaw(spec, dynamic, kind === 'remote');
  if (!raw) {
    const why = explainBadForward(spec, dynamic && kind === 'remote' ? 'remote' : kind);
    c.ctx.report('bad-forward', `Bad forwarding specification: ${why}.`, 'error', a.start, last.end - a.start);
    return false;
  }
  const typed = c.args
    .slice(0, used)
    .map((t) => t.value)
    .join(' ');
  const fwd = rawToForward(raw, kind, c.ctx.origin === 'command' ? spec : typed, c.ctx.origin, dynamic);
  if (c.ctx.line !== undefined) fwd.line = c.ctx.line;
  for (const w of forwardWarnings(fwd))
    c.ctx.report(w.code === 'command.user-in-forward' ? 'user-in-forward' : 'leading-zero-address', w.message, 'warning', a.start, last.end - a.start);
  if (c.ctx.active) addForward(c.state, fwd);
  return used;
}

function applyProxyJump(c: OptionCall): OptionVerdict {
  if (c.rest === '') return rejectValue(c, 'ProxyJump needs a value.');
  const value = wholeRest(c);
  if (!validJump(value))
    return rejectValue(c, `Invalid ProxyJump ${q(value)}: each hop is [user@]host[:port] or ssh://[user@]host[:port], separated by commas.`);
  if (c.ctx.active && c.state.proxyJump === null && c.state.proxyCommand === null) c.state.proxyJump = value;
  return c.args.length;
}

function applyProxyCommand(c: OptionCall): OptionVerdict {
  const value = wholeRest(c);
  if (c.ctx.active && c.state.proxyCommand === null && c.state.proxyJump === null) c.state.proxyCommand = value;
  return c.args.length;
}

function applyForwardAgent(c: OptionCall): OptionVerdict {
  const a = requiredArg(c);
  if (!a) return false;
  const v = lookup(FLAG_VALUES, asciiLower(a.value));
  // Not yes/no: a path or an environment variable naming the agent socket; forwarding is on.
  if (c.ctx.active && c.state.forwardAgent === null) c.state.forwardAgent = v === undefined ? true : v;
  return 1;
}

function applyLogLevel(c: OptionCall): OptionVerdict {
  const a = c.args[0];
  const v = a ? LOG_LEVELS.find((l) => l === a.value.toUpperCase() && /^[A-Za-z0-9]+$/.test(a.value)) : undefined;
  if (!v) return rejectValue(c, `Unsupported log level ${q(a ? a.value : '<NONE>')}: use QUIET, FATAL, ERROR, INFO, VERBOSE or DEBUG1–DEBUG3.`, a);
  if (c.ctx.active && c.state.logLevel === null) c.state.logLevel = v === 'DEBUG' ? 'DEBUG1' : v;
  return 1;
}

function applyTunnelDevice(c: OptionCall): OptionVerdict {
  const a = requiredArg(c);
  if (!a) return false;
  const v = parseTunDevice(a.value);
  if (!v) return rejectValue(c, `Bad tun device ${q(a.value)}: write local[:remote], each a number or "any".`, a);
  if (c.ctx.active && c.state.tunnelDevice === null) c.state.tunnelDevice = v;
  return 1;
}

function applyRemoteCommand(c: OptionCall): OptionVerdict {
  const value = wholeRest(c);
  if (c.ctx.active && c.state.remoteCommand === null) c.state.remoteCommand = value;
  return c.args.length;
}

/** The keywords the model follows; the others are accepted with their arguments, as ssh would. */
const OPTION_HANDLERS: Record<string, OptionHandler> = {
  user: firstString((st, v) => {
    if (st.user === null) st.user = v;
  }),
  hostname: firstString((st, v) => {
    if (st.hostName === null) st.hostName = v;
  }),
  port: applyPort,
  localforward: applyForwardKeyword,
  remoteforward: applyForwardKeyword,
  dynamicforward: applyForwardKeyword,
  proxyjump: applyProxyJump,
  proxycommand: applyProxyCommand,
  controlmaster: choice(CONTROL_MASTER, 'yes, no, auto, ask or autoask', (st, v) => {
    if (st.controlMaster === null) st.controlMaster = v;
  }),
  controlpath: firstString((st, v) => {
    if (st.controlPath === null) st.controlPath = v;
  }),
  addressfamily: choice(ADDRESS_FAMILIES, 'any, inet or inet6', (st, v) => {
    if (st.addressFamily === null) st.addressFamily = v;
  }),
  gatewayports: yesNo('gatewayPorts'),
  exitonforwardfailure: yesNo('exitOnForwardFailure'),
  clearallforwardings: yesNo('clearAllForwardings'),
  forwardx11: yesNo('forwardX11'),
  forwardx11trusted: yesNo('forwardX11Trusted'),
  stdinnull: yesNo('stdinNull'),
  forkafterauthentication: yesNo('forkAfterAuthentication'),
  forwardagent: applyForwardAgent,
  loglevel: applyLogLevel,
  tunnel: choice(TUNNEL_MODES, 'yes, no, point-to-point or ethernet', (st, v) => {
    if (st.tunnel === null) st.tunnel = v;
  }),
  tunneldevice: applyTunnelDevice,
  identityfile: firstString((st, v) => st.identityFiles.push(v)),
  identityfile2: firstString((st, v) => st.identityFiles.push(v)),
  requesttty: choice(REQUEST_TTY, 'yes, no, force or auto', (st, v) => {
    if (st.requestTty === null) st.requestTty = v;
  }),
  sessiontype: choice(SESSION_TYPES, 'none, subsystem or default', (st, v) => {
    if (st.sessionType === null) st.sessionType = v;
  }),
  remotecommand: applyRemoteCommand,
  ignoreunknown: firstString((st, v) => {
    if (st.ignoreUnknown === null) st.ignoreUnknown = v;
  }),
};

/**
 * Applies one option ("Keyword value", keyword already lower-cased) to the state as readconf.c's
 * process_config_line() does. Returns false when ssh counts the line as bad (it then stops).
 */
export function applyClientOption(state: ClientState, keyword: string, kwTok: Tok, args: Tok[], rest: string, ctx: OptionContext): boolean {
  const call: OptionCall = { state, keyword, name: clientKeywordName(keyword), kwTok, args, rest, ctx };
  const handler = Object.hasOwn(OPTION_HANDLERS, keyword) ? OPTION_HANDLERS[keyword] : undefined;
  const used = handler ? handler(call) : args.length;
  if (used === false) return false;
  if (args.length > used) {
    const extra = args[used] as Tok;
    ctx.report(
      'extra-arguments',
      `${call.name} takes ${used === 1 ? 'one value' : `${used} values`}; ${q(extra.value)} and what follows is extra, and ssh refuses the line ("keyword ${keyword} extra arguments at end of line").`,
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
