/**
 * The built site (dist/, made by `npm run build`): every internal link and #anchor resolves, every
 * cause page has its seven sections in order, link previews carry the cause's title and summary,
 * and the pages that must ship no JavaScript ship none.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CAUSES } from '../../src/model/causes.ts';
import { DIST, builtPages, distExists, idsOf, readArticles, tagsOf, textOf } from './support.ts';

const SECTIONS = ['what-you-see', 'which-machine-to-fix', 'why-it-happens', 'confirm-it', 'fix-it', 'check-the-fix', 'look-alikes'];

let pages: ReturnType<typeof builtPages> = [];
const byPath = new Map<string, { html: string; ids: Set<string> }>();

beforeAll(() => {
  if (!distExists()) throw new Error(`${DIST} has no index.html: run \`npm run build\` first`);
  pages = builtPages();
  for (const p of pages) byPath.set(p.path, { html: p.html, ids: idsOf(p.html) });
});

/** Where a same-origin URL path is served from, as a static host would (directory → index.html). */
function resolvesTo(pathname: string): { kind: 'page'; path: string } | { kind: 'file' } | null {
  if (byPath.has(pathname)) return { kind: 'page', path: pathname };
  const file = join(DIST, decodeURIComponent(pathname));
  if (!pathname.endsWith('/') && existsSync(file)) return { kind: 'file' };
  return null;
}

describe('the built site', () => {
  it('has a page for every catalog cause with an article, plus home, /causes/, /verification/ and 404', () => {
    const articles = new Set(readArticles().map((a) => a.name));
    const want = ['/', '/causes/', '/verification/', '/404.html', ...CAUSES.filter((c) => articles.has(c.id)).map((c) => `/causes/${c.id}/`)];
    expect(want.filter((p) => !byPath.has(p))).toEqual([]);
  });

  it('every internal link and #anchor resolves', () => {
    const broken: string[] = [];
    for (const p of pages) {
      const base = new URL(p.path, 'https://site.invalid');
      for (const tag of tagsOf(p.html)) {
        const href = tag.name === 'a' || tag.name === 'link' ? tag.attrs.get('href') : undefined;
        if (href === undefined || tag.attrs.get('rel') === 'canonical') continue;
        if (/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith('https://site.invalid')) continue; // external
        const url = new URL(href, base);
        const target = resolvesTo(url.pathname);
        if (!target) {
          broken.push(`${p.path}: ${href} (no page at ${url.pathname})`);
          continue;
        }
        if (url.hash && url.hash !== '#') {
          const id = decodeURIComponent(url.hash.slice(1));
          const ids = target.kind === 'page' ? byPath.get(target.path)?.ids : undefined;
          if (!ids?.has(id)) broken.push(`${p.path}: ${href} (no id="${id}" on ${url.pathname})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('ids are unique on every page', () => {
    const dupes: string[] = [];
    for (const p of pages) {
      const seen = new Set<string>();
      for (const t of tagsOf(p.html)) {
        const id = t.attrs.get('id');
        if (id === undefined) continue;
        if (seen.has(id)) dupes.push(`${p.path}: #${id}`);
        seen.add(id);
      }
    }
    expect(dupes).toEqual([]);
  });

  it('every cause page has the seven sections, in order, as h2 ids', () => {
    const wrong: string[] = [];
    for (const p of pages.filter((x) => /^\/causes\/[^/]+\/$/.test(x.path))) {
      const h2ids = tagsOf(p.html)
        .filter((t) => t.name === 'h2' && t.attrs.has('id'))
        .map((t) => t.attrs.get('id') ?? '');
      const found = h2ids.filter((id) => SECTIONS.includes(id));
      if (found.join(' ') !== SECTIONS.join(' ')) wrong.push(`${p.path}: ${found.join(', ') || '(none)'}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the "Fix on" box says what to change there for that cause: no sshd_config where the fix is elsewhere on the server', () => {
    const box = (id: string) => textOf(byPath.get(`/causes/${id}/`)?.html ?? '', /<section class="box fix-on"[^>]*>/, 'section') ?? '';
    expect(box('tcp-forwarding-disabled')).toContain('sshd_config');
    for (const id of ['server-lacks-forwarding', 'ssh-gateway-policy', 'mandatory-access-control', 'server-disk-full', 'localhost-not-resolvable']) {
      expect(box(id), id).toMatch(/^Fix on ?The SSH server/);
      expect(box(id), id).not.toMatch(/Change sshd_config, authorized_keys/);
    }
    expect(box('server-lacks-forwarding')).toMatch(/forwarding handler/);
  });

  it('every section heading of a cause page has a link to itself with an accessible name', () => {
    const wrong: string[] = [];
    for (const p of pages.filter((x) => /^\/causes\/[^/]+\/$/.test(x.path))) {
      const tags = tagsOf(p.html);
      const anchors = new Map(
        tags.filter((t) => t.name === 'a' && t.attrs.get('class') === 'anchor').map((t) => [t.attrs.get('href'), t.attrs.get('aria-label') ?? '']),
      );
      for (const id of SECTIONS) {
        const label = anchors.get(`#${id}`);
        if (!label?.startsWith('Link to section: ')) wrong.push(`${p.path}#${id}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('link previews show the cause title and summary (title, description, Open Graph, Twitter, canonical)', () => {
    const wrong: string[] = [];
    for (const a of readArticles()) {
      const page = byPath.get(`/causes/${a.name}/`);
      if (!page) continue;
      const meta = new Map<string, string>();
      for (const t of tagsOf(page.html)) {
        if (t.name === 'meta') meta.set(t.attrs.get('property') ?? t.attrs.get('name') ?? '', t.attrs.get('content') ?? '');
        if (t.name === 'link' && t.attrs.get('rel') === 'canonical') meta.set('canonical', t.attrs.get('href') ?? '');
      }
      const title = String(a.data.title);
      const summary = String(a.data.summary);
      const checks: [string, string | undefined, string][] = [
        ['og:title', meta.get('og:title'), title],
        ['twitter:title', meta.get('twitter:title'), title],
        ['description', meta.get('description'), summary],
        ['og:description', meta.get('og:description'), summary],
        ['twitter:description', meta.get('twitter:description'), summary],
        ['og:type', meta.get('og:type'), 'article'],
        ['twitter:card', meta.get('twitter:card'), 'summary'],
      ];
      for (const [k, got, want] of checks) if (got !== want) wrong.push(`${a.name}: ${k} is ${JSON.stringify(got)}`);
      if (!meta.get('og:site_name')) wrong.push(`${a.name}: no og:site_name`);
      const canonical = meta.get('canonical') ?? '';
      if (!canonical.endsWith(`/causes/${a.name}/`) || meta.get('og:url') !== canonical)
        wrong.push(`${a.name}: canonical ${canonical}, og:url ${meta.get('og:url')}`);
      const t = textOf(page.html, /<title>/, 'title');
      if (!t?.startsWith(title)) wrong.push(`${a.name}: <title> is ${JSON.stringify(t)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('home, /causes/, the cause pages and 404 ship no script and no hydrated island', () => {
    const wrong: string[] = [];
    for (const p of pages.filter((x) => x.path === '/' || x.path === '/404.html' || x.path.startsWith('/causes/'))) {
      if (/<script\b/i.test(p.html)) wrong.push(`${p.path}: <script>`);
      if (/<astro-island\b/i.test(p.html)) wrong.push(`${p.path}: <astro-island>`);
      if (/<link[^>]+rel="modulepreload"/i.test(p.html)) wrong.push(`${p.path}: modulepreload`);
    }
    expect(wrong).toEqual([]);
  });

  it('only the articles, the tool pages, the guides and home are indexed for search', () => {
    const indexed = pages.filter((p) => /data-pagefind-body/.test(p.html)).map((p) => p.path);
    const articles = readArticles().map((a) => `/causes/${a.name}/`);
    const tools = readdirSync(join(import.meta.dirname, '../../content/tools'))
      .filter((f) => f.endsWith('.mdx'))
      .map((f) => `/seen-in/${f.replace(/\.mdx$/, '')}/`);
    const guides = readdirSync(join(import.meta.dirname, '../../content/guides'))
      .filter((f) => f.endsWith('.mdx'))
      .map((f) => `/guides/${f.replace(/\.mdx$/, '')}/`);
    expect(indexed.sort()).toEqual(['/', ...articles, ...tools, ...guides].sort());
  });

  it('robots.txt points at the sitemap, and the sitemap lists every cause page', () => {
    const robots = existsSync(join(DIST, 'robots.txt'));
    expect(robots).toBe(true);
    const text = readFileSync(join(DIST, 'robots.txt'), 'utf8');
    const sitemapUrl = /^Sitemap:\s*(\S+)/m.exec(text)?.[1] ?? '';
    expect(sitemapUrl).toMatch(/\/sitemap-index\.xml$/);
    const all = readdirSync(DIST)
      .filter((f) => /^sitemap-\d+\.xml$/.test(f))
      .map((f) => readFileSync(join(DIST, f), 'utf8'))
      .join('\n');
    const missing = readArticles()
      .filter((a) => !all.includes(`/causes/${a.name}/</loc>`))
      .map((a) => a.name);
    expect(missing).toEqual([]);
    expect(all).not.toContain('404');
  });
});
