/**
 * The built site serves the scenario contract as JSON Schema at /scenario.schema.json: a document an
 * editor or another program can check a share link's scenario or a `tunnel-doctor simulate` file
 * with. Every preset passes it, a wrong or unknown field does not, and the pages that document
 * those files link to it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { allPresets } from '../../src/model/presets.ts';
import { DIST, distExists } from './support.ts';

let schema: Record<string, unknown> = {};

beforeAll(() => {
  if (!distExists()) throw new Error(`${DIST} has no index.html: run \`npm run build\` first`);
  schema = JSON.parse(readFileSync(join(DIST, 'scenario.schema.json'), 'utf8')) as Record<string, unknown>;
});

describe('/scenario.schema.json', () => {
  it('is a JSON Schema with its own address, a title and a description', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(String(schema.$id)).toMatch(/^https?:\/\/[^/]+\/scenario\.schema\.json$/);
    expect(schema.title).toMatch(/scenario/i);
    expect(String(schema.description)).toContain('tunnel-doctor simulate');
    expect(schema.required).toEqual(['client']);
  });

  it('accepts every preset and refuses a wrong or an unknown field', () => {
    const check = new Ajv2020({ allErrors: true }).compile(schema);
    for (const [id, p] of Object.entries(allPresets())) expect(check(p.scenario), `${id}: ${JSON.stringify(check.errors)}`).toBe(true);
    expect(check({ client: { command: 'ssh -N -L 1:a:2 h' }, targets: [{ host: 'a', port: 70000, state: 'listening' }] })).toBe(false);
    expect(check.errors?.[0]?.instancePath).toBe('/targets/0/port');
    expect(check({ client: { command: 'ssh h' }, server: { sshd_config: '' } })).toBe(false);
    expect(check({ server: {} })).toBe(false);
  });

  it('is linked from the pages that document scenario files', () => {
    expect(readFileSync(join(DIST, 'cli/index.html'), 'utf8')).toContain('href="/scenario.schema.json"');
    expect(readFileSync(join(DIST, 'simulator/index.html'), 'utf8')).toContain('href="/scenario.schema.json"');
  });
});
