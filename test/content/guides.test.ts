/**
 * The guides (content/guides/*.mdx, built to dist/guides/<id>/): each names only catalog causes,
 * is built, listed on /guides/ and linked from the home page, ships no script, and every cause page
 * it names (or every cause page, for `all`) links to it in its "Before you start" or "Related
 * questions" box; every quoted line is cited, and a line said to be recorded is in a recording.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CAUSE_IDS, isCauseId } from '../../src/model/causes.ts';
import { builtPages, DIST, distExists, readRecordings } from './support.ts';

const GUIDES_DIR = join(import.meta.dirname, '../../content/guides');
const CAUSES_DIR = join(import.meta.dirname, '../../content/causes');

interface GuideFrontmatter {
  id: string;
  title: string;
  placement: 'before' | 'related';
  causes: 'all' | string[];
  quotes?: { text: string; source: string }[];
}

function readGuides(): (GuideFrontmatter & { file: string })[] {
  return readdirSync(GUIDES_DIR)
    .filter((f) => f.endsWith('.mdx'))
    .sort()
    .map((f) => ({
      ...(parse(/^---\n([\s\S]*?)\n---/.exec(readFileSync(join(GUIDES_DIR, f), 'utf8'))?.[1] ?? '') as GuideFrontmatter),
      file: f,
    }));
}

const guides = readGuides();
const html = new Map<string, string>();

beforeAll(() => {
  if (!distExists()) throw new Error(`${DIST} has no index.html: run \`npm run build\` first`);
  for (const p of builtPages()) html.set(p.path, p.html);
});

const hrefs = (page: string) => [...(html.get(page) ?? '').matchAll(/<a [^>]*href="([^"]+)"/g)].map((m) => m[1]);
/** The links inside the box with this heading id on a page. */
const boxHrefs = (page: string, id: string) => {
  const m = new RegExp(`<aside[^>]*aria-labelledby="${id}"[^>]*>([\\s\\S]*?)</aside>`).exec(html.get(page) ?? '');
  return m ? [...(m[1] ?? '').matchAll(/<a [^>]*href="([^"]+)"/g)].map((x) => x[1]) : [];
};
const causesOf = (g: GuideFrontmatter) => (g.causes === 'all' ? [...CAUSE_IDS] : g.causes);

describe('the guides', () => {
  it('answer the six questions, each file named by its id and naming only catalog causes', () => {
    expect(guides.map((g) => g.id)).toEqual([
      'find-the-reason-without-root',
      'reload-sshd',
      'server-logs',
      'silence-open-failed',
      'sshd-config-case',
      'which-hop-refused',
    ]);
    for (const g of guides) {
      expect(g.file, g.id).toBe(`${g.id}.mdx`);
      expect(
        causesOf(g).filter((c) => !isCauseId(c)),
        g.id,
      ).toEqual([]);
    }
  });

  it('are built with no script, listed on /guides/ and linked from the home page', () => {
    for (const g of guides) {
      const page = html.get(`/guides/${g.id}/`);
      expect(page, g.id).toBeDefined();
      expect(page, g.id).not.toMatch(/<script\b/i);
      expect(page, g.id).toMatch(/data-pagefind-body/);
      expect(hrefs('/guides/'), g.id).toContain(`/guides/${g.id}/`);
      expect(hrefs('/'), g.id).toContain(`/guides/${g.id}/`);
    }
    expect(html.get('/guides/')).not.toMatch(/<script\b/i);
  });

  it('are linked from the box of every cause page they name', () => {
    const missing: string[] = [];
    for (const g of guides) {
      const box = g.placement === 'before' ? 'before-you-start' : 'related-questions';
      // A catalog cause whose article is not written yet has no page to carry the box.
      for (const c of causesOf(g).filter((id) => existsSync(join(CAUSES_DIR, `${id}.mdx`)))) {
        if (!boxHrefs(`/causes/${c}/`, box).includes(`/guides/${g.id}/`)) missing.push(`${c} → ${g.id} (${box})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('a cause page no guide names shows no empty box', () => {
    const named = new Set(guides.flatMap((g) => causesOf(g)));
    for (const id of CAUSE_IDS.filter((c) => !named.has(c) && existsSync(join(CAUSES_DIR, `${c}.mdx`)))) {
      expect(html.get(`/causes/${id}/`), id).not.toMatch(/id="before-you-start"|id="related-questions"/);
    }
  });

  it('cite every quoted line, and every line said to be recorded is in a recording', () => {
    const recorded = new Set(readRecordings().flatMap((r) => [...r.real.clientLines, ...(r.real.serverLog ?? [])]));
    const wrong: string[] = [];
    for (const g of guides) {
      for (const l of g.quotes ?? []) {
        if (!/^(recorded: |source: |https:\/\/)/.test(l.source)) wrong.push(`${g.id}: "${l.text}" has no citation`);
        if (l.source.startsWith('recorded: ') && !recorded.has(l.text)) wrong.push(`${g.id}: "${l.text}" is not in any recording`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
