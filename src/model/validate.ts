/**
 * Checks untrusted JSON (a file, a share link, a pasted scenario) against the Scenario contract.
 * Never throws: returns the scenario when valid, and one problem per mistake, each naming the field
 * path and what was expected. Unknown fields are errors, not silently ignored.
 *
 * The rules and their messages are the schema's (scenario.ts); this module only turns zod's issues
 * into problems a user reads: a path written as in JavaScript (`targets[0].port`), one problem per
 * unknown field, and nothing about the items of a list that is too long.
 */
import type * as z from 'zod/mini';
import { type Scenario, ScenarioSchema } from './scenario.ts';

export interface Problem {
  /** Field path, e.g. `server.dns.records.db.internal[0]` or `targets[2].state`. */
  path: string;
  message: string;
}

export interface Validation {
  scenario: Scenario | null;
  problems: Problem[];
}

/** `['targets', 0, 'port']` → `targets[0].port`; the whole scenario is `(scenario)`. */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out || '(scenario)';
}

/** A cap on a list's or a record set's size: its items are not reported one by one. */
const isCap = (issue: z.core.$ZodIssue): boolean => (issue.code === 'too_big' && issue.origin === 'array') || issue.code === 'custom';

function problemsOf(issues: readonly z.core.$ZodIssue[]): Problem[] {
  const problems: Problem[] = [];
  const capped = issues.filter(isCap).map((i) => fieldPath(i.path));
  const under = (path: string) => capped.some((c) => path.startsWith(`${c}[`) || path.startsWith(`${c}.`));
  for (const issue of issues) {
    const path = fieldPath(issue.path);
    if (under(path)) continue;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ path: fieldPath([...issue.path, key]), message: issue.message });
    } else problems.push({ path, message: issue.message });
  }
  return problems;
}

export function validateScenario(input: unknown): Validation {
  const result = ScenarioSchema.safeParse(input, { jitless: true });
  if (result.success) return { scenario: input as Scenario, problems: [] };
  return { scenario: null, problems: problemsOf(result.error.issues) };
}

/** Parses JSON text and validates it; a JSON syntax error is reported as one problem with its position. */
export function parseScenarioJson(source: string): Validation {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (e) {
    return { scenario: null, problems: [{ path: '(json)', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  return validateScenario(data);
}
