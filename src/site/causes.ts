/**
 * Build-time access to the cause articles, in catalog order, joined with the catalog entry.
 * The catalog (src/model/causes.ts) is the source of truth for ids, kind, fixOn and evidence.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { CAUSES, causeById, type CauseInfo } from '../model/causes.ts';

export type CauseEntry = CollectionEntry<'causes'>;

export interface CauseListItem {
  id: string;
  info: CauseInfo;
  /** The article's title, or the catalog title when the article is missing. */
  title: string;
  /** The article's summary; empty when the article is missing. */
  summary: string;
  href: string;
  hasArticle: boolean;
}

/**
 * Every article, checked against the catalog. Throws (failing the build) naming the file and the
 * field when the frontmatter disagrees with the file name or with the catalog.
 */
export async function getCauseEntries(): Promise<CauseEntry[]> {
  const entries = await getCollection('causes');
  for (const e of entries) {
    const file = `content/causes/${e.id}.mdx`;
    if (e.data.id !== e.id) throw new Error(`${file}: frontmatter field "id" is "${e.data.id}" but the file name says "${e.id}"`);
    const info = causeById(e.id);
    if (!info) throw new Error(`${file}: "${e.id}" is not in the cause catalog (src/model/causes.ts)`);
    for (const field of ['kind', 'fixOn', 'evidence'] as const) {
      if (e.data[field] !== info[field]) {
        throw new Error(`${file}: frontmatter field "${field}" is "${e.data[field]}" but the catalog says "${info[field]}"`);
      }
    }
  }
  const order = (id: string) => CAUSES.findIndex((c) => c.id === id);
  return entries.sort((a, b) => order(a.id) - order(b.id));
}

/** The whole catalog as list items, with article titles and summaries where articles exist. */
export async function getCauseList(): Promise<CauseListItem[]> {
  const entries = await getCauseEntries();
  const byId = new Map(entries.map((e) => [e.id, e]));
  return CAUSES.map((info) => {
    const e = byId.get(info.id);
    return {
      id: info.id,
      info,
      title: e?.data.title ?? info.title,
      summary: e?.data.summary ?? '',
      href: `/causes/${info.id}/`,
      hasArticle: Boolean(e),
    };
  });
}
