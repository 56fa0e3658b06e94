/** Editing the simulator's scenario: pure, immutable setters the form's controls call. */
import type { Scenario } from '../../model/scenario.ts';
import { DEFAULT_SERVER_HOSTS } from '../../model/resolve.ts';
import { DEFAULT_DROPBEAR, DEFAULT_OPENSSH } from '../../model/version.ts';
import type { CommandSummary } from './types.ts';

/** The server's /etc/hosts when the scenario does not set one (the model's default). */
export { DEFAULT_SERVER_HOSTS };

export interface SoftwareOption {
  value: string;
  software: 'openssh' | 'dropbear';
  version: string;
  label: string;
}

/** The server software choices of the page (a scenario with another version adds its own option). */
const SOFTWARE_OPTIONS: SoftwareOption[] = [
  { value: 'openssh 6.6', software: 'openssh', version: '6.6', label: 'OpenSSH 6.6 (Ubuntu 14.04)' },
  { value: 'openssh 7.4', software: 'openssh', version: '7.4', label: 'OpenSSH 7.4 (RHEL/CentOS 7)' },
  { value: 'openssh 7.5', software: 'openssh', version: '7.5', label: 'OpenSSH 7.5' },
  { value: 'openssh 8.9', software: 'openssh', version: '8.9', label: 'OpenSSH 8.x (8.9)' },
  { value: 'openssh 9.2', software: 'openssh', version: '9.2', label: 'OpenSSH 9.2 (Debian 12)' },
  { value: 'openssh 9.8', software: 'openssh', version: '9.8', label: 'OpenSSH 9.8' },
  { value: 'openssh 10.0', software: 'openssh', version: '10.0', label: 'OpenSSH 10.0' },
  { value: 'dropbear 2022.83', software: 'dropbear', version: '2022.83', label: 'Dropbear 2022.83' },
];

/** The software options for a server block: the fixed list, plus the block's own version when it is not in it. */
export function softwareOptions(block: Scenario['server']): { options: SoftwareOption[]; value: string } {
  const { software, version } = blockSoftware(block);
  const value = `${software} ${version}`;
  if (SOFTWARE_OPTIONS.some((o) => o.value === value)) return { options: SOFTWARE_OPTIONS, value };
  const extra: SoftwareOption = { value, software, version, label: softwareLabel(block) };
  return { options: [...SOFTWARE_OPTIONS, extra], value };
}

/** A server block's software and version, the model's default version when the block names none. */
function blockSoftware(block: Scenario['server']): { software: 'openssh' | 'dropbear'; version: string } {
  const software = block?.software ?? 'openssh';
  const def = software === 'dropbear' ? DEFAULT_DROPBEAR : DEFAULT_OPENSSH;
  return { software, version: block?.version ?? `${def.major}.${def.minor}` };
}

/** "OpenSSH 9.2", "Dropbear 2022.83": a server block's software as the page names it. */
export function softwareLabel(block: Scenario['server']): string {
  const { software, version } = blockSoftware(block);
  return `${software === 'dropbear' ? 'Dropbear' : 'OpenSSH'} ${version}`;
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
  const [software, version] = value.split(' ');
  if ((software !== 'openssh' && software !== 'dropbear') || !version) return scenario;
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
