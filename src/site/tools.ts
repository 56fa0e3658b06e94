/**
 * Build-time access to the "Seen in" articles (content/tools/<id>.mdx): one page per tool that
 * shows the error in its own words. Cause pages list the tools whose frontmatter names them.
 */
import { type CollectionEntry, getCollection } from 'astro:content';

export type ToolEntry = CollectionEntry<'tools'>;

/** Every tool article, checked (id equals the file name) and in title order. */
export async function getToolEntries(): Promise<ToolEntry[]> {
  const entries = await getCollection('tools');
  for (const e of entries) {
    if (e.data.id !== e.id) throw new Error(`content/tools/${e.id}.mdx: frontmatter field "id" is "${e.data.id}" but the file name says "${e.id}"`);
  }
  return entries.sort((a, b) => a.data.title.localeCompare(b.data.title));
}

/** The URL of a tool page. */
export function toolHref(id: string): string {
  return `/seen-in/${id}/`;
}

/** The tools whose pages say a cause applies to them ("Seen in" on the cause page). */
export async function toolsForCause(causeId: string): Promise<{ id: string; title: string; href: string }[]> {
  const tools = await getToolEntries();
  return tools
    .filter((t) => t.data.causes.includes(causeId as (typeof t.data.causes)[number]))
    .map((t) => ({ id: t.id, title: t.data.title, href: toolHref(t.id) }));
}
