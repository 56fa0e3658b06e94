/**
 * Shared helpers for the content tests: the articles' frontmatter (content/causes/*.mdx), the built
 * site (dist/) and the conformance recordings (test/conformance/recordings/*.json, and the other
 * server programs' in test/conformance/servers/recordings/ whose case names the cause it reproduces).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { fromServerRecording, type Recording, type ServerProgramRecording } from '../../src/site/recordings.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CONTENT_DIR = process.env.CONTENT_DIR ? resolve(process.env.CONTENT_DIR) : join(ROOT, 'content/causes');
export const DIST = process.env.DIST_DIR ? resolve(process.env.DIST_DIR) : join(ROOT, 'dist');
export const RECORDINGS_DIR = join(ROOT, 'test/conformance/recordings');
export const SERVER_RECORDINGS_DIR = join(ROOT, 'test/conformance/servers/recordings');

export interface Article {
  file: string;
  /** The file name without .mdx. */
  name: string;
  data: Record<string, unknown>;
  body: string;
}

/** Every article with its parsed frontmatter. */
export function readArticles(): Article[] {
  if (!existsSync(CONTENT_DIR)) return [];
  return readdirSync(CONTENT_DIR)
    .filter((f) => f.endsWith('.mdx') || f.endsWith('.md'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(CONTENT_DIR, f), 'utf8');
      const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
      const data = m ? ((parseYaml(m[1] ?? '') ?? {}) as Record<string, unknown>) : {};
      return { file: `content/causes/${f}`, name: f.replace(/\.mdx?$/, ''), data, body: m?.[2] ?? text };
    });
}

/** Every recording, file name attached. */
export function readRecordings(): (Recording & { file: string })[] {
  if (!existsSync(RECORDINGS_DIR)) return [];
  return readdirSync(RECORDINGS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ ...(JSON.parse(readFileSync(join(RECORDINGS_DIR, f), 'utf8')) as Recording), file: f }));
}

/** The other server programs' recordings that reproduce a cause, as the cause pages read them, file name attached. */
export function readServerRecordings(): (Recording & { file: string })[] {
  if (!existsSync(SERVER_RECORDINGS_DIR)) return [];
  return readdirSync(SERVER_RECORDINGS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => {
      const r = fromServerRecording(f, JSON.parse(readFileSync(join(SERVER_RECORDINGS_DIR, f), 'utf8')) as ServerProgramRecording);
      return r ? [{ ...r, file: `servers/${f}` }] : [];
    });
}

/** Every version-matrix cell (recordings/<id>/<cell>.json), file name attached ("<id>/<cell>.json"). */
export function readMatrixRecordings(): (Recording & { file: string })[] {
  if (!existsSync(RECORDINGS_DIR)) return [];
  return readdirSync(RECORDINGS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(RECORDINGS_DIR, d.name))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => ({ ...(JSON.parse(readFileSync(join(RECORDINGS_DIR, d.name, f), 'utf8')) as Recording), file: `${d.name}/${f}` })),
    );
}

export function distExists(): boolean {
  return existsSync(join(DIST, 'index.html'));
}

/** Every built HTML page: its URL path ("/causes/x/") and its HTML. Pagefind's own files are skipped. */
export function builtPages(): { path: string; file: string; html: string }[] {
  const out: { path: string; file: string; html: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (full === join(DIST, 'pagefind') || full === join(DIST, '_astro')) continue;
        walk(full);
      } else if (name.endsWith('.html')) {
        const rel = relative(DIST, full).split('\\').join('/');
        const path = rel === 'index.html' ? '/' : rel.endsWith('/index.html') ? `/${rel.slice(0, -'index.html'.length)}` : `/${rel}`;
        out.push({ path, file: rel, html: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(DIST);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

const TAG = /<([a-zA-Z][\w-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** Every start tag of the page with its attributes (values decoded). Quoted values may contain ">". */
export function tagsOf(html: string): { name: string; attrs: Map<string, string> }[] {
  const out: { name: string; attrs: Map<string, string> }[] = [];
  for (const m of html.matchAll(TAG)) {
    const attrs = new Map<string, string>();
    for (const a of (m[2] ?? '').matchAll(ATTR)) {
      attrs.set((a[1] ?? '').toLowerCase(), decodeEntities(a[2] ?? a[3] ?? a[4] ?? ''));
    }
    out.push({ name: (m[1] ?? '').toLowerCase(), attrs });
  }
  return out;
}

/** The values of one attribute on every tag of the page (tags only: text inside <pre> is escaped). */
export function attrValues(html: string, attr: string): string[] {
  return tagsOf(html)
    .map((t) => t.attrs.get(attr))
    .filter((v): v is string => v !== undefined);
}

/** Every element id on the page. */
export function idsOf(html: string): Set<string> {
  return new Set(attrValues(html, 'id'));
}

/** The text of the first element matching `open` up to its closing tag (tags stripped). */
export function textOf(html: string, openTagPattern: RegExp, tag: string): string | null {
  const m = openTagPattern.exec(html);
  if (!m) return null;
  const start = m.index + m[0].length;
  const end = html.indexOf(`</${tag}>`, start);
  return decodeEntities(html.slice(start, end).replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}
