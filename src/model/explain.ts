/**
 * Explains an ssh command line in words: one entry per flag, forward, destination and remote
 * command, in the order typed. Pure. It walks the words the parser read (readSshCommand in
 * ./parse/command.ts, with each word's span and meaning), so every word is explained the way the
 * parser understood it: no second getopt here. Never throws.
 */
import { DEFAULT_CLIENT_HOSTS, listenerAddresses } from './client.ts';
import { addressFamilyOf, isLoopback } from './net.ts';
import { type CommandWord, type Forward, forwardWarnings, readSshCommand, type SshCommand } from './parse/command.ts';

export interface Explanation {
  /** The words explained, as typed: "-L 8080:localhost:80", "-N", "alice@server". */
  token: string;
  /** What it does, in one or two sentences. */
  text: string;
  /** "warning" when it will not do what the user probably meant. */
  severity: 'info' | 'warning';
  /** Where the words are in the text explained (0-based offsets, end exclusive). */
  start?: number;
  end?: number;
}

const FLAG_TEXT: Record<string, string> = {
  P: 'accepted and ignored by ssh 9.2 (from 9.4 on, -P takes a tag for Match tagged).',
  N: 'no remote command: the connection only carries the forwards.',
  f: 'goes to the background after logging in (with -N, a tunnel that keeps running).',
  T: 'no terminal (pseudo-tty) on the server.',
  t: 'forces a terminal (pseudo-tty) on the server.',
  n: 'reads standard input from /dev/null.',
  q: 'quiet: ssh hides warnings and diagnostics, including the "channel N: open failed" line, so a refused tunnel fails silently.',
  v: 'verbose: ssh prints debug messages (more v, more detail); useful to see each channel open.',
  C: 'compresses the traffic.',
  g: 'lets other machines connect to your local forwarded ports (ssh binds them on every interface, not just loopback).',
  '4': 'uses IPv4 only: local forwards listen on 127.0.0.1 only.',
  '6': 'uses IPv6 only: local forwards listen on [::1] only.',
  A: 'forwards your ssh agent to the server.',
  a: 'does not forward the ssh agent.',
  X: 'asks for X11 forwarding (not needed for a port tunnel).',
  Y: 'asks for trusted X11 forwarding (not needed for a port tunnel).',
  x: 'no X11 forwarding.',
  M: 'ControlMaster: this connection is shared with later ssh commands; each one counts against the server’s MaxSessions.',
  k: 'does not delegate GSSAPI credentials.',
  K: 'uses GSSAPI authentication and delegates credentials.',
  s: 'asks the server for a subsystem (the remote command names it).',
  G: 'prints the configuration ssh would use and exits: it does not connect.',
  V: 'prints the ssh version and exits: it does not connect.',
  y: 'sends its messages to the system log instead of the terminal.',
  '1': 'was the SSH-1 protocol; modern ssh ignores it.',
  '2': 'selects SSH-2 (the only protocol modern ssh speaks).',
};

const ARG_TEXT: Record<string, (arg: string) => string> = {
  p: (a) => `connects to port ${a} on the server.`,
  l: (a) => `logs in as ${a}.`,
  i: (a) => `uses the private key ${a}.`,
  F: (a) => `reads ${a} instead of ~/.ssh/config.`,
  E: (a) => `writes its messages to ${a} instead of the terminal: the "channel N: open failed" line goes there.`,
  S: (a) => `uses ${a} as the control socket of a shared (multiplexed) connection.`,
  O: (a) => `sends "${a}" to the running master connection instead of connecting.`,
  b: (a) => `connects from the local address ${a}.`,
  B: (a) => `binds to the network interface ${a} before connecting.`,
  c: (a) => `uses the ciphers ${a}.`,
  m: (a) => `uses the MACs ${a}.`,
  e: (a) => `sets the escape character to ${a}.`,
  I: (a) => `uses the PKCS#11 library ${a}.`,
  Q: (a) => `lists the supported ${a} and exits: it does not connect.`,
};

const OPTION_TEXT: Record<string, string> = {
  exitonforwardfailure:
    'with yes, ssh exits when a forward cannot be set up, instead of going on without it (it does not cover a channel the server refuses later).',
  serveraliveinterval: 'sends a keep-alive every that many seconds, so a dead connection is noticed.',
  serveralivecountmax: 'how many keep-alives may go unanswered before ssh gives up.',
  proxyjump: 'reaches the server through the jump host(s) given, like -J.',
  proxycommand: 'reaches the server through the given command instead of a direct TCP connection.',
  controlmaster: 'shares this connection with later ssh commands; each one counts against the server’s MaxSessions.',
  controlpath: 'the control socket of the shared connection.',
  controlpersist: 'keeps the shared connection open in the background.',
  gatewayports: 'with yes, local forwards listen on every interface, not just loopback.',
  addressfamily: 'limits ssh to IPv4 (inet) or IPv6 (inet6), which also decides where local forwards listen.',
  loglevel: 'sets how much ssh prints; QUIET or ERROR hide the "channel N: open failed" line.',
  stricthostkeychecking: 'decides what ssh does with an unknown or changed host key.',
  userknownhostsfile: 'where ssh keeps the server host keys it knows.',
  localforward: 'adds a local forward, like -L.',
  remoteforward: 'adds a remote forward, like -R.',
  dynamicforward: 'adds a SOCKS forward, like -D.',
  sessiontype: 'none means no remote command, like -N.',
  requesttty: 'decides whether the server gives the session a terminal.',
  tunnel: 'the kind of -w device: point-to-point (tun) or ethernet (tap).',
  identityfile: 'the private key to use.',
  user: 'the login name.',
  port: 'the server port.',
  hostname: 'the real host name or address to connect to.',
  forwardagent: 'forwards your ssh agent to the server.',
  clearallforwardings: 'with yes, drops every forward (ssh sets it itself for -W).',
};

function hostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function listenText(fwd: Forward, cmd: SshCommand): string {
  if (fwd.listenPath !== null) return `listens on the Unix socket ${fwd.listenPath} on your machine`;
  // IPv4 first for reading; the order ssh binds them in does not change what listens.
  const addrs = listenerAddresses(fwd, cmd.addressFamily, cmd.gatewayPorts, DEFAULT_CLIENT_HOSTS).sort(
    (a, b) => Number(a.includes(':')) - Number(b.includes(':')),
  );
  const port = fwd.listenPort ?? 0;
  const where = addrs.map((a) => hostPort(a, port));
  const everywhere = addrs.some((a) => a === '0.0.0.0' || a === '::');
  if (where.length === 0) return `tries to listen on ${hostPort(fwd.bindAddress ?? '', port)}, which your machine cannot bind`;
  return `listens on ${joinList(where)} on your machine${everywhere ? ' (every interface: other machines can use it)' : ''}`;
}

function targetText(host: string, port: number | null): string {
  const hp = hostPort(host, port ?? 0);
  if (host === 'localhost') return `${hp} as the server resolves it (normally the server itself)`;
  // Numeric as the server's getaddrinfo() reads it (inet_aton: 192.168.1.08 is a name, not an address).
  if (addressFamilyOf(host) === null) return `${hp} as the server resolves it`;
  if (isLoopback(host)) return `${hp}, the server itself`;
  return hp;
}

type Entry = Omit<Explanation, 'start' | 'end'>;
type WordOf<K extends CommandWord['kind']> = Extract<CommandWord, { kind: K }>;

function forwardExplanation(w: WordOf<'forward'>, cmd: SshCommand): Entry[] {
  const token = w.text;
  if ('error' in w.result) return [{ token, text: `ssh rejects this forward: ${w.result.error}.`, severity: 'warning' }];
  const fwd = w.result.forward;
  const out: Entry[] = [{ token, text: forwardText(fwd, cmd), severity: 'info' }];
  for (const warning of forwardWarnings(fwd)) out.push({ token, text: warning.message, severity: 'warning' });
  return out;
}

function forwardText(fwd: Forward, cmd: SshCommand): string {
  if (fwd.kind === 'local') {
    const to = fwd.connectPath !== null ? `its Unix socket ${fwd.connectPath}` : targetText(fwd.connectHost ?? '', fwd.connectPort);
    return `${listenText(fwd, cmd)}; each connection there asks the server to connect to ${to}.`;
  }
  if (fwd.kind === 'dynamic') {
    return `${listenText(fwd, cmd)} as a SOCKS proxy; each connection there asks the server to connect to whatever host and port the SOCKS client names, resolved by the server (with socks5h) or by the client.`;
  }
  const bind = fwd.bindAddress;
  const listen =
    fwd.listenPath !== null
      ? `asks the server to listen on its Unix socket ${fwd.listenPath}`
      : `asks the server to listen on port ${fwd.listenPort}${bind ? ` at ${bind}` : ''} (on its loopback unless the server’s GatewayPorts allows more)`;
  const back = fwd.socks
    ? 'acting as a SOCKS proxy: your machine makes the connections the SOCKS clients on the server ask for'
    : `each connection there comes back through the tunnel and your machine connects to ${fwd.connectPath ?? hostPort(fwd.connectHost ?? '', fwd.connectPort ?? 0)}`;
  const refusal = `remote port forwarding failed for listen ${fwd.listenPath !== null ? `path ${fwd.listenPath}` : `port ${fwd.listenPort}`}`;
  return `${listen}; ${back}. A refusal prints "Warning: ${refusal}", not "open failed".`;
}

function clientOptionExplanation(w: WordOf<'client-option'>): Entry {
  const { keyword, value } = w;
  const text = OPTION_TEXT[keyword.toLowerCase()];
  const sets = `sets ${text ? '' : 'the ssh_config option '}${keyword}${value ? ` to ${value}` : ''}`;
  return { token: w.text, text: text ? `${sets}: ${text}` : `${sets}.`, severity: 'info' };
}

function jumpExplanation(w: WordOf<'jump'>): Entry {
  const token = w.text;
  if (w.arg.toLowerCase() === 'none') return { token, text: 'no jump host.', severity: 'info' };
  if (!w.valid) return { token, text: 'ssh rejects this jump host: write [user@]host[:port], several separated by commas.', severity: 'warning' };
  const hops = w.arg.split(',').filter(Boolean);
  return {
    token,
    text: `connects to ${joinList(hops)} first and asks ${hops.length > 1 ? 'the last jump host' : 'it'} to open a channel to the server (as ssh -W does); that channel is refused if the jump host does not allow TCP forwarding.`,
    severity: 'info',
  };
}

function tunExplanation(w: WordOf<'tun-device'>): Entry {
  const tun = w.device;
  if (!tun) return { token: w.text, text: 'ssh rejects this tun device: write local_tun[:remote_tun], numbers or "any".', severity: 'warning' };
  const dev = (d: string) => (d === 'any' ? 'the next free tun device' : `tun${d}`);
  return {
    token: w.text,
    text: `asks for a tun device link: ${dev(tun.local)} on your machine to ${dev(tun.remote)} on the server. The server needs PermitTunnel and /dev/net/tun; -L, -R and -D do not.`,
    severity: 'info',
  };
}

const WRAPPER_TEXT: Record<string, string> = {
  nohup: 'keeps ssh running when the terminal closes.',
  time: 'prints how long ssh ran once it exits.',
  exec: 'replaces the shell with ssh: when ssh exits, so does the shell.',
  command: 'runs the ssh program itself, not a shell alias or function of that name.',
  env: 'runs ssh with the environment changes that follow.',
};

/** sudo, nohup, env, … in front of ssh: they change who runs ssh or how, not what ssh does. */
function wrapperExplanation(w: WordOf<'wrapper'>): Entry {
  if (w.program === 'sudo') {
    const u = w.args.indexOf('-u');
    const user = u !== -1 ? w.args[u + 1] : undefined;
    return {
      token: w.text,
      text: `runs ssh as ${user ?? 'root'}: ssh then reads that user’s ~/.ssh/config, keys and known_hosts, not yours.`,
      severity: 'info',
    };
  }
  return { token: w.text, text: WRAPPER_TEXT[w.program] ?? `runs ssh through ${w.program}.`, severity: 'info' };
}

function destinationExplanation(w: WordOf<'destination'>, cmd: SshCommand): Entry {
  const host = cmd.host ?? w.text;
  const at = `${cmd.port ? ` on port ${cmd.port}` : ''}${cmd.user ? ` as ${cmd.user}` : ''}`;
  return {
    token: w.text,
    text: `logs in to ${host}${at}: this is the SSH server that opens the channels${cmd.jump ? ' (reached through the jump host)' : ''}.`,
    severity: 'info',
  };
}

/** What ssh does with the words that run it: the prompt, variables, wrappers and the program. */
function prefixExplanation(w: CommandWord): Entry[] | null {
  switch (w.kind) {
    case 'prompt':
      return [{ token: w.text, text: 'is the shell prompt, copied with the command; it is not part of it.', severity: 'info' }];
    case 'environment':
      return [
        {
          token: w.text,
          text: `sets the environment variable ${w.name} for this ssh; the server sees it only if SendEnv names it and the server’s AcceptEnv allows it.`,
          severity: 'info',
        },
      ];
    case 'wrapper':
      return [wrapperExplanation(w)];
    case 'program':
      return w.program === 'autossh' ? [{ token: w.text, text: 'runs ssh and starts it again when the connection dies.', severity: 'info' }] : [];
    case 'not-ssh':
      return [{ token: w.text, text: 'is not ssh: only ssh (or autossh) command lines are explained here.', severity: 'warning' }];
    default:
      return null;
  }
}

/** What one option word does. */
function optionExplanation(w: CommandWord, cmd: SshCommand): Entry[] {
  switch (w.kind) {
    case 'flag':
      return [{ token: w.text, text: FLAG_TEXT[w.flag] ?? `sets the -${w.flag} flag.`, severity: w.flag === 'q' ? 'warning' : 'info' }];
    case 'unknown-flag':
      return [{ token: w.text, text: 'is not an ssh option: ssh prints its usage and exits.', severity: 'warning' }];
    case 'missing-argument':
      return [
        {
          token: `${w.text} `,
          text: `needs a value after it: ssh prints "option requires an argument -- ${w.flag}" and its usage, and exits.`,
          severity: 'warning',
        },
      ];
    case 'forward':
      return forwardExplanation(w, cmd);
    case 'stdio-forward': {
      const to = w.target ? targetText(w.target.host, w.target.port) : w.arg;
      const text = `asks the server to connect your standard input and output to ${to}, with no shell: this is how a jump host is used (ProxyCommand).`;
      return [{ token: w.text, text, severity: 'info' }];
    }
    case 'jump':
      return [jumpExplanation(w)];
    case 'tun-device':
      return [tunExplanation(w)];
    case 'client-option':
      return [clientOptionExplanation(w)];
    case 'option': {
      const text = ARG_TEXT[w.flag];
      return [{ token: w.text, text: text ? text(w.arg) : `sets -${w.flag} to ${w.arg}.`, severity: 'info' }];
    }
    case 'autossh-monitor': {
      const how = w.arg === '0' ? ' (0: no monitoring, restarts only when ssh exits)' : ' and the next one';
      return [{ token: w.text, text: `autossh watches the tunnel with a pair of forwards on port ${w.arg}${how}.`, severity: 'info' }];
    }
    default:
      return [];
  }
}

/** One word the parser read, explained; each entry carries the word's span. */
function explainWord(w: CommandWord, cmd: SshCommand): Explanation[] {
  let entries = prefixExplanation(w);
  if (entries === null) {
    if (w.kind === 'destination') entries = [destinationExplanation(w, cmd)];
    else if (w.kind === 'remote-command')
      entries = [{ token: w.text, text: 'runs this command on the server (the forwards last as long as it runs).', severity: 'info' }];
    else entries = optionExplanation(w, cmd);
  }
  return entries.map((e) => ({ ...e, start: w.start, end: w.end }));
}

/** Explains each part of an ssh command line. `parsed`, when given, is the command as the model read it with its config. */
export function explainCommand(text: string, parsed?: SshCommand): Explanation[] {
  try {
    const read = readSshCommand(typeof text === 'string' ? text : '');
    const cmd = parsed ?? read.value;
    return read.words.flatMap((w) => explainWord(w, cmd));
  } catch {
    return [];
  }
}
