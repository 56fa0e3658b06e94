/**
 * What to do: a fix sentence per cause, and the one command that tells the leading causes apart
 * (with what each answer would mean).
 */
import { FIX_ON_LABEL, type FixOn } from '../causes.ts';
import { isLocalhostName } from './command.ts';
import { classifyName, POLICY } from './evidence.ts';
import type { Ctx } from './context.ts';
import type { NextStep, RankedCause, StepOutcome } from './types.ts';

/** Shell-safe enough for a name or address shown in a command. */
function q(s: string): string {
  return /^[A-Za-z0-9_.:@%+/-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function fixFor(id: string, ctx: Ctx): string {
  const t = ctx.target;
  const tn = t?.host ? `"${t.host}"` : 'the target name';
  const port = t?.port ?? null;
  const asked = t?.host ? `${t.host}:${port ?? 'PORT'}` : 'HOST:PORT';
  const user = ctx.user ?? 'the user';
  switch (id) {
    case 'tcp-forwarding-disabled':
      return 'On the SSH server, set AllowTcpForwarding yes (or local for -L/-D) in the section that applies to this login: the global part or the matching Match block; make sure DisableForwarding is not yes; then reload sshd.';
    case 'jump-host-forwarding-disabled':
      return 'On the jump host, allow forwarding for your account (AllowTcpForwarding yes, or PermitOpen listing the final server’s host:22), or use ProxyCommand with a jump host that permits it.';
    case 'permitopen-mismatch':
      return `Add the exact string the client requests (${asked}) to the single PermitOpen line on the SSH server, or change your -L to request a host:port already listed.`;
    case 'key-forwarding-restricted':
      return `In ${user}’s ~/.ssh/authorized_keys on the SSH server, remove no-port-forwarding from the key’s options (or add port-forwarding after restrict).`;
    case 'key-permitopen-mismatch':
      return `Add permitopen="${asked}" to the key’s options in authorized_keys (the text must match what the client requests: 127.0.0.1 and localhost differ), or request the listed string.`;
    case 'password-change-required':
      return 'Log in once interactively (without -N) and change the expired password; then the tunnel works again.';
    case 'sftp-only-account':
      return 'Use an account that is not in the SFTP-only Match block, or allow forwarding inside that block if the account should have tunnels.';
    case 'dropbear-forwarding-disabled':
      return 'On the Dropbear server (router), enable port forwarding (remove -j/-k from its options, or the firmware’s "Allow SSH port forwarding" setting), and check the key’s options in authorized_keys.';
    case 'target-name-unresolvable':
      return `Use a name or address the SSH server can resolve: the full name or the IP address instead of ${tn} (aliases from your ~/.ssh/config and your /etc/hosts do not exist on the server).`;
    case 'localhost-not-resolvable':
      return 'Add "127.0.0.1 localhost" (and "::1 localhost") to the SSH server’s /etc/hosts, or use -L …:127.0.0.1:PORT.';
    case 'server-dns-broken':
      return 'Fix name resolution on the SSH server: /etc/resolv.conf must name a DNS server that answers; meanwhile use the target’s IP address.';
    case 'dns-rebinding-protection':
      return 'Allow the internal domain in the resolver’s rebinding protection (pfSense "Private domains", dnsmasq rebind-domain-ok), or use the IP address.';
    case 'invalid-ip-literal':
      return 'Write the address without leading zeros (192.168.1.8, not 192.168.1.08).';
    case 'user-in-forward-spec':
      return 'Remove the user@ from the forward: -L 8080:host:80 user@server — the user belongs to the SSH server, not to the forward’s target.';
    case 'target-service-down':
      return `Start the service on ${t?.host ?? 'the target'}${port ? ` port ${port}` : ''}, or point the forward at the port it really listens on.`;
    case 'target-listens-elsewhere':
      return 'Point the forward at the address the service listens on (127.0.0.1 vs ::1 vs the LAN address), or make the service listen there too.';
    case 'target-firewalled':
      return `Open the firewall between the SSH server and ${t?.host ?? 'the target'}${port ? ` port ${port}` : ''} (host firewall, security group, router ACL).`;
    case 'session-limit-multiplexing':
      return 'Close unused multiplexed sessions (ssh -O exit HOST) or raise MaxSessions on the SSH server; or disable ControlMaster for this tunnel.';
    case 'server-out-of-file-descriptors':
      return 'Restart the long-running ssh session, raise the open-files limit (ulimit -n / LimitNOFILE) for sshd and the client, and find what leaks connections.';
    case 'tunnel-device-refused':
      return 'Set PermitTunnel yes (or point-to-point/ethernet) on the SSH server and make sure /dev/net/tun exists there (containers need it passed in).';
    case 'streamlocal-forwarding-disabled':
      return 'Set AllowStreamLocalForwarding yes on the SSH server and check that the socket path exists there.';
    case 'server-disk-full':
      return 'Free disk space and inodes on the SSH server (df -h, df -i) and reconnect.';
    case 'local-port-in-use':
      return 'Pick another local port, or stop the program that holds it (often an earlier ssh -f tunnel).';
    case 'remote-forward-refused':
      return 'On the SSH server allow remote forwarding (AllowTcpForwarding yes or remote; for a socket path also AllowStreamLocalForwarding) and check that the port or path is free there (StreamLocalBindUnlink yes replaces a leftover socket); PermitListen and GatewayPorts decide which ports and addresses.';
    case 'auth-failed':
      return 'Fix the login first: offer the right key (-i), check the user name and the server’s authorized_keys. The tunnel comes after.';
    case 'x11-forwarding-refused':
      return 'Drop -X: a port forward does not need X11 forwarding.';
    default:
      return '';
  }
}

function sshdT(ctx: Ctx, grep: string): string {
  const user = ctx.user ?? 'USER';
  const addr = ctx.clientAddress ?? 'CLIENT_IP';
  return `sudo sshd -T -C user=${q(user)},host=${q(addr)},addr=${q(addr)} | grep -iE '${grep}'`;
}

function step(command: string, on: FixOn, purpose: string, outcomes: StepOutcome[]): NextStep {
  return { command, on, onLabel: FIX_ON_LABEL[on], purpose, outcomes };
}

const JOURNAL = 'sudo journalctl -u ssh -u sshd -n 50 --no-pager';

/** The command that shows whether the account's password has expired (the user from the paste when known). */
function chage(ctx: Ctx): string {
  return `sudo chage -l ${q(ctx.user ?? 'USER')} | grep -i 'password expires'`;
}

/** What every step finder reads. */
interface StepInput {
  ranked: RankedCause[];
  top: RankedCause;
  second: RankedCause | undefined;
  /** The leading cause is confirmed and well ahead: most finders then have nothing to add. */
  clear: boolean;
  ctx: Ctx;
  t: Ctx['target'];
  host: string;
  port: string;
  placeholders(s: string): string;
  isPolicy: boolean;
  /** The socket path of a refused -R, if any. */
  socketR: string | null;
}

/** The step finders, in order: each answers a step, null (no step needed), or undefined (not its case). */
const STEP_FINDERS = [stepDropbear, stepSocketRemote, stepRemote, stepServerLog, stepPolicy, stepJump, stepResolution, stepTarget, stepOther];

/** The one command that tells the leading causes apart, or null when the answer is already clear. */
export function nextStepFor(ranked: RankedCause[], ctx: Ctx): NextStep | null {
  const top = ranked[0];
  if (!top) return null;
  const second = ranked[1];
  const t = ctx.target;
  const x: StepInput = {
    ranked,
    top,
    second,
    clear: top.confidence === 'confirmed' && (!second || second.score < top.score / 3),
    ctx,
    t,
    host: t?.host ?? 'TARGET',
    port: t?.port != null ? String(t.port) : 'PORT',
    placeholders: (s: string) => (/(USER|CLIENT_IP)/.test(s) ? ' Replace USER and CLIENT_IP with the login and your address as the server sees it.' : ''),
    isPolicy: POLICY.includes(top.id),
    socketR: ctx.of('remote-forward-failed').find((o) => o.d.path !== null)?.d.path ?? null,
  };
  for (const find of STEP_FINDERS) {
    const found = find(x);
    if (found !== undefined) return found;
  }
  return null;
}

/** Dropbear: the options it runs with. */
function stepDropbear(x: StepInput): NextStep | null | undefined {
  const { top, clear } = x;
  if (top.id === 'dropbear-forwarding-disabled' && !clear) {
    return step('ps w | grep [d]ropbear', 'ssh-server', 'Shows the options Dropbear runs with (on the router or OpenWrt box).', [
      {
        ifYouSee: '-j (or -k for -R) among the options',
        then: 'Local (or remote) port forwarding is switched off: remove the flag or enable forwarding in the firmware.',
        cause: 'dropbear-forwarding-disabled',
      },
      {
        ifYouSee: 'no -j / -k',
        then: 'Check the key’s options in the router’s authorized_keys (no-port-forwarding, permitopen).',
        cause: 'dropbear-forwarding-disabled',
      },
      {
        ifYouSee: '-c COMMAND among the options (or command= on your key), and you forward to a Unix socket',
        then: 'Dropbear 2025.89 and later forward no Unix socket for a login with a forced command: use a key line without command= for the tunnel, or a TCP port.',
        cause: 'streamlocal-forwarding-disabled',
      },
    ]);
  }
  if (top.id === 'dropbear-forwarding-disabled') return null;
  return undefined;
}

/** A refused socket -R: the settings, the path, the disk and the password at once. */
function stepSocketRemote(x: StepInput): NextStep | null | undefined {
  const { top, placeholders, socketR, ctx } = x;
  // -R: refused before any channel, so the channel-open log lines below do not apply.
  // A refused socket -R has three usual reasons the client line cannot tell apart; only sshd's log can.
  if ((top.id === 'remote-forward-refused' || top.id === 'server-disk-full') && socketR !== null && !ctx.remoteRefusalLogged) {
    const cmd = sshdT(ctx, 'allowstreamlocalforwarding|allowtcpforwarding|streamlocalbindunlink|disableforwarding');
    return step(
      `${cmd}; ls -l ${q(socketR)}; df -i ${q(socketR.replace(/\/[^/]*$/, '') || '/')}; ${chage(ctx)}`,
      'ssh-server',
      `Shows the settings that decide a socket -R, whether the path is taken, whether its disk has free inodes and whether the password has expired.${placeholders(cmd)}`,
      [
        {
          ifYouSee: 'allowstreamlocalforwarding no/local, allowtcpforwarding no/local or disableforwarding yes',
          then: 'Socket -R is off.',
          cause: 'remote-forward-refused',
        },
        {
          ifYouSee: `ls lists ${socketR} and streamlocalbindunlink no`,
          then: 'Remove the old socket, or set StreamLocalBindUnlink yes.',
          cause: 'remote-forward-refused',
        },
        { ifYouSee: 'IUse% 100% (or df -h 100%)', then: 'Free space on the server.', cause: 'server-disk-full' },
        { ifYouSee: 'Password expires: password must be changed', then: 'Log in interactively and change it.', cause: 'password-change-required' },
      ],
    );
  }
  return undefined;
}

/** A refused -R: the settings that govern it. */
function stepRemote(x: StepInput): NextStep | null | undefined {
  const { top, clear, placeholders, ctx } = x;
  if (top.id === 'remote-forward-refused' && !clear) {
    const cmd = sshdT(ctx, 'allowtcpforwarding|permitlisten|gatewayports|disableforwarding');
    return step(`${cmd}; ${chage(ctx)}`, 'ssh-server', `Shows the settings that decide -R, and whether the password has expired.${placeholders(cmd)}`, [
      { ifYouSee: 'allowtcpforwarding no/local or disableforwarding yes', then: 'Remote forwarding is off.', cause: 'remote-forward-refused' },
      { ifYouSee: 'permitlisten without your port', then: 'Add the port to PermitListen.', cause: 'remote-forward-refused' },
      { ifYouSee: 'Password expires: password must be changed', then: 'Log in interactively and change it.', cause: 'password-change-required' },
      { ifYouSee: 'all allowed', then: 'The port is taken on the server: ss -ltnp there.', cause: 'remote-forward-refused' },
    ]);
  }
  return undefined;
}

/** Policy vs resolution vs resources on an old or unknown server with no log: the server log tells. */
function stepServerLog(x: StepInput): NextStep | null | undefined {
  const { ranked, clear, host, isPolicy, ctx } = x;
  // Policy vs resolution vs resources: only the server log can tell (old or unknown server, no log)
  const mixed = ranked.slice(0, 4).some((c) => !POLICY.includes(c.id) && c.kind !== 'look-alike') && ranked.slice(0, 4).some((c) => POLICY.includes(c.id));
  if ((isPolicy || mixed) && !ctx.hasServerLog && ctx.server.before75 !== false && !clear) {
    return step(
      JOURNAL,
      'ssh-server',
      'The server log names the reason the client’s message hides (on RHEL/CentOS the unit is sshd; without journald: sudo tail -n 50 /var/log/auth.log or /var/log/secure). Reproduce the failure first, then read the last lines.',
      [
        {
          ifYouSee: 'refused local port forward: originator … target …',
          then: 'Forwarding is switched off for this login (AllowTcpForwarding, DisableForwarding, the key’s options, or an SFTP-only block).',
          cause: 'tcp-forwarding-disabled',
        },
        {
          ifYouSee: 'Received request … to connect to host … but the request was denied.',
          then: 'PermitOpen (or the key’s permitopen=) does not list that exact host:port.',
          cause: 'permitopen-mismatch',
        },
        {
          ifYouSee: 'error: connect_to NAME: unknown host (Name or service not known)',
          then: 'The server cannot resolve the target name.',
          cause: classifyFor(host),
        },
        { ifYouSee: 'unknown host (Temporary failure in name resolution)', then: 'The server’s DNS does not answer.', cause: 'server-dns-broken' },
        { ifYouSee: 'error: connect_to … port …: failed.', then: 'Nothing listens on the target port.', cause: 'target-service-down' },
        { ifYouSee: 'error: no more sessions', then: 'MaxSessions reached on a multiplexed connection.', cause: 'session-limit-multiplexing' },
        {
          ifYouSee: 'nothing about the channel, with LogLevel VERBOSE',
          then: 'sshd may have had no file descriptor left: it cannot even log then (log.c needs one for the syslog socket). Compare `sudo ls /proc/PID/fd | wc -l` for the session’s sshd with its `Max open files` in /proc/PID/limits.',
          cause: 'server-out-of-file-descriptors',
        },
        {
          ifYouSee: 'nothing about the channel, and LogLevel is below VERBOSE',
          then: 'Raise LogLevel to VERBOSE in sshd_config, reload, and try again; or run the ssh command with -v to learn the server version.',
          cause: null,
        },
      ],
    );
  }
  return undefined;
}

/** Which policy refused: the effective settings, the key, the password. */
function stepPolicy(x: StepInput): NextStep | null | undefined {
  const { top, clear, host, port, placeholders, isPolicy, ctx } = x;
  if (isPolicy && !clear) {
    if (ctx.has('permitopen-denied') || top.id === 'permitopen-mismatch' || top.id === 'key-permitopen-mismatch') {
      const cmd = sshdT(ctx, 'permitopen|allowtcpforwarding');
      return step(
        cmd,
        'ssh-server',
        `Shows the effective PermitOpen for this login, to see whether sshd_config or the key refuses ${host}:${port}.${placeholders(cmd)}`,
        [
          {
            ifYouSee: `permitopen with a list that lacks exactly ${host}:${port}`,
            then: 'sshd_config’s PermitOpen refuses it (the comparison is on the text: localhost ≠ 127.0.0.1).',
            cause: 'permitopen-mismatch',
          },
          {
            ifYouSee: 'permitopen any',
            then: 'sshd_config allows it: the key’s permitopen="…" in authorized_keys is the one refusing.',
            cause: 'key-permitopen-mismatch',
          },
        ],
      );
    }
    const cmd = sshdT(ctx, 'allowtcpforwarding|disableforwarding|permitopen|forcecommand');
    return step(
      cmd,
      'ssh-server',
      `Shows the forwarding settings sshd applies to this very login (Match blocks included), which tells the policy causes apart.${placeholders(cmd)}`,
      [
        {
          ifYouSee: 'allowtcpforwarding no (or remote), or disableforwarding yes',
          then: 'Forwarding is switched off in sshd_config.',
          cause: 'tcp-forwarding-disabled',
        },
        { ifYouSee: 'forcecommand internal-sftp', then: 'The account falls in an SFTP-only block.', cause: 'sftp-only-account' },
        { ifYouSee: 'permitopen with a list', then: 'Only the listed host:port strings may be opened; add the one you request.', cause: 'permitopen-mismatch' },
        {
          ifYouSee: 'allowtcpforwarding yes, disableforwarding no, permitopen any',
          then: 'sshd_config allows it: look at the key’s options in authorized_keys (restrict, no-port-forwarding, permitopen=).',
          cause: 'key-forwarding-restricted',
        },
        {
          ifYouSee: 'all allowed, and `sudo chage -l USER` says the password must be changed',
          then: 'An expired password switches forwarding off until it is changed.',
          cause: 'password-change-required',
        },
        {
          ifYouSee: 'all allowed, and you log in with a certificate (a …-cert.pub next to your key)',
          then: '`ssh-keygen -L -f ~/.ssh/id_ed25519-cert.pub` must list permit-port-forwarding under Extensions; ask the CA for a certificate with it.',
          cause: 'certificate-forwarding-not-permitted',
        },
      ],
    );
  }
  return undefined;
}

/** The jump host refuses: its settings. */
function stepJump(x: StepInput): NextStep | null | undefined {
  const { top, clear, placeholders, ctx } = x;
  if (top.id === 'jump-host-forwarding-disabled' && !clear) {
    const cmd = sshdT(ctx, 'allowtcpforwarding|disableforwarding|permitopen');
    return step(cmd, 'jump-host', `Run on the jump host (bastion): it shows whether it allows forwarding to the final server.${placeholders(cmd)}`, [
      {
        ifYouSee: 'allowtcpforwarding no or disableforwarding yes',
        then: 'The bastion refuses all forwarding: ProxyJump / -W cannot work through it.',
        cause: 'jump-host-forwarding-disabled',
      },
      { ifYouSee: 'permitopen without the final server’s host:22', then: 'Add it to PermitOpen on the bastion.', cause: 'jump-host-forwarding-disabled' },
    ]);
  }
  return undefined;
}

/** A name the server could not resolve: ask its own resolver. */
function stepResolution(x: StepInput): NextStep | null | undefined {
  const { top, t } = x;
  if (
    [
      'target-name-unresolvable',
      'localhost-not-resolvable',
      'server-dns-broken',
      'dns-rebinding-protection',
      'invalid-ip-literal',
      'user-in-forward-spec',
    ].includes(top.id)
  ) {
    if (top.id === 'user-in-forward-spec' || top.id === 'invalid-ip-literal') return null;
    const name = t?.host && !t.host.includes('@') ? t.host : 'TARGET';
    return step(`getent ahosts ${q(name)}`, 'ssh-server', `Asks the SSH server’s own resolver (the one sshd uses) for ${name}.`, [
      {
        ifYouSee: 'no output',
        then:
          classifyName(name) === 'localhost-not-resolvable'
            ? 'The server’s /etc/hosts has no localhost line: add one.'
            : 'The server cannot resolve this name: use the full name or the IP address, or fix its DNS (check /etc/resolv.conf).',
        cause: classifyName(name) === 'localhost-not-resolvable' ? 'localhost-not-resolvable' : 'target-name-unresolvable',
      },
      {
        ifYouSee: 'no output, and `cat /etc/resolv.conf` shows no nameserver (or one that does not answer)',
        then: 'The server’s DNS is broken.',
        cause: 'server-dns-broken',
      },
      {
        ifYouSee: 'addresses',
        then: 'It resolves now: the failure was a passing DNS problem, or a resolver that sometimes drops private answers.',
        cause: 'dns-rebinding-protection',
      },
    ]);
  }
  return undefined;
}

/** The target did not accept: try it from the server. */
function stepTarget(x: StepInput): NextStep | null | undefined {
  const { top, clear, t, host, port } = x;
  if (['target-service-down', 'target-listens-elsewhere', 'target-firewalled'].includes(top.id) && !(clear && top.id === 'target-firewalled')) {
    const local = t?.host && (isLocalhostName(t.host) || /^127\.|^::1$/.test(t.host));
    if (local) {
      return step(`ss -ltnp | grep ':${port}'`, 'target', `Lists what listens on port ${port} on the SSH server itself (the tunnel’s target is local to it).`, [
        { ifYouSee: 'no output', then: 'Nothing listens: start the service.', cause: 'target-service-down' },
        {
          ifYouSee: `a listener on another address (e.g. [::1]:${port} while you asked 127.0.0.1, or a LAN address only)`,
          then: 'The service listens elsewhere: point the forward at that address.',
          cause: 'target-listens-elsewhere',
        },
      ]);
    }
    return step(`nc -vz -w 5 ${q(host)} ${port}`, 'ssh-server', `Tries the same connection from the SSH server, without SSH in the way.`, [
      {
        ifYouSee: 'Connection refused',
        then: 'The target host answers but nothing listens on that port (or it listens on another address).',
        cause: 'target-service-down',
      },
      {
        ifYouSee: 'timed out',
        then: 'Something drops the packets between the server and the target: a firewall, or the host is down.',
        cause: 'target-firewalled',
      },
      { ifYouSee: 'No route to host', then: 'A firewall rejects it, or there is no route.', cause: 'target-firewalled' },
      {
        ifYouSee: 'succeeded',
        then: 'It works now: the service was down for a while, or only the address sshd picked (IPv6 vs IPv4) fails.',
        cause: 'target-listens-elsewhere',
      },
    ]);
  }
  return undefined;
}

/** The remaining causes, one command each. */
function stepOther(x: StepInput): NextStep | null | undefined {
  const { top, clear, placeholders, ctx } = x;
  if (top.id === 'local-port-in-use') {
    const p = ctx.of('bind-failed')[0]?.d.port ?? ctx.of('cannot-listen')[0]?.d.port ?? ctx.forwards.find((f) => f.kind !== 'R')?.listenPort ?? 'PORT';
    return step(`lsof -nP -iTCP:${p} -sTCP:LISTEN`, 'client', `Shows which program holds local port ${p} (on Windows: netstat -ano | findstr :${p}).`, [
      { ifYouSee: 'an ssh process', then: 'An earlier tunnel (ssh -f) still runs: kill it or reuse it.', cause: 'local-port-in-use' },
      { ifYouSee: 'another program', then: 'Pick another local port for -L.', cause: 'local-port-in-use' },
    ]);
  }
  if (top.id === 'session-limit-multiplexing' && !clear) {
    const cmd = sshdT(ctx, 'maxsessions');
    return step(cmd, 'ssh-server', `Shows how many sessions one connection may carry.${placeholders(cmd)}`, [
      {
        ifYouSee: 'maxsessions 1 (or a small number)',
        then: 'Your multiplexed connection is full: close sessions or raise MaxSessions.',
        cause: 'session-limit-multiplexing',
      },
    ]);
  }
  if (top.id === 'tunnel-device-refused' && !clear) {
    const cmd = `${sshdT(ctx, 'permittunnel')}; ls -l /dev/net/tun`;
    return step(cmd, 'ssh-server', `Shows whether sshd permits -w and whether the tun device exists.${placeholders(cmd)}`, [
      { ifYouSee: 'permittunnel no', then: 'Set PermitTunnel yes.', cause: 'tunnel-device-refused' },
      { ifYouSee: 'No such file or directory for /dev/net/tun', then: 'The server (often a container) has no tun device.', cause: 'tunnel-device-refused' },
    ]);
  }
  if (top.id === 'streamlocal-forwarding-disabled' && !clear) {
    const cmd = sshdT(ctx, 'allowstreamlocalforwarding|disableforwarding');
    return step(cmd, 'ssh-server', `Shows whether Unix-socket forwarding is allowed for this login.${placeholders(cmd)}`, [
      { ifYouSee: 'allowstreamlocalforwarding no (or remote)', then: 'Socket forwarding is off.', cause: 'streamlocal-forwarding-disabled' },
      { ifYouSee: 'allowstreamlocalforwarding yes', then: 'Check that the socket path exists on the server.', cause: 'streamlocal-forwarding-disabled' },
    ]);
  }
  if (top.id === 'auth-failed' && !clear) {
    return step(
      `ssh -v ${ctx.cmd?.user ? `${ctx.cmd.user}@` : ''}${ctx.serverHost ?? 'SERVER'} 2>&1 | grep -E 'Offering|Trying private key|Authentications that can continue'`,
      'client',
      'Shows which keys your client offers and which methods the server accepts.',
      [{ ifYouSee: 'no "Offering" line for the key the server knows', then: 'Point ssh at the right key with -i.', cause: 'auth-failed' }],
    );
  }
  if (top.id === 'password-change-required' && !clear) {
    return step(`sudo chage -l ${q(ctx.user ?? 'USER')}`, 'ssh-server', 'Shows whether the account’s password has expired.', [
      { ifYouSee: 'Password expires: password must be changed', then: 'Log in interactively and change it.', cause: 'password-change-required' },
    ]);
  }
  if (top.id === 'server-disk-full' && !clear) {
    return step('df -h / /var /tmp', 'ssh-server', 'Shows free space on the server.', [
      { ifYouSee: '100% used', then: 'Free some space.', cause: 'server-disk-full' },
    ]);
  }
  return undefined;
}

function classifyFor(host: string): string {
  const kind = classifyName(host);
  return kind === 'user-in-forward-spec' || kind === 'localhost-not-resolvable' ? kind : 'target-name-unresolvable';
}
