/**
 * Turns a scenario into everything the channel-open machine needs to decide: the parsed command,
 * the client's effective config, each server's effective policy for this connection, and the one
 * channel request the scenario exercises. Pure: parsing never throws, problems become diagnostics.
 */
import type { Diagnostic } from './diagnostics.ts';
import type { Scenario, ServerBlock, TargetService } from './scenario.ts';
import { parseSshCommand, type Forward, type SshCommand } from './parse/command.ts';
import { effectiveClientConfig, parseSshConfig, type EffectiveClient } from './parse/ssh-config.ts';
import { effectiveSshdConfig, parseSshdConfig, type EffectiveSshd } from './parse/sshd-config.ts';
import { parseAuthorizedKeysOptions, type KeyOptions } from './parse/authorized-keys.ts';
import { parseServerVersion, type ServerVersion } from './version.ts';
import { DiagList, LineIndex } from './parse/common.ts';
import { shellWords } from './parse/shell-words.ts';
import { DEFAULT_CLIENT_HOSTS, planChannels, type ChannelPlan } from './client.ts';
import { DEFAULT_SERVER_HOSTS } from './resolve.ts';
import { readsSshdConfig, serverFamily } from './software/index.ts';

/** Where a diagnostic was found, so editors can show it at the right line. */
export type Source =
  | 'command'
  | 'sshConfig'
  | 'sshdConfig'
  | 'authorizedKeys'
  | 'jump.sshdConfig'
  | 'runningSshdConfig'
  | 'jump.runningSshdConfig'
  | 'jump.authorizedKeys'
  | 'version'
  | 'dropbearOptions'
  | 'hosts'
  | 'jump.hosts'
  | 'client.hosts'
  | 'resolvConf';

export interface SourcedDiagnostic extends Diagnostic {
  source: Source;
}

/** Numbers real programs pick at random, shown as fixed plausible values. */
export const EPHEMERAL = {
  /** Source port of the program that connects to a -L/-D listener (the channel's originator port). */
  originatorPort: 41234,
  /** Source port of the ssh client's own TCP connection to the server (normalised like the others). */
  sshClientPort: 41234,
  /** ssh.c channel_connect_stdio_fwd(): -W and ProxyJump always send originator 127.0.0.1 port 65535. */
  stdioOriginatorPort: 65535,
} as const;

export interface DropbearFlags {
  /** -j: no local (-L/-D) forwarding. */
  noLocal: boolean;
  /** -k: no remote (-R) forwarding. */
  noRemote: boolean;
  /** -c command: the command every session runs instead of the client's; null when not given. */
  forcedCommand: string | null;
}

export interface ServerSide {
  role: 'server' | 'jump-host';
  block: ServerBlock;
  version: ServerVersion;
  /**
   * OpenSSH's effective settings for this connection (Match blocks applied), as the running sshd
   * has them (`runningSshdConfig` when given); null for Dropbear.
   */
  sshd: EffectiveSshd | null;
  /** The same settings read from the file on disk, when the running sshd has other ones; else null. */
  fileSshd: EffectiveSshd | null;
  /** Errors that would stop sshd from starting with this config. */
  startupErrors: SourcedDiagnostic[];
  key: KeyOptions;
  /** True when the key line itself is invalid, so sshd would not accept it. */
  keyRejected: boolean;
  dropbear: DropbearFlags;
  user: string;
  groups: string[];
  hostsText: string;
}

/** The one channel (or request) the scenario exercises. */
export type ChannelRequest =
  | {
      kind: 'direct-tcpip';
      /** How the client came to ask: a -L connection, a SOCKS request through -D, or -W / ProxyJump. */
      via: 'local' | 'dynamic' | 'stdio';
      host: string;
      port: number;
      originator: string;
      originatorPort: number;
      channel: number;
      forward: Forward | null;
    }
  | { kind: 'direct-streamlocal'; path: string; originator: string; originatorPort: number; channel: number; forward: Forward }
  | { kind: 'tun'; channel: number }
  | { kind: 'session'; channel: number }
  | { kind: 'remote'; forward: Forward }
  | { kind: 'none' };

export interface World {
  scenario: Scenario;
  command: SshCommand;
  client: EffectiveClient;
  diagnostics: SourcedDiagnostic[];
  /** Address of the client as the server sees it. */
  clientAddress: string;
  clientHostsText: string;
  plan: ChannelPlan;
  /** The host name the client connects to (after HostName). */
  serverHost: string;
  serverPort: number;
  server: ServerSide;
  jump: ServerSide | null;
  request: ChannelRequest;
  targets: TargetService[];
  /** True for multiplexed use: ControlMaster + a second session through the control socket. */
  multiplexed: boolean;
  /** The session channel asks for X11 forwarding (-X/-Y without -N; DISPLAY is assumed set). */
  x11Requested: boolean;
}

/**
 * Longest text the model reads from one field. Real files are a few KB; a multi-megabyte paste is
 * read up to the last whole line before this limit, with a warning at the line where reading
 * stopped, so every edit stays fast.
 */
export const MAX_FIELD_CHARS = 256 * 1024;

function capField(text: string | undefined, source: Source, out: SourcedDiagnostic[]): string | undefined {
  if (text === undefined || text.length <= MAX_FIELD_CHARS) return text;
  const cut = text.lastIndexOf('\n', MAX_FIELD_CHARS);
  const kept = cut > 0 ? text.slice(0, cut + 1) : text.slice(0, MAX_FIELD_CHARS);
  let line = 1;
  for (let i = 0; i < kept.length; i++) if (kept.charCodeAt(i) === 10) line++;
  const size = text.length >= 1024 * 1024 ? `${(text.length / 1024 / 1024).toFixed(1)} MB` : `${Math.round(text.length / 1024)} KB`;
  out.push({
    line,
    column: 1,
    length: 0,
    code: 'input.too-long',
    message: `This text is ${size}; the simulator reads the first ${MAX_FIELD_CHARS / 1024} KB (up to line ${line - 1}) and ignores the rest.`,
    severity: 'warning',
    source,
  });
  return kept;
}

/** The scenario with every free-text field capped at MAX_FIELD_CHARS. */
function capScenario(scenario: Scenario, out: SourcedDiagnostic[]): Scenario {
  const capServer = (b: ServerBlock | undefined, prefix: '' | 'jump.'): ServerBlock | undefined =>
    b && {
      ...b,
      sshdConfig: capField(b.sshdConfig, `${prefix}sshdConfig` as Source, out),
      runningSshdConfig: capField(b.runningSshdConfig, `${prefix}runningSshdConfig` as Source, out),
      authorizedKeysOptions: capField(b.authorizedKeysOptions, `${prefix}authorizedKeys` as Source, out),
      hosts: capField(b.hosts, prefix === '' ? 'hosts' : 'jump.hosts', out),
      resolvConf: capField(b.resolvConf, 'resolvConf', out),
    };
  return {
    ...scenario,
    client: {
      ...scenario.client,
      command: capField(scenario.client.command, 'command', out) ?? '',
      sshConfig: capField(scenario.client.sshConfig, 'sshConfig', out),
      hosts: capField(scenario.client.hosts, 'client.hosts', out),
    },
    server: capServer(scenario.server, ''),
    jump: capServer(scenario.jump, 'jump.'),
  };
}

function withSource(ds: Diagnostic[], source: Source): SourcedDiagnostic[] {
  return ds.map((d) => ({ ...d, source }));
}

/** Dropbear's options that take a value (svr-runopts.c): the rest of the word, or the next word. */
const DROPBEAR_VALUE_OPTIONS = new Set('bcdrD2pPlGWKIMTQA');

/** Dropbear's command line as svr-runopts.c reads it: single letters, bundled (-jk), values after the letter or in the next word. */
function dropbearFlags(text: string | undefined): DropbearFlags {
  const flags: DropbearFlags = { noLocal: false, noRemote: false, forcedCommand: null };
  const words = shellWords(text ?? '', new DiagList('command'), new LineIndex(text ?? '')).words.map((w) => w.value);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (!word.startsWith('-') || word.startsWith('--')) continue;
    for (let j = 1; j < word.length; j++) {
      const ch = word[j] as string;
      if (ch === 'j') flags.noLocal = true;
      if (ch === 'k') flags.noRemote = true;
      if (!DROPBEAR_VALUE_OPTIONS.has(ch)) continue;
      const value = j + 1 < word.length ? word.slice(j + 1) : (words[++i] ?? null);
      if (ch === 'c') flags.forcedCommand = value;
      break;
    }
  }
  return flags;
}

function buildServer(block: ServerBlock, role: ServerSide['role'], user: string, clientAddress: string, out: SourcedDiagnostic[]): ServerSide {
  // A server with a profile (software/) answers forwards itself and its other checks run as OpenSSH's
  // defaults, unless it is OpenSSH's sshd underneath (Windows'): then its sshd_config applies.
  const software = serverFamily(block.software);
  const versionResult = parseServerVersion(software, block.version);
  out.push(...withSource(versionResult.diagnostics, 'version'));
  const version = versionResult.value;
  const prefix = role === 'jump-host' ? 'jump.' : '';
  const startupErrors: SourcedDiagnostic[] = [];
  let sshd: EffectiveSshd | null = null;
  const groups = block.groups ?? [];
  const login = block.user ?? user;
  let fileSshd: EffectiveSshd | null = null;
  if (software === 'openssh') {
    const ctx = { user: login, groups, host: null, address: clientAddress, localAddress: '127.0.0.1', localPort: 22 };
    const parsed = parseSshdConfig(readsSshdConfig(block.software) ? (block.sshdConfig ?? '') : '', version);
    const ds = withSource(parsed.diagnostics, `${prefix}sshdConfig` as Source);
    out.push(...ds);
    sshd = effectiveSshdConfig(parsed.value, ctx);
    if (block.runningSshdConfig !== undefined && block.runningSshdConfig !== block.sshdConfig) {
      // The running sshd started with this text, so its errors (not the file's) decide whether it runs.
      const running = parseSshdConfig(block.runningSshdConfig, version);
      const rds = withSource(running.diagnostics, `${prefix}runningSshdConfig` as Source);
      out.push(...rds);
      startupErrors.push(...rds.filter((d) => d.severity === 'error'));
      fileSshd = sshd;
      sshd = effectiveSshdConfig(running.value, ctx);
    } else {
      startupErrors.push(...ds.filter((d) => d.severity === 'error'));
    }
  }
  const keys = parseAuthorizedKeysOptions(block.authorizedKeysOptions ?? '', version);
  const keyDs = withSource(keys.diagnostics, `${prefix}authorizedKeys` as Source);
  out.push(...keyDs);
  return {
    role,
    block,
    version,
    sshd,
    fileSshd,
    startupErrors,
    key: keys.value,
    keyRejected: keyDs.some((d) => d.severity === 'error'),
    dropbear: dropbearFlags(block.dropbearOptions),
    user: login,
    groups,
    hostsText: block.hosts ?? DEFAULT_SERVER_HOSTS,
  };
}

function pickRequest(world: Omit<World, 'request'>, scenario: Scenario): ChannelRequest {
  const { command, client, plan } = world;
  const originator = '127.0.0.1';
  // The existing master (started with -N, as `ssh -M -N`) holds its mux listener (channel 0) and, for
  // each session already open through it, a mux-control channel and a session channel; the new
  // client's control connection takes the next id and its session the one after.
  if (world.multiplexed) return { kind: 'session', channel: 2 + 2 * (scenario.server?.openSessions ?? 0) };
  if (command.stdioForward) {
    return {
      kind: 'direct-tcpip',
      via: 'stdio',
      host: command.stdioForward.host,
      port: command.stdioForward.port,
      originator,
      originatorPort: EPHEMERAL.stdioOriginatorPort,
      channel: plan.stdioChannel ?? 0,
      forward: null,
    };
  }
  const forwards = client.forwards;
  const wanted = scenario.client.connect?.forward;
  const index = wanted !== undefined && wanted < forwards.length ? wanted : forwards.length > 0 ? 0 : -1;
  if (index < 0) {
    if (command.tunnel) return { kind: 'tun', channel: plan.tunnelChannel ?? 0 };
    return { kind: 'none' };
  }
  const fwd = forwards[index]!;
  if (fwd.kind === 'remote') return { kind: 'remote', forward: fwd };
  if (fwd.kind === 'dynamic') {
    return {
      kind: 'direct-tcpip',
      via: 'dynamic',
      host: scenario.client.connect?.host ?? 'localhost',
      port: scenario.client.connect?.port ?? 80,
      originator,
      originatorPort: EPHEMERAL.originatorPort,
      channel: plan.next,
      forward: fwd,
    };
  }
  if (fwd.connectPath !== null) {
    return { kind: 'direct-streamlocal', path: fwd.connectPath, originator, originatorPort: EPHEMERAL.originatorPort, channel: plan.next, forward: fwd };
  }
  return {
    kind: 'direct-tcpip',
    via: 'local',
    host: fwd.connectHost ?? '',
    port: fwd.connectPort ?? 0,
    originator,
    originatorPort: EPHEMERAL.originatorPort,
    channel: plan.next,
    forward: fwd,
  };
}

export function buildWorld(input: Scenario): World {
  const diagnostics: SourcedDiagnostic[] = [];
  const scenario = capScenario(input, diagnostics);
  const parsedCommand = parseSshCommand(scenario.client.command);
  diagnostics.push(...withSource(parsedCommand.diagnostics, 'command'));
  const command = parsedCommand.value;
  const parsedConfig = parseSshConfig(scenario.client.sshConfig ?? '');
  diagnostics.push(...withSource(parsedConfig.diagnostics, 'sshConfig'));
  const client = effectiveClientConfig(command, parsedConfig.value);
  const clientAddress = scenario.client.address ?? '127.0.0.1';
  const clientHostsText = scenario.client.hosts ?? DEFAULT_CLIENT_HOSTS;
  const user = scenario.server?.user ?? client.user ?? 'alice';
  const server = buildServer(scenario.server ?? {}, 'server', user, clientAddress, diagnostics);
  const jumpSpec = client.proxyJump ?? command.jump;
  const jump =
    jumpSpec && jumpSpec.toLowerCase() !== 'none'
      ? buildServer(scenario.jump ?? {}, 'jump-host', scenario.jump?.user ?? user, clientAddress, diagnostics)
      : null;
  // ssh.c/mux.c muxclient(): with a ControlPath, ControlMaster no (the default), auto and autoask
  // first try an existing master; yes and ask always start a new one.
  const muxClient =
    client.controlPath !== null &&
    (client.controlMaster === null || client.controlMaster === 'no' || client.controlMaster === 'auto' || client.controlMaster === 'autoask');
  const multiplexed = muxClient && scenario.server?.openSessions !== undefined;
  const mux = !multiplexed && client.controlPath !== null && client.controlMaster !== null && client.controlMaster !== 'no';
  const plan = planChannels({
    forwards: client.forwards,
    stdio: command.stdioForward !== null,
    tunnel: command.tunnel !== null,
    mux,
    session: !command.noCommand && command.stdioForward === null,
    family: client.addressFamily,
    gatewayPorts: client.gatewayPorts,
    hostsText: clientHostsText,
    bind: { portsInUse: scenario.client.portsInUse, ipv6: scenario.client.ipv6, root: scenario.client.root },
  });
  const partial = {
    scenario,
    command,
    client,
    diagnostics,
    clientAddress,
    clientHostsText,
    plan,
    serverHost: client.hostName,
    serverPort: client.port,
    server,
    jump,
    targets: scenario.targets ?? [],
    multiplexed,
    x11Requested: command.x11 !== 'none' && plan.sessionChannel !== null && !multiplexed,
  };
  return { ...partial, request: pickRequest(partial, scenario) };
}
