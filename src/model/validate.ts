/**
 * Checks untrusted JSON (a file, a share link, a pasted scenario) against the Scenario contract.
 * Never throws: returns the scenario when valid, and one problem per mistake, each naming the field
 * path and what was expected. Unknown fields are errors, not silently ignored.
 */
import { CLIENT_SOFTWARE, SERVER_SOFTWARE } from './software/index.ts';
import type { Scenario } from './scenario.ts';

export interface Problem {
  /** Field path, e.g. `server.dns.records.db.internal[0]` or `targets[2].state`. */
  path: string;
  message: string;
}

export interface Validation {
  scenario: Scenario | null;
  problems: Problem[];
}

type Check = (value: unknown, path: string, out: Problem[]) => void;

const MAX_TEXT = 200_000;
const MAX_LIST = 500;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return v.length > 40 ? 'a long string' : JSON.stringify(v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

const text: Check = (v, path, out) => {
  if (typeof v !== 'string') out.push({ path, message: `expected text, got ${describe(v)}` });
  else if (v.length > MAX_TEXT) out.push({ path, message: `text is too long (${v.length} characters; at most ${MAX_TEXT})` });
};

const bool: Check = (v, path, out) => {
  if (typeof v !== 'boolean') out.push({ path, message: `expected true or false, got ${describe(v)}` });
};

const port: Check = (v, path, out) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 65535) out.push({ path, message: `expected a port number 0–65535, got ${describe(v)}` });
};

const count: Check = (v, path, out) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1_000_000) out.push({ path, message: `expected a whole number ≥ 0, got ${describe(v)}` });
};

const oneOf =
  (...allowed: string[]): Check =>
  (v, path, out) => {
    if (typeof v !== 'string' || !allowed.includes(v))
      out.push({ path, message: `expected one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describe(v)}` });
  };

const listOf =
  (item: Check): Check =>
  (v, path, out) => {
    if (!Array.isArray(v)) {
      out.push({ path, message: `expected a list, got ${describe(v)}` });
      return;
    }
    if (v.length > MAX_LIST) {
      out.push({ path, message: `list is too long (${v.length} items; at most ${MAX_LIST})` });
      return;
    }
    v.forEach((x, i) => {
      item(x, `${path}[${i}]`, out);
    });
  };

function object(fields: Record<string, Check>, required: string[] = []): Check {
  return (v, path, out) => {
    if (!isObject(v)) {
      out.push({ path, message: `expected an object, got ${describe(v)}` });
      return;
    }
    for (const key of required) if (!(key in v)) out.push({ path: path ? `${path}.${key}` : key, message: 'is required' });
    for (const [key, value] of Object.entries(v)) {
      const sub = path ? `${path}.${key}` : key;
      const check = Object.hasOwn(fields, key) ? fields[key] : undefined;
      if (!check) {
        out.push({ path: sub, message: `unknown field (expected one of: ${Object.keys(fields).join(', ')})` });
        continue;
      }
      if (value === undefined) continue;
      check(value, sub, out);
    }
  };
}

const records: Check = (v, path, out) => {
  if (!isObject(v)) {
    out.push({ path, message: `expected an object of name → list of addresses, got ${describe(v)}` });
    return;
  }
  const entries = Object.entries(v);
  if (entries.length > MAX_LIST) out.push({ path, message: `too many records (at most ${MAX_LIST})` });
  else for (const [name, addrs] of entries) listOf(text)(addrs, `${path}.${name}`, out);
};

const serverBlock = object({
  software: oneOf('openssh', 'dropbear', ...SERVER_SOFTWARE),
  version: text,
  sshdConfig: text,
  runningSshdConfig: text,
  certificate: object({ extensions: listOf(text) }, ['extensions']),
  gatewayPolicy: object({ description: text }),
  dropbearOptions: text,
  authorizedKeysOptions: text,
  user: text,
  groups: listOf(text),
  passwordExpired: bool,
  acceptsKey: bool,
  hosts: text,
  resolvConf: text,
  dns: object({ records, reachable: bool, rebindingProtection: bool }),
  openFilesExhausted: bool,
  openSessions: count,
  tunDevice: bool,
  sockets: listOf(text),
  deniedSockets: listOf(text),
  macDeniesConnect: oneOf('selinux', 'apparmor'),
  hostname: text,
  rewritesRemoteForward: object({ port, address: text }),
  portsInUse: listOf(port),
  diskFull: bool,
  address: text,
});

const scenarioCheck = object(
  {
    client: object(
      {
        command: text,
        version: text,
        sshConfig: text,
        hosts: text,
        address: text,
        connect: object({ forward: count, host: text, port }),
        portsInUse: listOf(port),
        ipv6: bool,
        root: bool,
        software: oneOf(...CLIENT_SOFTWARE),
      },
      ['command'],
    ),
    jump: serverBlock,
    server: serverBlock,
    targets: listOf(object({ host: text, port, state: oneOf('listening', 'closed', 'filtered', 'rejected'), onNode: text }, ['host', 'port', 'state'])),
  },
  ['client'],
);

export function validateScenario(input: unknown): Validation {
  const problems: Problem[] = [];
  scenarioCheck(input, '', problems);
  for (const p of problems) if (p.path === '') p.path = '(scenario)';
  return { scenario: problems.length === 0 ? (input as Scenario) : null, problems };
}

/** Parses JSON text and validates it; a JSON syntax error is reported as one problem with its position. */
export function parseScenarioJson(source: string): Validation {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (e) {
    return { scenario: null, problems: [{ path: '(json)', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  return validateScenario(data);
}
