/**
 * Scores catalog causes from the observations. Additive evidence: each recognised line adds points to
 * the causes it supports, with a sentence saying why; decisive lines (a server log line, an effective
 * setting) add many and rule others out. Scores are then shares of the total.
 */
import { causeById } from '../causes.ts';
import { invalidIpLiteral, isLocalhostName, isLoopbackAddress, octalIpLiteral } from './command.ts';
import { classifyName, why, type Ctx } from './context.ts';
import type { Obs } from './read.ts';
import type { Why } from './types.ts';

export interface Score {
  id: string;
  points: number;
  why: Why[];
  decisive: boolean;
  implies: string | null;
}

export interface Ranking {
  scores: Map<string, Score>;
  ruledOut: Map<string, string>;
  notes: string[];
  /** Causes each observation supports, for highlighting. */
  lineCauses: Map<Obs, Set<string>>;
}

const POLICY = [
  'tcp-forwarding-disabled',
  'permitopen-mismatch',
  'key-forwarding-restricted',
  'key-permitopen-mismatch',
  'sftp-only-account',
  'password-change-required',
];
const BLANKET_POLICY = [
  'tcp-forwarding-disabled',
  'key-forwarding-restricted',
  'sftp-only-account',
  'password-change-required',
  'dropbear-forwarding-disabled',
];
const RESOLUTION = [
  'target-name-unresolvable',
  'localhost-not-resolvable',
  'server-dns-broken',
  'dns-rebinding-protection',
  'invalid-ip-literal',
  'user-in-forward-spec',
];
const TARGET = ['target-service-down', 'target-listens-elsewhere', 'target-firewalled'];
const RESOURCES = [
  'session-limit-multiplexing',
  'server-out-of-file-descriptors',
  'tunnel-device-refused',
  'streamlocal-forwarding-disabled',
  'server-disk-full',
];

export function rank(ctx: Ctx): Ranking {
  const scores = new Map<string, Score>();
  const ruledOut = new Map<string, string>();
  const notes: string[] = [];
  const lineCauses = new Map<Obs, Set<string>>();

  const add = (id: string, points: number, o: Obs | null, note: string | null, decisive = false) => {
    if (!causeById(id) || points <= 0) return;
    let s = scores.get(id);
    if (!s) {
      s = { id, points: 0, why: [], decisive: false, implies: null };
      scores.set(id, s);
    }
    s.points += points;
    if (decisive) s.decisive = true;
    if (o && note && !s.why.some((w) => w.note === note)) s.why.push(why(o, note));
    if (o) {
      const set = lineCauses.get(o) ?? new Set<string>();
      set.add(id);
      lineCauses.set(o, set);
    }
  };
  const scale = (ids: string[], factor: number) => {
    for (const id of ids) {
      const s = scores.get(id);
      if (s) s.points *= factor;
    }
  };
  const out = (id: string, reason: string) => {
    if (!ruledOut.has(id)) ruledOut.set(id, reason);
  };
  const implies = (id: string, text: string) => {
    const s = scores.get(id);
    if (s && !s.implies) s.implies = text;
  };

  const { server, target } = ctx;
  const old = server.before75;
  const isDropbear = server.software === 'dropbear';
  const tHost = target?.host ?? null;

  /** Resolution causes for a name that did not resolve on the server. */
  const resolutionFor = (host: string | null, points: number, o: Obs, how: string, decisive: boolean) => {
    if (host === null || host === '') {
      add('target-name-unresolvable', points, o, `${how}: the server could not resolve the target name.`, decisive);
      add('localhost-not-resolvable', points * 0.1, o, `${how}; if the target was "localhost", the server’s /etc/hosts may lack it.`);
      return;
    }
    const kind = classifyName(host);
    if (kind === 'user-in-forward-spec') {
      add(kind, points * 1.2, o, `${how}: "${host}" is not a host name; the user@ part of the forward spec became part of it.`, decisive);
      return;
    }
    if (kind === 'invalid-ip-literal') {
      add(
        kind,
        points * 1.2,
        o,
        `${how}: "${host}" is not a valid address (a part with a leading zero is octal, and "${invalidIpLiteral(host)}" is not an octal number), so it was looked up as a name.`,
        decisive,
      );
      return;
    }
    if (kind === 'localhost-not-resolvable') {
      add(kind, points * 1.1, o, `${how}: the server cannot resolve "${host}", so its /etc/hosts has no localhost line.`, decisive);
      return;
    }
    const alias = ctx.hostAliases.get(host);
    add('target-name-unresolvable', points, o, `${how}: the server cannot resolve "${host}".`, decisive);
    if (alias)
      add('target-name-unresolvable', 4, alias, `"${host}" is a Host alias in your ssh_config: only your machine knows it; the server looks names up itself.`);
    if (!host.includes('.') && !/^[\d:]+$/.test(host)) {
      const s = scores.get('target-name-unresolvable');
      if (s) s.why.push(why(o, `"${host}" is a short name: the server only finds it if its resolver has the right search domain; try the full name.`));
    }
    add('dns-rebinding-protection', points * 0.08, o, 'Less likely: a resolver that drops private answers (DNS rebinding protection) also makes a name fail.');
  };

  // ---------------------------------------------------------------- client: channel open failures
  const open = ctx.of('open-failed');
  const seenDesc = new Set<string>();
  for (const o of open) {
    const key = `${o.d.reason}|${o.d.desc}`;
    const repeat = seenDesc.has(key);
    seenDesc.add(key);
    const w = repeat ? 0.15 : 1;
    const desc = o.d.desc;
    if (o.d.reason === 'administratively prohibited') {
      if (desc === '' && !o.d.putty) {
        add(
          'dropbear-forwarding-disabled',
          10 * w,
          o,
          'An empty description after "administratively prohibited:" is Dropbear’s answer to a refused forward (-j/-k, or the key’s options).',
          true,
        );
        implies('dropbear-forwarding-disabled', 'Dropbear (the empty description is its fingerprint)');
        continue;
      }
      if (isDropbear && desc === null) {
        add('dropbear-forwarding-disabled', 8 * w, o, 'Dropbear refused the forward.');
        continue;
      }
      // OpenSSH "open failed" (or an unknown description)
      const jumpChannel = o.d.channel === 0 && (ctx.has('stdio-failed') || ctx.usesJump);
      if (jumpChannel) {
        add('jump-host-forwarding-disabled', 10 * w, o, 'Channel 0 refused on a -W/-J connection: the jump host refused the stdio forward.');
        continue;
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
      out(
        'myth-firewall-icmp',
        '"administratively prohibited" here is SSH reason code 1 from the server, not an ICMP reject (those show as "No route to host").',
      );
      if (!ctx.usesTunnel) out('myth-permittunnel', 'PermitTunnel only governs -w tun/tap devices, not -L/-D/-R forwards.');
      continue;
    }
    if (o.d.reason === 'connect failed') {
      const d = desc ?? '';
      const fromJump = ctx.has('stdio-failed') && o.d.channel === 0;
      const where = fromJump ? 'The jump host' : 'The server';
      const er = /^Error resolving '([^']{0,300})' port '\d{1,5}'\. (.{0,200})$/.exec(d);
      if (er) {
        if (/Temporary failure/.test(er[2]!))
          add('server-dns-broken', 10 * w, o, 'Dropbear could not reach a DNS server ("Temporary failure in name resolution").', true);
        else resolutionFor(er[1]!, 10 * w, o, `Dropbear could not resolve "${er[1]}"`, true);
        continue;
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
        continue;
      }
      if (/^(Name or service not known|nodename nor servname provided.*|Name does not resolve|Non-recoverable failure in name resolution)$/.test(d)) {
        resolutionFor(tHost, 9 * w, o, `${where} could not resolve the target ("${d}")`, true);
        implies(classifyName(tHost ?? 'x'), isDropbear ? 'Dropbear' : 'OpenSSH 7.5 or later (it names the resolver error)');
        out('tcp-forwarding-disabled', 'Forwarding is allowed: the server got as far as looking up the target.');
        out('permitopen-mismatch', 'The request passed the PermitOpen check: the server went on to look up the target.');
        continue;
      }
      if (/Temporary failure in name resolution/.test(d)) {
        add('server-dns-broken', 10 * w, o, `${where} could not reach its DNS server ("Temporary failure in name resolution").`, true);
        add('target-name-unresolvable', 0.5 * w, o, 'A name that only a slow or broken DNS server knows looks the same.');
        continue;
      }
      if (/^Connection refused$/.test(d)) {
        add('target-service-down', 8 * w, o, `${where} reached ${tHost ?? 'the target'} but nothing listens on that port ("Connection refused").`, true);
        add(
          'target-listens-elsewhere',
          (tHost && (isLocalhostName(tHost) || isLoopbackAddress(tHost)) ? 4 : 2.5) * w,
          o,
          tHost && isLocalhostName(tHost)
            ? '"localhost" may resolve to ::1 on the server while the service listens on 127.0.0.1 only (or the reverse).'
            : 'The service may listen on another address or family than the one the server tried.',
        );
        if (tHost && octalIpLiteral(tHost))
          add('invalid-ip-literal', 3 * w, o, `"${tHost}" has a leading zero: that part is read as octal, so it is a different address than you meant.`);
        out('tcp-forwarding-disabled', 'Forwarding is allowed: the server tried to connect.');
        continue;
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
        continue;
      }
      if (/^Connection reset by peer$/.test(d)) {
        add('target-service-down', 3 * w, o, 'The target accepted and then reset the connection.');
        add('target-firewalled', 2 * w, o, 'A firewall that resets connections looks the same.');
        continue;
      }
      if (/Too many open files/.test(d)) {
        add('server-out-of-file-descriptors', 10 * w, o, 'The server’s session ran out of file descriptors.', true);
        continue;
      }
      if (/Address family/.test(d)) {
        add('target-listens-elsewhere', 6 * w, o, 'The address family the server uses does not fit the target (AddressFamily).', true);
        continue;
      }
      if (d === 'open failed') {
        // OpenSSH 7.5+: not policy, not a resolver error: sessions, tun, socket forwards, descriptors
        const mux = ctx.usesMux || ctx.has('mux-refused');
        // Nothing points at a session, a tun device or a socket path: a TCP forward that fails this
        // way on 7.5+ is most often socket() failing with EMFILE, which syslog cannot even record
        // (log.c do_log() needs a descriptor of its own), so the server log stays empty.
        const plainTcp = !mux && !ctx.usesTunnel && !ctx.usesPathForward;
        add(
          'session-limit-multiplexing',
          (mux ? 7 : 1.5) * w,
          o,
          'OpenSSH 7.5+ says "connect failed: open failed" when it cannot open a session (MaxSessions) …',
        );
        add('tunnel-device-refused', (ctx.usesTunnel ? 8 : 1) * w, o, '… or a -w tunnel device …');
        add('streamlocal-forwarding-disabled', (ctx.usesPathForward ? 8 : 1) * w, o, '… or a Unix-socket forward.');
        add(
          'server-out-of-file-descriptors',
          (plainTcp ? 3 : 0.7) * w,
          o,
          plainTcp
            ? 'For a TCP forward with no session, tunnel or socket involved, the usual reason is that sshd has no file descriptor left for the new socket; it cannot even log that.'
            : 'Running out of descriptors can look the same.',
        );
        for (const id of POLICY) out(id, 'A policy refusal reads "administratively prohibited", and this is "connect failed".');
        continue;
      }
      if (d !== '') {
        notes.push(`Line ${o.line}: the server could not connect to the target ("${d.slice(0, 80)}").`);
        add('target-service-down', 2 * w, o, `The server could not connect to the target ("${d.slice(0, 80)}").`);
      }
      continue;
    }
    if (o.d.reason === 'resource shortage') {
      add('session-limit-multiplexing', 3 * w, o, 'The server reported a resource shortage.');
      add('server-out-of-file-descriptors', 3 * w, o, 'The server reported a resource shortage.');
      continue;
    }
    if (o.d.reason === 'unknown channel type') {
      notes.push(`Line ${o.line}: the server does not know the channel type (an old or minimal server, e.g. no Unix-socket forwarding).`);
      add('streamlocal-forwarding-disabled', 2 * w, o, 'The server does not know this channel type.');
    }
  }
  {
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
  if (ctx.passedPolicy && (ctx.apOpenssh.length > 0 || ctx.apEmpty.length > 0)) {
    scale(BLANKET_POLICY, 0.3);
    const o = open.find((x) => x.d.reason === 'connect failed')!;
    for (const id of BLANKET_POLICY) {
      const s = scores.get(id);
      if (s) s.why.push(why(o, 'But other channels in this paste reached their targets, so forwarding as such is allowed.'));
    }
  }
  if (ctx.has('ap-mention') && open.length === 0) {
    const o = ctx.of('ap-mention')[0]!;
    add('tcp-forwarding-disabled', 1.5, o, 'The text mentions "administratively prohibited" (not a full client line).');
    add('permitopen-mismatch', 0.8, o, 'The text mentions "administratively prohibited".');
    add('target-name-unresolvable', 0.8, o, 'On servers older than 7.5 this also means an unresolvable target.');
  }

  // ---------------------------------------------------------------- client companions and look-alikes
  const first = <T extends Obs>(list: T[]) => list[0];
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
  for (const o of ctx.of('kex-closed').slice(0, 1)) {
    if (ctx.usesJump)
      add('jump-host-forwarding-disabled', 1, o, 'With ProxyJump, the connection to the final server closes before it starts when the jump host refuses.');
    else
      notes.push(
        `Line ${o.line}: the SSH connection itself was closed before it started (kex_exchange_identification): the server or something in between refused the connection; no channel was involved.`,
      );
  }
  if ((o1 = first(ctx.of('tunnel-failed')))) {
    add('tunnel-device-refused', 10, o1, '"Tunnel forwarding failed": the server refused the -w tun/tap device (PermitTunnel, or no /dev/net/tun).', true);
    ruledOut.delete('myth-permittunnel');
  }
  if ((o1 = first(ctx.of('mux-refused'))))
    add('session-limit-multiplexing', 10, o1, 'The ControlMaster connection’s server refused another session: MaxSessions is reached.', true);
  {
    const bind = ctx.of('bind-failed');
    const inUse = bind.find((o) => /Address already in use/.test(o.d.error));
    const denied = bind.find((o) => /Permission denied/.test(o.d.error));
    if (inUse)
      add(
        'local-port-in-use',
        10,
        inUse,
        `Your machine could not listen on ${inUse.d.address ?? ''}${inUse.d.port !== null ? `:${inUse.d.port}` : ''}: another program (often an earlier ssh -f) holds the port.`,
        true,
      );
    if (denied)
      add(
        'local-port-in-use',
        6,
        denied,
        `Your machine may not listen on port ${denied.d.port ?? ''}: ports below 1024 need root. Pick a port above 1024.`,
        true,
      );
    for (const o of ctx.of('cannot-listen').slice(0, 1)) add('local-port-in-use', inUse || denied ? 1 : 7, o, 'ssh could not create the local listener.');
    for (const o of ctx.of('local-forward-failed').slice(0, 1))
      add(
        'local-port-in-use',
        inUse || denied ? 1 : 6,
        o,
        '"Could not request local forwarding.": no local listener was created; the channel never reached the server.',
      );
    if (inUse || denied || ctx.has('cannot-listen') || ctx.has('local-forward-failed')) {
      for (const id of POLICY) if (open.length === 0) out(id, 'No channel was requested: the local side failed first.');
    }
  }
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
  for (const o of ctx.of('ssh-connect-failed').slice(0, 1))
    notes.push(`Line ${o.line}: ssh could not reach the SSH server ${o.d.host} itself (${o.d.error}); no channel was involved.`);

  // ---------------------------------------------------------------- server log
  const refused = ctx.of('refused-local');
  if (refused.length > 0) {
    const o = refused[0]!;
    const stdio = o.d.originatorPort === 65535 || refused.some((r) => r.d.originatorPort === 65535);
    if (stdio && (ctx.usesJump || ctx.has('stdio-failed') || !ctx.cmd)) {
      add(
        'jump-host-forwarding-disabled',
        14,
        o,
        'The log shows a refused forward from "originator … port 65535": that is a -W / ProxyJump stdio channel, refused by this (jump) host’s forwarding policy.',
        true,
      );
    } else {
      const n = `The server log says the forward to ${o.d.target} port ${o.d.port} was refused by policy (AllowTcpForwarding / DisableForwarding, the key’s options, or an SFTP-only block).`;
      add('tcp-forwarding-disabled', 7, o, n, true);
      add('key-forwarding-restricted', 4.5, o, n);
      add('sftp-only-account', 2.5, o, n);
      add('password-change-required', 1.5, o, n);
      if (isDropbear) add('dropbear-forwarding-disabled', 8, o, n);
    }
    for (const id of [...RESOLUTION, ...TARGET, ...RESOURCES]) out(id, 'The server refused the forward before it looked the target up or connected.');
    out('permitopen-mismatch', 'A PermitOpen refusal is logged as "Received request … was denied", not "refused local port forward".');
    out('key-permitopen-mismatch', 'A permitopen= refusal is logged as "Received request … was denied", not "refused local port forward".');
    out('myth-firewall-icmp', 'The server itself refused the channel; no firewall was involved.');
    scale(
      [
        'target-name-unresolvable',
        'localhost-not-resolvable',
        'server-dns-broken',
        'invalid-ip-literal',
        'user-in-forward-spec',
        'session-limit-multiplexing',
        'server-out-of-file-descriptors',
        'target-service-down',
      ],
      0.1,
    );
  }
  const denied = ctx.of('permitopen-denied');
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
    scale(
      [
        'target-name-unresolvable',
        'localhost-not-resolvable',
        'server-dns-broken',
        'invalid-ip-literal',
        'user-in-forward-spec',
        'session-limit-multiplexing',
        'server-out-of-file-descriptors',
        'target-service-down',
      ],
      0.1,
    );
  }
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
        true,
      );
      add(
        'target-listens-elsewhere',
        isLocalhostName(o.d.target) || isLoopbackAddress(o.d.target) ? 4 : 2.5,
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

  // ---------------------------------------------------------------- settings (sshd -T, sshd_config)
  const g = (k: string) => ctx.global(k);
  const atf = g('allowtcpforwarding');
  const df = g('disableforwarding');
  const po = g('permitopen');
  const matchAtf = (ctx.settings.get('allowtcpforwarding') ?? []).filter((s) => s.match !== null && /^(no|remote)$/i.test(s.value));
  const forcedSftp = (ctx.settings.get('forcecommand') ?? []).find((s) => /internal-sftp/.test(s.value));
  const hasLocalForward = ctx.forwards.some((f) => f.kind === 'L' || f.kind === 'D') || open.length > 0 || refused.length > 0;
  if (atf && /^(no|remote)$/i.test(atf.value) && (hasLocalForward || !ctx.forwards.some((f) => f.kind === 'R'))) {
    add(
      'tcp-forwarding-disabled',
      refused.length > 0 || open.length > 0 ? 12 : 5,
      atf.obs,
      `The effective setting is AllowTcpForwarding ${atf.value.toLowerCase()}: -L and -D are refused.`,
      true,
    );
    out('key-forwarding-restricted', refused.length > 0 ? 'sshd_config already refuses forwarding; the key is not the (first) reason.' : '');
  }
  if (atf && /^(no|local)$/i.test(atf.value) && ctx.forwards.some((f) => f.kind === 'R'))
    add('remote-forward-refused', 6, atf.obs, `AllowTcpForwarding ${atf.value} refuses -R.`, true);
  if (df && /^yes$/i.test(df.value))
    add(
      'tcp-forwarding-disabled',
      refused.length > 0 || open.length > 0 ? 12 : 6,
      df.obs,
      'DisableForwarding yes switches every kind of forwarding off.',
      true,
    );
  if (atf && /^(yes|all|local)$/i.test(atf.value) && !(df && /^yes$/i.test(df.value)) && matchAtf.length === 0 && !forcedSftp) {
    const s = scores.get('tcp-forwarding-disabled');
    if (atf.dump || !ctx.settings.get('match')) {
      if (s) s.points *= 0.05;
      out('tcp-forwarding-disabled', `The effective setting is AllowTcpForwarding ${atf.value} (line ${atf.obs.line}).`);
      if (refused.length > 0) {
        add(
          'key-forwarding-restricted',
          8,
          atf.obs,
          'sshd allows forwarding, yet the log says refused: the key’s authorized_keys options (restrict / no-port-forwarding) are the usual reason.',
        );
        add('password-change-required', 2, atf.obs, 'An expired password also switches forwarding off for that login.');
      }
    }
  }
  for (const s of matchAtf) {
    add(
      forcedSftp ? 'sftp-only-account' : 'tcp-forwarding-disabled',
      hasLocalForward ? 8 : 4,
      s.obs,
      `Inside "Match ${s.match}", AllowTcpForwarding ${s.value}: it applies to the users or addresses that block matches, and overrides the global setting.`,
      true,
    );
  }
  if (forcedSftp) {
    const withAtf = matchAtf.length > 0 || (atf && /^(no|remote)$/i.test(atf.value));
    add(
      'sftp-only-account',
      withAtf ? 8 : 5,
      forcedSftp.obs,
      withAtf
        ? 'An SFTP-only block (ForceCommand internal-sftp with forwarding off) applies to this account.'
        : 'An SFTP-only block (ForceCommand internal-sftp). ForceCommand alone does not stop tunnels: check the block for AllowTcpForwarding no.',
      Boolean(withAtf),
    );
  }
  if (po) {
    const list = po.value.split(/\s+/);
    if (list.some((x) => /^any$/i.test(x))) {
      out('permitopen-mismatch', `PermitOpen is "any" (line ${po.obs.line}).`);
      const s = scores.get('permitopen-mismatch');
      if (s) s.points *= 0.05;
      if (denied.length > 0)
        add(
          'key-permitopen-mismatch',
          10,
          po.obs,
          'sshd_config permits any target, yet the request was denied: the key’s permitopen= list is the one refusing.',
          true,
        );
    } else {
      const d = denied[0];
      const asked = d ? `${d.d.target}:${d.d.port}` : ctx.target ? `${ctx.target.host}:${ctx.target.port}` : null;
      const hit = asked !== null && list.includes(asked);
      if (!hit) {
        const near = asked ? list.find((x) => x.split(':').pop() === asked.split(':').pop()) : undefined;
        const msg =
          near && asked
            ? `PermitOpen lists "${near}" but the request is for "${asked}": sshd compares the text exactly (localhost ≠ 127.0.0.1, case counts).`
            : `PermitOpen ${po.value} does not list ${asked ?? 'the requested host:port'}${list.includes('none') ? ' ("none" forbids every target)' : ''}.`;
        add('permitopen-mismatch', denied.length > 0 || open.length > 0 ? 10 : 5, po.obs, msg, true);
        if (denied.length > 0) out('key-permitopen-mismatch', '');
      } else {
        out('permitopen-mismatch', `PermitOpen lists ${asked} (line ${po.obs.line}).`);
        const s = scores.get('permitopen-mismatch');
        if (s) s.points *= 0.05;
        if (denied.length > 0) add('key-permitopen-mismatch', 8, po.obs, 'sshd_config permits this target, so the key’s permitopen= list refused it.', true);
      }
    }
    const more = ctx.settings.get('permitopen') ?? [];
    if (more.filter((s) => s.match === null && !s.dump).length > 1) {
      const second = more.filter((s) => s.match === null)[1]!;
      add('permitopen-mismatch', 3, second.obs, 'Only the first PermitOpen line counts: list every target on one line.');
    }
  }
  if (ruledOut.get('key-permitopen-mismatch') === '') ruledOut.delete('key-permitopen-mismatch');
  if (ruledOut.get('key-forwarding-restricted') === '') ruledOut.delete('key-forwarding-restricted');
  const ms = g('maxsessions');
  if (ms && /^\d+$/.test(ms.value)) {
    const n = Number(ms.value);
    if (n <= 2 && (ctx.usesMux || open.length > 0))
      add(
        'session-limit-multiplexing',
        ctx.usesMux ? 6 : 2,
        ms.obs,
        `MaxSessions ${n}: a multiplexed connection can hold only ${n} session${n === 1 ? '' : 's'} and forwards.`,
      );
    if (n === 0) add('session-limit-multiplexing', 4, ms.obs, 'MaxSessions 0 refuses every session.');
  }
  const pt = g('permittunnel');
  if (pt && /^no$/i.test(pt.value) && ctx.usesTunnel) add('tunnel-device-refused', 8, pt.obs, 'PermitTunnel no refuses -w tunnels.', true);
  if (pt && /^no$/i.test(pt.value) && !ctx.usesTunnel) out('myth-permittunnel', `PermitTunnel ${pt.value} only matters for -w; it does not affect -L/-D/-R.`);
  const asf = g('allowstreamlocalforwarding');
  if (asf && /^(no|remote)$/i.test(asf.value) && ctx.usesPathForward)
    add('streamlocal-forwarding-disabled', 8, asf.obs, `AllowStreamLocalForwarding ${asf.value} refuses Unix-socket forwards.`, true);
  const af = g('addressfamily');
  if (af && /^(inet|inet6)$/i.test(af.value) && (ctx.has('open-failed') || ctx.target))
    add(
      'target-listens-elsewhere',
      2,
      af.obs,
      `AddressFamily ${af.value}: the server only tries ${af.value === 'inet' ? 'IPv4' : 'IPv6'} addresses of the target.`,
    );

  // ---------------------------------------------------------------- authorized_keys line
  for (const o of ctx.of('authorized-keys').slice(0, 3)) {
    if (!o.d.portForwarding)
      add(
        'key-forwarding-restricted',
        open.length > 0 || refused.length > 0 ? 9 : 5,
        o,
        o.d.restrict ? 'The key has "restrict" without "port-forwarding": no forwarding with this key.' : 'The key has "no-port-forwarding".',
        true,
      );
    if (o.d.permitopen.length > 0) {
      const d = denied[0];
      const asked = d ? `${d.d.target}:${d.d.port}` : ctx.target ? `${ctx.target.host}:${ctx.target.port}` : null;
      const hit = asked !== null && o.d.permitopen.includes(asked);
      if (!hit) {
        const near = asked ? o.d.permitopen.find((x) => x.split(':').pop() === asked.split(':').pop()) : undefined;
        add(
          'key-permitopen-mismatch',
          denied.length > 0 ? 12 : 6,
          o,
          near && asked
            ? `The key permits "${near}" but the request is for "${asked}": the comparison is on the text (localhost ≠ 127.0.0.1).`
            : `The key’s permitopen list (${o.d.permitopen.join(', ')}) does not include ${asked ?? 'the requested target'}.`,
          true,
        );
        if (denied.length > 0) {
          const s = scores.get('permitopen-mismatch');
          if (s) s.points *= 0.4;
        }
      }
    }
  }

  // ---------------------------------------------------------------- the command line
  const cmdObs = ctx.command;
  if (cmdObs && ctx.cmd) {
    const c = ctx.cmd;
    for (const f of c.forwards) {
      if (f.host?.includes('@'))
        add(
          'user-in-forward-spec',
          open.length > 0 || ctx.has('unknown-host') ? 4 : 7,
          cmdObs,
          `The forward "${f.spec}" has a user@ in it; ssh sends "${f.host}" as the host name, which the server cannot resolve. Put the user in front of the SSH server, not in the -${f.kind} spec.`,
          true,
        );
      else if (f.host && invalidIpLiteral(f.host) !== null)
        add(
          'invalid-ip-literal',
          open.length > 0 ? 4 : 7,
          cmdObs,
          `"${f.host}" is not a valid IPv4 address: "${invalidIpLiteral(f.host)}" has a leading zero (octal) with an 8 or 9. Drop the leading zero.`,
          true,
        );
      else if (f.host && octalIpLiteral(f.host)) notes.push(`"${f.host}" has a part with a leading zero: it is read as octal and means a different address.`);
    }
    if (c.x11 && open.length > 0 && !ctx.has('x11-failed')) {
      const s = scores.get('x11-forwarding-refused');
      if (!s) notes.push('-X (X11 forwarding) is not needed for a port forward; you can drop it.');
    }
    if (c.emptyForward) notes.push(`The command line has -L/-R/-D without its forward spec (line ${cmdObs.line}); paste the full command.`);
    if (c.tunnel && open.length > 0 && !ctx.has('tunnel-failed')) add('tunnel-device-refused', 2, cmdObs, 'You use -w: the channel may be the tun device.');
  }
  // a resolution cause read from the command but no failure yet seen: weak support from the forward
  if (ctx.hostAliases.size > 0 && tHost && ctx.hostAliases.has(tHost) && !scores.has('target-name-unresolvable'))
    add('target-name-unresolvable', 3, ctx.hostAliases.get(tHost)!, `"${tHost}" is a Host alias in your ssh_config: only your machine knows it.`);

  // lines that are only context (versions, debug forwards) support the causes they helped decide
  for (const o of server.evidence) void o;

  return { scores, ruledOut, notes, lineCauses };
}

export const GROUPS = { POLICY, RESOLUTION, TARGET, RESOURCES };
