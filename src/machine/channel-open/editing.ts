/** Editing the simulator's scenario: pure, immutable setters the form's controls call. */
import type { Scenario } from '../../model/scenario.ts';
import { DEFAULT_SERVER_HOSTS } from '../../model/resolve.ts';
import { DEFAULT_DROPBEAR, DEFAULT_OPENSSH, KNOWN_RELEASES, type KnownRelease } from '../../model/version.ts';
import type { CommandSummary } from './types.ts';
import { SERVER_SOFTWARE, type ServerSoftware, serverFamily, serverProfile } from '../../model/software/index.ts';

/** The server's /etc/hosts when the scenario does not set one (the model's default). */
export { DEFAULT_SERVER_HOSTS };

export interface SoftwareOption {
  value: string;
  software: 'openssh' | 'dropbear' | ServerSoftware;
  version: string;
  label: string;
}

/** "OpenSSH 8.0p1 (RHEL 8)": a release as the version picker lists it. */
function releaseOption(r: KnownRelease): SoftwareOption {
  const name = r.software === 'dropbear' ? 'Dropbear' : 'OpenSSH';
  return { value: `${r.software} ${r.version}`, software: r.software, version: r.version, label: `${name} ${r.version.replace(/ .*$/, '')} (${r.shippedBy})` };
}

/**
 * The server software choices of the page: the releases people run (a scenario with another version
 * adds its own option), then the other server programs with a profile (software/), by name.
 */
const SOFTWARE_OPTIONS: SoftwareOption[] = [
  ...KNOWN_RELEASES.map(releaseOption),
  ...SERVER_SOFTWARE.map((id) => ({ value: id, software: id, version: '', label: serverProfile(id)?.name ?? id })),
];

/** The software options for a server block: the fixed list, plus the block's own version when it is not in it. */
export function softwareOptions(block: Scenario['server']): { options: SoftwareOption[]; value: string } {
  if (serverProfile(block?.software)) return { options: SOFTWARE_OPTIONS, value: block!.software! };
  const { software, version } = blockSoftware(block);
  const same = SOFTWARE_OPTIONS.find((o) => o.software === software && sameRelease(o.version, version));
  if (same) return { options: SOFTWARE_OPTIONS, value: same.value };
  const extra: SoftwareOption = { value: `${software} ${version}`, software, version, label: softwareLabel(block) };
  return { options: [...SOFTWARE_OPTIONS, extra], value: extra.value };
}

/** Two version strings name the same build: the same release and distribution ("9.2" is "9.2p1"). */
function sameRelease(a: string, b: string): boolean {
  const norm = (v: string) => v.trim().replace(/^(\d+\.\d+)(?=$| )/, '$1p1');
  return norm(a) === norm(b);
}

/** A server block's software and version, the model's default release when the block names none. */
function blockSoftware(block: Scenario['server']): { software: 'openssh' | 'dropbear'; version: string } {
  const software = serverFamily(block?.software);
  const def = software === 'dropbear' ? DEFAULT_DROPBEAR : DEFAULT_OPENSSH;
  return { software, version: block?.version ?? [def.label, def.vendor].filter(Boolean).join(' ') };
}

/** "OpenSSH 9.2p1", "Dropbear 2022.83": a server block's software as the page names it. */
export function softwareLabel(block: Scenario['server']): string {
  const profile = serverProfile(block?.software);
  if (profile) return profile.name;
  const { software, version } = blockSoftware(block);
  return `${software === 'dropbear' ? 'Dropbear' : 'OpenSSH'} ${version.replace(/ .*$/, '')}`;
}

type ServerKey = keyof NonNullable<Scenario['server']>;
type ClientKey = Exclude<keyof Scenario['client'], 'command'>;

function isEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}

/** Sets (or, with undefined, removes) one field of the server or jump block; an emptied block is dropped. */
export function setServerField<K extends ServerKey>(
  scenario: Scenario,
  block: 'server' | 'jump',
  key: K,
  value: NonNullable<Scenario['server']>[K] | undefined,
): Scenario {
  const next: Record<string, unknown> = { ...(scenario[block] ?? {}) };
  if (value === undefined) delete next[key];
  else next[key] = value;
  const out: Scenario = { ...scenario };
  if (isEmptyObject(next)) delete out[block];
  else out[block] = next as NonNullable<Scenario['server']>;
  return out;
}

/** Sets (or removes) one optional field of the client block. */
export function setClientField<K extends ClientKey>(scenario: Scenario, key: K, value: Scenario['client'][K] | undefined): Scenario {
  const client: Record<string, unknown> = { ...scenario.client };
  if (value === undefined || isEmptyObject(value)) delete client[key];
  else client[key] = value;
  return { ...scenario, client: client as unknown as Scenario['client'] };
}

/** Sets the server software and version from a SOFTWARE_OPTIONS value ("openssh 9.2"). */
export function setSoftware(scenario: Scenario, block: 'server' | 'jump', value: string): Scenario {
  const profile = SERVER_SOFTWARE.find((id) => id === value);
  if (profile) return setServerField(setServerField(scenario, block, 'software', profile), block, 'version', undefined);
  const cut = value.indexOf(' ');
  const software = value.slice(0, cut);
  const version = value.slice(cut + 1).trim();
  if (cut < 0 || (software !== 'openssh' && software !== 'dropbear') || !version) return scenario;
  return setServerField(setServerField(scenario, block, 'software', software), block, 'version', version);
}

/** DNS records as editable text: one name per line, then its addresses. */
export function dnsRecordsToText(records: Record<string, string[]> | undefined): string {
  if (!records) return '';
  return Object.entries(records)
    .map(([name, addrs]) => [name, ...addrs].join(' '))
    .join('\n');
}

/** Reads the DNS records text back; a name with no address means "the DNS server answers: no such name". */
export function textToDnsRecords(text: string): Record<string, string[]> | undefined {
  const out: Record<string, string[]> = {};
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    const [name, ...addrs] = words;
    if (!name || name.startsWith('#')) continue;
    out[name] = [...(out[name] ?? []), ...addrs];
  }
  return Object.keys(out).length ? out : undefined;
}

/** Sets one field of server.dns (or removes it with undefined). */
export function setDnsField<K extends keyof NonNullable<NonNullable<Scenario['server']>['dns']>>(
  scenario: Scenario,
  key: K,
  value: NonNullable<NonNullable<Scenario['server']>['dns']>[K] | undefined,
): Scenario {
  const dns: Record<string, unknown> = { ...(scenario.server?.dns ?? {}) };
  if (value === undefined) delete dns[key];
  else dns[key] = value;
  return setServerField(scenario, 'server', 'dns', isEmptyObject(dns) ? undefined : (dns as NonNullable<Scenario['server']>['dns']));
}

/** Groups as "a, b c" text → list (or undefined when empty). */
export function textToList(text: string): string[] | undefined {
  const list = text.split(/[\s,]+/).filter(Boolean);
  return list.length ? list : undefined;
}

/** Ports as "8080, 9000" text → list of valid ports (or undefined when none). */
export function textToPorts(text: string): number[] | undefined {
  const list = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n >= 0 && n <= 65535);
  return list.length ? list : undefined;
}

export type TargetEdit =
  | { kind: 'add' }
  | { kind: 'remove'; index: number }
  | { kind: 'set'; index: number; field: 'host'; value: string }
  | { kind: 'set'; index: number; field: 'port'; value: number }
  | { kind: 'set'; index: number; field: 'state'; value: 'listening' | 'closed' | 'filtered' | 'rejected' };

/** Edits the list of target services; an emptied list is dropped from the scenario. */
export function editTargets(scenario: Scenario, edit: TargetEdit): Scenario {
  const list = [...(scenario.targets ?? [])];
  if (edit.kind === 'add') list.push({ host: '127.0.0.1', port: 80, state: 'listening' });
  else if (edit.kind === 'remove') list.splice(edit.index, 1);
  else {
    const t = list[edit.index];
    if (!t) return scenario;
    list[edit.index] = { ...t, [edit.field]: edit.value };
  }
  const out: Scenario = { ...scenario, targets: list };
  if (list.length === 0) delete out.targets;
  return out;
}

/** The choices of "which forward gets a connection", from the parsed command. */
export function forwardChoices(command: CommandSummary | null | undefined): { value: number; label: string; dynamic: boolean }[] {
  const flag = { local: '-L', remote: '-R', dynamic: '-D' } as const;
  return (command?.forwards ?? []).map((f, i) => ({
    value: i,
    label: `${i + 1}: ${flag[f.kind]} ${f.spec}`,
    dynamic: f.kind === 'dynamic',
  }));
}
