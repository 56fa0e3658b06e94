/**
 * Explains an ssh command line in words: one entry per flag, forward, destination and remote
 * command, in the order typed. Pure. The command is understood by the parser in ./parse/command.ts
 * (forward specs, jump hosts, tun devices); this module only walks the words in getopt order to
 * say what each one does, and never throws.
 */
import {
  SSH_OPTSTRING,
  parseForwardSpec,
  forwardWarnings,
  parseSshCommand,
  parseTunDevice,
  validJump,
  type Forward,
  type SshCommand,
} from './parse/command.ts';
import { argvSplit } from './parse/common.ts';
import { DEFAULT_CLIENT_HOSTS, listenerAddresses } from './client.ts';

export interface Explanation {
  /** The words explained, as typed: "-L 8080:localhost:80", "-N", "alice@server". */
  token: string;
  /** What it does, in one or two sentences. */
  text: string;
  /** "warning" when it will not do what the user probably meant. */
  severity: 'info' | 'warning';
}

const WRAPPERS = new Set(['sudo', 'exec', 'nohup', 'time', 'command', 'env']);

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

function isIpLiteral(h: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(h) || h.includes(':');
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
  if (host === '127.0.0.1' || host === '::1') return `${hp}, the server itself`;
  if (isIpLiteral(host)) return hp;
  return `${hp} as the server resolves it`;
}

function forwardExplanation(flag: 'L' | 'R' | 'D', spec: string, cmd: SshCommand): Explanation[] {
  const token = `-${flag} ${spec}`;
  const kind = flag === 'L' ? 'local' : flag === 'R' ? 'remote' : 'dynamic';
  const parsed = parseForwardSpec(spec, kind);
  if ('error' in parsed) return [{ token, text: `ssh rejects this forward: ${parsed.error}.`, severity: 'warning' }];
  const fwd = parsed.forward;
  const out: Explanation[] = [];
  if (kind === 'local') {
    const to = fwd.connectPath !== null ? `its Unix socket ${fwd.connectPath}` : targetText(fwd.connectHost ?? '', fwd.connectPort);
    out.push({ token, text: `${listenText(fwd, cmd)}; each connection there asks the server to connect to ${to}.`, severity: 'info' });
  } else if (kind === 'dynamic') {
    out.push({
      token,
      text: `${listenText(fwd, cmd)} as a SOCKS proxy; each connection there asks the server to connect to whatever host and port the SOCKS client names, resolved by the server (with socks5h) or by the client.`,
      severity: 'info',
    });
  } else {
    const bind = fwd.bindAddress;
    const listen =
      fwd.listenPath !== null
        ? `asks the server to listen on its Unix socket ${fwd.listenPath}`
        : `asks the server to listen on port ${fwd.listenPort}${bind ? ` at ${bind}` : ''} (on its loopback unless the server’s GatewayPorts allows more)`;
    const back = fwd.socks
      ? 'acting as a SOCKS proxy: your machine makes the connections the SOCKS clients on the server ask for'
      : `each connection there comes back through the tunnel and your machine connects to ${fwd.connectPath ?? hostPort(fwd.connectHost ?? '', fwd.connectPort ?? 0)}`;
    const refusal = `remote port forwarding failed for listen ${fwd.listenPath !== null ? `path ${fwd.listenPath}` : `port ${fwd.listenPort}`}`;
    out.push({ token, text: `${listen}; ${back}. A refusal prints "Warning: ${refusal}", not "open failed".`, severity: 'info' });
  }
  for (const w of forwardWarnings(fwd)) out.push({ token, text: w.message, severity: 'warning' });
  return out;
}

function optionExplanation(arg: string): Explanation {
  const m = /^\s*([A-Za-z0-9]+)\s*(?:=\s*|\s+)?(.*)$/.exec(arg);
  const keyword = m?.[1] ?? arg;
  const value = m?.[2] ?? '';
  const text = OPTION_TEXT[keyword.toLowerCase()];
  return {
    token: `-o ${arg}`,
    text: text ? `sets ${keyword}${value ? ` to ${value}` : ''}: ${text}` : `sets the ssh_config option ${keyword}${value ? ` to ${value}` : ''}.`,
    severity: 'info',
  };
}

function explainOption(flag: string, arg: string, cmd: SshCommand): Explanation[] {
  if (flag === 'L' || flag === 'R' || flag === 'D') return forwardExplanation(flag, arg, cmd);
  if (flag === 'o') return [optionExplanation(arg)];
  if (flag === 'J') {
    const hops = arg.split(',').filter(Boolean);
    if (arg.toLowerCase() === 'none') return [{ token: `-J ${arg}`, text: 'no jump host.', severity: 'info' }];
    if (!validJump(arg))
      return [{ token: `-J ${arg}`, text: 'ssh rejects this jump host: write [user@]host[:port], several separated by commas.', severity: 'warning' }];
    return [
      {
        token: `-J ${arg}`,
        text: `connects to ${joinList(hops)} first and asks ${hops.length > 1 ? 'the last jump host' : 'it'} to open a channel to the server (as ssh -W does); that channel is refused if the jump host does not allow TCP forwarding.`,
        severity: 'info',
      },
    ];
  }
  if (flag === 'W') {
    const sep = arg.lastIndexOf(':');
    const host = sep > 0 ? arg.slice(0, sep).replace(/^\[(.*)\]$/, '$1') : arg;
    const port = sep > 0 ? arg.slice(sep + 1) : '';
    return [
      {
        token: `-W ${arg}`,
        text: `asks the server to connect your standard input and output to ${port ? targetText(host, Number(port)) : arg}, with no shell: this is how a jump host is used (ProxyCommand).`,
        severity: 'info',
      },
    ];
  }
  if (flag === 'w') {
    const tun = parseTunDevice(arg);
    if (!tun) return [{ token: `-w ${arg}`, text: 'ssh rejects this tun device: write local_tun[:remote_tun], numbers or "any".', severity: 'warning' }];
    const dev = (d: string) => (d === 'any' ? 'the next free tun device' : `tun${d}`);
    return [
      {
        token: `-w ${arg}`,
        text: `asks for a tun device link: ${dev(tun.local)} on your machine to ${dev(tun.remote)} on the server. The server needs PermitTunnel and /dev/net/tun; -L, -R and -D do not.`,
        severity: 'info',
      },
    ];
  }
  const text = ARG_TEXT[flag];
  return [{ token: `-${flag} ${arg}`, text: text ? text(arg) : `sets -${flag} to ${arg}.`, severity: 'info' }];
}

/** Explains each part of an ssh command line. */
export function explainCommand(text: string, parsed?: SshCommand): Explanation[] {
  try {
    return explainInner(typeof text === 'string' ? text : '', parsed);
  } catch {
    return [];
  }
}

function explainInner(text: string, parsed?: SshCommand): Explanation[] {
  const words = argvSplit(text.replace(/\\\r?\n/g, ' ').replace(/[\r\n]+/g, ' '), 0, false).args.map((w) => w.value);
  let i = 0;
  while (i < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!) || WRAPPERS.has(words[i]!))) {
    i++;
    while (i < words.length && words[i]!.startsWith('-') && words[i - 1] !== undefined && WRAPPERS.has(words[i - 1]!)) i++;
  }
  if (i >= words.length) return [];
  const cmd = parsed ?? parseSshCommand(text).value;
  const out: Explanation[] = [];
  const program = words[i]!;
  const base = program.replace(/^.*[/\\]/, '').toLowerCase();
  let optstring = SSH_OPTSTRING;
  if (base === 'ssh' || base === 'autossh') {
    if (base === 'autossh') {
      out.push({ token: program, text: 'runs ssh and starts it again when the connection dies.', severity: 'info' });
      optstring = `M:${SSH_OPTSTRING}`;
    }
    i++;
  } else if (!program.startsWith('-')) {
    return [{ token: program, text: 'is not ssh: only ssh (or autossh) command lines are explained here.', severity: 'warning' }];
  }

  let destinationSeen = false;
  let terminated = false;
  while (i < words.length) {
    const w = words[i]!;
    if (!terminated && w === '--') {
      terminated = true;
      i++;
      continue;
    }
    if (!terminated && w.startsWith('-') && w.length > 1) {
      let j = 1;
      i++;
      while (j < w.length) {
        const ch = w[j]!;
        const at = optstring.indexOf(ch);
        if (at < 0 || ch === ':') {
          out.push({ token: `-${ch}`, text: 'is not an ssh option: ssh prints its usage and exits.', severity: 'warning' });
          j++;
          continue;
        }
        if (optstring[at + 1] === ':') {
          let arg = w.slice(j + 1);
          if (arg === '') {
            arg = words[i] ?? '';
            if (i < words.length) i++;
          }
          if (ch === 'M' && base === 'autossh') {
            out.push({
              token: `-M ${arg}`,
              text: `autossh watches the tunnel with a pair of forwards on port ${arg}${arg === '0' ? ' (0: no monitoring, restarts only when ssh exits)' : ' and the next one'}.`,
              severity: 'info',
            });
          } else {
            out.push(...explainOption(ch, arg, cmd));
          }
          break;
        }
        const t = FLAG_TEXT[ch];
        out.push({ token: `-${ch}`, text: t ?? `sets the -${ch} flag.`, severity: ch === 'q' ? 'warning' : 'info' });
        j++;
      }
      continue;
    }
    if (!destinationSeen) {
      destinationSeen = true;
      terminated = false;
      const host = cmd.host ?? w;
      const user = cmd.user;
      const port = cmd.port;
      out.push({
        token: w,
        text: `logs in to ${host}${port ? ` on port ${port}` : ''}${user ? ` as ${user}` : ''}: this is the SSH server that opens the channels${cmd.jump ? ' (reached through the jump host)' : ''}.`,
        severity: 'info',
      });
      i++;
      continue;
    }
    const rest = words.slice(i).join(' ');
    out.push({ token: rest, text: 'runs this command on the server (the forwards last as long as it runs).', severity: 'info' });
    break;
  }
  return out;
}
