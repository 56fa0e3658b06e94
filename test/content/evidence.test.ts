/**
 * A cause page must not claim more than the conformance recordings show. It reads the recordings
 * (test/conformance/recordings/*.json) and the built pages (dist/causes/<id>/index.html):
 * - "Reproduced with …" only where a real (not source-only) recording of that cause exists and the
 *   model (simulate) gives the same cause and the same lines, naming exactly those servers;
 * - a page whose catalog/frontmatter evidence is "observed" must be able to say "Reproduced";
 * - "reported" pages say the mechanism is not confirmed; myth pages say they are a myth.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CAUSES, isCauseId } from '../../src/model/causes.ts';
import { checkRecording, recordingSoftware } from '../../src/site/evidence.ts';
import type { Recording } from '../../src/site/recordings.ts';
import { builtPages, distExists, DIST, readRecordings, textOf } from './support.ts';

let recordings: (Recording & { file: string })[] = [];
const notes = new Map<string, { kind: string; text: string }>();

beforeAll(() => {
  if (!distExists()) throw new Error(`${DIST} has no index.html: run \`npm run build\` first`);
  recordings = readRecordings();
  for (const p of builtPages()) {
    const m = /^\/causes\/([^/]+)\/$/.exec(p.path);
    if (!m) continue;
    const kind = /<section[^>]*data-kind="([^"]+)"[^>]*data-evidence-note/.exec(p.html)?.[1] ?? '';
    const text = textOf(p.html, /<section[^>]*data-evidence-note[^>]*>[\s\S]*?<p>/, 'p') ?? '';
    notes.set(m[1] ?? '', { kind, text });
  }
});

/** The servers a note says reproduced it: "Reproduced with A and B." or "… reproduced in a test setup with A." */
function saysReproducedWith(text: string): string[] | null {
  const m = /\b[Rr]eproduced (?:in a test setup )?with (.+?)\.(?:\s|$)/.exec(text);
  return m ? (m[1] ?? '').split(/, | and /).sort() : null;
}

/** The servers whose recordings of `cause` the model reproduces line for line. */
function reproducedBy(cause: string): string[] {
  const labels = recordings
    .filter((r) => r.cause === cause)
    .map((r) => checkRecording(r))
    .filter((c) => c.reproduces)
    .map((c) => recordingSoftware(c.recording));
  return [...new Set(labels)].sort();
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
      const claimed = saysReproducedWith(note.text);
      const backed = reproducedBy(id);
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
