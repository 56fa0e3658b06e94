/**
 * Build-time access to the guides (content/guides/<id>.mdx): answers, given once, to the questions
 * the cause pages assume (how to read the server's log, how to reload sshd, which hop refused…).
 * Each guide names the cause pages that link it, or `all`.
 */
import { type CollectionEntry, getCollection } from 'astro:content';

export type GuideEntry = CollectionEntry<'guides'>;

/** What a cause page needs to link one guide. */
export interface GuideLink {
  id: string;
  title: string;
  summary: string;
  href: string;
  placement: 'before' | 'related';
}

/** Every guide, checked (id equals the file name) and in `order`, then title order. */
export async function getGuideEntries(): Promise<GuideEntry[]> {
  const entries = await getCollection('guides');
  for (const e of entries) {
    if (e.data.id !== e.id) throw new Error(`content/guides/${e.id}.mdx: frontmatter field "id" is "${e.data.id}" but the file name says "${e.id}"`);
  }
  return entries.sort((a, b) => a.data.order - b.data.order || a.data.title.localeCompare(b.data.title));
}

/** The URL of a guide. */
export function guideHref(id: string): string {
  return `/guides/${id}/`;
}

/** Whether a guide applies to a cause page. */
export function guideAppliesTo(guide: GuideEntry, causeId: string): boolean {
  const { causes } = guide.data;
  return causes === 'all' || (causes as readonly string[]).includes(causeId);
}

/** The guides a cause page links, in guide order. */
export async function guidesForCause(causeId: string): Promise<GuideLink[]> {
  const guides = await getGuideEntries();
  return guides
    .filter((g) => guideAppliesTo(g, causeId))
    .map((g) => ({ id: g.id, title: g.data.title, summary: g.data.summary, href: guideHref(g.id), placement: g.data.placement }));
}
