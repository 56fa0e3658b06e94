/**
 * Builds a simulator scenario from what the paste showed: the command (re-assembled from the parsed
 * parts, so a truncated paste still gives a runnable one), the server software and version, the
 * settings read (as sshd_config text), and, for the leading cause, the smallest assumption that
 * reproduces it, each assumption listed for the user.
 */
import type { Scenario, ServerBlock, TargetService } from '../scenario.ts';
import { canonicalSshdKeyword } from '../parse/sshd-config.ts';
import { opensshWindows } from '../software/index.ts';
import { validateScenario } from '../validate.ts';
import { isLocalhostName } from './command.ts';
import type { Ctx } from './context.ts';
import type { ObsOf } from './read.ts';

function sshdConfigText(ctx: Ctx): string {
  const global: string[] = [];
  const blocks = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const o of ctx.of('setting')) {
    if (o.length === 0 || o.d.key === 'match') continue;
    const name = canonicalSshdKeyword(o.d.key);
    if (!name) continue;
    const line = `${name} ${o.d.value}`;
    if (o.d.match === null) {
      // sshd -T repeats nothing; in sshd_config the first value wins, so keep the first
      if (seen.has(o.d.key) && o.d.key !== 'permitopen') continue;
      seen.add(o.d.key);
      global.push(line);
    } else {
      const list = blocks.get(o.d.match) ?? [];
      list.push(`  ${line}`);
      blocks.set(o.d.match, list);
    }
  }
  let out = global.join('\n');
  for (const [m, lines] of blocks) out += `${out ? '\n' : ''}Match ${m}\n${lines.join('\n')}`;
  return out ? `${out}\n` : '';
}

function fmtHost(h: string): string {
  return h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
}

/** The scenario being built, and what the leading cause's assumptions add to it. */
interface Build {
  ctx: Ctx;
  server: ServerBlock;
  sshdConfig: string;
  targets: TargetService[];
  t: Ctx['target'];
  /** The target host, when it is a host (not a user@host slip). */
  tHost: string | null;
  ak: ObsOf<'authorized-keys'> | undefined;
  hasKey(k: string): boolean;
  assume(text: string): void;
  extra: { jump?: ServerBlock; clientPortsInUse?: number[] };
}

/** The command, re-assembled from the parsed parts (so a truncated paste still gives a runnable one). */
function rebuildCommand(ctx: Ctx, topCause: string | null, assumptions: string[]): string {
  const c = ctx.cmd;
  const user = ctx.user ?? 'alice';
  const dest = ctx.serverHost ?? 'server.example';

  // the command, re-assembled
  const parts: string[] = ['ssh'];
  const flags: string[] = [];
  if (c?.noCommand || !c) flags.push('-N');
  if (flags.length) parts.push(flags.join(''));
  if (c?.port && c.port !== 22) parts.push('-p', String(c.port));
  let jump = c?.jump ?? null;
  if (!jump && topCause === 'jump-host-forwarding-disabled' && !c?.stdio) {
    jump = 'bastion.example';
    assumptions.push('A jump host "bastion.example" stands in for yours.');
  }
  if (jump) parts.push('-J', jump);
  const forwards = [...ctx.forwards];
  if (forwards.length === 0 && !c?.stdio && !c?.tunnel) {
    const fl = ctx.of('fwd-local')[0];
    const fr = ctx.of('fwd-request')[0];
    const t = ctx.target;
    const rf = ctx.of('remote-forward-failed')[0];
    if (rf && (rf.d.path !== null || rf.d.port !== null)) {
      const listen = rf.d.path ?? String(rf.d.port);
      parts.push('-R', `${listen}:localhost:80`);
      assumptions.push(`The forward -R ${listen}:localhost:80 was rebuilt from the warning (its target on your side is a stand-in).`);
    } else if (fl && !fl.d.path) {
      const lp = /:(\d{1,5})$/.exec(fl.d.listen)?.[1] ?? '8080';
      parts.push('-L', `${lp}:${fmtHost(fl.d.target)}:${fl.d.port ?? 80}`);
    } else if (t?.host && !t.host.startsWith('/')) {
      const lp = fr?.d.listenPort ?? 8080;
      parts.push('-L', `${lp}:${fmtHost(t.host)}:${t.port ?? 80}`);
      if (!fr) assumptions.push(`The forward -L ${lp}:${t.host}:${t.port ?? 80} was rebuilt from the target named in the text.`);
    } else {
      parts.push('-L', '8080:localhost:80');
      assumptions.push('No forward was found in the text: -L 8080:localhost:80 stands in for yours.');
    }
  }
  for (const f of forwards) {
    if (f.kind === 'D') parts.push('-D', f.spec);
    else parts.push(`-${f.kind}`, f.spec);
  }
  if (c?.stdio) parts.push('-W', c.stdio);
  if (c?.tunnel) parts.push('-w', c.tunnel);
  if (c?.x11) parts.push('-X');
  parts.push(`${user}@${dest}`);
  return parts.join(' ');
}

/** The server block from what was read: software, version, settings, key options, /etc/hosts, the target's state. */
function serverFrom(ctx: Ctx, topCause: string | null, assumptions: string[]): Build {
  const user = ctx.user ?? 'alice';
  const server: ServerBlock = {};
  const read = ctx.server.software === 'not-openssh' ? null : ctx.server.software;
  const sw = read ?? (topCause === 'dropbear-forwarding-disabled' ? 'dropbear' : 'openssh');
  server.software = sw;
  if (ctx.server.version) server.version = ctx.server.version;
  else if (sw === 'openssh' && ctx.server.before75 === true) {
    server.version = '7.4';
    assumptions.push('The server is taken to be OpenSSH 7.4 (the text implies a version before 7.5).');
  } else if (sw === 'openssh' && ctx.server.before75 === false) server.version = '9.2';
  else if (sw === 'openssh') assumptions.push('The server version is unknown: the simulator’s default (OpenSSH 9.2) is used.');
  const sshdConfig = sshdConfigText(ctx);
  if (ctx.user || ctx.cmd?.user) server.user = user;
  const ak = ctx.of('authorized-keys')[0];
  if (ak) server.authorizedKeysOptions = ak.d.options;
  const targets: TargetService[] = [];
  const t = ctx.target;
  const tHost = t?.host && !t.host.includes('@') ? t.host : null;
  const stateFrom = (desc: string | null | undefined): TargetService['state'] | null =>
    desc == null ? null : /refused/.test(desc) ? 'closed' : /timed out/.test(desc) ? 'filtered' : /No route|unreachable/.test(desc) ? 'rejected' : null;
  const connectDesc = ctx.of('open-failed').find((o) => o.d.reason === 'connect failed')?.d.desc ?? ctx.of('connect-to-failed')[0]?.d.error;
  const st = stateFrom(connectDesc);
  if (tHost && t?.port != null && st) targets.push({ host: tHost, port: t.port, state: st });
  const hosts = ctx.of('hosts-line');
  if (hosts.length > 0) server.hosts = `${hosts.map((o) => o.d.text).join('\n')}\n`;
  return {
    ctx,
    server,
    sshdConfig,
    targets,
    t,
    tHost,
    ak,
    hasKey: (k: string) => ctx.settings.has(k),
    assume: (text: string) => assumptions.push(text),
    extra: {},
  };
}

/** The smallest assumption that reproduces a policy cause nothing read reproduces. */
function assumePolicyCause(b: Build, topCause: string | null): void {
  switch (topCause) {
    case 'tcp-forwarding-disabled':
      if (!b.hasKey('allowtcpforwarding') && !b.hasKey('disableforwarding')) {
        b.sshdConfig += 'AllowTcpForwarding no\n';
        b.assume('AllowTcpForwarding no was added to reproduce the leading cause.');
      }
      break;
    case 'jump-host-forwarding-disabled':
      b.extra = { jump: { software: 'openssh', sshdConfig: 'AllowTcpForwarding no\n' } };
      b.assume('The jump host is given AllowTcpForwarding no to reproduce the leading cause.');
      break;
    case 'permitopen-mismatch':
      if (!b.hasKey('permitopen') && b.tHost && b.t?.port != null) {
        const other = b.tHost === '127.0.0.1' ? 'localhost' : b.tHost === 'localhost' ? '127.0.0.1' : 'other.example';
        b.sshdConfig += `PermitOpen ${other}:${b.t.port}\n`;
        b.assume(`PermitOpen ${other}:${b.t.port} was added to reproduce the leading cause.`);
      }
      break;
    case 'key-forwarding-restricted':
      if (!b.ak) {
        b.server.authorizedKeysOptions = 'restrict';
        b.assume('The key is given the "restrict" option to reproduce the leading cause.');
      }
      break;
    case 'key-permitopen-mismatch':
      if (!b.ak && b.tHost && b.t?.port != null) {
        const other = b.tHost === '127.0.0.1' ? 'localhost' : '127.0.0.1';
        b.server.authorizedKeysOptions = `permitopen="${other}:${b.t.port}"`;
        b.assume(`The key is given permitopen="${other}:${b.t.port}" to reproduce the leading cause.`);
      }
      break;
    case 'password-change-required':
      b.server.passwordExpired = true;
      b.assume('The account’s password is marked expired.');
      break;
    case 'sftp-only-account':
      if (!b.hasKey('forcecommand')) {
        b.sshdConfig += 'Match Group sftponly\n  ForceCommand internal-sftp\n  AllowTcpForwarding no\n';
        b.assume('An SFTP-only Match block was added.');
      }
      b.server.groups = ['sftponly'];
      break;
    case 'dropbear-forwarding-disabled':
      b.server.dropbearOptions = '-j';
      b.assume('Dropbear runs with -j to reproduce the leading cause.');
      break;
  }
}

/** The smallest assumption that reproduces a resolution, target or resource cause. */
function assumeOtherCause(b: Build, topCause: string | null): void {
  switch (topCause) {
    case 'localhost-not-resolvable':
      b.server.hosts = '# no localhost line\n';
      b.assume('The server’s /etc/hosts has no localhost line.');
      break;
    case 'server-dns-broken':
      b.server.dns = { reachable: false };
      b.assume('The server’s DNS server is unreachable.');
      break;
    case 'dns-rebinding-protection':
      if (b.tHost) b.server.dns = { records: { [b.tHost]: ['10.0.0.9'] }, rebindingProtection: true };
      b.assume('The resolver drops private answers (rebinding protection).');
      break;
    case 'target-service-down':
      if (b.targets.length === 0 && b.tHost && b.t?.port != null)
        b.targets.push({ host: isLocalhostName(b.tHost) ? '127.0.0.1' : b.tHost, port: b.t.port, state: 'closed' });
      break;
    case 'target-firewalled':
      if (b.targets.length === 0 && b.tHost && b.t?.port != null) b.targets.push({ host: b.tHost, port: b.t.port, state: 'filtered' });
      break;
    case 'session-limit-multiplexing':
      if (!b.hasKey('maxsessions')) b.sshdConfig += 'MaxSessions 1\n';
      b.server.openSessions = 1;
      b.assume('One session is already open on a MaxSessions-limited connection.');
      break;
    case 'server-out-of-file-descriptors':
      b.server.openFilesExhausted = true;
      b.assume('The server session has run out of file descriptors.');
      break;
    case 'tunnel-device-refused':
      if (!b.hasKey('permittunnel')) b.server.tunDevice = false;
      break;
    case 'streamlocal-forwarding-disabled':
      if (!b.hasKey('allowstreamlocalforwarding')) b.sshdConfig += 'AllowStreamLocalForwarding no\n';
      break;
    case 'server-disk-full':
      b.server.diskFull = true;
      break;
    case 'remote-forward-refused':
      if (!b.hasKey('allowtcpforwarding')) b.sshdConfig += 'AllowTcpForwarding local\n';
      break;
    case 'auth-failed':
      b.server.acceptsKey = false;
      b.assume('The server does not accept your key.');
      break;
    case 'local-port-in-use': {
      const p = b.ctx.of('bind-failed')[0]?.d.port ?? b.ctx.forwards.find((f) => f.kind !== 'R')?.listenPort ?? 8080;
      b.extra = { clientPortsInUse: [p] };
      b.assume(`Local port ${p} is taken on your machine.`);
      break;
    }
    default:
      break;
  }
}

export function buildScenario(ctx: Ctx, topCause: string | null): { scenario: Scenario | null; assumptions: string[] } {
  const assumptions: string[] = [];
  if (!ctx.user) assumptions.push('The login name "alice" stands in for yours.');
  if (!ctx.serverHost) assumptions.push('The SSH server is called "server.example".');
  const command = rebuildCommand(ctx, topCause, assumptions);
  const b = serverFrom(ctx, topCause, assumptions);
  assumePolicyCause(b, topCause);
  assumeOtherCause(b, topCause);
  return finish(ctx, command, b, assumptions);
}

function finish(ctx: Ctx, command: string, b: Build, assumptions: string[]): { scenario: Scenario | null; assumptions: string[] } {
  const { server, targets, extra } = b;
  if (b.sshdConfig) server.sshdConfig = b.sshdConfig;
  const scenario: Scenario = { client: { command } };
  if (ctx.clientAddress && /^[0-9a-f.:]+$/i.test(ctx.clientAddress)) scenario.client.address = ctx.clientAddress;
  if (extra.clientPortsInUse) scenario.client.portsInUse = extra.clientPortsInUse;
  // Windows' ssh 7.6/7.7 that could not start -J's ssh: the simulator shows the same lines for that release
  const windows = ctx.of('windows-jump-failed')[0];
  if (windows) Object.assign(scenario.client, { software: opensshWindows.id, version: `${windows.d.release}p1` });
  const dyn = ctx.of('dynamic-request')[0];
  const di = ctx.forwards.findIndex((f) => f.kind === 'D');
  if (dyn && di >= 0) scenario.client.connect = { forward: di, host: dyn.d.target, port: dyn.d.port };
  if (extra.jump) scenario.jump = extra.jump;
  scenario.server = server;
  if (targets.length) scenario.targets = targets;
  const v = validateScenario(scenario);
  if (!v.scenario) {
    // drop the optional parts and keep the command: the simulator still opens with it
    const minimal: Scenario = { client: { command }, server: { software: server.software ?? 'openssh' } };
    return { scenario: validateScenario(minimal).scenario, assumptions };
  }
  return { scenario: v.scenario, assumptions };
}
