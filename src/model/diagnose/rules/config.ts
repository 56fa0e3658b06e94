/**
 * Evidence rules for the configuration the paste shows (sshd_config or `sshd -T`, the
 * authorized_keys line, /etc/hosts). Each asks the model's own rule what the settings do to the
 * request (decide.ts: sshdAllowsLocalTcp, sshdAllowsRemoteTcp, sftpOnlyDenial, adminPermitOpen,
 * keyPermitOpen, streamlocalPolicy; resolve.ts: resolveOnServer), once per reading of the paste
 * (see pasted.ts): agreeing readings decide, disagreeing ones only point.
 */
import { adminPermitOpen, keyPermitListen, keyPermitOpen, sftpOnlyDenial, sshdAllowsLocalTcp, sshdAllowsRemoteTcp, streamlocalPolicy } from '../../decide.ts';
import { resolveOnServer } from '../../resolve.ts';
import type { ServerSide } from '../../world.ts';
import type { Ctx } from '../context.ts';
import { classifyName, RESOLUTION, type Acc } from '../evidence.ts';
import type { Obs, ObsOf } from '../read.ts';

/** The readings in which the paste sets one of `fields`, with the line that set it. */
function setIn(ctx: Ctx, fields: string[]): { side: ServerSide; obs: ObsOf<'setting'> }[] {
  const p = ctx.pasted;
  const out: { side: ServerSide; obs: ObsOf<'setting'> }[] = [];
  for (const side of p.readings) {
    const obs = fields.map((f) => p.lineOf(side, f)).find((o) => o !== null);
    if (obs) out.push({ side, obs });
  }
  return out;
}

/** The host and port the server was asked for: the log's, else the failure's target. */
function askedFor(a: Acc, ctx: Ctx): { host: string; port: number } | null {
  const d = a.denied[0];
  if (d && d.d.port !== null) return { host: d.d.target, port: d.d.port };
  const t = ctx.target;
  return t && t.port !== null && t.host !== '' ? { host: t.host, port: t.port } : null;
}

/** Why a permit list the model says refuses does not fit: the near miss (same port) when there is one. */
function notListed(what: string, entries: string[], asked: { host: string; port: number }, extra: string): string {
  const want = `${asked.host}:${asked.port}`;
  const near = entries.find((e) => e.endsWith(`:${asked.port}`) || e.endsWith(':*'));
  if (near) return `${what} lists "${near}" but the request is for "${want}": sshd compares the host as text (localhost ≠ 127.0.0.1, case counts).`;
  return `${what} (${entries.join(' ') || 'none'}) does not list ${want}${extra}.`;
}

/** A Match block with ForceCommand internal-sftp: an SFTP-only account, even if this paste does not show its forwarding line. */
export function sftpBlock(ctx: Ctx, a: Acc): void {
  if (a.scores.get('sftp-only-account')?.decisive) return;
  const forced = (ctx.settings.get('forcecommand') ?? []).find((s) => /internal-sftp|sftp-server/.test(s.value) && s.match !== null);
  if (!forced) return;
  a.add(
    'sftp-only-account',
    5,
    forced.obs,
    'An SFTP-only block (ForceCommand internal-sftp). ForceCommand alone does not stop tunnels: check the block for AllowTcpForwarding no.',
  );
}

/** AllowTcpForwarding / DisableForwarding (and an SFTP-only Match block) for -L/-D, and for -R. */
export function forwardingSettings(ctx: Ctx, a: Acc): void {
  const { add, out, scores, open, refused } = a;
  const set = setIn(ctx, ['allowTcpForwarding', 'disableForwarding']);
  if (set.length === 0) return;
  const hasR = ctx.forwards.some((f) => f.kind === 'R');
  const local = ctx.forwards.some((f) => f.kind === 'L' || f.kind === 'D') || open.length > 0 || refused.length > 0 || !hasR;
  const failed = refused.length > 0 || open.length > 0;
  const all = set.length === ctx.pasted.readings.length;
  if (local) {
    const denying = set.filter((r) => !sshdAllowsLocalTcp(r.side));
    const decided = all && denying.length === set.length;
    for (const r of denying) {
      const sftp = sftpOnlyDenial(r.side) || (ctx.pasted.dump && /internal-sftp|sftp-server/.test(r.side.sshd?.forceCommand ?? ''));
      const note = `${r.side.sshd?.disableForwarding ? 'DisableForwarding yes' : `AllowTcpForwarding ${r.side.sshd?.allowTcpForwarding}`}${
        r.obs.d.match ? ` inside "Match ${r.obs.d.match}"` : ''
      }: sshd refuses -L and -D${decided ? '' : ' for the connections this setting applies to'}.`;
      // sshd -T hides whether ForceCommand came from a Match block: both readings stay open
      const twin = ctx.pasted.dump && sftp;
      add(sftp && !ctx.pasted.dump ? 'sftp-only-account' : 'tcp-forwarding-disabled', (failed ? 12 : 5) / set.length, r.obs, note, decided && !twin);
      if (twin)
        add(
          'sftp-only-account',
          (failed ? 10 : 4) / set.length,
          r.obs,
          'ForceCommand internal-sftp with forwarding off: an SFTP-only Match block looks the same in sshd -T.',
        );
    }
    if (decided) out('key-forwarding-restricted', refused.length > 0 ? 'sshd_config already refuses forwarding; the key is not the (first) reason.' : '');
    if (all && denying.length === 0) {
      const r = set[0]!;
      const s = scores.get('tcp-forwarding-disabled');
      if (s) s.points *= 0.05;
      out('tcp-forwarding-disabled', `The effective setting allows forwarding (line ${r.obs.line}).`);
      if (refused.length > 0) {
        add(
          'key-forwarding-restricted',
          8,
          r.obs,
          'sshd allows forwarding, yet the log says refused: the key’s authorized_keys options (restrict / no-port-forwarding) are the usual reason.',
        );
        add('password-change-required', 2, r.obs, 'An expired password also switches forwarding off for that login.');
        add(
          'certificate-forwarding-not-permitted',
          3,
          r.obs,
          'A user certificate without the permit-port-forwarding extension switches it off too (ssh-keygen -L -f on the -cert.pub file lists its extensions).',
        );
        // sshd -T and the file are read from disk; the running sshd (or a ControlPersist master) may predate them
        const fwd = ctx.of('setting').filter((o) => o.d.key === 'allowtcpforwarding' || o.d.key === 'disableforwarding');
        const fileAndDump = fwd.some((o) => o.d.dump) && fwd.some((o) => !o.d.dump);
        add(
          'config-not-reloaded',
          fileAndDump ? 16 : 6,
          r.obs,
          'The file (and sshd -T, which reads the file) allow forwarding, yet the running sshd refused: it may not have reloaded since the change.',
        );
      }
    }
  }
  if (hasR) {
    for (const r of set.filter((x) => !sshdAllowsRemoteTcp(x.side)))
      add('remote-forward-refused', 6 / set.length, r.obs, `AllowTcpForwarding ${r.side.sshd?.allowTcpForwarding} refuses -R.`, all);
  }
  if (ruledOutEmpty(a, 'key-forwarding-restricted')) a.ruledOut.delete('key-forwarding-restricted');
}

function ruledOutEmpty(a: Acc, id: string): boolean {
  return a.ruledOut.get(id) === '';
}

/** PermitOpen in sshd_config, asked of the model's adminPermitOpen() for the requested host:port. */
export function permitOpenSetting(ctx: Ctx, a: Acc): void {
  const { add, out, scores, open, denied } = a;
  const set = setIn(ctx, ['permitOpen']);
  const asked = askedFor(a, ctx);
  if (set.length === 0 || !asked || ctx.usesPathForward) return;
  const all = set.length === ctx.pasted.readings.length;
  const checks = set.map((r) => ({ ...r, check: adminPermitOpen(r.side, asked.host, asked.port) }));
  const refusing = checks.filter((c) => !c.check.ok);
  for (const c of refusing) {
    const po = c.side.sshd!.permitOpen;
    const note = notListed('PermitOpen', po.none ? [] : po.list.map((e) => e.text), asked, po.none ? ' ("none" forbids every target)' : '');
    add('permitopen-mismatch', (denied.length > 0 || open.length > 0 ? 10 : 5) / set.length, c.obs, note, all && refusing.length === set.length);
  }
  if (refusing.length > 0 && denied.length > 0 && all) out('key-permitopen-mismatch', '');
  if (all && refusing.length === 0) {
    const c = checks[0]!;
    out('permitopen-mismatch', `${c.check.detail} (line ${c.obs.line})`);
    const s = scores.get('permitopen-mismatch');
    if (s) s.points *= 0.05;
    if (denied.length > 0) add('key-permitopen-mismatch', 10, c.obs, 'sshd_config permits this target, so the key’s permitopen= list refused it.', true);
  }
  const lines = (ctx.settings.get('permitopen') ?? []).filter((s) => s.match === null && !s.dump);
  if (lines.length > 1) add('permitopen-mismatch', 3, lines[1]!.obs, 'Only the first PermitOpen line counts: list every target on one line.');
  if (ruledOutEmpty(a, 'key-permitopen-mismatch')) a.ruledOut.delete('key-permitopen-mismatch');
}

/** Whether every reading of the pasted PermitOpen refuses the request (the model's adminPermitOpen()). */
function adminAlwaysRefuses(ctx: Ctx, asked: { host: string; port: number }): boolean {
  const set = setIn(ctx, ['permitOpen']);
  return set.length > 0 && set.length === ctx.pasted.readings.length && set.every((r) => !adminPermitOpen(r.side, asked.host, asked.port).ok);
}

function adminMayRefuse(ctx: Ctx, asked: { host: string; port: number }): boolean {
  return setIn(ctx, ['permitOpen']).some((r) => !adminPermitOpen(r.side, asked.host, asked.port).ok);
}

/** The authorized_keys line: no-port-forwarding / restrict, and permitopen= asked of keyPermitOpen(). */
export function authorizedKeysLine(ctx: Ctx, a: Acc): void {
  const { add, out, scores, open, refused, denied } = a;
  const key = ctx.pasted.key;
  if (!key) return;
  const o = key.obs;
  // A command that asks only for a -w tunnel: the key's forwarding flags do not apply to it
  // (decide.ts tunnelPolicy() asks PermitTunnel, not the key; even `restrict` leaves -w alone).
  if (ctx.usesTunnel && ctx.forwards.length === 0 && !ctx.usesJump) out('key-forwarding-restricted', 'The key’s forwarding options do not govern -w tunnels.');
  else if (!key.options.portForwarding)
    add(
      'key-forwarding-restricted',
      open.length > 0 || refused.length > 0 ? 9 : 5,
      o,
      key.options.restrict ? 'The key has "restrict" without "port-forwarding": no forwarding with this key.' : 'The key has "no-port-forwarding".',
      true,
    );
  else {
    out('key-forwarding-restricted', `The key’s line (line ${o.line}) allows port forwarding.`);
    const s = scores.get('key-forwarding-restricted');
    if (s) s.points *= 0.05;
  }
  keyPermitListenLine(ctx, a);
  const asked = askedFor(a, ctx);
  if (key.options.permitOpen.length === 0) {
    out('key-permitopen-mismatch', `The key’s line (line ${o.line}) has no permitopen= list.`);
    const s = scores.get('key-permitopen-mismatch');
    if (s) s.points *= 0.05;
    return;
  }
  if (!asked || ctx.usesPathForward) return;
  const check = keyPermitOpen(ctx.pasted.keySide, asked.host, asked.port);
  if (!check.ok) {
    const note = notListed(
      'The key’s permitopen',
      key.options.permitOpen.map((e) => e.text),
      asked,
      '',
    );
    if (adminAlwaysRefuses(ctx, asked)) {
      // sshd asks PermitOpen first (decide.ts permitOpen()): the key's list would refuse too, later
      add('key-permitopen-mismatch', 2, o, `${note} sshd checks PermitOpen first, so fix that first.`);
      return;
    }
    if (adminMayRefuse(ctx, asked)) {
      // a Match block the paste cannot evaluate may make PermitOpen refuse first
      add('key-permitopen-mismatch', 6, o, note);
      return;
    }
    add('key-permitopen-mismatch', denied.length > 0 ? 12 : 6, o, note, true);
    if (denied.length > 0) a.scale(['permitopen-mismatch'], 0.4);
  } else {
    out('key-permitopen-mismatch', check.detail);
    const s = scores.get('key-permitopen-mismatch');
    if (s) s.points *= 0.05;
  }
}

/** The key's permitlisten= asked of keyPermitListen() for each -R port of the command. */
function keyPermitListenLine(ctx: Ctx, a: Acc): void {
  const key = ctx.pasted.key;
  if (!key || key.options.permitListen.length === 0) return;
  const failed = ctx.has('remote-forward-failed');
  for (const f of ctx.forwards) {
    if (f.kind !== 'R' || f.listenPath !== null || f.listenPort === null) continue;
    const check = keyPermitListen(ctx.pasted.keySide, { bindAddress: f.bind }, f.listenPort);
    if (check.ok) continue;
    a.add('remote-forward-refused', failed ? 14 : 6, key.obs, `${check.detail} Add the port to the key’s permitlisten= (no reload needed).`, failed);
    return;
  }
}

/** The paste shows a shared connection's session refused ("Session open refused by peer", "no more sessions"). */
function sessionRefused(ctx: Ctx): boolean {
  return ctx.of('mux-refused').length > 0 || ctx.of('no-more-sessions').length > 0;
}

/**
 * A roomy MaxSessions in the file, yet the shared connection refused a session: its master (or the
 * running sshd) started before the change and keeps the old limit, so the limit alone is not proven.
 */
function masterPredatesChange(a: Acc, o: Obs, n: number): void {
  a.add(
    'config-not-reloaded',
    12,
    o,
    `The file says MaxSessions ${n}, yet the shared connection refused a session: its master started before the change and keeps the old limit (ssh -O exit, then connect again).`,
  );
  // A stale MaxSessions reads "connect failed", which rules out the policy causes, this one included.
  a.ruledOut.delete('config-not-reloaded');
  const limit = a.scores.get('session-limit-multiplexing');
  if (limit) limit.decisive = false;
}

/** MaxSessions, PermitTunnel, AllowStreamLocalForwarding, AddressFamily, as the model reads them. */
export function otherSettings(ctx: Ctx, a: Acc): void {
  const { add, out, open } = a;
  for (const r of setIn(ctx, ['maxSessions'])) {
    const n = r.side.sshd!.maxSessions;
    if (n <= 2 && (ctx.usesMux || open.length > 0))
      add(
        'session-limit-multiplexing',
        ctx.usesMux ? 6 : 2,
        r.obs,
        `MaxSessions ${n}: a multiplexed connection can hold only ${n} session${n === 1 ? '' : 's'} and forwards.`,
      );
    if (n === 0) add('session-limit-multiplexing', 4, r.obs, 'MaxSessions 0 refuses every session.');
    if (n > 2 && sessionRefused(ctx)) masterPredatesChange(a, r.obs, n);
  }
  for (const r of setIn(ctx, ['permitTunnel'])) {
    if (r.side.sshd!.permitTunnel !== 'no') continue;
    if (ctx.usesTunnel) add('tunnel-device-refused', 8, r.obs, 'PermitTunnel no refuses -w tunnels.', true);
    else out('myth-permittunnel', 'PermitTunnel no only matters for -w; it does not affect -L/-D/-R.');
  }
  for (const r of setIn(ctx, ['allowStreamLocalForwarding'])) {
    const check = streamlocalPolicy(r.side, 'local');
    if (!check.ok && ctx.usesPathForward) add('streamlocal-forwarding-disabled', 8, r.obs, `${check.detail} It refuses Unix-socket forwards.`, true);
  }
  for (const r of setIn(ctx, ['addressFamily'])) {
    const af = r.side.sshd!.addressFamily;
    if (af !== 'any' && (open.length > 0 || ctx.target))
      add('target-listens-elsewhere', 2, r.obs, `AddressFamily ${af}: the server only tries ${af === 'inet' ? 'IPv4' : 'IPv6'} addresses of the target.`);
  }
}

/** The server's /etc/hosts: whether the server finds the target there (resolve.ts, as sshd would). */
export function hostsFile(ctx: Ctx, a: Acc): void {
  const hosts = ctx.pasted.hosts;
  const host = askedFor(a, ctx)?.host ?? ctx.target?.host ?? null;
  if (!hosts || !host || host.startsWith('/')) return;
  const family = ctx.pasted.readings[0]?.sshd?.addressFamily ?? 'any';
  const text = hosts.obs.map((o) => o.d.text).join('\n');
  const r = resolveOnServer(host, { hostsText: text, resolvConfText: undefined, dns: {}, family });
  const o = hosts.obs[0]!;
  if (r.ok) {
    for (const id of RESOLUTION) a.out(id, `The server finds ${host} (${r.via}: ${r.addresses.join(', ')}).`);
    a.scale(RESOLUTION, 0.05);
    return;
  }
  const lookupFailed = a.scores.has('localhost-not-resolvable') || a.scores.has('target-name-unresolvable');
  if (lookupFailed && classifyName(host) === 'localhost-not-resolvable') {
    a.add('localhost-not-resolvable', a.open.length > 0 || ctx.hasServerLog ? 8 : 4, o, `The server’s /etc/hosts has no line for ${host}.`, true);
    a.out('target-name-unresolvable', `"${host}" is the server itself: a missing /etc/hosts line is the reason.`);
  }
}
