/**
 * Evidence rules for sshd's log: which check refused the channel (policy, permit list, lookup,
 * connect, sessions, sockets) and what that rules out.
 */
import { classifyName, POLICY, RESOLUTION, RESOURCES, TARGET, type Acc } from '../evidence.ts';
import { why, type Ctx } from '../context.ts';

/** Causes that happen after sshd's permission check: a logged policy refusal makes them unlikely. */
const AFTER_THE_PERMISSION_CHECK: string[] = [
  'target-name-unresolvable',
  'localhost-not-resolvable',
  'server-dns-broken',
  'invalid-ip-literal',
  'user-in-forward-spec',
  'session-limit-multiplexing',
  'server-out-of-file-descriptors',
  'target-service-down',
];

/** sshd logged "refused local port forward": a forwarding policy refused it. */
export function refusedByPolicyLog(ctx: Ctx, a: Acc): void {
  const { add, out, scale, isDropbear, refused } = a;
  if (refused.length > 0) {
    const o = refused[0]!;
    const stdio = o.d.originatorPort === 65535 || refused.some((r) => r.d.originatorPort === 65535);
    // with the log alone: a stdio channel to an SSH port is a jump; to another port, a plain -W to this server
    const sshPort = refused.some((r) => r.d.originatorPort === 65535 && r.d.port === 22);
    if (stdio && (ctx.usesJump || ctx.has('stdio-failed') || (!ctx.cmd && sshPort))) {
      add(
        'jump-host-forwarding-disabled',
        14,
        o,
        'The log shows a refused forward from "originator … port 65535": that is a -W / ProxyJump stdio channel, refused by this (jump) host’s forwarding policy.',
        true,
      );
    } else {
      const n = `The server log says the forward to ${o.d.target} port ${o.d.port} was refused by policy (AllowTcpForwarding / DisableForwarding, the key’s options or certificate, or an SFTP-only block).`;
      add('tcp-forwarding-disabled', 7, o, n, true);
      add('key-forwarding-restricted', 4.5, o, n);
      add('sftp-only-account', 2.5, o, n);
      add('password-change-required', 1.5, o, n);
      if (!isDropbear) add('certificate-forwarding-not-permitted', 1.5, o, n);
      if (isDropbear) add('dropbear-forwarding-disabled', 8, o, n);
      if (stdio)
        add(
          'jump-host-forwarding-disabled',
          3,
          o,
          'Originator port 65535 is a -W stdio channel: when this server is a jump host (ProxyJump), the same line appears.',
        );
    }
    for (const id of [...RESOLUTION, ...TARGET, ...RESOURCES]) out(id, 'The server refused the forward before it looked the target up or connected.');
    out('permitopen-mismatch', 'A PermitOpen refusal is logged as "Received request … was denied", not "refused local port forward".');
    out('key-permitopen-mismatch', 'A permitopen= refusal is logged as "Received request … was denied", not "refused local port forward".');
    out('myth-firewall-icmp', 'The server itself refused the channel; no firewall was involved.');
    scale([...AFTER_THE_PERMISSION_CHECK], 0.1);
  }
}

/** sshd logged "Received request … was denied": a permit list refused it. */
export function deniedByPermitListLog(ctx: Ctx, a: Acc): void {
  const { add, out, scale, denied } = a;
  if (denied.length > 0) {
    const o = denied[0]!;
    const asked = `${o.d.target}${o.d.port !== null ? `:${o.d.port}` : ''}`;
    const n = `The server log says the request for ${asked || 'this target'} is not on the permitted list (PermitOpen in sshd_config, or permitopen= on the key).`;
    add('permitopen-mismatch', 8, o, n, true);
    add('key-permitopen-mismatch', 5, o, n, true);
    if (ctx.cmd?.program === 'autossh')
      add(
        'key-permitopen-mismatch',
        3,
        ctx.command!,
        'autossh’s monitoring port asks for 127.0.0.1:PORT; a key restricted with permitopen="localhost:PORT" refuses it (the strings differ).',
      );
    for (const id of [...RESOLUTION, ...TARGET, ...RESOURCES]) out(id, 'The server refused the request at its permission check, before any lookup or connect.');
    out('tcp-forwarding-disabled', 'With forwarding switched off the log says "refused local port forward"; this one is a permit-list refusal.');
    out('key-forwarding-restricted', 'A key with no-port-forwarding is logged as "refused local port forward"; this one is a permit-list refusal.');
    scale([...AFTER_THE_PERMISSION_CHECK], 0.1);
  }
}

/** sshd logged "connect_to … unknown host": the server could not resolve the target. */
export function unknownHostLog(ctx: Ctx, a: Acc): void {
  const { add, out, scale, implies, scores, resolutionFor } = a;
  for (const o of ctx.of('unknown-host').slice(0, 1)) {
    const n = `The server log says it could not resolve "${o.d.target}" (${o.d.error})`;
    if (/Temporary failure/.test(o.d.error)) add('server-dns-broken', 13, o, `${n}: its DNS server did not answer.`, true);
    else if (/No address associated/.test(o.d.error)) {
      add(
        'dns-rebinding-protection',
        10,
        o,
        `${n}: the name exists but no address came back, which is how a resolver with rebinding protection answers for private addresses.`,
        true,
      );
      resolutionFor(o.d.target, 5, o, n, false);
    } else resolutionFor(o.d.target, 12, o, n, true);
    const ap = ctx.apOpenssh[0];
    const cause = /Temporary failure/.test(o.d.error) ? 'server-dns-broken' : classifyName(o.d.target);
    if (ap) {
      implies(
        cause,
        'OpenSSH before 7.5: "administratively prohibited" together with a server log "connect_to … unknown host" (from 7.5 on the client would read "connect failed: …")',
      );
      const s = scores.get(cause);
      if (s) s.why.push(why(ap, 'The client only saw "administratively prohibited": servers before OpenSSH 7.5 send it for a failed lookup too.'));
    }
    for (const id of POLICY) out(id, 'The server passed its policy checks and then failed to look up the target.');
    out('myth-firewall-icmp', 'The server could not resolve the name; no firewall was involved.');
    scale(POLICY, 0.1);
  }
}

/** sshd logged that its connect to the target failed. */
export function connectToFailedLog(ctx: Ctx, a: Acc): void {
  const { add, out, scale, implies, open } = a;
  for (const o of ctx.of('connect-to-failed').slice(0, 1)) {
    // "connect_to … failed." names no error: the client's "connect failed: …" line does
    const clientErr =
      open.find(
        (x) =>
          x.d.reason === 'connect failed' &&
          x.d.desc &&
          /^(Connection refused|Connection timed out|No route to host|Network is unreachable|Host is unreachable)$/.test(x.d.desc),
      )?.d.desc ?? null;
    const err = o.d.error ?? clientErr;
    if (err && /Permission denied/.test(err)) {
      // EACCES from connect(2): a socket the login user may not open, or a MAC policy denying sshd a TCP connect
      if (o.d.target.startsWith('/')) {
        add(
          'target-socket-permission',
          14,
          o,
          `${o.d.target} exists, but the login user may not open it (Permission denied): its owner, group and mode decide.`,
          true,
        );
        out('streamlocal-forwarding-disabled', 'sshd allowed the socket forward and tried the socket: it exists, and the login user may not open it.');
      } else
        add(
          'mandatory-access-control',
          14,
          o,
          `sshd’s own connect to ${o.d.target} port ${o.d.port} was denied (Permission denied): a mandatory access control policy (SELinux, AppArmor) refuses it; ausearch -m avc -ts recent shows the denial.`,
          true,
        );
      scale(POLICY, 0.15);
      continue;
    }
    if (o.d.target.startsWith('/')) {
      add(
        'streamlocal-forwarding-disabled',
        12,
        o,
        `The server could not connect to the Unix socket ${o.d.target}${err ? ` (${err})` : ''}: the socket path is missing or not reachable.`,
        true,
      );
      scale(POLICY, 0.15);
      continue;
    }
    if (err && /Too many open files/.test(err))
      add('server-out-of-file-descriptors', 12, o, 'The server could not create a socket: too many open files.', true);
    else if (err && /timed out|No route|unreachable/i.test(err))
      add('target-firewalled', 10, o, `The server could not reach ${o.d.target} port ${o.d.port} (${err}).`, true);
    else {
      add(
        'target-service-down',
        9,
        o,
        `The server could not connect to ${o.d.target} port ${o.d.port}${err ? ` (${err})` : ''}: nothing accepts connections there.`,
        // the same lines when the login landed on another machine than the service's: not decisive
      );
      add(
        'wrong-host-behind-name',
        3,
        o,
        'If the name you log in to reaches several machines (a login alias, a load-balanced name), the service may run on another one: hostname in the same session tells.',
      );
      add(
        'target-listens-elsewhere',
        4, // the same lines when the service listens on another address: never decisive against it
        o,
        'The service may listen on another address or family (127.0.0.1 vs ::1, one interface).',
      );
    }
    if (ctx.apOpenssh[0]) {
      for (const id of ['target-service-down', 'target-listens-elsewhere', 'target-firewalled', 'server-out-of-file-descriptors'])
        implies(id, 'OpenSSH before 7.5: the connect failed at once, and old servers report that as "administratively prohibited"');
    }
    for (const id of POLICY) out(id, 'The server passed its policy checks and tried to connect.');
    scale(POLICY, 0.15);
  }
}

/** sshd logged "no more sessions", or refused a Unix-socket forward. */
export function sessionsAndSocketsLog(ctx: Ctx, a: Acc): void {
  const { add, scale, implies } = a;
  for (const o of ctx.of('no-more-sessions').slice(0, 1)) {
    add('session-limit-multiplexing', 13, o, 'The server log says "no more sessions": MaxSessions is reached on this connection.', true);
    if (ctx.apOpenssh[0]) implies('session-limit-multiplexing', 'OpenSSH before 7.5 (a session limit reported as "administratively prohibited")');
    scale(POLICY, 0.2);
  }
  for (const o of [...ctx.of('refused-streamlocal'), ...ctx.of('path-denied')].slice(0, 1)) {
    add(
      'streamlocal-forwarding-disabled',
      13,
      o,
      `The server refused the Unix-socket forward${'path' in o.d && o.d.path ? ` to ${o.d.path}` : ''} (AllowStreamLocalForwarding, or the key’s options).`,
      true,
    );
    scale(POLICY, 0.2);
  }
}
