import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { isCauseId } from './model/causes.ts';
import { SYMPTOM_FAMILIES } from './site/families.ts';
import { CLIENT_SOFTWARE } from './model/software/index.ts';

const causeId = z.string().refine((v) => isCauseId(v), {
  message: 'not an id in the cause catalog (src/model/causes.ts)',
});

/** One line set that a user sees for one server family. */
const symptom = z.object({
  /**
   * Which servers print these lines: `openssh-pre-7.5` (OpenSSH 7.4 and older, e.g. RHEL/CentOS 7),
   * `openssh-7.5+`, `dropbear`, or `any` when every family prints the same.
   */
  family: z.enum(SYMPTOM_FAMILIES),
  /**
   * Which form of the problem these lines belong to, when a page shows more than one for a family
   * (e.g. "-R from a Unix socket path"), or which releases print them when they differ within the
   * family: server releases ("OpenSSH 10.0 and later, and Debian 12's 9.2p1", "Dropbear before
   * 2022.82") or the user's ssh ("your ssh is OpenSSH 9.5 or later"); shown after the family's name.
   */
  when: z.string().min(1).optional(),
  /** Exactly what the ssh client prints on stderr at the default LogLevel, one entry per line. */
  client: z.array(z.string()).min(1),
  /** What the server logs (sshd at LogLevel VERBOSE), one entry per line; empty when it logs nothing. */
  server: z.array(z.string()).default([]),
});

/** Frontmatter of `content/causes/<id>.mdx`: one article per cause. */
export const causeSchema = z
  .object({
    /** The catalog id; must equal the file name and stays stable once published (it is the URL). */
    id: causeId,
    /** The page title: the cause in plain words, as a user would search for it. */
    title: z.string().min(8).max(90),
    /** One sentence, shown in lists, search results and link previews. */
    summary: z.string().min(20).max(220),
    /** The catalog section the cause belongs to. */
    kind: z.enum(['policy', 'resolution', 'target', 'resources', 'look-alike', 'myth']),
    /** The machine on which the fix is made. */
    fixOn: z.enum(['client', 'jump-host', 'ssh-server', 'name-resolution', 'target', 'network']),
    /** What backs the page: observed here with real servers, read in the source, only reported, or a myth. */
    evidence: z.enum(['observed', 'source', 'reported', 'myth']),
    /** For `source` evidence: the openssh-portable file(s) and release that back the lines. */
    sourceRef: z.string().optional(),
    /** What the user sees, per server family where it differs. */
    symptoms: z.array(symptom).min(1),
    /** Other causes worth reading next; each must be a catalog id. */
    related: z.array(causeId).default([]),
  })
  .strict();

/** One line a tool shows, with where its wording comes from. */
const shownLine = z
  .object({
    /** The line exactly as the tool prints or logs it (timestamps and prefixes included when the tool adds them). */
    text: z.string().min(1),
    /**
     * Where the wording comes from: `recorded: <program> <version>` (test/conformance/clients/recordings/),
     * `source: <repo or project> <file> <release>`, or the URL of a public issue.
     */
    source: z.string().min(8),
  })
  .strict();

/** Frontmatter of `content/tools/<id>.mdx`: one "Seen in" page per tool (or family of tools). */
export const toolSchema = z
  .object({
    /** The page id; equals the file name and is the URL `/seen-in/<id>/`. Stable once published. */
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    /** The tools as users name them, e.g. "VS Code Remote-SSH". Shown as the page title. */
    title: z.string().min(3).max(90),
    /** One sentence, shown in lists, search results and link previews. */
    summary: z.string().min(20).max(220),
    /**
     * The SSH implementation the tool runs on the user's side (`client.software` in the model),
     * `server-product` when the page is about servers that are not OpenSSH, or `several` when the
     * page covers tools built on different SSH implementations.
     */
    software: z.enum([...CLIENT_SOFTWARE, 'server-product', 'several']),
    /** What the user sees in this tool, in the order it appears. */
    shows: z.array(shownLine).min(1),
    /** The causes that apply, most likely first; each must be a catalog id. Cause pages list this page under "Seen in". */
    causes: z.array(causeId).min(1),
  })
  .strict();

/** Frontmatter of `content/guides/<id>.mdx`: one answer to a question the cause pages assume. */
export const guideSchema = z
  .object({
    /** The page id; equals the file name and is the URL `/guides/<id>/`. Stable once published. */
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    /** The question as a reader would ask it. Shown as the page title. */
    title: z.string().min(8).max(90),
    /** The short answer in one sentence, shown in lists, search results, link previews and on cause pages. */
    summary: z.string().min(20).max(220),
    /** Where it appears in lists: smaller numbers first. */
    order: z.number().int().min(0),
    /**
     * Which box on a cause page links it: `before` ("Before you start": the reader needs it to follow
     * the page's steps) or `related` ("Related questions").
     */
    placement: z.enum(['before', 'related']),
    /** The cause pages that link this guide: catalog ids, or `all` for every cause page. */
    causes: z.union([z.literal('all'), z.array(causeId).min(1)]),
    /** Each program's line the page quotes, with where its wording comes from (as on tool pages). */
    quotes: z.array(shownLine).default([]),
  })
  .strict();

export const collections = {
  causes: defineCollection({
    loader: glob({ pattern: '*.mdx', base: './content/causes' }),
    schema: causeSchema,
  }),
  tools: defineCollection({
    loader: glob({ pattern: '*.mdx', base: './content/tools' }),
    schema: toolSchema,
  }),
  guides: defineCollection({
    loader: glob({ pattern: '*.mdx', base: './content/guides' }),
    schema: guideSchema,
  }),
};
