/**
 * Builds a simulator scenario from what the paste showed: the command (re-assembled from the parsed
 * parts, so a truncated paste still gives a runnable one), the server software and version, the
 * settings read (as sshd_config text), and, for the leading cause, the smallest assumption that
 * reproduces it, each assumption listed for the user.
 */
import type { Scenario, ServerBlock, TargetService } from '../scenario.ts';
import { validateScenario } from '../validate.ts';
import { isLocalhostName } from './command.ts';
import type { Ctx } from './context.ts';

const CAMEL: Record<string, string> = {
  allowtcpforwarding: 'AllowTcpForwarding',
  disableforwarding: 'DisableForwarding',
  permitopen: 'PermitOpen',
  maxsessions: 'MaxSessions',
  permittunnel: 'PermitTunnel',
  allowstreamlocalforwarding: 'AllowStreamLocalForwarding',
  forcecommand: 'ForceCommand',
  gatewayports: 'GatewayPorts',
  permitlisten: 'PermitListen',
  addressfamily: 'AddressFamily',
  chrootdirectory: 'ChrootDirectory',
};

function sshdConfigText(ctx: Ctx): string {
  const global: string[] = [];
  const blocks = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const o of ctx.of('setting')) {
    if (o.length === 0 || o.d.key === 'match') continue;
    const name = CAMEL[o.d.key];
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

export function buildScenario(ctx: Ctx, topCause: string | null): { scenario: Scenario | null; assumptions: string[] } {
  const assumptions: string[] = [];
  const c = ctx.cmd;
  const user = ctx.user ?? 'alice';
  const dest = ctx.serverHost ?? 'server.example';
  if (!ctx.user) assumptions.push('The login name "alice" stands in for yours.');
  if (!ctx.serverHost) assumptions.push('The SSH server is called "server.example".');

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
  const command = parts.join(' ');

  const server: ServerBlock = {};
  const sw = ctx.server.software ?? (topCause === 'dropbear-forwarding-disabled' ? 'dropbear' : 'openssh');
  server.software = sw;
  if (ctx.server.version) server.version = ctx.server.version;
  else if (sw === 'openssh' && ctx.server.before75 === true) {
    server.version = '7.4';
    assumptions.push('The server is taken to be OpenSSH 7.4 (the text implies a version before 7.5).');
  } else if (sw === 'openssh' && ctx.server.before75 === false) server.version = '9.2';
  else if (sw === 'openssh') assumptions.push('The server version is unknown: the simulator’s default (OpenSSH 9.2) is used.');
  let sshdConfig = sshdConfigText(ctx);
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

  // the leading cause, when nothing read reproduces it
  const assume = (text: string) => assumptions.push(text);
  const hasKey = (k: string) => ctx.settings.has(k);
  switch (topCause) {
    case 'tcp-forwarding-disabled':
      if (!hasKey('allowtcpforwarding') && !hasKey('disableforwarding')) {
        sshdConfig += 'AllowTcpForwarding no\n';
        assume('AllowTcpForwarding no was added to reproduce the leading cause.');
      }
      break;
    case 'jump-host-forwarding-disabled':
      return finish(
        { jump: { software: 'openssh', sshdConfig: 'AllowTcpForwarding no\n' } },
        'The jump host is given AllowTcpForwarding no to reproduce the leading cause.',
      );
    case 'permitopen-mismatch':
      if (!hasKey('permitopen') && tHost && t?.port != null) {
        const other = tHost === '127.0.0.1' ? 'localhost' : tHost === 'localhost' ? '127.0.0.1' : 'other.example';
        sshdConfig += `PermitOpen ${other}:${t.port}\n`;
        assume(`PermitOpen ${other}:${t.port} was added to reproduce the leading cause.`);
      }
      break;
    case 'key-forwarding-restricted':
      if (!ak) {
        server.authorizedKeysOptions = 'restrict';
        assume('The key is given the "restrict" option to reproduce the leading cause.');
      }
      break;
    case 'key-permitopen-mismatch':
      if (!ak && tHost && t?.port != null) {
        const other = tHost === '127.0.0.1' ? 'localhost' : '127.0.0.1';
        server.authorizedKeysOptions = `permitopen="${other}:${t.port}"`;
        assume(`The key is given permitopen="${other}:${t.port}" to reproduce the leading cause.`);
      }
      break;
    case 'password-change-required':
      server.passwordExpired = true;
      assume('The account’s password is marked expired.');
      break;
    case 'sftp-only-account':
      if (!hasKey('forcecommand')) {
        sshdConfig += 'Match Group sftponly\n  ForceCommand internal-sftp\n  AllowTcpForwarding no\n';
        assume('An SFTP-only Match block was added.');
      }
      server.groups = ['sftponly'];
      break;
    case 'dropbear-forwarding-disabled':
      server.dropbearOptions = '-j';
      assume('Dropbear runs with -j to reproduce the leading cause.');
      break;
    case 'localhost-not-resolvable':
      server.hosts = '# no localhost line\n';
      assume('The server’s /etc/hosts has no localhost line.');
      break;
    case 'server-dns-broken':
      server.dns = { reachable: false };
      assume('The server’s DNS server is unreachable.');
      break;
    case 'dns-rebinding-protection':
      if (tHost) server.dns = { records: { [tHost]: ['10.0.0.9'] }, rebindingProtection: true };
      assume('The resolver drops private answers (rebinding protection).');
      break;
    case 'target-service-down':
      if (targets.length === 0 && tHost && t?.port != null) targets.push({ host: isLocalhostName(tHost) ? '127.0.0.1' : tHost, port: t.port, state: 'closed' });
      break;
    case 'target-firewalled':
      if (targets.length === 0 && tHost && t?.port != null) targets.push({ host: tHost, port: t.port, state: 'filtered' });
      break;
    case 'session-limit-multiplexing':
      if (!hasKey('maxsessions')) sshdConfig += 'MaxSessions 1\n';
      server.openSessions = 1;
      assume('One session is already open on a MaxSessions-limited connection.');
      break;
    case 'server-out-of-file-descriptors':
      server.openFilesExhausted = true;
      assume('The server session has run out of file descriptors.');
      break;
    case 'tunnel-device-refused':
      if (!hasKey('permittunnel')) server.tunDevice = false;
      break;
    case 'streamlocal-forwarding-disabled':
      if (!hasKey('allowstreamlocalforwarding')) sshdConfig += 'AllowStreamLocalForwarding no\n';
      break;
    case 'server-disk-full':
      server.diskFull = true;
      break;
    case 'remote-forward-refused':
      if (!hasKey('allowtcpforwarding')) sshdConfig += 'AllowTcpForwarding local\n';
      break;
    case 'auth-failed':
      server.acceptsKey = false;
      assume('The server does not accept your key.');
      break;
    case 'local-port-in-use': {
      const p = ctx.of('bind-failed')[0]?.d.port ?? ctx.forwards.find((f) => f.kind !== 'R')?.listenPort ?? 8080;
      return finish({ clientPortsInUse: [p] }, `Local port ${p} is taken on your machine.`);
    }
    default:
      break;
  }
  return finish({});

  function finish(extra: { jump?: ServerBlock; clientPortsInUse?: number[] }, note?: string) {
    if (note) assumptions.push(note);
    if (sshdConfig) server.sshdConfig = sshdConfig;
    const scenario: Scenario = { client: { command } };
    if (ctx.clientAddress && /^[0-9a-f.:]+$/i.test(ctx.clientAddress)) scenario.client.address = ctx.clientAddress;
    if (extra.clientPortsInUse) scenario.client.portsInUse = extra.clientPortsInUse;
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
}
