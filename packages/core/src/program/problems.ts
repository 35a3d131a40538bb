import type { z } from 'zod';

/** One thing wrong with a document, at a path a manager can find: `earning.rules[3].when.all[1].value`. */
export interface Problem {
  path: string;
  message: string;
}

type Path = readonly PropertyKey[];

/** `['earning','rules',3,'when']` → `earning.rules[3].when`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function valueAt(input: unknown, path: Path): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/**
 * How badly an input misses the shape of one union branch: wrong type at the root,
 * missing or unknown keys, a literal discriminator that differs. Value errors deeper
 * down do not count: they mean "right branch, wrong value", which is what to report.
 */
function mismatch(issues: readonly z.core.$ZodIssue[], input: unknown, base: Path): number {
  let score = 0;
  for (const issue of issues) {
    const depth = issue.path.length;
    if (depth === 0 && issue.code !== 'invalid_union' && issue.code !== 'custom') score += 2;
    else if (depth === 0) score += 1;
    else if (issue.code === 'invalid_type' && valueAt(input, [...base, ...issue.path]) === undefined) score += 1;
    else if (issue.code === 'invalid_value' && depth === 1) score += 1;
  }
  return score;
}

function messageFor(issue: z.core.$ZodIssue, input: unknown, path: Path): string {
  if (issue.code === 'invalid_type' && valueAt(input, path) === undefined) return 'is required';
  if (issue.code === 'invalid_value') return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
  if (issue.code === 'unrecognized_keys') return `unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message.replace(/^Invalid input: /, '');
}

/**
 * Flattens zod issues into problems with exact paths. Unions are resolved to the
 * branch the input was evidently meant for, so a bad leaf condition reads
 * `...when.all[1].value: expected number` instead of "Invalid input" at the leaf.
 */
export function problemsFromZod(issues: readonly z.core.$ZodIssue[], input: unknown, base: Path = []): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const scored = issue.errors.map((branch) => ({ branch, score: mismatch(branch, input, path) }));
      const best = Math.min(...scored.map((s) => s.score));
      const winners = scored.filter((s) => s.score === best);
      // Every branch (or every closest branch) disagrees on the same literal, e.g. an
      // unknown `field` or `op`: list what is allowed rather than pick one branch.
      const literal =
        sharedLiteralProblem(issue.errors, path) ?? (winners.length > 1 ? sharedLiteralProblem(winners.map((w) => w.branch), path) : undefined);
      if (literal) out.push(literal);
      else out.push(...problemsFromZod(winners[0]?.branch ?? [], input, path));
      continue;
    }
    if (issue.code === 'invalid_union') {
      const note = (issue as { note?: string }).note;
      out.push({ path: formatPath(path), message: note ? issue.message : 'does not match any allowed form' });
      continue;
    }
    out.push({ path: formatPath(path), message: messageFor(issue, input, path) });
  }
  return out;
}

function sharedLiteralProblem(branches: readonly (readonly z.core.$ZodIssue[])[], path: Path): Problem | undefined {
  const allowed = new Set<string>();
  let key: string | undefined;
  for (const branch of branches) {
    const hit = branch.find((i) => i.code === 'invalid_value' && i.path.length === 1);
    if (!hit || hit.code !== 'invalid_value') return undefined;
    const k = String(hit.path[0]);
    if (key !== undefined && key !== k) return undefined;
    key = k;
    for (const v of hit.values) allowed.add(JSON.stringify(v));
  }
  if (key === undefined) return undefined;
  return { path: formatPath([...path, key]), message: `must be one of ${[...allowed].join(', ')}` };
}
