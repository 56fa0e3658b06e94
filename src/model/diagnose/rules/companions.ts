/**
 * Evidence rules for the client's other lines and the look-alikes: jump-host companions, local
 * listeners, -R refusals, logins, and lines about the server's resources.
 */
import { POLICY, type Acc } from '../evidence.ts';
import type { Ctx } from '../context.ts';
import { sish, WINDOWS_JUMP, type WindowsJumpRelease } from '../../software/index.ts';
import type { Obs, ObsOf } from '../read.ts';

/** The -W / ProxyJump companions: "stdio forwarding failed", port 65535, a closed key exchange. */
export function jumpCompanions(ctx: Ctx, a: Acc): void {
  const { add, out, implies, ruledOut, notes, open, first } = a;
  let o1: Obs | undefined;
  if ((o1 = first(ctx.of('stdio-failed')))) {
    const jumpAp = open.some((o) => o.d.reason === 'administratively prohibited' && (o.d.channel === 0 || o.d.channel === null));
    const jumpConnect = open.some((o) => o.d.reason === 'connect failed' && o.d.channel === 0);
    if (!jumpConnect)
      add(
        'jump-host-forwarding-disabled',
        jumpAp ? 6 : 5,
        o1,
        '"stdio forwarding failed": the -W / ProxyJump channel through the jump host was refused.',
        jumpAp,
      );
    implies('jump-host-forwarding-disabled', 'The refusing machine is the jump host (ProxyJump / -W), not the final server');
    out(
      'tcp-forwarding-disabled',
      ctx.has('refused-local') && !ctx.of('refused-local').some((o) => o.d.originatorPort === 65535)
        ? ''
        : 'The refusal comes from the jump host, not from the server behind it.',
    );
    if (ruledOut.get('tcp-forwarding-disabled') === '') ruledOut.delete('tcp-forwarding-disabled');
  }
  if ((o1 = first(ctx.of('closed-65535'))))
    add('jump-host-forwarding-disabled', ctx.has('stdio-failed') ? 1 : 2, o1, '"UNKNOWN port 65535" is the -W stdio channel of a ProxyJump closing.');
  // Windows' ssh that could not start -J's ssh closes the proxied connection itself: no jump host was asked
  for (const o of ctx.has('windows-jump-failed') ? [] : ctx.of('kex-closed').slice(0, 1)) {
    if (ctx.usesJump)
      add('jump-host-forwarding-disabled', 1, o, 'With ProxyJump, the connection to the final server closes before it starts when the jump host refuses.');
    else
      notes.push(
        `Line ${o.line}: the SSH connection itself was closed before it started (the banner exchange): the server or something in between refused the connection; no channel was involved.`,
      );
  }
}

/** "Tunnel forwarding failed" and a refused multiplexed session. */
export function tunnelAndMux(ctx: Ctx, a: Acc): void {
  const { add, ruledOut, first } = a;
  let o1: Obs | undefined;
  if ((o1 = first(ctx.of('tunnel-failed')))) {
    add('tunnel-device-refused', 10, o1, '"Tunnel forwarding failed": the server refused the -w tun/tap device (PermitTunnel, or no /dev/net/tun).', true);
    ruledOut.delete('myth-permittunnel');
  }
  if ((o1 = first(ctx.of('mux-refused')))) {
    // the line says only that the server refused a session: MaxSessions is the usual reason, not the only one
    const decided = ctx.has('no-more-sessions');
    add(
      'session-limit-multiplexing',
      10,
      o1,
      'The ControlMaster connection’s server refused another session: usually MaxSessions is reached (sshd -T | grep maxsessions decides).',
      decided,
    );
    if (!decided) {
      add(
        'mandatory-access-control',
        2,
        o1,
        'SELinux denying sshd-session a new session (Fedora, 2026) prints the same line: an AVC line (ausearch -m avc -ts recent) decides.',
      );
      add('server-lacks-forwarding', 1.5, o1, 'A server with one session per connection (tinyssh) refuses every second session: the banner in ssh -v decides.');
    }
  }
}

/**
 * What bind(2) said for a local listener, and whether the forward was lost: ssh prints "cannot
 * listen to port" and "Could not request local forwarding." only when no address bound; a lone
 * bind line means another address bound and the forward works (decide.ts listenerWarnings).
 */
export function localListener(ctx: Ctx, a: Acc): void {
  const { out, open } = a;
  const cannot = ctx.of('cannot-listen').filter((o) => o.source === 'client');
  const lost = cannot.length > 0 || ctx.has('local-forward-failed');
  // sshd's own bind lines (a -R listener) are the server's: remoteForward() reads them; a bare
  // bind line next to a refused -R and no local forward is sshd's verbose one
  const mine = (o: Obs) => o.source === 'client' && !(ctx.has('remote-forward-failed') && !ctx.has('local-forward-failed') && !ctx.has('cannot-listen'));
  const bind = ctx.of('bind-failed').filter(mine);
  const failed = bindFailures(a, bind, lost);
  for (const o of ctx.of('privileged-port').slice(0, 1))
    a.add('client-port-not-permitted', 14, o, 'ssh before 7.8 (and Windows’ ssh before 7.9) refuses a local port below 1024 unless run as root.', true);
  for (const o of ctx.of('v6only-failed').slice(0, 1))
    a.add(
      'client-listen-address-unavailable',
      lost ? 10 : 5,
      o,
      `Your machine refused the IPv6 socket option (${o.d.error || 'an error'}): WSL1 and some platforms cannot make an IPv6-only listener. Bind 127.0.0.1 explicitly or use -4.`,
      lost,
    );
  const causeOfLost = failed ?? 'local-port-in-use';
  for (const o of cannot.slice(0, 1)) a.add(causeOfLost, failed ? 1 : 7, o, 'ssh could not create the local listener.');
  for (const o of ctx.of('local-forward-failed').slice(0, 1))
    a.add(causeOfLost, failed ? 1 : 6, o, '"Could not request local forwarding.": no local listener was created; the channel never reached the server.');
  if (failed || lost || ctx.has('privileged-port')) {
    for (const id of POLICY) if (open.length === 0) out(id, 'No channel was requested: the local side failed first.');
  }
}

/** The bind errors' causes; returns the cause of the last one (the one that lost the forward), or null. */
function bindFailures(a: Acc, bind: ObsOf<'bind-failed'>[], lost: boolean): string | null {
  let last: string | null = null;
  for (const o of bind.slice(0, 4)) {
    const where = `${o.d.address ?? ''}${o.d.port !== null ? `:${o.d.port}` : ''}`;
    if (/Address already in use/.test(o.d.error)) {
      // a dual-stack platform bug (WSL1) also returns EADDRINUSE with nothing holding the port: ss decides
      a.add(
        'local-port-in-use',
        10,
        o,
        `Your machine could not listen on ${where}: the port looks taken. ss -ltnp 'sport = :${o.d.port ?? 'PORT'}' (lsof -nP -iTCP:${o.d.port ?? 'PORT'} -sTCP:LISTEN on macOS) shows which program holds it.`,
      );
      last = 'local-port-in-use';
    } else if (/Permission denied|forbidden by its access permissions/.test(o.d.error)) {
      a.add(
        'client-port-not-permitted',
        12,
        o,
        `Your machine may not listen on ${where}: a port below 1024 needs root (or, on Windows, it is in an excluded port range).`,
        true,
      );
      last = 'client-port-not-permitted';
    } else if (/Cannot assign requested address|Invalid argument/.test(o.d.error)) {
      const note = lost
        ? `Your machine has no address ${o.d.address ?? ''} to listen on (no IPv6 loopback here): the forward is lost. Use -4, AddressFamily inet or a 127.0.0.1: bind address.`
        : `Only a warning: your machine has no ${o.d.address ?? 'such'} address (no IPv6 loopback here), but ssh listened on the other address and the forward works.`;
      a.add('client-listen-address-unavailable', lost ? 12 : 6, o, note, lost);
      last = 'client-listen-address-unavailable';
    }
  }
  if (!lost && last === 'client-listen-address-unavailable') a.notes.push('The bind line alone is a warning: the forward listens on the address that bound.');
  return last;
}

/** A refused -R and what sshd logged about it; a forwarded channel for a -R ssh never asked for. */
export function remoteForward(ctx: Ctx, a: Acc): void {
  const { add } = a;
  const sshdBind = (x: Obs) => x.source === 'server' || (ctx.has('remote-forward-failed') && !ctx.has('local-forward-failed'));
  for (const o of ctx.of('bind-failed').filter(sshdBind).slice(-1))
    add(
      'remote-forward-refused',
      12,
      o,
      /Address already in use/.test(o.d.error)
        ? `sshd could not listen on ${o.d.address ?? ''}:${o.d.port ?? ''} for the -R: something on the server holds the port, often the previous, half-dead session of the same tunnel (ClientAliveInterval lets sshd drop it).`
        : `sshd could not listen on ${o.d.address ?? ''}:${o.d.port ?? ''} for the -R (${o.d.error}).`,
      true,
    );
  for (const o of ctx.of('unknown-forwarded').slice(0, 1))
    add(
      'forwarded-channel-mismatch',
      14,
      o,
      `The server opened a -R connection for listen port ${o.d.port ?? '?'} with an address or port ssh never asked for (a relay or gateway that rewrites the bind): ssh refuses it.`,
      true,
    );
  for (const o of ctx.of('remote-forward-failed').slice(0, 1)) {
    // The client's line says the -R was refused, not why: an expired password (and, for a socket,
    // a full disk) print the same line. sshd's log decides (below), when the paste has it.
    if (o.d.path !== null) {
      add(
        'remote-forward-refused',
        10,
        o,
        `The server refused to listen on the socket ${o.d.path} for -R (AllowStreamLocalForwarding, AllowTcpForwarding, or a file already at that path).`,
      );
      if (!ctx.remoteRefusalLogged)
        add('server-disk-full', 2, o, 'A server disk with no free inode also stops a socket -R: sshd cannot create the socket file.');
    } else
      add(
        'remote-forward-refused',
        10,
        o,
        `The server refused to listen on port ${o.d.port ?? '?'} for -R (AllowTcpForwarding, PermitListen, GatewayPorts, or the port is taken there).`,
      );
    if (!ctx.remoteRefusalLogged)
      add('password-change-required', 1.5, o, 'An account whose password has expired gets no forwarding at all, -R included, and sshd logs nothing about it.');
  }
  for (const o of ctx.of('unix-bind-failed').slice(0, 1)) {
    const err = o.d.error ?? '';
    if (/No space left on device/.test(err))
      add('server-disk-full', 14, o, `sshd could not create the socket file ${o.d.path} for -R: the server’s disk is full (no free inode).`, true);
    else if (/Address already in use/.test(err))
      add(
        'remote-forward-refused',
        12,
        o,
        `${o.d.path} already exists on the server, often a socket left by an earlier session: remove it, or set StreamLocalBindUnlink yes in sshd_config.`,
        true,
      );
    else add('remote-forward-refused', 11, o, `sshd could not create the socket ${o.d.path} for -R${err ? `: ${err}` : ''}.`, true);
  }
  for (const o of ctx.of('remote-denied').slice(0, 1))
    add('remote-forward-refused', 12, o, 'The server log shows the -R request denied by PermitListen / permitlisten.', true);
}

/** A refused -X, a failed login, a login that worked. */
export function loginAndX11(ctx: Ctx, a: Acc): void {
  const { add, out, open } = a;
  for (const o of ctx.of('x11-failed').slice(0, 1)) {
    add('x11-forwarding-refused', open.length > 0 ? 1 : 4, o, 'X11 forwarding was refused; it is harmless for a port forward, and -X is not needed for one.');
  }
  for (const o of ctx.of('auth-denied').slice(0, 1)) {
    if (ctx.has('authenticated')) continue;
    add('auth-failed', 10, o, 'The server did not accept any offered key or password: the login failed before any channel.', true);
    for (const id of POLICY) if (open.length === 0) out(id, 'No channel was ever requested: the login itself failed.');
  }
  for (const o of ctx.of('auth-failure-log').slice(0, 1))
    if (!ctx.has('accepted') && !ctx.has('authenticated')) add('auth-failed', 4, o, 'The server log shows a failed login.');
  if (ctx.has('authenticated') || ctx.has('accepted')) out('auth-failed', 'The login succeeded (the log says "Authenticated"/"Accepted").');
}

/** Lines about the server itself: descriptors, passwords, SFTP-only, key options, disk, resolver, reachability. */
export function serverTroubles(ctx: Ctx, a: Acc): void {
  for (const o of ctx.of('avc-denied').slice(0, 1))
    a.add(
      'mandatory-access-control',
      16,
      o,
      `SELinux denied ${o.d.comm ?? 'sshd'} a connect (avc: denied { name_connect }): the policy, not sshd_config, refuses the forward.`,
      true,
    );
  const { add, out, notes, isDropbear, resolutionFor } = a;
  for (const o of ctx.of('emfile').slice(0, 1)) {
    const where =
      o.d.where === 'accept'
        ? 'ssh could not accept a new local connection: it ran out of file descriptors (long-running -D proxies leak sockets; the server session hits the same limit)'
        : 'The server ran out of file descriptors ("Too many open files")';
    add('server-out-of-file-descriptors', 11, o, `${where}.`, true);
  }
  for (const o of ctx.of('password-expired').slice(0, 1))
    add('password-change-required', 12, o, 'The account’s password has expired: sshd blocks forwarding until it is changed in an interactive login.', true);
  for (const o of ctx.of('sftp-only').slice(0, 1))
    add('sftp-only-account', 8, o, 'The server only allows SFTP for this account (ForceCommand internal-sftp).', true);
  for (const o of ctx.of('port-forwarding-disabled').slice(0, 1)) {
    if (isDropbear) add('dropbear-forwarding-disabled', 12, o, 'Dropbear applied "no-port-forwarding" from the key’s authorized_keys line.', true);
    else add('key-forwarding-restricted', 12, o, 'The key’s authorized_keys line has no-port-forwarding (the server says "Port forwarding disabled.").', true);
  }
  for (const o of ctx.of('key-options').slice(0, 1)) {
    if (!o.d.portForwarding)
      add(
        'key-forwarding-restricted',
        8,
        o,
        'The key’s options (sent by the server with -v) do not include port-forwarding: the key has restrict or no-port-forwarding.',
        true,
      );
    else {
      out('key-forwarding-restricted', 'The server lists port-forwarding among the key’s options.');
      if (o.d.permitopen) add('key-permitopen-mismatch', 6, o, 'The key has a permitopen= list: only the listed host:port strings are allowed.');
    }
  }
  for (const o of ctx.of('disk-full').slice(0, 1))
    add(
      'server-disk-full',
      6,
      o,
      '"No space left on device": a full disk stops sshd creating socket files (-R to a path); TCP forwards do not write to disk, so look for what else the full disk stopped.',
      true,
    );
  for (const o of ctx.of('dns-rebind').slice(0, 1))
    add('dns-rebinding-protection', 12, o, `The resolver (dnsmasq) dropped the answer for ${o.d.name}: DNS rebinding protection.`, true);
  for (const o of ctx.of('lookup-failed').slice(0, 1)) {
    const publicName = /\.(com|org|net|io|de|fr|uk|ro|nl|edu|gov)$/i.test(o.d.name);
    if (/Temporary failure/.test(o.d.error))
      add('server-dns-broken', 7, o, `Looking up ${o.d.name} fails with "Temporary failure in name resolution": no DNS server answers.`, true);
    else if (publicName)
      add('server-dns-broken', 6, o, `Even the public name ${o.d.name} does not resolve there: that machine’s DNS is broken (empty /etc/resolv.conf?).`, true);
    else resolutionFor(o.d.name, 4, o, `A lookup of ${o.d.name} failed`, false);
  }
  for (const o of ctx.of('tun-failed').slice(0, 1))
    add('tunnel-device-refused', 10, o, 'The server could not open the tun device (no /dev/net/tun, as in containers).', true);
  for (const o of ctx.of('client-resolve-failed').slice(0, 1))
    notes.push(
      `Line ${o.line}: your own machine could not resolve the SSH server "${o.d.host}" (${o.d.error}); no channel was involved. Check the name or your DNS.`,
    );
  for (const o of ctx.of('windows-jump-failed').slice(0, 1)) notes.push(windowsJumpNote(o.line, o.d.release));
  const asksChannel = ctx.forwards.some((f) => f.kind !== 'R') || Boolean(ctx.cmd?.stdio);
  for (const o of ctx.of('closed-by-remote').slice(0, 1))
    if (asksChannel && !ctx.has('open-failed'))
      notes.push(
        `Line ${o.line}: the SSH server ${o.d.host} ended the whole connection, without refusing a channel. A server that forwards only to what it serves itself does this (sish, for a host and port that is none of its TCP aliases: its log says "${sish.words.aliasMissing} …"); otherwise it dropped the connection for a reason of its own (a restart, an idle timeout), which its log names.`,
      );
  for (const o of ctx.of('ssh-connect-failed').slice(0, 1))
    notes.push(`Line ${o.line}: ssh could not reach the SSH server ${o.d.host} itself (${o.d.error}); no channel was involved.`);
}

/** Windows' ssh 7.6/7.7 and -J: what went wrong on the user's own machine, and the two ways out. */
function windowsJumpNote(line: number, release: WindowsJumpRelease): string {
  const also = release === '7.7' ? ' (a ProxyCommand whose program is not found prints the same two lines)' : '';
  return `Line ${line}: Windows’ built-in ssh ${release} could not start the ssh it runs for -J/ProxyJump: ${WINDOWS_JUMP.why[release]}${also}. No server was asked, so no server setting is involved. To fix it, ${WINDOWS_JUMP.wayOut}.`;
}
