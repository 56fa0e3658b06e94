/**
 * A cause page must not claim more than the conformance recordings show. It reads the recordings
 * (test/conformance/recordings/*.json) and the built pages (dist/causes/<id>/index.html):
 * - "Reproduced with …" only where a real (not source-only) recording of that cause exists and the
 *   model (simulate) gives the same cause and the same lines, naming exactly those servers: a run
 *   "OpenSSH 8.0p1–10.5p1" stands for every release between its ends that was run for the cause;
 * - a page whose catalog/frontmatter evidence is "observed" must be able to say "Reproduced";
 * - "reported" pages say the mechanism is not confirmed; myth pages say they are a myth.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CAUSES, isCauseId } from '../../src/model/causes.ts';
import { checkRecording, recordingSoftware } from '../../src/site/evidence.ts';
import type { Recording } from '../../src/site/recordings.ts';
import { KNOWN_RELEASES } from '../../src/model/version.ts';
import { builtPages, distExists, DIST, readMatrixRecordings, readRecordings, textOf } from './support.ts';

let recordings: (Recording & { file: string })[] = [];
const notes = new Map<string, { kind: string; text: string }>();

beforeAll(() => {
  if (!distExists()) throw new Error(`${DIST} has no index.html: run \`npm run build\` first`);
  recordings = [...readRecordings(), ...readMatrixRecordings()];
  for (const p of builtPages()) {
    const m = /^\/causes\/([^/]+)\/$/.exec(p.path);
    if (!m) continue;
    const kind = /<section[^>]*data-kind="([^"]+)"[^>]*data-evidence-note/.exec(p.html)?.[1] ?? '';
    const text = textOf(p.html, /<section[^>]*data-evidence-note[^>]*>[\s\S]*?<p>/, 'p') ?? '';
    notes.set(m[1] ?? '', { kind, text });
  }
});

/** Where a server label ("OpenSSH 9.6p1") stands among the known releases. */
function rank(label: string): number {
  return KNOWN_RELEASES.findIndex((r) => `${r.software === 'dropbear' ? 'Dropbear' : 'OpenSSH'} ${r.version.replace(/ .*$/, '')}` === label);
}

/** The server labels of the real (not source-only) recordings of a cause: all run, and those the model reproduces. */
function serversOf(cause: string): { tried: string[]; backed: string[] } {
  const mine = recordings.filter((r) => r.cause === cause && !r.sourceOnly && !r.real.client);
  const checks = mine.map((r) => checkRecording(r));
  return {
    tried: [...new Set(mine.map((r) => recordingSoftware(r)))],
    backed: [...new Set(checks.filter((c) => c.reproduces).map((c) => recordingSoftware(c.recording)))].sort(),
  };
}

/**
 * The servers a note says reproduced it ("Reproduced with A and B." or "… reproduced in a test
 * setup with A."), each run "OpenSSH 8.0p1–10.5p1" expanded to the releases between its ends that
 * were run for the cause. The ssh releases in brackets are left out.
 */
function saysReproducedWith(text: string, tried: readonly string[] = []): string[] | null {
  const m = /\b[Rr]eproduced (?:in a test setup )?with (.+?)\.(?:\s|$)/.exec(text);
  if (!m) return null;
  const items = (m[1] ?? '').replace(/ \(ssh [^)]*\)/, '').split(/, | and /);
  const out = items.flatMap((item) => {
    const run = /^(\S+) (\S+)–(\S+)$/.exec(item);
    if (!run) return [item];
    const [, name, from, to] = run;
    const [a, b] = [rank(`${name} ${from}`), rank(`${name} ${to}`)];
    return tried.filter((l) => l.startsWith(`${name} `) && rank(l) >= a && rank(l) <= b);
  });
  return [...new Set(out)].sort();
}

/** The servers whose recordings of `cause` the model reproduces line for line. */
function reproducedBy(cause: string): string[] {
  return serversOf(cause).backed;
}

describe('evidence notes against the recordings', () => {
  it('every recording names a catalog cause (or null for a working tunnel) and has the fields the page needs', () => {
    const wrong: string[] = [];
    for (const r of recordings) {
      if (r.cause !== null && !isCauseId(r.cause)) wrong.push(`${r.file}: cause "${r.cause}" is not a catalog id`);
      if (!r.scenario?.client?.command) wrong.push(`${r.file}: no scenario.client.command`);
      if (!r.real || !Array.isArray(r.real.clientLines) || !r.real.software || !r.real.version)
        wrong.push(`${r.file}: real.{software,version,clientLines} missing`);
    }
    expect(wrong).toEqual([]);
  });

  it('every cause page has an evidence note', () => {
    const missing = [...notes].filter(([, n]) => !n.text).map(([id]) => id);
    expect(notes.size).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('no page says "Reproduced" beyond what the recordings show', () => {
    const wrong: string[] = [];
    for (const [id, note] of notes) {
      const { tried, backed } = serversOf(id);
      const claimed = saysReproducedWith(note.text, tried);
      if (claimed) {
        if (backed.length === 0) wrong.push(`${id}: says "${note.text}" but no recording reproduces it`);
        else if (claimed.join('|') !== backed.join('|')) wrong.push(`${id}: says ${claimed.join(', ')}; the recordings back ${backed.join(', ')}`);
      } else if (note.kind === 'reproduced') {
        wrong.push(`${id}: marked reproduced without saying so`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('pages whose evidence is "observed" are reproduced by a recording', () => {
    const why = (id: string) => {
      const checks = recordings.filter((r) => r.cause === id).map((r) => ({ ...checkRecording(r), file: r.file }));
      if (checks.length === 0) return 'no recording';
      return checks
        .map((c) => {
          const off = [
            c.recording.sourceOnly ? 'source-only' : '',
            c.error ? `simulate threw: ${c.error}` : '',
            !c.causeMatches ? `model cause ${c.trace?.cause ?? 'null'}` : '',
            !c.clientMatches ? 'client lines differ' : '',
            !c.serverMatches ? 'server log differs' : '',
          ].filter(Boolean);
          return `${c.file} (${off.join(', ')})`;
        })
        .join('; ');
    };
    const unbacked = CAUSES.filter((c) => c.evidence === 'observed' && notes.has(c.id) && reproducedBy(c.id).length === 0).map((c) => `${c.id}: ${why(c.id)}`);
    expect(unbacked, 'frontmatter says "observed" but the recordings do not reproduce it').toEqual([]);
  });

  it('a page says "Reproduced" wherever the recordings reproduce it', () => {
    const missed = [...notes.keys()].filter((id) => reproducedBy(id).length > 0 && !saysReproducedWith(notes.get(id)?.text ?? ''));
    expect(missed, 'the built pages are older than the recordings: rebuild').toEqual([]);
  });

  it('reported pages say the mechanism is unconfirmed; myth pages say they are a myth', () => {
    const wrong: string[] = [];
    for (const c of CAUSES) {
      const note = notes.get(c.id);
      if (!note || note.kind === 'reproduced') continue;
      if (c.evidence === 'reported' && !/not confirmed/.test(note.text)) wrong.push(`${c.id}: "${note.text}"`);
      if (c.evidence === 'myth' && !/^Myth\b/.test(note.text)) wrong.push(`${c.id}: "${note.text}"`);
      if (c.evidence === 'source' && !/^From the OpenSSH source/.test(note.text)) wrong.push(`${c.id}: "${note.text}"`);
    }
    expect(wrong).toEqual([]);
  });
});
