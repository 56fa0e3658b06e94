/**
 * A cause page must not claim more than the conformance recordings show. It reads the recordings
 * (test/conformance/recordings/*.json) and the built pages (dist/causes/<id>/index.html):
 * - "Reproduced …" only where a real (not source-only) recording of that cause exists and the
 *   model (simulate) gives the same cause and the same lines, naming exactly those servers, each
 *   under how it is kept (re-run on every test run, or recorded once: test/conformance/releases.json);
 * - a page whose catalog/frontmatter evidence is "observed" must be able to say "Reproduced";
 * - "reported" pages say the mechanism is not confirmed; myth pages say they are a myth.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CAUSES, isCauseId } from '../../src/model/causes.ts';
import { checkRecording, recordingSoftware } from '../../src/site/evidence.ts';
import type { Recording } from '../../src/site/recordings.ts';
import { releaseMode } from '../../src/site/releases.ts';
import { builtPages, distExists, DIST, readMatrixRecordings, readRecordings, readServerRecordings, textOf } from './support.ts';

let recordings: (Recording & { file: string })[] = [];
const notes = new Map<string, { kind: string; text: string }>();

beforeAll(() => {
  if (!distExists()) throw new Error(`${DIST} has no index.html: run \`npm run build\` first`);
  recordings = [...readRecordings(), ...readMatrixRecordings(), ...readServerRecordings()];
  for (const p of builtPages()) {
    const m = /^\/causes\/([^/]+)\/$/.exec(p.path);
    if (!m) continue;
    const kind = /<section[^>]*data-kind="([^"]+)"[^>]*data-evidence-note/.exec(p.html)?.[1] ?? '';
    const text = textOf(p.html, /<section[^>]*data-evidence-note[^>]*>[\s\S]*?<p>/, 'p') ?? '';
    notes.set(m[1] ?? '', { kind, text });
  }
});

/** The server labels of the real (not source-only) recordings of a cause that the model reproduces. */
function serversOf(cause: string): { backed: string[] } {
  const mine = recordings.filter((r) => r.cause === cause && !r.sourceOnly && !r.real.client);
  const checks = mine.map((r) => checkRecording(r));
  return {
    backed: [...new Set(checks.filter((c) => c.reproduces).map((c) => recordingSoftware(c.recording)))].sort(),
  };
}

/**
 * The servers a note says reproduced it, by how they are kept: "… re-run on every test run: OpenSSH
 * 8.4p1, 9.2p1; Dropbear 2022.83." and "… recorded once (date) …: OpenSSH 10.5p1; ssh 10.5p1." The
 * ssh client releases are left out. Null when the note claims no reproduction.
 */
function saysReproducedWith(text: string): { rerun: string[]; recorded: string[] } | null {
  const labels = (m: RegExpExecArray | null) =>
    (m?.[1] ?? '')
      .split('; ')
      .filter((group) => group && !group.startsWith('ssh '))
      .flatMap((group) => {
        const [name, versions = ''] = group.split(/ (.*)/);
        return versions.split(', ').map((v) => `${name} ${v}`);
      });
  const rerun = labels(/re-run on every test run: (.+?)\.(?:\s|$)/.exec(text));
  const recorded = labels(/recorded once[^:]*: (.+?)\.(?:\s|$)/.exec(text));
  return rerun.length || recorded.length ? { rerun, recorded } : null;
}

/**
 * The matrix mode ("rerun" / "recorded") of a server label such as "OpenSSH 10.5p1"; the other
 * server programs (tinysshd 20230101-1, node-ssh2 1.17.0 …) are this machine's Debian and npm
 * packages, which test/conformance/servers runs on every test run.
 */
function modeOf(label: string): string | undefined {
  const [name = '', version = ''] = label.split(' ');
  if (name !== 'OpenSSH' && name !== 'Dropbear') return 'rerun';
  return releaseMode(name === 'Dropbear' ? 'dropbear' : 'openssh', version);
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
      const { backed } = serversOf(id);
      const says = saysReproducedWith(note.text);
      if (says) {
        const claimed = [...new Set([...says.rerun, ...says.recorded])].sort();
        if (backed.length === 0) wrong.push(`${id}: says "${note.text}" but no recording reproduces it`);
        else if (claimed.join('|') !== backed.join('|')) wrong.push(`${id}: says ${claimed.join(', ')}; the recordings back ${backed.join(', ')}`);
        const rerunWrong = says.rerun.filter((l) => modeOf(l) !== 'rerun');
        if (rerunWrong.length) wrong.push(`${id}: says ${rerunWrong.join(', ')} are re-run, but releases.json keeps them as recorded data`);
        const onceWrong = says.recorded.filter((l) => modeOf(l) !== 'recorded');
        if (onceWrong.length) wrong.push(`${id}: says ${onceWrong.join(', ')} were recorded once, but they are re-run`);
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
