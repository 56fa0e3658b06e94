/**
 * Evidence rules for the channel-open failure the client printed ("open failed: <reason>: <description>"):
 * what each reason and description points at, per server software and version.
 */
import { BLANKET_POLICY, classifyName, POLICY, RESOLUTION, TARGET, type Acc } from '../evidence.ts';
import { isLocalhostName, octalIpLiteral } from '../command.ts';
import { why, type Ctx } from '../context.ts';
import type { ObsOf } from '../read.ts';
import { CLIENT_PROFILES, opensshWindowsServer, SERVER_PROFILES } from '../../software/index.ts';
import { UNKNOWN_REASON } from '../read-tools.ts';
import { inSentence, knownAnswers, programAnswer } from '../server-answers.ts';
import { REVEAL } from '../../software/annotations.ts';

/**
 * An empty description after "administratively prohibited:": OpenSSH always sends one, so the
 * server is not OpenSSH. Dropbear's refusal of a forward (or of a Unix socket) is the likeliest,
 * but bastion products, servers built on Node's ssh2 and libssh servers answer so too: only a
 * banner or a Dropbear log line confirms Dropbear.
 */
function onEmptyDescription(ctx: Ctx, a: Acc, o: ObsOf<'open-failed'>, w: number): void {
  const { add, implies } = a;
  const known = a.isDropbear;
  const why = known ? 'Dropbear (its banner or log says so)' : 'a server that is not OpenSSH (an empty description): Dropbear is the likeliest';
  if (onlySocketChannels(ctx)) {
    // decide.ts dropbearStreamlocalPolicy(): -j, the key's options or (2025.89+) a forced command
    add(
      'streamlocal-forwarding-disabled',
      (known ? 10 : 7) * w,
      o,
      'Dropbear refuses a forward to a Unix socket with an empty description: -j, the key’s options, or from 2025.89 a forced command (command= on the key, or dropbear -c).',
      known,
    );
    add('dropbear-forwarding-disabled', 2 * w, o, 'Dropbear refused the forward (-j or the key’s options refuse TCP forwards too).');
    implies('streamlocal-forwarding-disabled', why);
    return;
  }
  add(
    'dropbear-forwarding-disabled',
    (known ? 10 : 6) * w,
    o,
    'An empty description after "administratively prohibited:" is how Dropbear refuses a forward (-j/-k, or the key’s options).',
    known,
  );
  implies('dropbear-forwarding-disabled', why);
  if (!known) {
    const decide = 'OpenSSH always sends a description, so this server is not OpenSSH; ssh -v names it ("remote software version …").';
    add('ssh-gateway-policy', 4 * w, o, `${emptyRefusers()} ${decide}`);
    add('server-lacks-forwarding', 3 * w, o, `Servers built on Node’s ssh2 or libssh without forwarding refuse this way too. ${decide}`);
  }
  if (!ctx.command)
    add(
      'streamlocal-forwarding-disabled',
      1.5 * w,
      o,
      'For a forward to a Unix socket, Dropbear 2025.89 and later also refuse it this way under a forced command.',
    );
}

/** The gateway products whose own policy refuses with an empty description (software/ profiles), and where each allows it. */
function emptyRefusers(): string {
  const named = SERVER_PROFILES.flatMap((p) =>
    p.policy?.answer === 'refuses' && p.policy.description === '' ? [`${p.name} (allowed in ${p.policy.setting})`] : [],
  );
  return `Bastion products refuse with an empty description too: ${named.join('; ')}.`;
}

/** "A", "A and B", "A, B and C". */
function listNames(names: readonly string[]): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * A description that server programs send and OpenSSH never does (their profiles, software/): those
 * programs refused, in their own way. When they all mean one cause it is confirmed; when the words
 * also fit a program's own policy (MINA SSHD's and russh's are the same for both), the default
 * comes first and the policy is the other candidate.
 */
function onProfileDescription(a: Acc, o: ObsOf<'open-failed'>, w: number): boolean {
  const desc = o.d.desc;
  if (!desc || desc === 'open failed') return false;
  const found = knownAnswers(o.d.reason, desc);
  if (found.length === 0) return false;
  const lead = (found.find((k) => k.current) ?? found[0]!).cause;
  const causes = [lead, ...new Set(found.map((k) => k.cause).filter((c) => c !== lead))];
  for (const cause of causes) {
    const by = found.filter((k) => k.cause === cause);
    const names = [...new Set(by.map((k) => inSentence(k.name)))];
    const s = names.length === 1 ? 's' : '';
    const setting = by.length === 1 && by[0]!.setting ? ` It is allowed in ${by[0]!.setting}.` : '';
    const note =
      cause === 'server-lacks-forwarding'
        ? `"${desc}" is what ${listNames(names)} answer${s} a forward: the server software has no forwarding for it, whatever sshd_config would say.`
        : `"${desc}" is not OpenSSH’s description: ${listNames(names)} send${s} it when the product’s own policy allows no forwarding.${setting}`;
    a.add(cause, (cause === lead ? 30 : 10) * w, o, note, causes.length === 1);
  }
  a.scale([...POLICY, 'jump-host-forwarding-disabled'], 0.3);
  return true;
}

/** An "administratively prohibited" channel failure: Dropbear’s empty description, a refused jump channel, or a policy (and, before 7.5, a failed lookup or a resource). */
export function onProhibited(ctx: Ctx, a: Acc, o: ObsOf<'open-failed'>, w: number): void {
  const { add, out, old, isDropbear } = a;
  const desc = o.d.desc;
  if (desc === '' && !o.d.putty) {
    onEmptyDescription(ctx, a, o, w);
    return;
  }
  if (onProfileDescription(a, o, w)) return;
  if (isDropbear && desc === null) {
    add('dropbear-forwarding-disabled', 8 * w, o, 'Dropbear refused the forward.');
    return;
  }
  // OpenSSH "open failed" (or an unknown description)
  const jumpChannel = o.d.channel === 0 && (ctx.has('stdio-failed') || ctx.usesJump);
  if (jumpChannel) {
    add('jump-host-forwarding-disabled', 10 * w, o, 'Channel 0 refused on a -W/-J connection: the jump host refused the stdio forward.');
    return;
  }
  const policyNote = 'The server refused the channel with "administratively prohibited".';
  const weights: Record<string, number> =
    old === false
      ? {
          'tcp-forwarding-disabled': 5,
          'permitopen-mismatch': 3.5,
          'key-forwarding-restricted': 2.5,
          'key-permitopen-mismatch': 1.5,
          'sftp-only-account': 1.5,
          'password-change-required': 1,
        }
      : old === true
        ? {
            'tcp-forwarding-disabled': 3.5,
            'permitopen-mismatch': 2,
            'key-forwarding-restricted': 1.5,
            'key-permitopen-mismatch': 1,
            'sftp-only-account': 1,
            'password-change-required': 0.7,
          }
        : {
            'tcp-forwarding-disabled': 4.5,
            'permitopen-mismatch': 3,
            'key-forwarding-restricted': 2,
            'key-permitopen-mismatch': 1.2,
            'sftp-only-account': 1.2,
            'password-change-required': 0.8,
          };
  for (const [id, p] of Object.entries(weights)) add(id, p * w, o, policyNote);
  if (ctx.usesJump && !ctx.has('stdio-failed')) add('jump-host-forwarding-disabled', 1.5 * w, o, 'You go through a jump host; it may be the one refusing.');
  prohibitedByVersion(ctx, a, o, w);
  out('myth-firewall-icmp', '"administratively prohibited" here is SSH reason code 1 from the server, not an ICMP reject (those show as "No route to host").');
  if (!ctx.usesTunnel) out('myth-permittunnel', 'PermitTunnel only governs -w tun/tap devices, not -L/-D/-R forwards.');
}

/** What "administratively prohibited" rules out on 7.5+, and what else it covers before 7.5. */
export function prohibitedByVersion(ctx: Ctx, a: Acc, o: ObsOf<'open-failed'>, w: number): void {
  const { add, out, old, tHost } = a;
  if (old === false) {
    for (const id of RESOLUTION) out(id, 'On OpenSSH 7.5 and later a failed name lookup reads "connect failed: …", not "administratively prohibited".');
    for (const id of ['session-limit-multiplexing', 'server-out-of-file-descriptors', 'tunnel-device-refused', 'streamlocal-forwarding-disabled'])
      out(id, 'On OpenSSH 7.5 and later a resource failure reads "connect failed: open failed".');
  } else {
    const r = old === true ? 1 : 0.55;
    const n =
      old === true
        ? 'Before OpenSSH 7.5 the server also says "administratively prohibited" when it cannot resolve the target.'
        : 'If the server is older than 7.5, "administratively prohibited" also covers a failed name lookup.';
    if (tHost) {
      const kind = classifyName(tHost);
      add(kind, (kind === 'target-name-unresolvable' ? 3 : kind === 'localhost-not-resolvable' ? 3 : 6) * r * w, o, n);
    } else add('target-name-unresolvable', 3 * r * w, o, n);
    add('server-dns-broken', 0.8 * r * w, o, n);
    const rn =
      old === true
        ? 'Before OpenSSH 7.5 running out of sessions or file descriptors is also reported this way.'
        : 'On a server older than 7.5, a session limit is reported the same way.';
    add('session-limit-multiplexing', (ctx.usesMux ? 4 : 0.6) * r * w, o, rn);
    // A server out of descriptors logs nothing at all (syslog needs a descriptor too), so with no
    // server log in the paste it stays a candidate.
    add(
      'server-out-of-file-descriptors',
      (ctx.hasServerLog ? 0.6 : 1.6) * r * w,
      o,
      old === true
        ? 'Before OpenSSH 7.5 a server out of file descriptors also answers "administratively prohibited", and logs nothing.'
        : 'On a server older than 7.5, running out of file descriptors is reported the same way, and logs nothing.',
    );
    if (ctx.usesTunnel) add('tunnel-device-refused', 6 * r * w, o, 'You use -w: before 7.5 a refused tun device reads "administratively prohibited".');
    if (ctx.usesPathForward)
      add('streamlocal-forwarding-disabled', 5 * r * w, o, 'You forward a Unix socket: before 7.5 a refused one reads "administratively prohibited".');
  }
}

/** Every channel the command asks for goes to a Unix socket (-L port:/path), so a refused one is a socket forward. */
function onlySocketChannels(ctx: Ctx): boolean {
  const channels = ctx.forwards.filter((f) => f.kind !== 'R');
  return channels.length > 0 && channels.every((f) => f.path !== null) && !ctx.usesJump;
}

/** "connect failed" with a resolver error (getaddrinfo, or Dropbear’s "Error resolving"); true when it was one. */
export function onResolverFailure(ctx: Ctx, a: Acc, o: ObsOf<'open-failed'>, w: number): boolean {
  const { add, out, implies, isDropbear, tHost, resolutionFor } = a;
  const desc = o.d.desc;
  const d = desc ?? '';
  const fromJump = ctx.has('stdio-failed') && o.d.channel === 0;
  const where = fromJump ? 'The jump host' : 'The server';
  const er = /^Error resolving '([^']{0,300})' port '\d{1,5}'\. (.{0,200})$/.exec(d);
  if (er) {
    if (/Temporary failure/.test(er[2]!))
      add('server-dns-broken', 10 * w, o, 'Dropbear could not reach a DNS server ("Temporary failure in name resolution").', true);
    else resolutionFor(er[1]!, 10 * w, o, `Dropbear could not resolve "${er[1]}"`, true);
    return true;
  }
  if (d === 'No address associated with hostname') {
    // EAI_NODATA: the name exists but its address was not given — what a resolver that strips private answers returns
    add(
      'dns-rebinding-protection',
      8 * w,
      o,
      `${where}’s resolver knows the name but returned no address ("${d}"): DNS rebinding protection strips private answers this way.`,
      true,
    );
    resolutionFor(tHost, 4 * w, o, `${where} could not resolve the target ("${d}")`, false);
    out('tcp-forwarding-disabled', 'Forwarding is allowed: the server got as far as looking up the target.');
    return true;
  }
  if (/^(Name or service not known|nodename nor servname provided.*|Name does not resolve|Non-recoverable failure in name resolution)$/.test(d)) {
    resolutionFor(tHost, 9 * w, o, `${where} could not resolve the target ("${d}")`, true);
    implies(classifyName(tHost ?? 'x'), isDropbear ? 'Dropbear' : 'OpenSSH 7.5 or later (it names the resolver error)');
    out('tcp-forwarding-disabled', 'Forwarding is allowed: the server got as far as looking up the target.');
    out('permitopen-mismatch', 'The request passed the PermitOpen check: the server went on to look up the target.');
    return true;
  }
  if (/Temporary failure in name resolution/.test(d)) {
    add('server-dns-broken', 10 * w, o, `${where} could not reach its DNS server ("Temporary failure in name resolution").`, true);
    add('target-name-unresolvable', 0.5 * w, o, 'A name that only a slow or broken DNS server knows looks the same.');
    return true;
  }
  return false;
}

/** Windows' sshd (its banner in ssh -v): its build has no Unix-domain sockets (software/openssh-windows-server.ts). */
function windowsServer(ctx: Ctx): boolean {
  return ctx.of('server-version').some((v) => v.d.raw.startsWith(opensshWindowsServer.words.banner));
}

const WINDOWS_NO_SOCKETS = `${opensshWindowsServer.name} has no Unix-domain sockets: it opens a socket path as a file or named pipe, so a -L to a Unix path fails this way (its log: "port -2 failed: ${opensshWindowsServer.unixSockets.connect}"). Forward to a TCP port on that machine instead.`;

/**
 * OpenSSH 7.5+'s bare "connect failed: open failed": not a policy and not a resolver error — a
 * session, a tun device, a socket forward (missing, or one the user may not open), descriptors, or
 * a MAC policy denying sshd's connect.
 */
function onSyncFailure(ctx: Ctx, a: Acc, o: ObsOf<'open-failed'>, w: number): void {
  const { add, out } = a;
  // OpenSSH 7.5+: not policy, not a resolver error: sessions, tun, socket forwards, descriptors
  const mux = ctx.usesMux || ctx.has('mux-refused');
  // Nothing points at a session, a tun device or a socket path: a TCP forward that fails this
  // way on 7.5+ is most often socket() failing with EMFILE, which syslog cannot even record
  // (log.c do_log() needs a descriptor of its own), so the server log stays empty.
  const plainTcp = !mux && !ctx.usesTunnel && !ctx.usesPathForward;
  add('session-limit-multiplexing', (mux ? 7 : 1.5) * w, o, 'OpenSSH 7.5+ says "connect failed: open failed" when it cannot open a session (MaxSessions) …');
  add('tunnel-device-refused', (ctx.usesTunnel ? 8 : 1) * w, o, '… or a -w tunnel device …');
  add('streamlocal-forwarding-disabled', (ctx.usesPathForward ? 8 : 1) * w, o, '… or a Unix-socket forward …');
  if (ctx.usesPathForward && windowsServer(ctx)) add('streamlocal-forwarding-disabled', 6 * w, o, WINDOWS_NO_SOCKETS);
  add(
    'target-socket-permission',
    (ctx.usesPathForward ? 5 : 0.3) * w,
    o,
    '… or a socket the login user may not open (docker.sock: the server log says "Permission denied") …',
  );
  add('mandatory-access-control', (plainTcp ? 1 : 0.3) * w, o, '… or SELinux/AppArmor denying sshd’s connect (an AVC line decides).');
  add(
    'server-out-of-file-descriptors',
    (plainTcp ? 3 : 0.7) * w,
    o,
    plainTcp
      ? 'For a TCP forward with no session, tunnel or socket involved, the usual reason is that sshd has no file descriptor left for the new socket; it cannot even log that.'
      : 'Running out of descriptors can look the same.',
  );
  for (const id of POLICY) out(id, 'A policy refusal reads "administratively prohibited", and this is "connect failed".');
}

/** "connect failed" with a connect(2) error, a descriptor shortage or OpenSSH 7.5+’s bare "open failed". */
export function onConnectFailure(ctx: Ctx, a: Acc, o: ObsOf<'open-failed'>, w: number): void {
  const { add, out, notes, tHost } = a;
  const desc = o.d.desc;
  const d = desc ?? '';
  const fromJump = ctx.has('stdio-failed') && o.d.channel === 0;
  const where = fromJump ? 'The jump host' : 'The server';
  if (/^Connection refused$/.test(d)) {
    // not decisive: a login that landed on another machine than the service's prints the same
    add('target-service-down', 8 * w, o, `${where} reached ${tHost ?? 'the target'} but nothing listens on that port ("Connection refused").`);
    add(
      'target-listens-elsewhere',
      4 * w, // "Connection refused" reads the same when the service listens on another address: never decisive against it
      o,
      tHost && isLocalhostName(tHost)
        ? '"localhost" may resolve to ::1 on the server while the service listens on 127.0.0.1 only (or the reverse).'
        : 'The service may listen on another address or family than the one the server tried.',
    );
    if (tHost && octalIpLiteral(tHost))
      add('invalid-ip-literal', 3 * w, o, `"${tHost}" has a leading zero: that part is read as octal, so it is a different address than you meant.`);
    add(
      'wrong-host-behind-name',
      3 * w,
      o,
      'If the name you log in to is an alias or load-balanced (an HPC login name), you may have landed on another machine than the one running the service: run hostname in the same session.',
    );
    out('tcp-forwarding-disabled', 'Forwarding is allowed: the server tried to connect.');
    return;
  }
  if (/^(Connection timed out|No route to host|Network is unreachable|Host is unreachable)$/.test(d)) {
    add(
      'target-firewalled',
      9 * w,
      o,
      d === 'Connection timed out'
        ? `${where} got no answer from ${tHost ?? 'the target'}: something drops the packets (or the host is down).`
        : `${where} was told "${d}": a firewall rejects it, or there is no route.`,
      true,
    );
    add('target-service-down', 1 * w, o, 'A target host that is switched off also times out.');
    out('tcp-forwarding-disabled', 'Forwarding is allowed: the server tried to connect.');
    return;
  }
  if (/^Connection reset by peer$/.test(d)) {
    add('target-service-down', 3 * w, o, 'The target accepted and then reset the connection.');
    add('target-firewalled', 2 * w, o, 'A firewall that resets connections looks the same.');
    return;
  }
  if (/Too many open files/.test(d)) {
    add('server-out-of-file-descriptors', 10 * w, o, 'The server’s session ran out of file descriptors.', true);
    return;
  }
  if (/Address family/.test(d)) {
    add('target-listens-elsewhere', 6 * w, o, 'The address family the server uses does not fit the target (AddressFamily).', true);
    return;
  }
  if (d === 'open failed') {
    onSyncFailure(ctx, a, o, w);
    return;
  }
  if (onProfileDescription(a, o, w)) return;
  if (d !== '') {
    notes.push(`Line ${o.line}: the server could not connect to the target ("${d.slice(0, 80)}").`);
    add('target-service-down', 2 * w, o, `The server could not connect to the target ("${d.slice(0, 80)}").`);
  }
  return;
}

/** The rarer reason codes: resource shortage, unknown channel type. */
export function onOtherReason(ctx: Ctx, a: Acc, o: ObsOf<'open-failed'>, w: number): void {
  const { add, notes } = a;
  if (o.d.reason === 'resource shortage') {
    add('session-limit-multiplexing', 3 * w, o, 'The server reported a resource shortage.');
    add('server-out-of-file-descriptors', 3 * w, o, 'The server reported a resource shortage.');
    return;
  }
  if (o.d.reason === 'unknown channel type') {
    if (onProfileDescription(a, o, w)) return;
    // OpenSSH never sends reason 3: a server without direct-tcpip (gliderlabs/ssh with no handler,
    // ShellHub, upterm, russh) does for a TCP forward; Dropbear before 2025 does for a Unix socket.
    notes.push(`Line ${o.line}: the server does not implement this channel type.`);
    // an empty description with it is Dropbear's answer to a Unix-socket forward
    const socketOnly = onlySocketChannels(ctx) || (o.d.desc === '' && ctx.forwards.length === 0);
    const tcp = ctx.forwards.some((f) => f.kind !== 'R' && f.path === null) || ctx.usesJump;
    const lacks = socketOnly ? 3 : tcp ? 12 : 6;
    add(
      'server-lacks-forwarding',
      lacks * w,
      o,
      'Reason 3 ("unknown channel type") is never sent by OpenSSH: the server software implements no forwarding for this channel (a Go gliderlabs/ssh server without a forwarding handler, ShellHub, upterm, russh).',
      tcp && !socketOnly,
    );
    add('streamlocal-forwarding-disabled', (socketOnly ? 8 : 1) * w, o, 'Dropbear before 2025.89 answers a forward to a Unix socket with reason 3.');
  }
}

/**
 * A refusal in the words of a client that drops the reason and the description (JSch's "channel is
 * not opened."): any refusal reads the same, so the common causes are ranked and the profile's one
 * command that shows the server's answer is the next step.
 */
export function onHiddenReason(_ctx: Ctx, a: Acc, o: ObsOf<'open-failed'>, w: number): void {
  const profile = CLIENT_PROFILES.find((p) => p.id === o.d.client);
  const reveal = profile ? REVEAL[profile.id] : undefined;
  const how = reveal ? ` To see it: ${reveal}.` : '';
  const note = `${profile?.name ?? 'This client'} does not show the server’s reason.${how}`;
  const ranked: [string, number][] = [
    ['tcp-forwarding-disabled', 4],
    ['permitopen-mismatch', 2.5],
    ['target-service-down', 2.5],
    ['target-name-unresolvable', 2],
    ['key-forwarding-restricted', 1.5],
    ['target-firewalled', 1],
  ];
  for (const [id, points] of ranked) a.add(id, points * w, o, note);
}

/**
 * The banner (ssh -v) names a server program whose profile answers every forward with exactly this
 * refusal (AsyncSSH's "connect failed: Connection refused", which OpenSSH also sends for a dead port):
 * the software has no forwarding for it, and the words' usual meaning gives way.
 */
function onBannerProgram(ctx: Ctx, a: Acc, o: ObsOf<'open-failed'>, w: number): void {
  const banner = ctx.of('server-version').find((v) => v.d.software === 'other');
  if (!banner) return;
  const p = SERVER_PROFILES.find((x) => x.words.banner !== undefined && banner.d.raw.includes(x.words.banner));
  const answer = p && o.d.desc ? programAnswer(p.id, o.d.reason, o.d.desc) : null;
  if (!answer || answer.numbered) return;
  const note = `The server announces itself as ${banner.d.raw}, and ${inSentence(answer.name)} answers every forward with exactly these words: it has no forwarding for it, whatever they usually mean.`;
  a.add(answer.cause, 30 * w, o, note, true);
  a.scale(TARGET, 0.2);
}

/** Each channel-open failure the client printed, a repeat of the same line counting little. */
export function channelFailures(ctx: Ctx, a: Acc): void {
  const seen = new Set<string>();
  for (const o of a.open) {
    const key = `${o.d.reason}|${o.d.desc}`;
    const w = seen.has(key) ? 0.15 : 1;
    seen.add(key);
    onBannerProgram(ctx, a, o, w);
    if (o.d.reason === UNKNOWN_REASON) onHiddenReason(ctx, a, o, w);
    else if (o.d.reason === 'administratively prohibited') onProhibited(ctx, a, o, w);
    else if (o.d.reason === 'connect failed') {
      if (!onResolverFailure(ctx, a, o, w)) onConnectFailure(ctx, a, o, w);
    } else onOtherReason(ctx, a, o, w);
  }
}

/** A -D proxy (or a log of many channels) fails differently per destination: that is traffic, not the fault. */
export function trafficNotFault(ctx: Ctx, a: Acc): void {
  const { scale, scores, open } = a;
  // a -D proxy (or a log of many channels) fails differently per destination: that is traffic, not the fault
  const asyncKinds = new Set(
    open
      .filter(
        (o) =>
          o.d.reason === 'connect failed' &&
          o.d.desc &&
          /^(Connection refused|Connection timed out|No route to host|Connection reset by peer|Network is unreachable)$/.test(o.d.desc),
      )
      .map((o) => o.d.desc),
  );
  const dynamic = ctx.forwards.some((f) => f.kind === 'D') || ctx.has('dynamic-request');
  if (asyncKinds.size >= 2 || (dynamic && asyncKinds.size >= 1 && ctx.has('emfile'))) {
    scale(TARGET, 0.25);
    const o = open.find((x) => x.d.reason === 'connect failed')!;
    for (const id of TARGET) {
      const s = scores.get(id);
      if (s)
        s.why.push(
          why(
            o,
            'Different destinations fail in different ways here: through a -D (SOCKS) proxy that is ordinary traffic to sites that are down, not the tunnel’s fault.',
          ),
        );
    }
  }
}

/** Other channels of the paste reached their targets: forwarding as such is allowed. */
export function otherChannelsPassed(ctx: Ctx, a: Acc): void {
  const { scale, scores, open } = a;
  if (ctx.passedPolicy && (ctx.apOpenssh.length > 0 || ctx.apEmpty.length > 0)) {
    scale(BLANKET_POLICY, 0.3);
    const o = open.find((x) => x.d.reason === 'connect failed')!;
    for (const id of BLANKET_POLICY) {
      const s = scores.get(id);
      if (s) s.why.push(why(o, 'But other channels in this paste reached their targets, so forwarding as such is allowed.'));
    }
  }
}

/** The words "administratively prohibited" without a full client line. */
export function apMentioned(ctx: Ctx, a: Acc): void {
  const { add, open } = a;
  if (ctx.has('ap-mention') && open.length === 0) {
    const o = ctx.of('ap-mention')[0]!;
    add('tcp-forwarding-disabled', 1.5, o, 'The text mentions "administratively prohibited" (not a full client line).');
    add('permitopen-mismatch', 0.8, o, 'The text mentions "administratively prohibited".');
    add('target-name-unresolvable', 0.8, o, 'On servers older than 7.5 this also means an unresolvable target.');
  }
}
