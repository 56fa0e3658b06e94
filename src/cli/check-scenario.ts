/**
 * What `tunnel-doctor check` observed on the server, mapped into a Scenario for the model. Pure:
 * the facts come in as values (check.ts gathers them); every SSH rule stays in the model.
 */
import { parseAuthorizedKeysOptions } from '../model/parse/authorized-keys.ts';
import { parseSshCommand } from '../model/parse/command.ts';
import { parseSshdConfig } from '../model/parse/sshd-config.ts';
import type { DnsSettings, Scenario, TargetService, TargetState } from '../model/scenario.ts';
import { parseServerVersion } from '../model/version.ts';

/** How the server's own resolver answered for a name (node:dns lookup, i.e. getaddrinfo). */
export type Resolved = { addresses: string[] } | { error: 'not-found' | 'no-address' | 'unreachable' };

/**
 * A name the resolver knows but answers with no address (EAI_NODATA). The scenario format says
 * this only as an answer the resolver filtered out: a private address behind rebinding protection.
 */
const FILTERED_ANSWER = '10.255.255.254';

export interface TargetFacts {
  host: string;
  port: number;
  resolved: Resolved;
  /** The TCP probe of each address the name resolved to. */
  probes: { address: string; state: TargetState }[];
}

export interface CheckFacts {
  /** The ssh command whose forward is checked, as the user types it. */
  command: string;
  user: string;
  /** The client's address as the server sees it (the addr= of sshd -T -C). */
  clientAddress: string;
  /** `sshd -T` output. */
  sshdT: string;
  /** The server's version, e.g. "9.2" (from `sshd -V`), or null when unknown. */
  version: string | null;
  /** The authorized_keys line of the key that logs in, or null when none was found. */
  keyLine: string | null;
  /** The server's /etc/hosts. */
  hosts: string;
  targets: TargetFacts[];
  /** For -D: the destination the SOCKS client asks for. */
  connect?: { host: string; port: number };
  /** Unix socket paths of the forwards that exist on the server (serverSidePaths). */
  sockets?: string[];
}

/** Why a text is not `sshd -T` output (a line that is not `keyword value` in lower case), or null. */
export function sshdTProblem(text: string): string | null {
  const lines = text.split('\n');
  let keywords = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (!line.trim()) continue;
    if (!/^[a-z][a-z0-9]*( |$)/.test(line)) return `line ${i + 1} is not sshd -T output ("${line.slice(0, 60)}")`;
    keywords++;
  }
  return keywords ? null : 'it is empty (sshd -T prints one "keyword value" line per setting)';
}

/**
 * The sshd -T text as the model reads it: lines the model's parser does not know for this version
 * (distribution patches such as Debian's gssapikeyexchange) become comments, so every other line
 * keeps its number.
 */
export function modelledSshdT(text: string, version: string | null): { text: string; dropped: string[] } {
  const v = parseServerVersion('openssh', version ?? undefined).value;
  const bad = new Set(
    parseSshdConfig(text, v)
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => d.line),
  );
  const dropped: string[] = [];
  const lines = text.split('\n').map((line, i) => {
    if (!bad.has(i + 1)) return line;
    dropped.push(line.split(' ')[0] ?? line);
    return `# ${line}`;
  });
  return { text: lines.join('\n'), dropped };
}

/** The targets a command's forwards connect to from the server (-L host:port, -W), in order. */
export function serverSideTargets(command: string): { host: string; port: number }[] {
  const cmd = parseSshCommand(command).value;
  const out: { host: string; port: number }[] = [];
  for (const f of cmd.forwards)
    if (f.kind === 'local' && f.connectHost !== null && f.connectPort !== null) out.push({ host: f.connectHost, port: f.connectPort });
  if (cmd.stdioForward) out.push(cmd.stdioForward);
  return out;
}

/** The Unix socket paths a command's forwards use on the server: -L …:/path targets and -R /path:… listeners. */
export function serverSidePaths(command: string): string[] {
  const cmd = parseSshCommand(command).value;
  const out: string[] = [];
  for (const f of cmd.forwards) {
    if (f.kind === 'local' && f.connectPath) out.push(f.connectPath);
    if (f.kind === 'remote' && f.listenPath) out.push(f.listenPath);
  }
  return out;
}

function dnsFrom(targets: TargetFacts[], notes: string[]): DnsSettings | undefined {
  const records: Record<string, string[]> = {};
  let unreachable = false;
  let filtered = false;
  for (const t of targets) {
    if ('addresses' in t.resolved) records[t.host] = t.resolved.addresses;
    else if (t.resolved.error === 'unreachable') unreachable = true;
    else if (t.resolved.error === 'no-address') {
      records[t.host] = [FILTERED_ANSWER];
      filtered = true;
      notes.push(
        `the resolver knows ${t.host} but gives no address for it ("No address associated with hostname"), as a resolver does that filters private answers`,
      );
    }
  }
  if (unreachable) return { records, reachable: false };
  if (filtered) return { records, rebindingProtection: true };
  return Object.keys(records).length ? { records } : undefined;
}

/** The scenario the model decides: the observed settings, key, hosts file, resolution and target states. */
export function scenarioFromFacts(f: CheckFacts): { scenario: Scenario; notes: string[] } {
  const notes: string[] = [];
  const { text, dropped } = modelledSshdT(f.sshdT, f.version);
  if (dropped.length) notes.push(`sshd -T settings the model does not read (left out): ${dropped.join(', ')}`);
  if (f.keyLine === null) notes.push('no authorized_keys line found for this user: checked as a key without options');
  const targets: TargetService[] = [];
  for (const t of f.targets) for (const p of t.probes) targets.push({ host: p.address, port: t.port, state: p.state });
  const dns = dnsFrom(f.targets, notes);
  const scenario: Scenario = {
    client: { command: f.command, address: f.clientAddress, ...(f.connect ? { connect: { host: f.connect.host, port: f.connect.port } } : {}) },
    server: {
      software: 'openssh',
      ...(f.version ? { version: f.version } : {}),
      sshdConfig: text,
      ...(f.keyLine ? { authorizedKeysOptions: f.keyLine } : {}),
      user: f.user,
      hosts: f.hosts,
      ...(dns ? { dns } : {}),
      ...(f.sockets?.length ? { sockets: f.sockets } : {}),
    },
    targets,
  };
  return { scenario, notes };
}

/**
 * The authorized_keys line of the key that logs in: the only key line, the line holding `key` (a
 * comment or the base64 blob), or, when every line has the same options, the first. Otherwise an
 * error listing the keys to choose from.
 */
export function selectKeyLine(text: string, key: string | undefined): { line: string | null; error: string | null } {
  const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  if (key !== undefined) {
    const hit = lines.find((l) => l.includes(key));
    return hit ? { line: hit, error: null } : { line: null, error: `no key line contains '${key}'` };
  }
  if (lines.length <= 1) return { line: lines[0] ?? null, error: null };
  const options = new Set(lines.map((l) => parseAuthorizedKeysOptions(l).value.raw));
  if (options.size === 1) return { line: lines[0]!, error: null };
  const names = lines.map((l, i) => parseAuthorizedKeysOptions(l).value.comment ?? `line ${i + 1}`);
  return { line: null, error: `${lines.length} keys with different options; choose the one that logs in with --key (${names.join(', ')})` };
}
