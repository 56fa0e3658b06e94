/**
 * The server configuration a paste shows, read with the model's own parsers: the sshd_config or
 * `sshd -T` lines through parseSshdConfig/effectiveSshdConfig, the authorized_keys line through
 * parseAuthorizedKeysOptions, the /etc/hosts lines through parseHosts. The answers to "does this
 * configuration refuse the request?" then come from the model's rules (decide.ts), never from a
 * second reading here.
 *
 * What the paste does not tell (the account's groups, the client's address, whether a Match block
 * applies) is not guessed: each Match block whose criteria the paste cannot evaluate is read both
 * ways, and a setting counts as decided only when every reading agrees and the paste sets it.
 */
import { parseAuthorizedKeysOptions, type KeyOptions } from '../parse/authorized-keys.ts';
import { lookupHosts, parseHosts, type HostsFile } from '../parse/hosts.ts';
import { effectiveSshdConfig, parseSshdConfig, type ConnInfo, type EffectiveSshd, type MatchBlock, type SshdConfig } from '../parse/sshd-config.ts';
import { parseServerVersion, type ServerVersion } from '../version.ts';
import type { ServerSide } from '../world.ts';
import { DEFAULT_SERVER_HOSTS } from '../resolve.ts';
import type { ObsOf } from './read.ts';
import type { ServerSoftwareReading } from './types.ts';

/** Match blocks read both ways at most this many (2^n readings). */
const MAX_UNKNOWN_BLOCKS = 4;

export interface PastedConfig {
  /** Every reading of the pasted sshd settings (one when nothing is unknown); empty when none were pasted. */
  readings: ServerSide[];
  /** The settings came from `sshd -T` (effective values, Match blocks already applied, origins lost). */
  dump: boolean;
  /** The pasted line that set an effective field in a reading (null: the paste does not set it). */
  lineOf(side: ServerSide, field: string): ObsOf<'setting'> | null;
  /** The model's ServerSide for the key alone (no sshd settings): what keyPermitOpen() takes. */
  keySide: ServerSide;
  /** The pasted authorized_keys line, read by the model; null when none was pasted. */
  key: { options: KeyOptions; obs: ObsOf<'authorized-keys'> } | null;
  /** The pasted /etc/hosts lines, read by the model; null when none were pasted. */
  hosts: { file: HostsFile; obs: ObsOf<'hosts-line'>[] } | null;
}

export interface PasteFacts {
  settings: ObsOf<'setting'>[];
  keys: ObsOf<'authorized-keys'>[];
  hostsLines: ObsOf<'hosts-line'>[];
  user: string | null;
  clientAddress: string | null;
  software: ServerSoftwareReading;
  version: string | null;
}

/** The sshd_config text of the pasted setting lines (a dump's lines alone when the paste has one). */
function configText(settings: ObsOf<'setting'>[]): { text: string; lines: ObsOf<'setting'>[]; dump: boolean } {
  const relevant = settings.filter((o) => o.length > 0);
  const dumpLines = relevant.filter((o) => o.d.dump);
  const dump = dumpLines.length >= 3 || (dumpLines.length > 0 && dumpLines.length === relevant.length);
  const lines = dump ? dumpLines.filter((o) => o.d.key !== 'match') : relevant;
  const text = lines.map((o) => (o.d.key === 'match' ? `Match ${o.d.value}` : `${o.d.key} ${o.d.value}`)).join('\n');
  return { text, lines, dump };
}

/** Whether the paste tells everything a Match block's criteria ask. */
function decidable(block: MatchBlock, facts: PasteFacts): boolean {
  return block.criteria.every(
    (c) =>
      c.kind === 'all' ||
      c.kind === 'version' ||
      c.kind === 'invalid-user' ||
      (c.kind === 'user' && facts.user !== null) ||
      ((c.kind === 'address' || c.kind === 'host') && facts.clientAddress !== null),
  );
}

/** The configurations the paste may mean: each undecidable Match block left out, or applied. */
function variants(cfg: SshdConfig, facts: PasteFacts): SshdConfig[] {
  const unknown = cfg.matches.map((m, i) => (decidable(m, facts) ? -1 : i)).filter((i) => i >= 0);
  const open = unknown.slice(0, MAX_UNKNOWN_BLOCKS);
  const out: SshdConfig[] = [];
  for (let bits = 0; bits < 1 << open.length; bits++) {
    const matches = cfg.matches.map((m, i) => {
      const k = open.indexOf(i);
      if (k < 0) return m;
      return bits & (1 << k)
        ? { ...m, criteria: [{ kind: 'all' as const, patterns: '' }] }
        : { ...m, criteria: [{ kind: 'invalid-user' as const, patterns: '' }] };
    });
    out.push({ global: cfg.global, matches });
  }
  return out;
}

function versionOf(facts: PasteFacts): ServerVersion {
  const software = facts.software === 'dropbear' ? 'dropbear' : 'openssh';
  return parseServerVersion(software, facts.version ?? undefined).value;
}

/** The model's ServerSide for one reading of the paste: what decide.ts's rules take. */
function sideOf(sshd: EffectiveSshd | null, key: KeyOptions, facts: PasteFacts, version: ServerVersion): ServerSide {
  return {
    role: 'server',
    block: {},
    version,
    sshd,
    fileSshd: null,
    startupErrors: [],
    key,
    keyRejected: false,
    dropbear: { noLocal: false, noRemote: false, forcedCommand: null },
    user: facts.user ?? '',
    groups: [],
    hostsText: DEFAULT_SERVER_HOSTS,
  };
}

export function readPastedConfig(facts: PasteFacts): PastedConfig {
  const version = versionOf(facts);
  const keyObs = facts.keys[0] ?? null;
  const key = parseAuthorizedKeysOptions(keyObs?.d.options ?? '', version).value;
  const { text, lines, dump } = configText(facts.settings);
  const conn: ConnInfo = {
    user: facts.user ?? '',
    groups: [],
    host: null,
    address: facts.clientAddress ?? '',
    localAddress: '',
    localPort: 22,
  };
  const readings: ServerSide[] = [];
  if (lines.length > 0 && version.software === 'openssh') {
    const cfg = parseSshdConfig(text, version).value;
    for (const v of variants(cfg, facts)) readings.push(sideOf(effectiveSshdConfig(v, conn, version), key, facts, version));
  }
  const hostsText = facts.hostsLines.map((o) => o.d.text).join('\n');
  return {
    readings,
    dump,
    lineOf: (side, field) => {
      const origin = side.sshd?.origin[field];
      return origin ? (lines[origin.line - 1] ?? null) : null;
    },
    keySide: sideOf(null, key, facts, version),
    key: keyObs ? { options: key, obs: keyObs } : null,
    hosts: facts.hostsLines.length > 0 ? { file: parseHosts(hostsText).value, obs: facts.hostsLines } : null,
  };
}

/** Whether the pasted /etc/hosts names `host` (true), leaves it out (false), or was not pasted (null). */
export function hostsKnow(p: PastedConfig, host: string): boolean | null {
  if (!p.hosts) return null;
  return lookupHosts(p.hosts.file, host, 'any').length > 0;
}
