/**
 * The checks a real channel-open goes through, as pure functions of the World. The XState machine
 * (src/machine/channel-open) orders them; its step table names the one check each step makes, and
 * the step's guards and its sentence both read that check. Every check returns whether it passed,
 * a sentence for the step list and, when a server refuses a channel, the refusal: the catalog cause
 * and the rule whose lines the server prints.
 */
import { fixOnOf, type CauseId, type FixOn } from './causes.ts';
import type { World, ServerSide } from './world.ts';
import { EPHEMERAL } from './world.ts';
import * as msg from './messages.ts';
import { resolveOnServer, type Resolution } from './resolve.ts';
import { glibcBindOrder, parseIpv4Literal } from './net.ts';
import {
  atLeast,
  clientVersionOf,
  disableForwardingCoversX11,
  dropbearForwardsUnixSockets,
  dropbearRefusesSocketsWhenForced,
  tunnelAlsoRefusedBy,
  versionName,
} from './version.ts';
import type { TargetState } from './scenario.ts';
import {
  clientProfile,
  gliderlabsSsh,
  goDialError,
  opensshWindows,
  goRejected,
  type ProtocolResult,
  type ServerProfile,
  serverProfile,
  type TargetFailure,
  whoseLog,
  WINDOWS_JUMP,
  windowsJumpRelease,
  windowsProxyJumpFailure,
} from './software/index.ts';
import { asciiLower, matchPattern } from './parse/common.ts';
import type { PermitEntry } from './parse/sshd-config.ts';

/** Why a server refused a channel: the catalog cause, and the rule that decides what each side prints. */
export interface ChannelRefusal {
  cause: CauseId;
  kind: FailureKind;
  /** getaddrinfo()'s message, for a failed lookup. */
  gaiError?: string;
  /** strerror() of the last address tried, for a failed connect. */
  connectError?: string;
  /** The first address tried, the port and its strerror(), for a failed connect (what Go's dialer reports). */
  first?: { address: string; port: number; error: string };
  /** The description a gateway product sends with its refusal. */
  description?: string;
  /** The reason code a server with a profile sends (default 1, administratively prohibited). */
  code?: number;
  /** The description ends with the server's own number for the channel (a profile's `numbered`). */
  numbered?: true;
}

export interface Check {
  ok: boolean;
  detail: string;
  /** Set when the check refuses a channel. */
  refusal?: ChannelRefusal;
}

const pass = (detail: string): Check => ({ ok: true, detail });
const fail = (detail: string): Check => ({ ok: false, detail });
const refuse = (detail: string, cause: CauseId, kind: FailureKind): Check => ({ ok: false, detail, refusal: { cause, kind } });

function where(origin: { line: number; match: number | null } | null | undefined): string {
  if (!origin) return 'the built-in default';
  return origin.match === null ? `sshd_config line ${origin.line}` : `sshd_config line ${origin.line}, inside a Match block`;
}

// ---------------------------------------------------------------- client

export function commandUsable(w: World): Check {
  const errors = w.diagnostics.filter((d) => d.source === 'command' && d.severity === 'error');
  if (errors.length > 0) return fail(`ssh would refuse this command: ${errors[0]!.message}`);
  if (!w.command.host) return fail('The command names no host to connect to.');
  const library = tunnelLessClient(w);
  if (library)
    return fail(
      `${library} cannot ask for a forward: it opens no direct-tcpip channel and sends no tcpip-forward request, so no server is asked. A program built on it runs ssh -L itself, or uses another SSH library.`,
    );
  const windows = windowsJumpFailure(w) ? windowsJumpRelease(clientVersionOf(w.scenario.client)) : null;
  if (windows)
    return fail(
      `Windows’ ssh ${windows} cannot start the -J/ProxyJump hop: ${WINDOWS_JUMP.why[windows]}, and no server is asked. To fix it, ${WINDOWS_JUMP.wayOut}.`,
    );
  return pass(`ssh connects to ${w.serverHost} port ${w.serverPort} as ${w.server.user}.`);
}

export function describeClientConfig(w: World): Check {
  const n = w.client.forwards.length;
  const parts = [`${n} forward${n === 1 ? '' : 's'}`];
  if (w.jump) parts.push(`through the jump host ${w.client.proxyJump ?? w.command.jump}`);
  if (w.client.controlMaster && w.client.controlMaster !== 'no') parts.push(`ControlMaster ${w.client.controlMaster}`);
  return pass(`Effective client settings: ${parts.join(', ')}.`);
}

/** A -L/-D listener none of whose addresses could bind: the forward is lost. */
export function blockedListener(w: World): { port: number; addresses: string[]; error: string } | null {
  for (const l of w.plan.listeners) {
    const fwd = w.client.forwards[l.forward];
    if (fwd && l.channels.length === 0 && fwd.listenPort !== null && l.addresses.length > 0)
      return { port: fwd.listenPort, addresses: l.addresses, error: l.errors.at(-1) ?? 'Address already in use' };
  }
  return null;
}

/**
 * ssh before 7.8 refused a -L/-D port below 1024 itself when not run as root: readconf.c
 * add_local_forward() fatal("Privileged ports can only be forwarded by root."), before connecting
 * (removed in OpenBSD's 2018-07-26 "Remove uid checks from low port binds", OpenSSH 7.8).
 */
export function privilegedPortRefused(w: World): number | null {
  const version = clientVersionOf(w.scenario.client);
  // Windows' build kept the check until v7.9.0.0, and its getuid() is never 0 (software/openssh-windows.ts).
  const windows = w.scenario.client.software === 'openssh-windows';
  if (windows ? atLeast(version, 7, 9) : w.scenario.client.root || atLeast(version, 7, 8)) return null;
  const fwd = w.client.forwards.find((f) => f.kind !== 'remote' && f.listenPath === null && f.listenPort !== null && f.listenPort > 0 && f.listenPort < 1024);
  return fwd?.listenPort ?? null;
}

/** What each bind() error means for the user: the cause and the sentence the step shows. */
const BIND_FAILURES: Record<string, { cause: CauseId; detail: (port: number) => string }> = {
  'Address already in use': { cause: 'local-port-in-use', detail: (p) => `Port ${p} is already in use on your machine, so ssh cannot listen there.` },
  'Cannot assign requested address': {
    cause: 'client-listen-address-unavailable',
    detail: (p) => `Your machine has no address to listen on for port ${p} (no IPv6 loopback ::1 here), so ssh cannot listen there.`,
  },
  'Permission denied': {
    cause: 'client-port-not-permitted',
    detail: (p) => `Port ${p} is below 1024: only root may listen there on your machine, so ssh cannot.`,
  },
};

/** The meaning of a bind() error ssh printed; an error not listed reads as a taken port. */
function bindFailure(error: string): { cause: CauseId; detail: (port: number) => string } {
  return BIND_FAILURES[error] ?? BIND_FAILURES['Address already in use']!;
}

export function listenersBind(w: World): Check {
  const privileged = privilegedPortRefused(w);
  if (privileged !== null) return fail(`Port ${privileged} is below 1024 and ssh is not run as root: ssh before 7.8 refuses it before connecting.`);
  const blocked = blockedListener(w);
  if (blocked) return fail(bindFailure(blocked.error).detail(blocked.port));
  const ls = w.plan.listeners.filter((l) => l.channels.length > 0);
  if (ls.length === 0) return pass('No local listeners to set up.');
  const where = (l: (typeof ls)[number]) => {
    const port = w.client.forwards[l.forward]?.listenPort;
    return l.addresses.map((a) => (a.includes(':') ? `[${a}]` : a) + (port != null ? `:${port}` : '')).join(' and ');
  };
  const channels = (c: number[]) => (c.length === 1 ? `channel ${c[0]}` : `channels ${c.slice(0, -1).join(', ')} and ${c[c.length - 1]}`);
  return pass(`${ls.map((l) => `listening on ${where(l)} (${channels(l.channels)})`).join('; ')}.`);
}

// ---------------------------------------------------------------- servers

export function sshdStarts(s: ServerSide): Check {
  if (s.startupErrors.length > 0) {
    const e = s.startupErrors[0]!;
    return fail(`sshd would refuse to start: line ${e.line}: ${e.message}`);
  }
  const profile = serverProfile(s.block.software);
  if (profile?.opensshUnderneath) return pass(`${profile.name}, OpenSSH ${s.version.label}, is running: its sshd_config applies.`);
  if (profile) return pass(`${profile.name} answers on the SSH port (not OpenSSH or Dropbear).`);
  if (s.block.gatewayPolicy) return pass('A gateway product answers on the SSH port (not OpenSSH or Dropbear).');
  return pass(`${s.version.software === 'openssh' ? 'OpenSSH' : 'Dropbear'} ${s.version.label} is running.`);
}

/**
 * What a server that refuses its config logs at start-up (servconf.c): each unknown keyword as
 * error("%s: line %d: Bad configuration option: %s") and then fatal("%s: terminating, %d bad
 * configuration options"); a bad value or a keyword not allowed in Match is fatal at once.
 */
export function sshdStartupLog(s: ServerSide, path = '/etc/ssh/sshd_config'): string[] {
  // The errors are those of the text the server starts with (world.ts buildServer).
  const lines = (s.block.runningSshdConfig ?? s.block.sshdConfig ?? '').split(/\r?\n/);
  const token = (line: number, column: number, length: number) => (lines[line - 1] ?? '').slice(column - 1, column - 1 + length);
  const keywordOf = (line: number) => (lines[line - 1] ?? '').trim().split(/[\s=]+/)[0] ?? '';
  const INTEGER = /^(maxsessions|maxauthtries|x11displayoffset|clientalivecountmax|logingracetime)$/i;
  const out: string[] = [];
  let bad = 0;
  for (const e of [...s.startupErrors].sort((a, b) => a.line - b.line)) {
    const text = token(e.line, e.column, e.length);
    const keyword = keywordOf(e.line);
    if (e.code === 'sshd.unknown-keyword') {
      out.push(`${path}: line ${e.line}: Bad configuration option: ${text}`);
      bad++;
      continue;
    }
    if (e.code === 'sshd.not-allowed-in-match') {
      out.push(`${path} line ${e.line}: Directive '${text}' is not allowed within a Match block`);
    } else if (e.code === 'sshd.bad-value' && /^permittunnel$/i.test(keyword)) {
      out.push(`${path} line ${e.line}: bad ${keyword} argument ${text}`);
    } else if (e.code === 'sshd.bad-value' && INTEGER.test(keyword)) {
      // misc.c atoi_err(): strtonum()'s "invalid", "too small" or "too large"
      const why = /^\d+$/.test(text) ? 'too large' : 'invalid';
      out.push(`${path} line ${e.line}: ${keyword} integer value ${why}.`);
    } else if (e.code === 'sshd.bad-value') {
      out.push(`${path} line ${e.line}: unsupported option "${text}".`);
    } else {
      continue;
    }
    return out; // fatal(): sshd stops at the first such line
  }
  if (bad > 0) out.push(`${path}: terminating, ${bad} bad configuration options`);
  return out;
}

export function acceptsKey(s: ServerSide): Check {
  if (s.block.acceptsKey === false) return fail(`The server does not accept your key for ${s.user}.`);
  if (s.keyRejected) return fail('The authorized_keys line has an option sshd cannot parse, so sshd ignores that key.');
  return pass(`${s.user} logs in with a public key.`);
}

export function passwordChangeRequired(s: ServerSide): boolean {
  return s.block.passwordExpired === true && s.version.software === 'openssh';
}

/** auth-passwd.c: an expired password restricts the session (auth_restrict_session(): no forwarding). */
const PASSWORD_RESTRICTS = 'The password has expired: sshd allows no forwarding until it is changed.';

/** AllowTcpForwarding / DisableForwarding allow local (-L/-D/-W) forwarding. */
export function sshdAllowsLocalTcp(s: ServerSide): boolean {
  if (!s.sshd) return true;
  return !s.sshd.disableForwarding && (s.sshd.allowTcpForwarding === 'yes' || s.sshd.allowTcpForwarding === 'local');
}

/** AllowTcpForwarding / DisableForwarding allow remote (-R) forwarding. */
export function sshdAllowsRemoteTcp(s: ServerSide): boolean {
  if (!s.sshd) return true;
  return !s.sshd.disableForwarding && (s.sshd.allowTcpForwarding === 'yes' || s.sshd.allowTcpForwarding === 'remote');
}

/** The Match block that decided AllowTcpForwarding/DisableForwarding looks like an SFTP-only account. */
export function sftpOnlyDenial(s: ServerSide): boolean {
  if (!s.sshd || sshdAllowsLocalTcp(s)) return false;
  const key = s.sshd.disableForwarding ? 'disableForwarding' : 'allowTcpForwarding';
  const origin = s.sshd.origin[key];
  if (!origin || origin.match === null) return false;
  const force = s.sshd.forceCommand ?? '';
  return /internal-sftp|sftp-server/.test(force) || s.sshd.origin.chrootDirectory?.match === origin.match;
}

/**
 * A gateway product's own policy (the server is neither OpenSSH nor Dropbear): what the product's
 * profile says its policy sends (software/), or for an unnamed product gliderlabs/ssh's reason 1
 * and "port forwarding is disabled" (tcpip.go DirectTCPIPHandler, v0.3.8); some bastions send "".
 * A product that confirms the channel and closes it with an error on its stderr (Teleport) sends
 * no refusal at all: that is kept apart (kind `gateway-closed`).
 */
export function gatewayRefusal(s: ServerSide): Check | null {
  const lacks = softwareRefusal(s);
  if (lacks) return lacks;
  const gateway = s.block.gatewayPolicy;
  if (!gateway) return null;
  const profile = serverProfile(s.block.software);
  const who = profile ? `${profile.name}, not OpenSSH or Dropbear` : 'a gateway product, not OpenSSH or Dropbear';
  const where = allowedIn(profile);
  if (profile?.policy?.answer === 'closes' && gateway.description === undefined) {
    const stderr = profile.policy.stderr;
    const detail = `The server is ${who}: its own policy allows no port forwarding, so it opens the channel, writes "${stderr}" on the channel's stderr and closes it; sshd_config has no say.${where}`;
    return { ok: false, detail, refusal: { cause: 'ssh-gateway-policy', kind: 'gateway-closed', description: stderr } };
  }
  // a product whose refusal is not established is given what the scenario says, else no description
  const policy = profile ? (profile.policy?.answer === 'refuses' ? profile.policy : { code: 1, description: '' }) : gliderlabsSsh.policy;
  const description = gateway.description ?? policy.description;
  const numbered = gateway.description === undefined && 'numbered' in policy && policy.numbered === true;
  const said = description === '' ? 'an empty description' : `"${sentDescription(description, numbered)}"`;
  const detail = `The server is ${who}: its own policy refuses port forwarding (reason ${policy.code}, ${said}); sshd_config has no say.${where}`;
  const refusal: ChannelRefusal = { cause: 'ssh-gateway-policy', kind: 'gateway', description, code: policy.code, ...(numbered ? { numbered } : {}) };
  return { ok: false, detail, refusal };
}

/** Where a product's administrator allows forwarding, as a sentence for a step ("" when its profile names no setting). */
function allowedIn(profile: ServerProfile | null): string {
  return profile?.policy ? ` It is allowed in ${profile.policy.setting}.` : '';
}

/** A profile's description as a step shows it: a server that appends its channel number gets a placeholder for it. */
function sentDescription(description: string, numbered: boolean): string {
  return numbered ? `${description}<channel number>` : description;
}

/**
 * A server program with a profile (software/) that does not open direct-tcpip channels at all, or
 * whose product policy refuses them: its profile says what it answers.
 */
function softwareRefusal(s: ServerSide): Check | null {
  const profile = serverProfile(s.block.software);
  if (profile?.closesConnection) {
    const detail = `${profile.name} accepts the channel, finds nothing it serves at that host and port, and closes the whole SSH connection: it forwards only to what it serves itself, and no setting of sshd applies.`;
    return { ok: false, detail, refusal: { cause: 'server-lacks-forwarding', kind: 'connection-closed' } };
  }
  const answer = profile?.directTcpip;
  if (!profile || !answer) return null;
  const said = `reason ${answer.code}, "${sentDescription(answer.description, answer.numbered === true)}"`;
  const where = allowedIn(profile);
  const detail =
    answer.cause === 'server-lacks-forwarding'
      ? `${profile.name} opens no direct-tcpip channel at all (${said}): the server software has no forwarding for it; no setting of sshd applies.${where}`
      : `${profile.name}'s own policy refuses port forwarding (${said}); sshd_config has no say.${where}`;
  const refusal: ChannelRefusal = { cause: answer.cause, kind: 'gateway', description: answer.description, code: answer.code };
  return { ok: false, detail, refusal: answer.numbered ? { ...refusal, numbered: true } : refusal };
}

/** A server program whose profile refuses every -R in its default set-up (software/): why, or null. */
function softwareRemoteRefusal(s: ServerSide): string | null {
  const profile = serverProfile(s.block.software);
  if (profile?.remoteForward !== 'refused') return null;
  return `${profile.name} answers every -R request with SSH_MSG_REQUEST_FAILURE in its default set-up; no setting of sshd applies.`;
}

/** For a server whose build cannot use Unix-domain sockets (its profile's `unixSockets`), that build's errors. */
function unixSocketErrors(s: ServerSide): { name: string; connect: string; listen: string } | null {
  const profile = serverProfile(s.block.software);
  return profile?.unixSockets ? { name: profile.name, ...profile.unixSockets } : null;
}

/** Local (-L/-D/-W) forwarding policy: a gateway's own, or the running sshd's (see notReloaded). */
export function tcpPolicy(s: ServerSide): Check {
  const refused = gatewayRefusal(s);
  if (refused) return refused;
  const own = ownRules(s);
  if (own) return pass(`${own.name} lets this forward through: its own rules decide, and no sshd_config applies.`);
  return notReloaded(s, sshdTcpPolicy);
}

/** A server program with a profile and no sshd_config of its own (software/), or null for OpenSSH's sshd (Windows' too) and Dropbear. */
function ownRules(s: ServerSide): ServerProfile | null {
  const profile = serverProfile(s.block.software);
  return profile && !profile.opensshUnderneath ? profile : null;
}

/**
 * A refusal by the running sshd that the file on disk would not make: the file was fixed but the
 * listener never re-read it (sshd.c: only start-up and SIGHUP's sighup_restart() read sshd_config;
 * each connection gets the listener's parsed copy through send_rexec_state()), or the connection is
 * a ControlPersist master made before the change (a connection keeps its options for its whole
 * life). The refusal keeps its rule (what each side prints is the same) under config-not-reloaded.
 */
export function notReloaded(s: ServerSide, check: (s: ServerSide) => Check): Check {
  const running = check(s);
  if (running.ok || !running.refusal || !s.fileSshd) return running;
  if (!check({ ...s, sshd: s.fileSshd }).ok) return running;
  const why = s.block.openSessions !== undefined ? MASTER_KEEPS_OLD : LISTENER_KEEPS_OLD;
  return { ...running, detail: `${running.detail} ${why}`, refusal: { ...running.refusal, cause: 'config-not-reloaded' } };
}

const LISTENER_KEEPS_OLD =
  'The running sshd still has this old setting: sshd_config on disk (what sshd -T reads) now allows it, but sshd has not re-read the file. ' +
  'Reload it: `sudo sshd -t && sudo systemctl reload ssh` (or SIGHUP to the listener); connections and ControlPersist masters opened before keep their settings until they reconnect.';
const MASTER_KEEPS_OLD =
  'This ControlPersist master’s connection was made with the old setting and keeps it, even after sshd is reloaded: sshd_config on disk now allows it. ' +
  'Reload sshd if you have not (`sudo systemctl reload ssh`), then close the master with `ssh -O exit` so the next command connects afresh.';

/**
 * An OpenSSH user certificate grants only what its extensions name: sshauthopt_from_cert() starts
 * from no permissions and cert_option_list() turns on permit-port-forwarding only when that exact
 * extension is present (auth-options.c, V_9_2_P1); serverloop.c server_request_direct_tcpip() then
 * refuses with the same line as for no-port-forwarding.
 */
/** The login is an OpenSSH user certificate (Dropbear has no certificate support, so the field means nothing there). */
export function usesCertificate(s: ServerSide): boolean {
  return s.block.certificate !== undefined && s.version.software === 'openssh';
}

export function certificatePolicy(s: ServerSide): Check {
  const cert = s.block.certificate;
  if (!cert) return pass('The login uses a plain key, not a certificate.');
  if (cert.extensions.includes('permit-port-forwarding')) return pass('The login certificate grants permit-port-forwarding.');
  const granted = cert.extensions.length > 0 ? `grants only ${cert.extensions.join(', ')}` : 'grants no extensions';
  return refuse(
    `The login certificate ${granted}, without permit-port-forwarding: sshd allows it no forwarding. The CA must sign with permit-port-forwarding.`,
    'certificate-forwarding-not-permitted',
    'tcp-policy',
  );
}

/** Dropbear's -j, sshd_config, the key's options, an expired password. */
function sshdTcpPolicy(s: ServerSide): Check {
  if (s.version.software === 'dropbear') {
    const off = 'dropbear-forwarding-disabled';
    if (s.dropbear.noLocal) return refuse('Dropbear was started with -j: local port forwarding is disabled.', off, 'tcp-policy');
    if (!s.key.portForwarding) return refuse('The key’s authorized_keys options forbid port forwarding.', off, 'tcp-policy');
    return pass('Dropbear allows local port forwarding.');
  }
  const sshd = s.sshd!;
  const denied = sftpOnlyDenial(s) ? 'sftp-only-account' : 'tcp-forwarding-disabled';
  if (sshd.disableForwarding) return refuse(`DisableForwarding yes (${where(sshd.origin.disableForwarding)}).`, denied, 'tcp-policy');
  if (!sshdAllowsLocalTcp(s))
    return refuse(`AllowTcpForwarding ${sshd.allowTcpForwarding} (${where(sshd.origin.allowTcpForwarding)}) forbids -L, -D and -W.`, denied, 'tcp-policy');
  if (!s.key.portForwarding)
    return refuse(
      `The key’s options (${s.key.restrict ? 'restrict' : 'no-port-forwarding'}) forbid port forwarding.`,
      'key-forwarding-restricted',
      'tcp-policy',
    );
  if (passwordChangeRequired(s)) return refuse(PASSWORD_RESTRICTS, 'password-change-required', 'tcp-policy');
  return pass(`AllowTcpForwarding ${sshd.allowTcpForwarding} (${where(sshd.origin.allowTcpForwarding)}) and the key allow it.`);
}

/** channels.c open_match(): exact, case-sensitive host string; port equal or `*`. */
export function openMatch(list: PermitEntry[], host: string, port: number): boolean {
  return list.some((p) => (p.port === '*' || Number(p.port) === port) && (p.host === '*' || p.host === host));
}

export function adminPermitOpen(s: ServerSide, host: string, port: number): Check {
  const po = s.sshd?.permitOpen;
  if (!po || po.any) return pass('PermitOpen allows any destination.');
  const at = where(s.sshd!.origin.permitOpen);
  if (po.none) return refuse(`PermitOpen none (${at}) forbids every destination.`, 'permitopen-mismatch', 'permit-open');
  if (openMatch(po.list, host, port)) return pass(`PermitOpen lists ${host}:${port} (${at}).`);
  const listed = po.list.map((p) => p.text).join(' ');
  return refuse(`PermitOpen (${at}) lists ${listed}, not "${host}:${port}" (compared as exact text).`, 'permitopen-mismatch', 'permit-open');
}

export function keyPermitOpen(s: ServerSide, host: string, port: number): Check {
  const list = s.key.permitOpen;
  if (list.length === 0) return pass('The key has no permitopen restriction.');
  if (openMatch(list, host, port)) return pass(`The key’s permitopen lists ${host}:${port}.`);
  // Dropbear has no PermitOpen of its own: a key's permitopen refusal is its forwarding refusal.
  const cause = s.version.software === 'dropbear' ? 'dropbear-forwarding-disabled' : 'key-permitopen-mismatch';
  return refuse(`The key’s permitopen lists ${list.map((p) => p.text).join(', ')}, not "${host}:${port}".`, cause, 'key-permit-open');
}

/** Both PermitOpen checks in the order sshd makes them (sshd_config first, as the running sshd has it, then the key). */
export function permitOpen(s: ServerSide, host: string, port: number): Check {
  const own = ownRules(s);
  if (own) return pass(`${own.name} has no sshd_config, so no PermitOpen list limits the target.`);
  const admin = notReloaded(s, (x) => adminPermitOpen(x, host, port));
  return admin.ok ? keyPermitOpen(s, host, port) : admin;
}

/**
 * Unix-socket forwarding policy, for either direction (serverloop.c: the direct-streamlocal channel
 * open for -L, the streamlocal-forward request for -R): AllowStreamLocalForwarding must include the
 * direction, DisableForwarding off, the key allowing forwarding, no expired password (the last is
 * flagged, so a refusal can be told apart).
 */
export function streamlocalPolicy(s: ServerSide, direction: 'local' | 'remote' = 'local'): Check & { password?: true } {
  const sshd = s.sshd;
  const off = (detail: string) => refuse(detail, 'streamlocal-forwarding-disabled', 'streamlocal-policy');
  if (!sshd) return dropbearStreamlocalPolicy(s, direction);
  if (sshd.disableForwarding) return off(`DisableForwarding yes (${where(sshd.origin.disableForwarding)}).`);
  const asf = sshd.allowStreamLocalForwarding;
  if (asf === 'no' || asf === (direction === 'local' ? 'remote' : 'local'))
    return off(
      `AllowStreamLocalForwarding ${asf} (${where(sshd.origin.allowStreamLocalForwarding)}) forbids ${direction === 'local' ? '-L to a socket' : 'a socket -R'}.`,
    );
  if (!s.key.portForwarding) return off('The key’s options forbid port forwarding.');
  if (passwordChangeRequired(s)) return { ...off(PASSWORD_RESTRICTS), password: true };
  return pass(`AllowStreamLocalForwarding ${asf}.`);
}

/** Dropbear: no Unix-socket forwarding before the releases that added it; -j/-k and the key's options as for TCP. */
function dropbearStreamlocalPolicy(s: ServerSide, direction: 'local' | 'remote'): Check {
  const off = (detail: string) => refuse(detail, 'streamlocal-forwarding-disabled', 'streamlocal-policy');
  if (!dropbearForwardsUnixSockets(s.version, direction))
    return off(`Dropbear ${s.version.label} does not support ${direction === 'local' ? '-L to a Unix socket' : '-R from a Unix socket'}.`);
  const forced = s.dropbear.forcedCommand !== null ? 'dropbear -c' : s.key.command !== null ? 'the key’s command=' : null;
  if (forced && dropbearRefusesSocketsWhenForced(s.version))
    return off(`Dropbear ${s.version.label} forwards no Unix socket for a login with a forced command (${forced}); 2025.89 made that rule.`);
  if (direction === 'local' ? s.dropbear.noLocal : s.dropbear.noRemote) return off(`Dropbear was started with -${direction === 'local' ? 'j' : 'k'}.`);
  if (!s.key.portForwarding) return off('The key’s options forbid port forwarding.');
  return pass(`Dropbear ${s.version.label} forwards Unix sockets.`);
}

export function streamlocalPermitOpen(s: ServerSide): Check {
  const po = s.sshd?.permitOpen;
  if (!po || po.any) return pass('PermitOpen does not restrict socket paths.');
  return refuse(
    'PermitOpen lists host:port pairs only, so with a PermitOpen list every socket path is denied.',
    'streamlocal-forwarding-disabled',
    'streamlocal-permit-open',
  );
}

/** -L to a socket: the policy, then PermitOpen, in sshd's order. */
export function streamlocalOpen(s: ServerSide): Check {
  const policy = streamlocalPolicy(s);
  return policy.ok ? streamlocalPermitOpen(s) : policy;
}

export function socketExists(w: World, path: string): Check {
  const unix = unixSocketErrors(w.server);
  if (unix) {
    const detail = `${unix.name} has no Unix-domain sockets: it opens ${path} as a file or named pipe and does not find it (connect: ${unix.connect}). Forward to a TCP port on that machine instead.`;
    return { ok: false, detail, refusal: { cause: 'streamlocal-forwarding-disabled', kind: 'streamlocal-missing', connectError: unix.connect } };
  }
  const sockets = w.server.block.sockets ?? [];
  if (sockets.includes(path) && (w.server.block.deniedSockets ?? []).includes(path)) {
    const detail = `${path} exists, but ${w.server.user} may not open it: its owner, group and mode shut the login user out (connect: Permission denied).`;
    return { ok: false, detail, refusal: { cause: 'target-socket-permission', kind: 'streamlocal-missing', connectError: 'Permission denied' } };
  }
  if (sockets.includes(path)) return pass(`${path} exists and accepts connections.`);
  return refuse(`${path} does not exist on the server.`, 'streamlocal-forwarding-disabled', 'streamlocal-missing');
}

export function tunnelPolicy(s: ServerSide): Check {
  const pt = s.sshd?.permitTunnel ?? 'no';
  if (pt === 'no') return refuse(`PermitTunnel no (${where(s.sshd?.origin.permitTunnel)}).`, 'tunnel-device-refused', 'tun');
  const also = tunnelAlsoRefusedBy(s.version, { disableForwarding: s.sshd?.disableForwarding ?? false });
  if (also) return refuse(`${also} refuses tunnel forwarding in ${versionName(s.version)}, whatever PermitTunnel says.`, 'tunnel-device-refused', 'tun');
  return pass(`PermitTunnel ${pt}.`);
}

export function tunDevice(s: ServerSide): Check {
  if (s.block.tunDevice === false)
    return refuse('The server has no usable /dev/net/tun (a container without the device, or LXC).', 'tunnel-device-refused', 'tun');
  return pass('The server opens a tun device.');
}

/** MaxSessions against the sessions open on this connection, with the settings the connection started with. */
export function sessionAvailable(s: ServerSide): Check {
  return notReloaded(s, sessionLimit);
}

function sessionLimit(s: ServerSide): Check {
  const max = s.sshd?.maxSessions ?? 10;
  const open = s.block.openSessions ?? 0;
  if (open >= max) {
    const detail = `MaxSessions ${max} (${where(s.sshd?.origin.maxSessions)}) and ${open} session${open === 1 ? '' : 's'} already open on this connection.`;
    return refuse(detail, 'session-limit-multiplexing', 'session-limit');
  }
  return pass(`${open} of MaxSessions ${max} in use.`);
}

/** session.c session_x11_req(): X11Forwarding, the key's no-X11-forwarding, a restricted session. */
export function x11Policy(s: ServerSide): Check {
  if (s.version.software === 'dropbear') return fail('Dropbear builds ship without X11 forwarding (DROPBEAR_X11FWD is off by default).');
  const sshd = s.sshd!;
  if (!sshd.x11Forwarding) return fail(`X11Forwarding no (${where(sshd.origin.x11Forwarding)}). Only -X/-Y is refused; port forwards go on.`);
  if (sshd.disableForwarding && disableForwardingCoversX11(s.version))
    return fail(`DisableForwarding yes (${where(sshd.origin.disableForwarding)}) also refuses X11 in ${versionName(s.version)}.`);
  if (!s.key.x11Forwarding) return fail('The key’s options (restrict or no-X11-forwarding) forbid X11 forwarding.');
  if (passwordChangeRequired(s)) return fail('The password has expired: X11 forwarding is restricted until it is changed.');
  return pass('X11Forwarding yes.');
}

export function x11Refused(w: World): Outcome {
  return outcomeFor('failed', 'x11-forwarding-refused', null, [msg.x11Failed(w.plan.sessionChannel ?? 0)], []);
}

export function filesAvailable(s: ServerSide): Check {
  if (s.block.openFilesExhausted)
    return refuse('The sshd session process has no free file descriptor (EMFILE) for a new socket.', 'server-out-of-file-descriptors', 'emfile');
  const own = ownRules(s);
  return pass(`${own ? own.name : 'sshd'} has file descriptors to spare.`);
}

/** Which rule refused a -R request, so the outcome can print what that rule logs. */
export type RemoteRefusal = 'policy' | 'password' | 'permit-listen' | 'tcp-denied' | 'bind';

/** The forward spec fields a -R check needs. */
type RemoteSpec = { listenPort: number | null; listenPath: string | null; bindAddress: string | null };

/**
 * -R: what the server answers to each tcpip-forward (or streamlocal-forward) request, in sshd's
 * order: the forwarding policy (serverloop.c server_input_global_request), then the permission
 * check (channels.c check_rfwd_permission), then the bind itself (channels.c
 * channel_setup_fwd_listener_tcpip / _streamlocal; with privilege separation sshd leaves ports
 * below 1024 to the kernel, serverloop.c bind_permitted()). `bindError` is the strerror text sshd
 * logs for a socket path or a port it could not bind.
 */
export function remoteForwardCheck(w: World, fwd: RemoteSpec): Omit<Check, 'refusal'> & { rule?: RemoteRefusal; bindError?: string } {
  const refused = softwareRemoteRefusal(w.server);
  if (refused) return { ...fail(refused), rule: 'policy' };
  if (fwd.listenPath !== null) return remoteSocketCheck(w, fwd.listenPath);
  const listenPort = fwd.listenPort ?? 0;
  const s = w.server;
  const deny = (rule: RemoteRefusal, detail: string) => ({ ...fail(detail), rule });
  if (s.version.software === 'dropbear') {
    if (s.dropbear.noRemote) return deny('policy', 'Dropbear was started with -k: remote port forwarding is disabled.');
  } else {
    const sshd = s.sshd!;
    if (sshd.disableForwarding) return deny('policy', `DisableForwarding yes (${where(sshd.origin.disableForwarding)}).`);
    if (!sshdAllowsRemoteTcp(s)) return deny('policy', `AllowTcpForwarding ${sshd.allowTcpForwarding} (${where(sshd.origin.allowTcpForwarding)}) forbids -R.`);
  }
  if (!s.key.portForwarding) return deny('policy', 'The key’s options forbid port forwarding.');
  if (passwordChangeRequired(s)) return deny('password', PASSWORD_RESTRICTS);
  const listenDenied = permitListenRefusal(s, fwd, listenPort);
  if (listenDenied) return deny('permit-listen', listenDenied);
  if (listenPort !== 0 && listenPort < 1024 && s.user !== 'root')
    return { ...deny('bind', `Only root may listen on port ${listenPort} on the server: the kernel refuses the bind.`), bindError: 'Permission denied' };
  if ((s.block.portsInUse ?? []).includes(listenPort))
    return { ...deny('bind', `Port ${listenPort} is already in use on the server.`), bindError: 'Address already in use' };
  return pass(`The server listens on port ${listenPort}.`);
}

/**
 * The addresses sshd binds for a -R port, in the order it tries them: channels.c
 * channel_fwd_bind_addr() for the server side (is_client 0) turns the host ssh sent into a bind
 * address, and getaddrinfo() (glibc's order) gives the list. GatewayPorts no: always the loopback
 * (getaddrinfo(NULL) without AI_PASSIVE: ::1, then 127.0.0.1). GatewayPorts yes, or
 * clientspecified with "" or "*": the wildcard (AI_PASSIVE: 0.0.0.0, then ::). clientspecified
 * with an address: that address (a name: null, as the model does not resolve it here). The same
 * function in openssh-portable V_8_4_P1 and V_10_3_P1.
 */
export function remoteListenAddresses(s: ServerSide, fwd: { bindAddress: string | null }): string[] | null {
  const gp = s.sshd?.gatewayPorts ?? 'no';
  const host = remoteForwardListenHost(fwd);
  if (gp === 'yes' || (gp === 'clientspecified' && host === '')) return glibcBindOrder('wildcard');
  if (gp === 'no' || host === 'localhost') return glibcBindOrder('loopback');
  const literal = host.replace(/^\[(.*)\]$/, '$1');
  return /^[\d.]+$/.test(literal) || literal.includes(':') ? [literal] : null;
}

/**
 * sshd's log when no address of a -R port could be bound: channels.c
 * channel_setup_fwd_listener_tcpip() logs each failed bind() with verbose() ("bind [addr]:port:
 * strerror"), the last address with error(), then error() "channel_setup_fwd_listener_tcpip:
 * cannot listen to port: N" (openssh-portable V_8_4_P1 error("%s: …", __func__), V_9_2_P1 and
 * V_10_3_P1 error_f(): the same text). Recorded with 9.2p1 (Debian), 8.4p1, 10.0p1 and 10.3p1.
 */
function remoteBindFailedLog(addresses: readonly string[], port: number, err: string): string[] {
  const lines = addresses.map((a, i) => {
    const line = msg.bindFailed(a, port, err);
    return i === addresses.length - 1 ? msg.errorLine(line) : line;
  });
  return [...lines, msg.errorLine(msg.cannotListen(port))];
}

/** channels.c remote_open_match(): the port equal (or `*`), the requested host, lower-cased, matching the entry's pattern. */
function remoteOpenMatch(p: PermitEntry, host: string, port: number): boolean {
  return (p.port === '*' || p.portNumber === port) && matchPattern(asciiLower(host), p.host);
}

/**
 * The key's permitlisten for a -R port (no list allows all). OpenSSH (channels.c
 * check_rfwd_permission, 7.8+) matches the requested host too; Dropbear 2026.90+ (svr-tcpfwd.c,
 * svr-authpubkeyoptions.c svr_pubkey_allows_remote_tcpfwd) compares the port alone.
 */
export function keyPermitListen(s: ServerSide, fwd: { bindAddress: string | null }, port: number): Omit<Check, 'refusal'> {
  const list = s.key.permitListen;
  if (list.length === 0) return pass('The key has no permitlisten restriction.');
  const dropbear = s.version.software === 'dropbear';
  const host = remoteForwardListenHost(fwd);
  if (list.some((p) => (dropbear ? p.portNumber === port : remoteOpenMatch(p, host, port)))) return pass(`The key’s permitlisten allows port ${port}.`);
  const on = dropbear ? '' : ` on ${host === '' ? 'every address' : host}`;
  return fail(`The key’s permitlisten lists ${list.map((p) => p.text).join(', ')}, not port ${port}${on}.`);
}

/** Why the listen permissions refuse a -R port, or null: the key's list and PermitListen must both allow it (one log line for either). */
function permitListenRefusal(s: ServerSide, fwd: { bindAddress: string | null }, port: number): string | null {
  const key = keyPermitListen(s, fwd, port);
  if (!key.ok) return key.detail;
  const pl = s.sshd?.permitListen;
  const host = remoteForwardListenHost(fwd);
  if (!pl || pl.any) return null;
  const at = where(s.sshd!.origin.permitListen);
  if (pl.none) return `PermitListen none (${at}) forbids every -R port.`;
  if (pl.list.some((p) => remoteOpenMatch(p, host, port))) return null;
  const asked = `${host === '' ? '*' : host}:${port}`;
  return `PermitListen (${at}) lists ${pl.list.map((p) => p.text).join(' ')}, not ${asked} (the listen address ssh sends is compared too; it is localhost when you give none).`;
}

/**
 * -R from a Unix socket path (streamlocal-forward@openssh.com). Policy: AllowStreamLocalForwarding
 * must allow remote, the key must allow forwarding, DisableForwarding off (serverloop.c); from 7.8
 * AllowTcpForwarding must allow remote too (session.c do_authenticated() leaves the remote
 * permission set closed otherwise, and check_rfwd_permission() refuses; PermitListen, which lists
 * ports, lets any path through: remote_open_match()). Then sshd binds the path as the user
 * (misc.c unix_listener()): a file already there fails with EADDRINUSE unless StreamLocalBindUnlink
 * removes it first; a full disk (no free inode) fails with ENOSPC.
 */
function remoteSocketCheck(w: World, path: string): Omit<Check, 'refusal'> & { rule?: RemoteRefusal; bindError?: string } {
  const s = w.server;
  const deny = (rule: RemoteRefusal, detail: string, bindError?: string) => ({ ...fail(detail), rule, ...(bindError ? { bindError } : {}) });
  const policy = streamlocalPolicy(s, 'remote');
  if (!policy.ok) return deny(policy.password ? 'password' : 'policy', policy.detail);
  if (!s.sshd) return pass(`Dropbear listens on ${path}.`);
  const sshd = s.sshd;
  if (msg.atLeastVersion(s.version, 7, 8) && !(sshd.allowTcpForwarding === 'yes' || sshd.allowTcpForwarding === 'remote'))
    return deny(
      'tcp-denied',
      `AllowTcpForwarding ${sshd.allowTcpForwarding} (${where(sshd.origin.allowTcpForwarding)}) leaves no remote forwarding, not even of a socket.`,
    );
  const unix = unixSocketErrors(s);
  if (unix) return deny('bind', `${unix.name} cannot listen on a Unix-domain socket path such as ${path} (bind: ${unix.listen}).`, unix.listen);
  const exists = (s.block.sockets ?? []).includes(path);
  if (exists && !sshd.streamLocalBindUnlink)
    return deny('bind', `${path} already exists on the server (a socket left behind?), and StreamLocalBindUnlink is no.`, 'Address already in use');
  if (s.block.diskFull) return deny('bind', `The server’s disk is full: there is no free inode for the socket file ${path}.`, 'No space left on device');
  return pass(`The server listens on ${path}${exists ? ' (StreamLocalBindUnlink yes removed the old file first)' : ''}.`);
}

export function remoteForwardListenHost(fwd: { bindAddress: string | null }): string {
  // channels.c channel_rfwd_bind_host(): no bind address → "localhost"; "" or "*" → "".
  if (fwd.bindAddress === null) return 'localhost';
  if (fwd.bindAddress === '' || fwd.bindAddress === '*') return '';
  return fwd.bindAddress;
}

// ---------------------------------------------------------------- resolution and target

export function resolveTarget(s: ServerSide, host: string): Resolution {
  return resolveOnServer(host, {
    hostsText: s.hostsText,
    resolvConfText: s.block.resolvConf,
    dns: s.block.dns,
    family: s.sshd?.addressFamily ?? 'any',
  });
}

export type ResolutionCause =
  | 'user-in-forward-spec'
  | 'invalid-ip-literal'
  | 'localhost-not-resolvable'
  | 'server-dns-broken'
  | 'dns-rebinding-protection'
  | 'target-name-unresolvable'
  | 'target-listens-elsewhere';

/** The server's getaddrinfo() of a target name, as a step: the addresses, or the refusal it leads to. */
export function resolutionCheck(s: ServerSide, host: string): Check {
  const r = resolveTarget(s, host);
  if (r.ok) return pass(`${host} resolves to ${r.addresses.join(', ')} via ${r.via}.`);
  return {
    ok: false,
    detail: `getaddrinfo("${host}") fails on the server: ${r.error} (${r.via}).`,
    refusal: { cause: resolutionCause(host, r), kind: 'resolve', gaiError: r.error ?? undefined },
  };
}

export function resolutionCause(host: string, r: Resolution): ResolutionCause {
  if (host.includes('@')) return 'user-in-forward-spec';
  if (/^[0-9.]+$/.test(host) && host.split('.').length === 4 && parseIpv4Literal(host) === null) return 'invalid-ip-literal';
  if (r.failure === 'family') return 'target-listens-elsewhere';
  if (r.failure === 'dns-unreachable') return 'server-dns-broken';
  if (r.failure === 'rebinding-filtered') return 'dns-rebinding-protection';
  if (host.toLowerCase() === 'localhost') return 'localhost-not-resolvable';
  return 'target-name-unresolvable';
}

export const STRERROR: Record<Exclude<TargetState, 'listening'>, string> = {
  closed: 'Connection refused',
  filtered: 'Connection timed out',
  rejected: 'No route to host',
};

function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export interface ConnectResult extends Check {
  /** strerror() of the last address tried. */
  error: string | null;
  cause: 'target-service-down' | 'target-listens-elsewhere' | 'target-firewalled' | 'mandatory-access-control' | 'wrong-host-behind-name' | null;
}

/** Tries each resolved address in order, as channels.c connect_next()/channel_post_connecting() do. */
export function connectTarget(w: World, host: string, port: number, addresses: string[]): ConnectResult {
  const stateOf = (address: string): TargetState => {
    const t = w.targets.find((t) => t.port === port && (sameAddress(t.host, address) || sameAddress(t.host, host)));
    return t ? t.state : 'closed';
  };
  let last: Exclude<TargetState, 'listening'> = 'closed';
  let first: { address: string; port: number; error: string } | undefined;
  const tried: string[] = [];
  for (const a of addresses) {
    const st = stateOf(a);
    tried.push(`${a.includes(':') ? `[${a}]` : a}:${port} ${st === 'listening' ? 'accepted' : STRERROR[st].toLowerCase()}`);
    if (st === 'listening') return { ok: true, detail: `Connected: ${tried.join(', ')}.`, error: null, cause: null };
    last = st;
    first ??= { address: a, port, error: STRERROR[st] };
  }
  const error = STRERROR[last];
  const elsewhere = w.targets.find((t) => t.state === 'listening' && t.port === port && !addresses.some((a) => sameAddress(a, t.host)));
  const cause = last === 'closed' ? (elsewhere ? 'target-listens-elsewhere' : 'target-service-down') : 'target-firewalled';
  const note = elsewhere && last === 'closed' ? ` A service listens on ${elsewhere.host}:${port}, an address this name does not resolve to.` : '';
  const refusal: ChannelRefusal = { cause, kind: 'connect', connectError: error, ...(first ? { first } : {}) };
  return { ok: false, detail: `No address accepted: ${tried.join(', ')}.${note}`, error, cause, refusal };
}

/** The server's connection to the requested target, trying each address the name resolves to. */
export function targetConnect(w: World): ConnectResult {
  const { host, port } = requestedTarget(w, false);
  const denied = macDenial(w.server, host, port);
  if (denied) return denied;
  const here = w.server.block.hostname;
  const local = here === undefined ? w : { ...w, targets: w.targets.filter((t) => t.onNode === undefined || t.onNode === here) };
  const result = connectTarget(local, host, port, resolveTarget(w.server, host).addresses);
  return result.ok ? result : (elsewhereNode(w, result, port) ?? result);
}

/**
 * SELinux or AppArmor denies sshd's connect(2) itself: it fails at once with EACCES, so
 * connect_to_helper() logs "connect to … failed: Permission denied" and the client gets sshd's
 * default reply (channels.c, 10.3p1).
 */
function macDenial(s: ServerSide, host: string, port: number): ConnectResult | null {
  const mac = s.block.macDeniesConnect;
  if (!mac || s.version.software !== 'openssh') return null;
  const name = mac === 'selinux' ? 'SELinux' : 'AppArmor';
  const detail = `${name} denies sshd’s connect to ${host}:${port} (Permission denied), although sshd_config allows the forward: the policy, not sshd, refuses.`;
  const cause = 'mandatory-access-control' as const;
  return { ok: false, detail, error: 'Permission denied', cause, refusal: { cause, kind: 'connect-sync', connectError: 'Permission denied' } };
}

/** The service runs, but on another node than the one the login name landed on. */
function elsewhereNode(w: World, failed: ConnectResult, port: number): ConnectResult | null {
  const there = w.targets.find((t) => t.port === port && t.state === 'listening' && t.onNode !== undefined && t.onNode !== w.server.block.hostname);
  if (!there || failed.error !== 'Connection refused') return null;
  const detail = `${failed.detail} The service runs on ${there.onNode}, but this login landed on ${w.server.block.hostname ?? 'another machine'}: the name you log in to reaches more than one machine.`;
  const cause = 'wrong-host-behind-name' as const;
  return { ...failed, detail, cause, refusal: { ...failed.refusal!, cause } };
}

/**
 * The jump host's connection to the SSH server (-J): the server listens on its port unless a
 * target entry for that address and port says otherwise.
 */
export function jumpConnect(w: World): ConnectResult {
  const addresses = resolveTarget(w.jump!, w.serverHost).addresses;
  const explicit = w.targets.some((t) => t.port === w.serverPort && (t.host === w.serverHost || addresses.includes(t.host)));
  const world: World = explicit
    ? w
    : { ...w, targets: [...w.targets, ...addresses.map((a) => ({ host: a, port: w.serverPort, state: 'listening' as const }))] };
  return connectTarget(world, w.serverHost, w.serverPort, addresses);
}

// ---------------------------------------------------------------- outcomes

/** What the channel-open ends with: the cause, the lines each side prints. */
export interface Outcome {
  outcome: 'open' | 'rejected' | 'failed';
  cause: CauseId | null;
  fixOn: FixOn | null;
  reasonCode: msg.ReasonCode | null;
  clientLines: string[];
  serverLog: string[];
  /** What the server answered on the wire, for clients other than OpenSSH's ssh to print (software/ profiles). */
  protocol?: ProtocolResult;
  /**
   * The server program's own profile or product policy decided (software/): not sshd's rules, not
   * the target. Behind a gateway, only such a refusal is the gateway's; any other was passed on.
   */
  byProduct?: true;
}

/** A client whose jump host has no sshd listening sees the proxied connection closed before any banner. */
const JUMP_KEX_CLOSED = 'kex_exchange_identification: Connection closed by remote host';

/** What the client prints after the jump host closed the proxied connection, per client release. */
const jumpClosed = (w: World) => msg.jumpLegClosedLines(clientVersionOf(w.scenario.client));

/** The client lines that follow a failed channel of this request kind. */
function afterFailure(w: World, viaJump: boolean): string[] {
  if (viaJump) return [msg.STDIO_FORWARDING_FAILED, ...jumpClosed(w)];
  const r = w.request;
  if (r.kind === 'direct-tcpip' && r.via === 'stdio') return [msg.STDIO_FORWARDING_FAILED];
  if (r.kind === 'tun') return [msg.TUNNEL_FORWARDING_FAILED];
  if (r.kind === 'session') {
    // After the refusal ssh connects on its own; with ControlMaster auto it then tries to become
    // the master and finds the socket taken (ssh.c control_persist / mux.c muxserver_listen).
    const lines = [msg.MUX_SESSION_REFUSED];
    const cm = w.client.controlMaster;
    if ((cm === 'auto' || cm === 'autoask') && w.client.controlPath) lines.push(msg.controlSocketExists(expandControlPath(w)));
    return lines;
  }
  return [];
}

/** ControlPath tokens ssh expands (readconf.c/ssh.c percent_expand): %r %h %p %n %%; others kept. */
export function expandControlPath(w: World): string {
  const path = w.client.controlPath ?? '';
  const map: Record<string, string> = { r: w.server.user, h: w.serverHost, p: String(w.serverPort), n: w.command.host ?? w.serverHost, '%': '%' };
  return path.replace(/%(.)/g, (all, ch: string) => map[ch] ?? all);
}

function requestChannel(w: World, viaJump: boolean): number {
  if (viaJump) return 0;
  const r = w.request;
  return 'channel' in r ? r.channel : 0;
}

/** The target the server was asked for: the request's, or for a jump host the SSH server itself. */
export function requestedTarget(w: World, viaJump: boolean): { host: string; port: number; originator: string; originatorPort: number } {
  if (viaJump) return { host: w.serverHost, port: w.serverPort, originator: '127.0.0.1', originatorPort: EPHEMERAL.stdioOriginatorPort };
  const r = w.request;
  if (r.kind === 'direct-tcpip') return { host: r.host, port: r.port, originator: r.originator, originatorPort: r.originatorPort };
  return { host: '', port: 0, originator: '127.0.0.1', originatorPort: EPHEMERAL.originatorPort };
}

export type FailureKind =
  | 'tcp-policy'
  | 'permit-open'
  | 'key-permit-open'
  | 'resolve'
  | 'connect'
  | 'emfile'
  | 'session-limit'
  | 'tun'
  | 'streamlocal-policy'
  | 'streamlocal-permit-open'
  | 'streamlocal-missing'
  /** connect(2) failed at once (not asynchronously): connect_to_helper() logs it, the reply is sshd's default. */
  | 'connect-sync'
  /** The client refused a channel the server opened (a forwarded -R it never requested). */
  | 'client-refused'
  | 'gateway'
  /** A gateway confirmed the channel, wrote an error on its stderr and closed it (no open failure). */
  | 'gateway-closed'
  /** The server accepted the channel and closed the whole connection (its profile's `closesConnection`). */
  | 'connection-closed';

const POLICY_KINDS: readonly FailureKind[] = ['tcp-policy', 'permit-open', 'key-permit-open'];

/** An outcome for a catalog cause: the machine to fix on is the catalog's. */
function outcomeFor(outcome: 'rejected' | 'failed', cause: CauseId, reasonCode: msg.ReasonCode | null, clientLines: string[], serverLog: string[]): Outcome {
  return { outcome, cause, fixOn: fixOnOf(cause), reasonCode, clientLines, serverLog };
}

/**
 * The cause of a policy refusal by a server that acts as a bastion: the jump host of -J/ProxyJump
 * always, and an OpenSSH server asked for -W (stdio forwarding). Either way the refusal is
 * jump-host-forwarding-disabled, whatever rule of that server refused.
 */
export function bastionCause(w: World, s: ServerSide, refusal: ChannelRefusal): CauseId {
  if (!POLICY_KINDS.includes(refusal.kind)) return refusal.cause;
  if (s.role === 'jump-host') return 'jump-host-forwarding-disabled';
  const stdio = w.request.kind === 'direct-tcpip' && w.request.via === 'stdio';
  return stdio && s.version.software === 'openssh' ? 'jump-host-forwarding-disabled' : refusal.cause;
}

/**
 * Dropbear's reply to a refused channel: reason 2 with the error for a failed lookup or connect;
 * a refused direct-tcpip channel carries reason 1 and an empty description (svr-tcpip.c).
 */
function dropbearReply(s: ServerSide, refusal: ChannelRefusal, host: string, port: number): { code: msg.ReasonCode; description: string } {
  const v = s.version;
  if (refusal.kind === 'resolve')
    return {
      code: 2,
      description: msg.dropbearConnectFailedDescription(v, msg.dropbearResolveError(host, port, refusal.gaiError ?? 'Name or service not known')),
    };
  if (refusal.kind === 'connect') return { code: 2, description: msg.dropbearConnectFailedDescription(v, refusal.connectError ?? 'Connection refused') };
  return { code: msg.dropbearRefusalCode(v, refusal.kind === 'streamlocal-policy'), description: '' };
}

/** OpenSSH's reply to a refused channel, per version. */
function openSshReply(s: ServerSide, refusal: ChannelRefusal): { code: msg.ReasonCode; description: string } {
  // channel_post_connecting(): asynchronous failure, "connect failed: <strerror>" on every version.
  if (refusal.kind === 'connect') return { code: 2, description: refusal.connectError ?? 'Connection refused' };
  const policy = POLICY_KINDS.includes(refusal.kind) ? 'policy' : 'other';
  return msg.openSshSyncFailure(s.version, policy, refusal.kind === 'resolve' ? (refusal.gaiError ?? null) : null);
}

/** What sshd logs for a refused channel (nothing for some rules). */
function openSshRefusalLog(w: World, s: ServerSide, refusal: ChannelRefusal): string[] {
  const t = requestedTarget(w, s.role === 'jump-host');
  const r = w.request;
  const socket = r.kind === 'direct-streamlocal' ? r : null;
  switch (refusal.kind) {
    case 'tcp-policy':
      return [msg.refusedLocalForward(t.originator, t.originatorPort, t.host, t.port)];
    case 'permit-open':
    case 'key-permit-open':
      return [msg.permitOpenDenied(s.version, w.clientAddress, EPHEMERAL.sshClientPort, t.host, t.port)];
    case 'resolve':
      return [msg.unknownHost(t.host, refusal.gaiError ?? 'Name or service not known')];
    case 'connect':
      return [msg.connectFailed(t.host, t.port)];
    case 'session-limit':
      return [msg.noMoreSessions()];
    case 'streamlocal-policy':
      return socket ? [msg.refusedStreamlocalForward(socket.originator, socket.originatorPort, socket.path)] : [];
    case 'streamlocal-permit-open':
      return socket ? [msg.permitOpenPathDenied(socket.path)] : [];
    case 'streamlocal-missing':
      return socket ? [msg.connectToFailedSync(socket.path, -2, refusal.connectError ?? 'No such file or directory')] : [];
    case 'connect-sync':
      return [msg.connectToFailedSync(t.host, t.port, refusal.connectError ?? 'Permission denied')];
    case 'emfile':
      // sshd calls error("socket: …") and error("connect to … failed: Too many open files"), but
      // neither reaches syslog: log.c do_log() opens a new syslog socket for every message
      // (openlog/syslog/closelog, V_7_4_P1 and V_9_2_P1) and glibc's syslog(3) drops the message
      // when socket() fails with EMFILE too. Only `sshd -e`/`-d` (stderr) shows those lines.
      return [];
    case 'tun':
    case 'gateway':
    case 'gateway-closed':
    case 'connection-closed':
    case 'client-refused':
      return [];
  }
}

/**
 * The server's own number for the refused channel, for a description that ends with it (Apache MINA
 * SSHD's): its channels count from 0 on each connection, so the session ssh opened first, and any
 * session already open on the connection, come before it; a jump host's -W channel is its first.
 */
function serverChannelNumber(w: World, s: ServerSide): number {
  if (s.role === 'jump-host') return 0;
  return (w.plan.sessionChannel !== null ? 1 : 0) + (s.block.openSessions ?? 0);
}

/** Builds the lines for a channel the server refused, per software and version. */
export function channelFailure(w: World, s: ServerSide, refusal: ChannelRefusal): Outcome {
  if (refusal.kind === 'gateway-closed') return gatewayClosed(w, s, refusal);
  if (refusal.kind === 'connection-closed') return connectionClosed(w, s, refusal);
  const failure = productTargetFailure(s, refusal);
  if (failure?.answer === 'closes') {
    // what it writes on the channel is dropped by ssh; for a failed lookup it is the resolver's error, not established in Go's words
    const stderr = refusal.kind === 'connect' ? goDialText(w, s, refusal) : (refusal.gaiError ?? '');
    return gatewayClosed(w, s, { ...refusal, description: stderr });
  }
  const viaJump = s.role === 'jump-host';
  const t = requestedTarget(w, viaJump);
  const dropbear = s.version.software === 'dropbear';
  const byProduct = refusal.kind === 'gateway';
  const { code, description } = sentAnswer(w, s, refusal, failure);
  const clientLines = [msg.channelOpenFailedLine(requestChannel(w, viaJump), code, description), ...afterFailure(w, viaJump)];
  // an OpenSSH sshd logs it: the server's, or the one a gateway hands the channel to; other programs' logs are not modelled
  const sshd = ['sshd', 'sshd-behind'].includes(whoseLog(s.block.software).by);
  const serverLog = dropbear || byProduct || !sshd ? [] : openSshRefusalLog(w, s, refusal);
  const protocol: ProtocolResult = {
    kind: 'channel-refused',
    channel: requestChannel(w, viaJump),
    code,
    description,
    target: { host: t.host, port: t.port },
    originator: { address: t.originator, port: t.originatorPort },
    via: viaJump || (w.request.kind === 'direct-tcpip' && w.request.via === 'stdio') ? 'stdio' : 'local-forward',
  };
  return { ...outcomeFor('rejected', bastionCause(w, s, refusal), code, clientLines, serverLog), protocol, ...(byProduct ? { byProduct } : {}) };
}

/**
 * What the client receives for a refused channel: the product's own answer (its profile or policy),
 * a gateway's fixed answer in place of the one from behind it, a program's words for its failed dial
 * to the target, or else the sshd's (OpenSSH's or Dropbear's).
 */
function sentAnswer(w: World, s: ServerSide, refusal: ChannelRefusal, failure: TargetFailure | undefined): { code: msg.ReasonCode; description: string } {
  if (refusal.kind === 'gateway') {
    const numbered = refusal.numbered ? serverChannelNumber(w, s) : '';
    return { code: (refusal.code ?? 1) as msg.ReasonCode, description: `${refusal.description ?? ''}${numbered}` };
  }
  const t = requestedTarget(w, s.role === 'jump-host');
  const sshd = s.version.software === 'dropbear' ? dropbearReply(s, refusal, t.host, t.port) : openSshReply(s, refusal);
  return relayedAnswer(s) ?? (failure ? targetFailureAnswer(failure, goDialText(w, s, refusal), sshd) : sshd);
}

/** Go's dial error for a failed connect to the target: the first address it tried, and that address's error. */
function goDialText(w: World, s: ServerSide, refusal: ChannelRefusal): string {
  const t = requestedTarget(w, s.role === 'jump-host');
  const first = refusal.first ?? { address: t.host, port: t.port, error: refusal.connectError ?? 'Connection refused' };
  return goDialError(first.address, first.port, first.error);
}

/**
 * The server program's profile `targetFailure` for this refusal: a failed connect to the target; a
 * failed lookup too for `go-relay` (the sshd behind it answered, and any answer of its is wrapped) and
 * for `closes` (the channel was confirmed before the lookup, so ssh sees only the close).
 */
function productTargetFailure(s: ServerSide, refusal: ChannelRefusal): TargetFailure | undefined {
  const failure = serverProfile(s.block.software)?.targetFailure;
  if (refusal.kind === 'connect') return failure;
  return refusal.kind === 'resolve' && (failure?.answer === 'go-relay' || failure?.answer === 'closes') ? failure : undefined;
}

/**
 * A program's own words for its failed connection to the target (its profile's `targetFailure`),
 * reason 2; `sshd`: what the OpenSSH server behind it answered, for `go-relay`.
 */
function targetFailureAnswer(
  failure: TargetFailure,
  error: string,
  sshd: { code: msg.ReasonCode; description: string },
): { code: msg.ReasonCode; description: string } {
  if (failure.answer === 'go-relay') return { code: 2, description: goRejected(sshd.code, sshd.description) };
  return { code: 2, description: failure.answer === 'go-dial' && failure.wrap ? failure.wrap.replace('{error}', error) : error };
}

/**
 * What a gateway that passes the channel on sends the client in place of the refusal from behind it
 * (its profile's `relays`: Warpgate's fixed reason 2 "Connect failed"), or null when the answer from
 * behind reaches the client as that server sent it.
 */
function relayedAnswer(s: ServerSide): { code: msg.ReasonCode; description: string } | null {
  const relays = serverProfile(s.block.software)?.relays;
  return relays ? { code: relays.code as msg.ReasonCode, description: relays.description } : null;
}

/**
 * A gateway that confirmed the channel and closed it with an error on its stderr (its policy's
 * refusal, or for a profile whose `targetFailure` closes, its failed dial to the target): ssh drops that
 * data ("channel N: bad ext data") and closes the forwarded connection; no reason code, no "open
 * failed", and after -W no "stdio forwarding failed" (seen with ssh 9.2p1 against a throwaway
 * server, messages.ts BAD_EXT_DATA). Through a jump host the proxied connection then closes before
 * the server's banner: the lines of a jump leg closed early (inferred, not observed).
 */
function gatewayClosed(w: World, s: ServerSide, refusal: ChannelRefusal): Outcome {
  const viaJump = s.role === 'jump-host';
  const channel = requestChannel(w, viaJump);
  const clientLines = [msg.badExtData(channel), ...(viaJump ? jumpClosed(w) : [])];
  const protocol: ProtocolResult = {
    kind: 'channel-closed',
    channel,
    stderr: refusal.description ?? '',
    via: viaJump || (w.request.kind === 'direct-tcpip' && w.request.via === 'stdio') ? 'stdio' : 'local-forward',
  };
  const outcome = { ...outcomeFor('rejected', refusal.cause, null, clientLines, []), protocol };
  // its policy's answer is the product's own; a failed dial to the target is not
  return refusal.kind === 'gateway-closed' ? { ...outcome, byProduct: true } : outcome;
}

/**
 * A server that accepted the channel and closed the whole connection (sish): ssh's last line, no
 * reason code. As the jump host, ProxyJump's ssh -W prints it for the jump host, and the outer ssh
 * then sees its proxied connection end before a banner (inferred, as for gatewayClosed()).
 */
function connectionClosed(w: World, s: ServerSide, refusal: ChannelRefusal): Outcome {
  const viaJump = s.role === 'jump-host';
  const host = viaJump ? jumpHostName(w) : w.serverHost;
  const lines = [msg.closedByRemoteHost(host), ...(viaJump ? jumpClosed(w) : [])];
  return { ...outcomeFor('rejected', refusal.cause, null, lines, []), protocol: { kind: 'connection-closed', host }, byProduct: true };
}

/** A local listener could not be set up: what ssh prints, and whose fault it is. */
export function listenerFailed(w: World): Outcome {
  const privileged = privilegedPortRefused(w);
  if (privileged !== null) return outcomeFor('failed', 'client-port-not-permitted', null, [msg.PRIVILEGED_PORTS_ROOT_ONLY], []);
  const blocked = blockedListener(w)!;
  // channels.c channel_setup_fwd_listener_tcpip(): a failed bind is error() only for the last
  // address getaddrinfo() returned (verbose() for the others).
  const lines = [msg.bindFailed(blocked.addresses.at(-1)!, blocked.port, blocked.error)];
  lines.push(msg.cannotListen(blocked.port));
  lines.push(msg.COULD_NOT_REQUEST_LOCAL);
  return outcomeFor('failed', bindFailure(blocked.error).cause, null, lines, []);
}

/**
 * The bind errors ssh prints for a listener that still bound another address: only the last
 * address's failure is error() (shown); the forward works on the address that bound.
 */
export function listenerWarnings(w: World): string[] {
  return w.plan.listeners.flatMap((l) => {
    const last = l.errors.at(-1);
    const port = w.client.forwards[l.forward]?.listenPort;
    if (l.channels.length === 0 || !last || port == null) return [];
    return [msg.bindFailed(l.addresses.at(-1)!, port, last)];
  });
}

export function remoteForwardRefused(w: World): Outcome {
  const r = w.request;
  const fwd = r.kind === 'remote' ? r.forward : { listenPort: 0, listenPath: null, bindAddress: null };
  const s = w.server;
  const check = remoteForwardCheck(w, fwd);
  const serverLog: string[] = [];
  if (s.sshd && check.rule === 'permit-listen' && msg.logsRemoteForwardDenial(s.version)) {
    const host = remoteForwardListenHost(fwd);
    serverLog.push(msg.remoteForwardDenied(s.version, w.clientAddress, EPHEMERAL.sshClientPort, host === '' ? null : host, fwd.listenPort ?? 0));
  }
  if (s.sshd && check.rule === 'tcp-denied' && fwd.listenPath !== null && msg.atLeastVersion(s.version, 8, 1))
    serverLog.push(msg.remoteForwardPathDenied(w.clientAddress, EPHEMERAL.sshClientPort, fwd.listenPath));
  if (check.bindError && fwd.listenPath !== null) serverLog.push(msg.unixListenerBindFailed(s.version, fwd.listenPath, check.bindError));
  // A port below 1024 reached bind() only from 7.8 (serverloop.c bind_permitted(), OpenBSD's
  // "Remove uid checks from low port binds"); before, sshd refused it without a log line.
  const bound = check.bindError !== 'Permission denied' || msg.atLeastVersion(s.version, 7, 8);
  if (s.sshd && check.bindError && fwd.listenPath === null && bound) {
    const addresses = remoteListenAddresses(s, fwd);
    if (addresses) serverLog.push(...remoteBindFailedLog(addresses, fwd.listenPort ?? 0, check.bindError));
  }
  const listen = fwd.listenPath !== null ? { path: fwd.listenPath } : { port: fwd.listenPort ?? 0 };
  const cause =
    check.bindError === 'No space left on device' ? 'server-disk-full' : check.rule === 'password' ? 'password-change-required' : 'remote-forward-refused';
  const unanswered = fwd.listenPath === null && !msg.dropbearAnswersRefusedRemoteTcp(s.version);
  const protocol: ProtocolResult = {
    kind: 'remote-forward-refused',
    listen: { host: remoteForwardListenHost(fwd) || '127.0.0.1', port: fwd.listenPort ?? 0 },
    connect: r.kind === 'remote' ? { host: r.forward.connectHost ?? '', port: r.forward.connectPort ?? 0 } : { host: '', port: 0 },
  };
  const lines = unanswered ? [] : [msg.remoteForwardFailed(listen, w.client.exitOnForwardFailure)];
  return { ...outcomeFor('failed', cause, null, lines, serverLog), protocol, ...(softwareRemoteRefusal(s) ? { byProduct: true as const } : {}) };
}

/** The jump host as -J or ProxyJump names it, without the user. */
function jumpHostName(w: World): string {
  return (w.client.proxyJump ?? w.command.jump ?? '').replace(/^.*@/, '');
}

export function authFailed(w: World, s: ServerSide): Outcome {
  const host = s.role === 'jump-host' ? jumpHostName(w) : w.serverHost;
  const methods = msg.refusedLoginMethods(s.version);
  const lines = [msg.permissionDenied(s.user, host, methods)];
  if (s.role === 'jump-host') lines.push(...jumpClosed(w));
  return { ...outcomeFor('failed', 'auth-failed', null, lines, []), protocol: { kind: 'auth-failed', user: s.user, host, serverMethods: methods } };
}

/**
 * For an accepted -R, the listen port and address a relay names in its forwarded-tcpip channel when
 * they are not what ssh asked for (its `rewritesRemoteForward`), or null.
 */
export function rewrittenRemoteForward(w: World): { port: number; address: string } | null {
  const rewrite = w.server.block.rewritesRemoteForward;
  const r = w.request;
  if (!rewrite || r.kind !== 'remote' || r.forward.listenPath !== null) return null;
  const asked = { port: r.forward.listenPort ?? 0, address: remoteForwardListenHost(r.forward) };
  const sent = { port: rewrite.port ?? asked.port, address: rewrite.address ?? asked.address };
  return sent.port === asked.port && sent.address === asked.address ? null : sent;
}

/** Whether ssh knows the forwarded-tcpip channel the server opens for a -R (a relay may rewrite it). */
export function forwardedChannelKnown(w: World): Check {
  const sent = rewrittenRemoteForward(w);
  if (!sent) return pass('The server’s forwarded connection names the listen address and port ssh asked for.');
  const detail = `The server opened the -R connection for ${sent.address || '*'}:${sent.port}, which ssh never asked for (a relay or gateway rewrote the bind): ssh refuses the channel.`;
  return { ok: false, detail, refusal: { cause: 'forwarded-channel-mismatch', kind: 'client-refused' } };
}

/**
 * ssh gets a forwarded-tcpip channel for a listen port and address it never asked for:
 * channels.c channel_connect_by_listen_address() logs error("WARNING: Server requests forwarding
 * for unknown listen_port %d") — the port the server named, even when only the address differs —
 * and clientloop.c answers reason 1 "open failed" (10.3p1, 8.4p1).
 */
export function forwardedChannelMismatch(w: World): Outcome {
  const sent = rewrittenRemoteForward(w)!;
  return outcomeFor('rejected', 'forwarded-channel-mismatch', 1, [msg.unknownForwardedListenPort(sent.port)], []);
}

export function opened(): Outcome {
  return { outcome: 'open', cause: null, fixOn: null, reasonCode: null, clientLines: [], serverLog: [] };
}

/**
 * Windows' ssh 7.6 or 7.7 with -J/ProxyJump (software/openssh-windows.ts): what it prints before any server
 * is asked, or null for another client or release (the client's version from the scenario, as for the
 * privileged-port rule).
 */
export function windowsJumpFailure(w: World): string[] | null {
  if (w.scenario.client.software !== opensshWindows.id || !w.jump) return null;
  return windowsProxyJumpFailure(clientVersionOf(w.scenario.client), w.serverHost, w.serverPort);
}

/** The name of the scenario's client when it is a library that cannot ask for the forward the command asks for, else null. */
function tunnelLessClient(w: World): string | null {
  const profile = clientProfile(w.scenario.client.software ?? 'openssh');
  const asks = w.client.forwards.length > 0 || w.command.stdioForward !== null || w.command.tunnel !== null || w.jump !== null;
  return profile.tunnels === false && asks ? profile.name : null;
}

/** ssh refuses the command line itself: nothing is sent, the fix is on the client (a library without tunnels prints nothing). */
export function commandRefused(w: World): Outcome {
  const lines = tunnelLessClient(w) ? [] : (windowsJumpFailure(w) ?? [commandUsable(w).detail]);
  return { outcome: 'failed', cause: null, fixOn: 'client', reasonCode: null, clientLines: lines, serverLog: [] };
}

/**
 * A server whose sshd does not start: no connection at all, so no catalog cause; the fix is on that
 * server. ssh reaching the SSH server sees the port closed (and the server's log says why sshd
 * stopped); through a jump host, the bastion closes the proxied connection.
 */
export function sshdNotRunning(w: World, s: ServerSide): Outcome {
  if (s.role === 'jump-host') return { outcome: 'failed', cause: null, fixOn: 'jump-host', reasonCode: null, clientLines: [JUMP_KEX_CLOSED], serverLog: [] };
  const line = `ssh: connect to host ${w.serverHost} port ${w.serverPort}: Connection refused`;
  return { outcome: 'failed', cause: null, fixOn: 'ssh-server', reasonCode: null, clientLines: [line], serverLog: sshdStartupLog(s) };
}
