/**
 * The corpus: real pasted outputs (every snippet of the seed thread, journalctl/auth.log/secure
 * excerpts, sshd -T dumps, mixtures with noise). Each file starts with `# expect: <cause id>`, or
 * `null` (recognised, no cause), or `none` (nothing recognised). Further header lines may say
 * `# confirmed` or `# unconfirmed` (whether the lines may confirm the top cause: only when they rule
 * out every other cause that prints them), `# lists: id,id` (other causes the answer must name) and
 * `# hop: <hop>` (the hop the answer must say refused: client, jump-host, gateway, ssh-server, or
 * `unknown` when the lines cannot tell and the answer must say so).
 * Header lines are not diagnosed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAUSE_IDS } from '../../../src/model/causes.ts';
import { diagnose } from '../../../src/model/diagnose/index.ts';
import { HOP_UNKNOWN } from '../../../src/model/hops.ts';

const DIR = join(import.meta.dirname, 'corpus');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort();

interface Paste {
  expect: string;
  text: string;
  confirmed: boolean | null;
  lists: string[];
  hop: string | null;
}

function load(file: string): Paste {
  const raw = readFileSync(join(DIR, file), 'utf8');
  const lines = raw.split('\n');
  const header = /^# expect: (\S+)/.exec(lines[0] ?? '');
  if (!header) throw new Error(`${file}: first line must be "# expect: <cause id|null|none>"`);
  let i = 1;
  while (i < lines.length && lines[i]!.startsWith('# ')) i++;
  const head = lines.slice(1, i);
  const confirmed = head.includes('# confirmed') ? true : head.includes('# unconfirmed') ? false : null;
  const lists = head.flatMap((l) => /^# lists: (.+)$/.exec(l)?.[1]?.split(',') ?? []);
  const hop = head.map((l) => /^# hop: (\S+)$/.exec(l)?.[1]).find((h) => h !== undefined) ?? null;
  return { expect: header[1]!, text: lines.slice(i).join('\n'), confirmed, lists, hop };
}

describe('diagnosis corpus', () => {
  it('has the seed thread and real excerpts', () => {
    expect(files.filter((f) => f.startsWith('seed-')).length).toBeGreaterThanOrEqual(25);
    expect(files.length).toBeGreaterThanOrEqual(50);
  });

  for (const file of files) {
    const { expect: want, text, confirmed, lists, hop } = load(file);
    it(`${file} → ${want}`, () => {
      const d = diagnose(text);
      if (want === 'none') {
        expect(d.recognised).toBe(false);
        expect(d.causes).toEqual([]);
        expect(d.pasteHints.length).toBeGreaterThan(0);
        return;
      }
      expect(d.recognised).toBe(true);
      if (want === 'null') {
        expect(d.causes.map((c) => c.id)).toEqual([]);
        return;
      }
      expect(CAUSE_IDS).toContain(want);
      expect(d.causes[0]?.id, d.causes.map((c) => `${c.id} ${c.score}`).join(', ')).toBe(want);
      // the top cause is backed by at least one line of the paste, pointing inside it
      const top = d.causes[0]!;
      expect(top.why.length).toBeGreaterThan(0);
      const lines = text.split('\n');
      for (const w of top.why) {
        expect(w.line).toBeGreaterThanOrEqual(1);
        expect(w.line).toBeLessThanOrEqual(lines.length);
        expect(w.column + w.length - 1).toBeLessThanOrEqual(lines[w.line - 1]!.length);
      }
      expect(top.href).toBe(`/causes/${want}/`);
      if (confirmed !== null) expect(top.confidence === 'confirmed', `${want} ${top.confidence}`).toBe(confirmed);
      for (const id of lists) expect(d.causes.map((c) => c.id)).toContain(id);
      if (hop === 'unknown') expect(d.hop, 'the answer says the hop cannot be told').toMatchObject({ hop: null, detail: HOP_UNKNOWN });
      else if (hop) expect(d.hop?.hop, d.hop?.detail).toBe(hop);
      expect(d.simulatorHref).toMatch(/^\/simulator\/#s=[A-Za-z0-9_-]+$/);
    });
  }
});
