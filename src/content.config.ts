import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { isCauseId } from './model/causes.ts';
import { SYMPTOM_FAMILIES } from './site/families.ts';

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
   * (e.g. "-R from a Unix socket path"); shown after the family's name.
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

export const collections = {
  causes: defineCollection({
    loader: glob({ pattern: '*.mdx', base: './content/causes' }),
    schema: causeSchema,
  }),
};
