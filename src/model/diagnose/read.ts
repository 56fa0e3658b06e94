/**
 * Reads a paste line by line and turns every line it recognises into an observation: client
 * messages, -v debug lines, server log lines (journalctl, auth.log, secure, ISO stamps, sshd-session,
 * dropbear), `sshd -T` dumps and sshd_config/ssh_config/authorized_keys lines, and the ssh command.
 *
 * Speed: one pass, a cheap substring pre-filter per line, only anchored or literal-led regexes run on
 * at most MAX_SCAN characters of a line; nothing here backtracks on long input.
 */
import { inetPton4, inetPton6 } from '../net.ts';
import type { Source } from './types.ts';
import { configForwardSpec, extractCommand, type ForwardSpec, type SshCommand } from './command.ts';

/** Characters of one line that are read; longer lines are read up to here. */
export const MAX_SCAN = 4096;

/** Observations kept per kind; later lines of a kind already seen this often are skipped. */
export const MAX_PER_KIND = 400;

/** Characters of text given to ssh's command-line parser per paste; once spent, no further line is read as a command. */
export const MAX_COMMAND_CHARS = 100_000;

export interface ObsData {
  'open-failed': { channel: number | null; reason: string; desc: string | null; putty: boolean };
  'stdio-failed': Record<string, never>;
  'tunnel-failed': Record<string, never>;
  'mux-refused': Record<string, never>;
  'bind-failed': { address: string | null; port: number | null; error: string };
  'cannot-listen': { port: number | null };
  'local-forward-failed': Record<string, never>;
  'remote-forward-failed': { port: number | null; path: string | null };
  'unix-bind-failed': { path: string; error: string | null };
  'x11-failed': Record<string, never>;
  'auth-denied': { methods: string };
  'kex-closed': { detail: string };
  'closed-65535': Record<string, never>;
  emfile: { where: 'accept' | 'socket' | 'connect' | 'other' };
  'password-expired': Record<string, never>;
  'sftp-only': Record<string, never>;
  'port-forwarding-disabled': { remote: boolean };
  'key-options': { options: string; portForwarding: boolean; permitopen: boolean };
  'fwd-local': { listen: string; target: string; port: number | null; path: string | null };
  'fwd-remote': { listen: string; target: string; port: number | null };
  'fwd-request': { listenPort: number; target: string; port: number };
  'dynamic-request': { target: string; port: number };
  'new-channel': { channel: number; type: string };
  'server-version': { software: 'openssh' | 'dropbear' | 'other'; version: string | null; raw: string };
  'client-version': { version: string };
  authenticated: { host: string | null };
  authenticating: { host: string; user: string };
  proxyjump: { jump: string };
  'refused-local': { originator: string; originatorPort: number; target: string; port: number };
  'permitopen-denied': { from: string | null; target: string; port: number | null };
  'remote-denied': { from: string | null };
  'unknown-host': { target: string; error: string };
  'connect-to-failed': { target: string; port: number; error: string | null };
  'no-more-sessions': Record<string, never>;
  'refused-streamlocal': { path: string };
  'path-denied': { path: string };
  'disk-full': Record<string, never>;
  accepted: { user: string; address: string };
  'auth-failure-log': { user: string | null };
  'tun-failed': Record<string, never>;
  'dns-rebind': { name: string };
  'lookup-failed': { name: string; error: string };
  'client-resolve-failed': { host: string; error: string };
  'ssh-connect-failed': { host: string; error: string };
  setting: { key: string; value: string; match: string | null; dump: boolean };
  'ssh-config': { key: string; value: string };
  'authorized-keys': { options: string; portForwarding: boolean; permitopen: string[]; restrict: boolean };
  command: { cmd: SshCommand };
  'server-log': { family: 'sshd' | 'sshd-session' | 'dropbear' };
  'ap-mention': Record<string, never>;
  /** A line of the server's /etc/hosts (parsed by the model's hosts parser, parse/hosts.ts). */
  'hosts-line': { text: string };
}

export type ObsKind = keyof ObsData;

export type Obs = {
  [K in ObsKind]: { k: K; line: number; column: number; length: number; source: Source; d: ObsData[K] };
}[ObsKind];

export type ObsOf<K extends ObsKind> = Extract<Obs, { k: K }>;

export interface Reading {
  obs: Obs[];
  lineCount: number;
  truncatedLines: number;
  /** Original text of lines that produced observations (1-based line → text). */
  texts: Map<number, string>;
}

/** Settings from sshd -T / sshd_config that matter here (lowercase). */
export const SSHD_RELEVANT = new Set([
  'allowtcpforwarding',
  'disableforwarding',
  'permitopen',
  'maxsessions',
  'permittunnel',
  'allowstreamlocalforwarding',
  'forcecommand',
  'gatewayports',
  'permitlisten',
  'addressfamily',
  'chrootdirectory',
  'match',
]);

/** sshd -T keywords that mark a line as part of a dump even if it does not matter here. */
const SSHD_OTHER = new Set([
  'port',
  'listenaddress',
  'usepam',
  'logingracetime',
  'x11displayoffset',
  'maxauthtries',
  'clientaliveinterval',
  'clientalivecountmax',
  'permitrootlogin',
  'pubkeyauthentication',
  'passwordauthentication',
  'kbdinteractiveauthentication',
  'x11forwarding',
  'allowagentforwarding',
  'usedns',
  'printmotd',
  'subsystem',
  'maxstartups',
  'loglevel',
  'syslogfacility',
  'hostkey',
  'authorizedkeysfile',
  'ciphers',
  'macs',
  'kexalgorithms',
  'compression',
  'tcpkeepalive',
  'permituserenvironment',
  'strictmodes',
  'pidfile',
  'banner',
  'acceptenv',
  'ignorerhosts',
  'hostbasedauthentication',
  'permitemptypasswords',
  'challengeresponseauthentication',
  'gssapiauthentication',
  'kerberosauthentication',
  'streamlocalbindunlink',
  'exposeauthinfo',
  'rekeylimit',
  'ipqos',
  'versionaddendum',
  'permittty',
  'permituserrc',
  'fingerprinthash',
  'allowusers',
  'allowgroups',
  'denyusers',
  'denygroups',
  'persourcemaxstartups',
  'unusedconnectiontimeout',
  'channeltimeout',
  'x11uselocalhost',
  'authorizedkeyscommand',
  'authorizedkeyscommanduser',
  'pubkeyacceptedalgorithms',
  'hostkeyalgorithms',
]);

const SSH_CONFIG_KEYS = new Set([
  'host',
  'hostname',
  'localforward',
  'remoteforward',
  'dynamicforward',
  'proxyjump',
  'controlmaster',
  'controlpath',
  'user',
  'exitonforwardfailure',
]);

/** The cheap pre-filter: a line without any of these is not read further (config and command lines are tested apart). */
const PREFILTER =
  /prohibit|open failed|forward|refused|in use|listen|failed|denied|kex_exchange|Too many|assword|sftp|key options|: new |dynamic request|version|OpenSSH_|uthenticat|Connecting to|Received request|unknown host|connect|no more sessions|No space|Accepted|Failed|tunnel|rebind|resolv|UNKNOWN port|bind|sshd|dropbear|ssh /;

/** An /etc/hosts line's shape: address, one or more names, an optional comment. */
const HOSTS_LINE = /^\s*([0-9A-Fa-f:.]{2,45})[ \t]+[A-Za-z0-9][\w.-]{0,252}(?:[ \t]+[A-Za-z0-9][\w.-]{0,252}){0,30}[ \t]*(?:#.*)?$/;

const REASONS = ['administratively prohibited', 'connect failed', 'unknown channel type', 'resource shortage'];

/** Whether a value fits its keyword, so prose such as "AllowTcpForwarding is set to yes" is not read as a setting. */
function plausibleValue(key: string, value: string): boolean {
  const words = value.split(/\s+/);
  const first = (words[0] ?? '').toLowerCase();
  switch (key) {
    case 'allowtcpforwarding':
    case 'allowstreamlocalforwarding':
      return words.length === 1 && ['yes', 'no', 'all', 'local', 'remote'].includes(first);
    case 'disableforwarding':
      return words.length === 1 && ['yes', 'no'].includes(first);
    case 'gatewayports':
      return words.length === 1 && ['yes', 'no', 'clientspecified'].includes(first);
    case 'permittunnel':
      return words.length === 1 && ['yes', 'no', 'point-to-point', 'ethernet'].includes(first);
    case 'maxsessions':
      return words.length === 1 && /^\d{1,6}$/.test(first);
    case 'permitopen':
    case 'permitlisten':
      return words.every((w) => /^(any|none|[^\s:]{1,255}:(\d{1,5}|\*)|\[[0-9a-f:.]{1,60}\]:(\d{1,5}|\*))$/i.test(w));
    case 'addressfamily':
      return words.length === 1 && ['any', 'inet', 'inet6'].includes(first);
    case 'forcecommand':
    case 'chrootdirectory':
      return value.length < 300 && !/[.!?]$/.test(value);
    case 'match':
      return /^(user|group|host|address|localaddress|localport|rdomain|all)\b/i.test(value) && value.length < 300;
    default:
      return true;
  }
}

function num(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,6}$/.test(s)) return null;
  return Number(s);
}

/** Finds the server-log tag near the start of a line: `sshd[123]: `, `sshd-session[9]: `, `dropbear[5]: `. */
function logTag(line: string): { family: 'sshd' | 'sshd-session' | 'dropbear'; end: number; column: number } | null {
  const head = line.length > 240 ? line.slice(0, 240) : line;
  const m = /\b(sshd-session|sshd-auth|sshd|dropbear)(?:\[\d{1,10}\])?: /.exec(head);
  if (!m) return null;
  const fam = m[1] === 'dropbear' ? 'dropbear' : m[1] === 'sshd' ? 'sshd' : 'sshd-session';
  return { family: fam, end: m.index + m[0].length, column: m.index };
}

export function readText(input: string): Reading {
  const obs: Obs[] = [];
  const texts = new Map<number, string>();
  let truncatedLines = 0;
  const commandBudget = { chars: MAX_COMMAND_CHARS };
  const text = typeof input === 'string' ? input : String(input ?? '');
  let lineNo = 0;
  let pos = 0;
  let match: string | null = null; // current sshd_config Match block
  const n = text.length;

  const perKind = new Map<ObsKind, number>();
  const push = <K extends ObsKind>(k: K, line: number, raw: string, column0: number, length: number, source: Source, d: ObsData[K]) => {
    // a huge paste repeats itself: the first MAX_PER_KIND lines of each kind say all there is
    const seen = (perKind.get(k) ?? 0) + 1;
    perKind.set(k, seen);
    if (seen > MAX_PER_KIND) return;
    obs.push({ k, line, column: column0 + 1, length: Math.max(0, Math.min(length, raw.length - column0)), source, d } as Obs);
    if (!texts.has(line)) texts.set(line, raw.length > 400 ? `${raw.slice(0, 399)}…` : raw);
  };

  while (pos <= n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    let raw = text.slice(pos, end);
    pos = end + 1;
    lineNo++;
    // old Mac line ends inside one "line"
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (raw.includes('\r')) {
      const parts = raw.split('\r');
      // read each as its own line, numbered as the same line (columns offset)
      let off = 0;
      for (const p of parts) {
        readLine(p, lineNo, off, raw);
        off += p.length + 1;
      }
    } else readLine(raw, lineNo, 0, raw);
    if (end >= n) break;
  }

  function readLine(part: string, line: number, off: number, raw: string) {
    let s = part;
    if (s.length > MAX_SCAN) {
      truncatedLines++;
      s = s.slice(0, MAX_SCAN);
    }
    const trimmed = s.trim();
    if (trimmed === '') return;
    const at = (needle: string) => s.indexOf(needle);

    // an /etc/hosts line: an address inet_pton() takes, then names
    const hl = HOSTS_LINE.exec(s);
    if (hl && (inetPton4(hl[1]!) !== null || inetPton6(hl[1]!) !== null)) {
      const start = s.search(/\S/);
      push('hosts-line', line, raw, off + start, trimmed.length, 'config', { text: s });
      return;
    }

    // configuration lines: `keyword value` (sshd -T is lowercase; sshd_config CamelCase; ssh_config)
    const cm = /^\s*([A-Za-z][A-Za-z0-9]{1,40})(?:\s+|\s*=\s*)(\S.{0,1000})$/.exec(s);
    if (cm) {
      const key = cm[1]!.toLowerCase();
      const value = cm[2]!.replace(/\s+#.*$/, '').trim();
      const dump = cm[1] === key;
      const col = s.indexOf(cm[1]!);
      if (SSHD_RELEVANT.has(key) && plausibleValue(key, value)) {
        if (key === 'match') {
          match = value;
          push('setting', line, raw, off + col, trimmed.length, 'config', { key, value, match: null, dump });
        } else push('setting', line, raw, off + col, trimmed.length, 'config', { key, value, match: dump ? null : match, dump });
        return;
      }
      if (SSHD_OTHER.has(key) && /^[a-z0-9]/i.test(value) && value.length < 400 && !/[.!?]$/.test(value)) {
        // a dump line that does not matter: remember nothing, but it is recognised as config
        if (dump) push('setting', line, raw, off + col, 0, 'config', { key, value, match: null, dump });
        return;
      }
      if (SSH_CONFIG_KEYS.has(key) && !dump && value.length < 300) {
        match = null;
        push('ssh-config', line, raw, off + col, trimmed.length, 'config', { key, value });
        return;
      }
    }

    // authorized_keys line with options
    const ak = /(ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) AAAA/.exec(s);
    if (ak && ak.index > 0) {
      const options = s.slice(0, ak.index).trim();
      const lower = options.toLowerCase();
      const permitopen: string[] = [];
      const re = /permitopen="([^"]*)"/gi;
      let m: RegExpExecArray | null;
      while ((m = re.exec(options)) !== null) permitopen.push(m[1]!);
      const restrict = /(^|,)\s*restrict\b/.test(lower);
      const portForwarding = !/(^|,)\s*no-port-forwarding\b/.test(lower) && (!restrict || /(^|,)\s*port-forwarding\b/.test(lower));
      const start = s.search(/\S/);
      push('authorized-keys', line, raw, off + start, ak.index - start, 'config', { options, portForwarding, permitopen, restrict });
      return;
    }

    if (!PREFILTER.test(s)) return;

    const tag = logTag(s);
    const src: Source = tag ? 'server' : 'client';
    if (tag) push('server-log', line, raw, off + tag.column, 0, 'server', { family: tag.family });

    // ---- the channel-open failure, and PuTTY's form of it
    let i = at('open failed: ');
    if (i >= 0) {
      const rest = s.slice(i + 13);
      const reason = REASONS.find((r) => rest.startsWith(r));
      if (reason) {
        const after = rest.slice(reason.length);
        const desc = after.startsWith(': ') ? after.slice(2) : after.startsWith(':') ? after.slice(1) : after === '' ? null : null;
        const head = s.slice(Math.max(0, i - 20), i);
        const ch = /channel (\d{1,7}): $/.exec(head);
        const start = ch ? i - ch[0].length + head.length - head.length : i;
        const col = ch ? s.lastIndexOf('channel ', i) : i;
        push('open-failed', line, raw, off + col, i + 13 + reason.length + after.length - col, 'client', {
          channel: ch ? Number(ch[1]) : null,
          reason,
          desc: desc === null ? null : desc.trimEnd(),
          putty: false,
        });
        void start;
        return;
      }
    }
    i = at('administratively prohibited');
    if (i < 0) i = at('Administratively prohibited');
    if (i >= 0) {
      const pm = /refused by server: (Administratively prohibited|Connect failed|Resource shortage|Unknown channel type)(?: \[([^\]]{0,300})\])?/.exec(s);
      if (pm) {
        push('open-failed', line, raw, off + pm.index, pm[0].length, 'client', {
          channel: null,
          reason: pm[1]!.toLowerCase(),
          desc: pm[2] ?? null,
          putty: true,
        });
        return;
      }
      const tail = s.slice(i + 27);
      const desc = tail.startsWith(': open failed') ? 'open failed' : null;
      push('ap-mention', line, raw, off + i, 27 + (desc ? 13 : 0), 'client', {});
      if (desc) push('open-failed', line, raw, off + i, 40, 'client', { channel: null, reason: 'administratively prohibited', desc, putty: false });
      return;
    }
    {
      const pm = /refused by server: (Connect failed|Resource shortage|Unknown channel type)(?: \[([^\]]{0,300})\])?/.exec(s);
      if (pm) {
        push('open-failed', line, raw, off + pm.index, pm[0].length, 'client', {
          channel: null,
          reason: pm[1]!.toLowerCase(),
          desc: pm[2] ?? null,
          putty: true,
        });
        return;
      }
    }

    // ---- client look-alikes and companions
    if ((i = at('stdio forwarding failed')) >= 0 || (i = at('Stdio forwarding request failed')) >= 0) {
      push('stdio-failed', line, raw, off + i, 23, 'client', {});
      return;
    }
    if ((i = at('Tunnel forwarding failed')) >= 0) return push('tunnel-failed', line, raw, off + i, 24, 'client', {});
    if ((i = at('Session open refused by peer')) >= 0) {
      const j = at('mux_client_request_session');
      return push('mux-refused', line, raw, off + (j >= 0 ? j : i), (j >= 0 ? i - j : 0) + 28, 'client', {});
    }
    if ((i = at('bind [')) >= 0 || (i = at('bind: ')) >= 0) {
      const bm = /^bind (?:\[([^\]]{0,100})\]:(\d{1,5})|): (.{1,100})$/.exec(s.slice(i).trimEnd());
      if (bm) return push('bind-failed', line, raw, off + i, bm[0].length, src, { address: bm[1] ?? null, port: num(bm[2]), error: bm[3]! });
    }
    if ((i = at('cannot listen to port: ')) >= 0) {
      const pm = /^cannot listen to port: (\d{1,5})/.exec(s.slice(i));
      const j = at('channel_setup_fwd_listener');
      return push('cannot-listen', line, raw, off + (j >= 0 && j < i ? j : i), (j >= 0 && j < i ? i - j : 0) + (pm ? pm[0].length : 23), 'client', {
        port: num(pm?.[1]),
      });
    }
    if ((i = at('Could not request local forwarding.')) >= 0) return push('local-forward-failed', line, raw, off + i, 35, 'client', {});
    if ((i = at('remote port forwarding failed for listen ')) >= 0) {
      const pm = /^remote port forwarding failed for listen (?:port (\d{1,5})|path (\S{1,200}))/.exec(s.slice(i));
      const w = s.lastIndexOf('Warning: ', i);
      const e = s.lastIndexOf('Error: ', i);
      const st = w >= 0 && w === i - 9 ? w : e >= 0 && e === i - 7 ? e : i;
      return push('remote-forward-failed', line, raw, off + st, i - st + (pm ? pm[0].length : 40), 'client', { port: num(pm?.[1]), path: pm?.[2] ?? null });
    }
    if ((i = at('X11 forwarding request failed')) >= 0) return push('x11-failed', line, raw, off + i, 29, 'client', {});
    if ((i = at('Permission denied (')) >= 0) {
      const pm = /^Permission denied \(([a-z,-]{1,200})\)/.exec(s.slice(i));
      if (pm) return push('auth-denied', line, raw, off + i, pm[0].length, 'client', { methods: pm[1]! });
    }
    if ((i = at('kex_exchange_identification: ')) >= 0) {
      const detail = s.slice(i + 29, i + 200).trim();
      return push('kex-closed', line, raw, off + i, Math.min(s.length - i, 29 + detail.length), 'client', { detail });
    }
    if ((i = at('Connection closed by UNKNOWN port 65535')) >= 0) return push('closed-65535', line, raw, off + i, 39, 'client', {});
    if ((i = at('Too many open files')) >= 0) {
      const a = s.lastIndexOf('accept: ', i);
      const so = s.lastIndexOf('socket: ', i);
      const where = a >= 0 && a === i - 8 ? 'accept' : so >= 0 && so === i - 8 ? 'socket' : at('connect failed') >= 0 ? 'connect' : 'other';
      const st = where === 'accept' ? a : where === 'socket' ? so : i;
      return push('emfile', line, raw, off + st, i - st + 19, tag ? 'server' : where === 'accept' ? 'client' : 'server', { where });
    }
    if (
      (i = at('password has expired')) >= 0 ||
      (i = at('must change your password')) >= 0 ||
      (i = at('Password change required')) >= 0 ||
      (i = at('password change required')) >= 0
    ) {
      return push('password-expired', line, raw, off + i, Math.min(25, s.length - i), src, {});
    }
    if ((i = at('allows sftp connections only')) >= 0) return push('sftp-only', line, raw, off + i, 28, 'client', {});
    if ((i = at('Port forwarding disabled')) >= 0) {
      const remote = at('Remote: ') >= 0;
      return push('port-forwarding-disabled', line, raw, off + i, 24, tag ? 'server' : 'client', { remote });
    }
    if ((i = at('key options:')) >= 0) {
      const options = s.slice(i + 12).trim();
      return push('key-options', line, raw, off + i, Math.min(s.length - i, 12 + options.length + 1), 'client', {
        options,
        portForwarding: / port-forwarding\b/.test(` ${options}`),
        permitopen: /\bpermitopen\b/.test(options),
      });
    }

    // ---- -v debug lines naming forwards, channels and versions
    if ((i = at('Local connections to ')) >= 0) {
      const pm = /^Local connections to (\S{1,300}) forwarded to remote address (\S{1,300})$/.exec(s.slice(i).trimEnd());
      if (pm) {
        const t = pm[2]!;
        const colon = t.lastIndexOf(':');
        const target = t.startsWith('/') ? t : colon > 0 ? t.slice(0, colon) : t;
        const port = t.startsWith('/') ? null : num(t.slice(colon + 1));
        return push('fwd-local', line, raw, off + i, pm[0].length, 'client', { listen: pm[1]!, target, port, path: t.startsWith('/') ? t : null });
      }
    }
    if ((i = at('Remote connections from ')) >= 0) {
      const pm = /^Remote connections from (\S{1,300}) forwarded to local address (\S{1,300})$/.exec(s.slice(i).trimEnd());
      if (pm) {
        const t = pm[2]!;
        const colon = t.lastIndexOf(':');
        return push('fwd-remote', line, raw, off + i, pm[0].length, 'client', {
          listen: pm[1]!,
          target: colon > 0 ? t.slice(0, colon) : t,
          port: num(t.slice(colon + 1)),
        });
      }
    }
    if ((i = at('Connection to port ')) >= 0) {
      const pm = /^Connection to port (\d{1,5}) forwarding to (\S{1,300}) port (\d{1,5}) requested\./.exec(s.slice(i));
      if (pm) return push('fwd-request', line, raw, off + i, pm[0].length, 'client', { listenPort: Number(pm[1]), target: pm[2]!, port: Number(pm[3]) });
    }
    if ((i = at('dynamic request: ')) >= 0) {
      const pm = /dynamic request: socks[45] host (\S{1,300}) port (\d{1,5})/.exec(s.slice(i));
      if (pm) return push('dynamic-request', line, raw, off + i, pm[0].length, 'client', { target: pm[1]!, port: Number(pm[2]) });
    }
    if ((i = at(': new ')) >= 0) {
      const head = s.slice(Math.max(0, i - 20), i);
      const ch = /channel (\d{1,7})$/.exec(head);
      const pm = /^: new (?:[a-z@.-]{1,60} )?\[([^\]]{1,60})\]/.exec(s.slice(i));
      if (ch && pm) {
        const col = i - ch[0].length;
        return push('new-channel', line, raw, off + col, ch[0].length + pm[0].length, 'client', { channel: Number(ch[1]), type: pm[1]! });
      }
    }
    if ((i = at('remote software version ')) >= 0) {
      const v = s.slice(i + 24).trim();
      const om = /^OpenSSH_(\d{1,2}\.\d{1,2})/.exec(v);
      const dm = /^dropbear(?:_(\d{4}\.\d{1,3}|\d\.\d{1,3}))?/i.exec(v);
      return push('server-version', line, raw, off + i + 24, Math.min(v.length, 60), 'client', {
        software: om ? 'openssh' : dm ? 'dropbear' : 'other',
        version: om ? om[1]! : dm ? (dm[1] ?? null) : null,
        raw: v.slice(0, 80),
      });
    }
    if ((i = at('Local version string ')) >= 0) {
      const vm = /OpenSSH_(\d{1,2}\.\d{1,2}(?:p\d)?)/.exec(s.slice(i));
      if (vm) return push('client-version', line, raw, off + i, Math.min(s.length - i, 60), 'client', { version: vm[1]! });
    }
    {
      const vm = /^\s*(OpenSSH_(\d{1,2}\.\d{1,2}(?:p\d)?))[ ,]/.exec(s);
      if (vm && /OpenSSL|LibreSSL|without OpenSSL/.test(s))
        return push('client-version', line, raw, off + s.indexOf(vm[1]!), vm[1]!.length, 'client', { version: vm[2]! });
    }
    if ((i = at('Authenticated to ')) >= 0) {
      const pm = /^Authenticated to (\S{1,300})/.exec(s.slice(i));
      return push('authenticated', line, raw, off + i, pm ? pm[0].length : 17, 'client', { host: pm?.[1] ?? null });
    }
    if ((i = at('Authenticating to ')) >= 0) {
      const pm = /^Authenticating to (\S{1,300}?)(?::\d{1,5})? as '([^']{1,100})'/.exec(s.slice(i));
      if (pm) return push('authenticating', line, raw, off + i, pm[0].length, 'client', { host: pm[1]!, user: pm[2]! });
    }
    if ((i = at('from ProxyJump: ')) >= 0 || ((i = at('ProxyJump')) >= 0 && at('Setting implicit ProxyCommand') >= 0)) {
      const pm = /-W '?\[?%h\]?:%p'? (\S{1,300})$/.exec(s.trimEnd());
      return push('proxyjump', line, raw, off + i, Math.min(s.length - i, 80), 'client', { jump: pm?.[1] ?? '' });
    }

    // ---- server log messages (with or without the syslog prefix)
    if ((i = at('refused local port forward: ')) >= 0) {
      const pm = /^refused local port forward: originator (\S{0,200}) port (\d{1,5}), target (\S{0,300}) port (\d{1,5})/.exec(s.slice(i));
      if (pm)
        return push('refused-local', line, raw, off + i, pm[0].length, 'server', {
          originator: pm[1]!,
          originatorPort: Number(pm[2]),
          target: pm[3]!,
          port: Number(pm[4]),
        });
    }
    if ((i = at('Received request ')) >= 0) {
      const r = s.slice(i);
      let pm = /^Received request (?:from (\S{1,100}) port \d{1,5} )?to connect to host ?(\S{0,300}) port (\d{1,5}), but the request was denied\./.exec(r);
      if (pm) return push('permitopen-denied', line, raw, off + i, pm[0].length, 'server', { from: pm[1] ?? null, target: pm[2]!, port: num(pm[3]) });
      pm = /^Received request (?:from (\S{1,100}) port \d{1,5} )?to remote forward.{0,400}?but the request was denied\./.exec(r);
      if (pm) return push('remote-denied', line, raw, off + i, pm[0].length, 'server', { from: pm[1] ?? null });
      pm = /^Received request (?:from \S{1,100} port \d{1,5} )?to connect to path (\S{1,300}), but the request was denied\./.exec(r);
      if (pm) return push('path-denied', line, raw, off + i, pm[0].length, 'server', { path: pm[1]! });
    }
    if ((i = at('Received request from ')) >= 0 && at('to connect to host') >= 0) {
      // Dropbear-style wording users sometimes paste from other tools: treat like a permitopen denial
    }
    if ((i = at('connect_to ')) >= 0) {
      const r = s.slice(i);
      let pm = /^connect_to (\S{0,300}): unknown host \(([^)]{1,120})\)/.exec(r);
      if (pm) return push('unknown-host', line, raw, off + i, pm[0].length, 'server', { target: pm[1]!, error: pm[2]! });
      pm = /^connect_to (\S{0,300}) port (\d{1,5}): failed\./.exec(r);
      if (pm) return push('connect-to-failed', line, raw, off + i, pm[0].length, 'server', { target: pm[1]!, port: Number(pm[2]), error: null });
    }
    if ((i = at('connect to ')) >= 0 && at('ssh: connect to host') < 0) {
      const pm = /^connect to (\S{1,300}) port (-?\d{1,5}) failed: (.{1,100})$/.exec(s.slice(i).trimEnd());
      if (pm) return push('connect-to-failed', line, raw, off + i, pm[0].length, 'server', { target: pm[1]!, port: Number(pm[2]), error: pm[3]! });
    }
    if ((i = at('no more sessions')) >= 0) return push('no-more-sessions', line, raw, off + i, 16, 'server', {});
    if ((i = at('refused streamlocal port forward: ')) >= 0) {
      const pm = /^refused streamlocal port forward: originator \S{0,200} port \d{1,5}, target (\S{1,300})/.exec(s.slice(i));
      return push('refused-streamlocal', line, raw, off + i, pm ? pm[0].length : 34, 'server', { path: pm?.[1] ?? '' });
    }
    if ((i = at('unix_listener: cannot bind to path')) >= 0) {
      // 7.7+: "… path PATH: strerror"; before: "… path: PATH".
      const r = s.slice(i).trimEnd();
      const pm = /^unix_listener: cannot bind to path (\S{1,300}): (.{1,100})$/.exec(r) ?? /^unix_listener: cannot bind to path: (\S{1,300})/.exec(r);
      if (pm) return push('unix-bind-failed', line, raw, off + i, pm[0].length, 'server', { path: pm[1]!, error: pm[2] ?? null });
    }
    if ((i = at('No space left on device')) >= 0) return push('disk-full', line, raw, off + i, 23, tag ? 'server' : 'client', {});
    if ((i = at('Accepted ')) >= 0) {
      const pm = /^Accepted (?:publickey|password|keyboard-interactive(?:\/pam)?|gssapi-with-mic|hostbased) for (\S{1,100}) from (\S{1,100}) port \d{1,5}/.exec(
        s.slice(i),
      );
      if (pm) return push('accepted', line, raw, off + i, pm[0].length, 'server', { user: pm[1]!, address: pm[2]! });
    }
    if ((i = at('Failed publickey for ')) >= 0 || (i = at('Failed password for ')) >= 0) {
      const pm = /^Failed \S{1,30} for (?:invalid user )?(\S{1,100})/.exec(s.slice(i));
      return push('auth-failure-log', line, raw, off + i, pm ? pm[0].length : 20, 'server', { user: pm?.[1] ?? null });
    }
    if ((i = at('tunnel control')) >= 0 || (i = at('sys_tun_open')) >= 0)
      return push('tun-failed', line, raw, off + i, Math.min(30, s.length - i), 'server', {});
    if ((i = at('possible DNS-rebind attack detected: ')) >= 0) {
      const name =
        s
          .slice(i + 37)
          .trim()
          .split(/\s/)[0] ?? '';
      return push('dns-rebind', line, raw, off + i, 37 + name.length, 'resolver', { name });
    }
    if (
      at('Could not resolve hostname') < 0 &&
      ((i = at('could not resolve ')) >= 0 || (i = at('Could not resolve host: ')) >= 0 || (i = at(': Temporary failure in name resolution')) >= 0)
    ) {
      // a lookup test run on the server (telnet, ping, curl): "could not resolve NAME/80: …", "ping: NAME: Temporary failure …"
      const pm =
        /[Cc]ould not resolve (?:host: )?([^\s/:]{1,253})/.exec(s.slice(i)) ??
        /([^\s:]{1,253}): Temporary failure in name resolution/.exec(s.slice(Math.max(0, i - 260)));
      if (pm && !s.includes('unknown host')) {
        const error = /Temporary failure/.test(s)
          ? 'Temporary failure in name resolution'
          : /Name or service not known/.test(s)
            ? 'Name or service not known'
            : 'not resolved';
        return push('lookup-failed', line, raw, off + i, Math.min(s.length - i, 60), 'resolver', { name: pm[1]!, error });
      }
    }
    if ((i = at('Could not resolve hostname ')) >= 0) {
      const pm = /^Could not resolve hostname (\S{1,300}?): (.{1,100})$/.exec(s.slice(i).trimEnd());
      if (pm) return push('client-resolve-failed', line, raw, off + i, pm[0].length, 'client', { host: pm[1]!, error: pm[2]! });
    }
    if ((i = at('connect to host ')) >= 0) {
      const pm = /^connect to host (\S{1,300}) port \d{1,5}: (.{1,100})$/.exec(s.slice(i).trimEnd());
      if (pm) return push('ssh-connect-failed', line, raw, off + i, pm[0].length, 'client', { host: pm[1]!, error: pm[2]! });
    }

    // ---- the command line
    if (s.includes('ssh') && (perKind.get('command') ?? 0) < MAX_PER_KIND) {
      const cmd = extractCommand(s, commandBudget);
      if (cmd) push('command', line, raw, off + cmd.offset, cmd.text.length, 'command', { cmd });
    }
  }

  return { obs, lineCount: lineNo, truncatedLines, texts };
}

/** Forward specs in ssh_config LocalForward/RemoteForward lines. */
export function configForward(key: string, value: string): ForwardSpec | null {
  const parts = value.trim().split(/\s+/);
  if (parts.length !== 2) return null;
  const kind = key === 'localforward' ? 'L' : key === 'remoteforward' ? 'R' : null;
  if (!kind) return null;
  return configForwardSpec(kind, parts[0]!, parts[1]!);
}
