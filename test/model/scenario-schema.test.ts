/**
 * The scenario contract is declared once (src/model/scenario.ts); the validator and the published
 * JSON Schema (/scenario.schema.json) both come from it, so they must accept and refuse the same
 * scenarios, and name the same field when one is wrong.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { allPresets } from '../../src/model/presets.ts';
import { CLIENT_SOFTWARE, SERVER_SOFTWARE } from '../../src/model/software/index.ts';
import { parseScenarioJson, validateScenario } from '../../src/model/validate.ts';
import { readSchemaDocs, scenarioJsonSchema } from '../../src/site/scenario-schema.ts';

const source = readFileSync(new URL('../../src/model/scenario.ts', import.meta.url), 'utf8');
const schema = scenarioJsonSchema(source, 'https://tunnel.doctor');
const check = new Ajv2020({ allErrors: true }).compile(schema);

/** ajv's `/targets/0/port` (and, for an unknown or a missing field, its name) as the validator writes it. */
function ajvPaths(): string[] {
  return (check.errors ?? []).map((e) => {
    const parts = e.instancePath.split('/').slice(1);
    const params = e.params as { additionalProperty?: string; missingProperty?: string };
    if (e.keyword === 'additionalProperties') parts.push(String(params.additionalProperty));
    if (e.keyword === 'required') parts.push(String(params.missingProperty));
    return parts.reduce((out, p) => (/^\d+$/.test(p) ? `${out}[${p}]` : out ? `${out}.${p}` : p), '') || '(scenario)';
  });
}

const L = 'ssh -N -L 8080:db.internal:5432 alice@server.example';

/** One wrong field each, and the path both checks must name. */
const WRONG: [string, unknown][] = [
  ['client.command', { client: { command: 3 } }],
  ['client.command', { client: {} }],
  ['targets[0].port', { client: { command: L }, targets: [{ host: 'db', port: 70000, state: 'listening' }] }],
  [
    'targets[1].state',
    {
      client: { command: L },
      targets: [
        { host: 'a', port: 1, state: 'closed' },
        { host: 'b', port: 2, state: 'open' },
      ],
    },
  ],
  ['server.sshdConfig', { client: { command: L }, server: { sshdConfig: ['AllowTcpForwarding no'] } }],
  ['server.portsInUse[2]', { client: { command: L }, server: { portsInUse: [22, 80, -1] } }],
  ['server.openSessions', { client: { command: L }, server: { openSessions: 1.5 } }],
  ['server.software', { client: { command: L }, server: { software: 'winscp' } }],
  ['client.software', { client: { command: L, software: 'dropbear' } }],
  ['jump.dns.records.db.internal[0]', { client: { command: L }, jump: { dns: { records: { 'db.internal': [10] } } } }],
  ['server.certificate.extensions', { client: { command: L }, server: { certificate: {} } }],
  ['client.connect.port', { client: { command: L, connect: { port: '80' } } }],
  ['server.rewritesRemoteForward.port', { client: { command: L }, server: { rewritesRemoteForward: { port: 65536 } } }],
  ['client.hosts', { client: { command: L, hosts: 'x'.repeat(200_001) } }],
  ['server.groups', { client: { command: L }, server: { groups: Array.from({ length: 501 }, (_, i) => `g${i}`) } }],
  ['(scenario)', ['not', 'an', 'object']],
];

/** An unknown field at each level of the contract. */
const UNKNOWN: [string, unknown][] = [
  ['colour', { client: { command: L }, colour: 'blue' }],
  ['client.cmd', { client: { command: L, cmd: L } }],
  ['server.sshd_config', { client: { command: L }, server: { sshd_config: '' } }],
  ['jump.gatewayPolicy.reason', { client: { command: L }, jump: { gatewayPolicy: { reason: 'x' } } }],
  ['server.dns.servers', { client: { command: L }, server: { dns: { servers: ['1.1.1.1'] } } }],
  ['client.connect.forwards', { client: { command: L, connect: { forwards: 1 } } }],
  ['targets[0].protocol', { client: { command: L }, targets: [{ host: 'a', port: 1, state: 'listening', protocol: 'udp' }] }],
];

describe('the scenario contract', () => {
  it('accepts every preset, in the validator and in the published JSON Schema', () => {
    const presets = Object.entries(allPresets());
    expect(presets.length).toBeGreaterThan(30);
    for (const [id, p] of presets) {
      expect(validateScenario(p.scenario).problems, id).toEqual([]);
      expect(check(p.scenario), `${id}: ${JSON.stringify(check.errors)}`).toBe(true);
    }
  });

  it.each(WRONG)('names %s when it is wrong, as the JSON Schema does', (path, scenario) => {
    const { scenario: ok, problems } = validateScenario(scenario);
    expect(ok).toBeNull();
    expect(problems.map((p) => p.path)).toEqual([path]);
    expect(problems[0]?.message).toMatch(/^(expected |is required|text is too long|list is too long)/);
    expect(check(scenario)).toBe(false);
    expect(ajvPaths()).toContain(path);
  });

  it.each(UNKNOWN)('refuses the unknown field %s, naming the fields it could be', (path, scenario) => {
    const { scenario: ok, problems } = validateScenario(scenario);
    expect(ok).toBeNull();
    expect(problems).toEqual([{ path, message: expect.stringMatching(/^unknown field \(expected one of: \w+(, \w+)*\)$/) }]);
    expect(check(scenario)).toBe(false);
    expect(ajvPaths()).toEqual([path]);
  });

  it('says what was expected, and what it got', () => {
    const r = parseScenarioJson('{"client":{"command":"ssh h"},"targets":[{"host":"db","port":"5432","state":"up"}]}');
    expect(r.problems).toEqual([
      { path: 'targets[0].port', message: 'expected a port number 0–65535, got "5432"' },
      { path: 'targets[0].state', message: 'expected one of "listening", "closed", "filtered", "rejected", got "up"' },
    ]);
    expect(parseScenarioJson('{"client":').problems).toEqual([{ path: '(json)', message: expect.stringMatching(/^not valid JSON: /) }]);
  });

  it('reports a list that is too long once, not item by item', () => {
    const r = validateScenario({ client: { command: L, portsInUse: Array(600).fill('x') } });
    expect(r.problems).toEqual([{ path: 'client.portsInUse', message: 'list is too long (600 items; at most 500)' }]);
    const records = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`h${i}.example`, ['10.0.0.1']]));
    expect(validateScenario({ client: { command: L }, server: { dns: { records } } }).problems).toEqual([
      { path: 'server.dns.records', message: 'too many records (at most 500)' },
    ]);
    expect(check({ client: { command: L }, server: { dns: { records } } })).toBe(false);
  });

  it('takes the software names from the profiles, not a copy of them', () => {
    const defs = schema.$defs as Record<string, { properties: Record<string, { enum?: string[] }> }>;
    expect(defs.ClientBlock?.properties.software?.enum).toEqual([...CLIENT_SOFTWARE]);
    expect(defs.ServerBlock?.properties.software?.enum).toEqual(['openssh', 'dropbear', ...SERVER_SOFTWARE]);
  });

  it('documents every field: each property in the JSON Schema has its doc comment as description', () => {
    const undocumented: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as { properties?: Record<string, { description?: string }>; $ref?: string };
      for (const [key, p] of Object.entries(n.properties ?? {})) {
        const ref = p as { $ref?: string };
        if (!p.description && !ref.$ref) undocumented.push(`${at}.${key}`);
        walk(p, `${at}.${key}`);
      }
      for (const [k, v] of Object.entries(node)) if (k !== 'properties' && typeof v === 'object') walk(v, at);
    };
    walk(schema, '');
    expect(undocumented).toEqual([]);
    expect(Object.keys(readSchemaDocs(source))).toEqual(
      expect.arrayContaining(['ScenarioSchema', 'ServerBlockSchema', 'ClientBlockSchema', 'TargetServiceSchema', 'DnsSettingsSchema']),
    );
    expect(schema).toMatchObject({ $id: 'https://tunnel.doctor/scenario.schema.json', title: expect.any(String), description: expect.any(String) });
  });
});
