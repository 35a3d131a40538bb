import { programDocumentSchema, type ProgramDocument } from './document.ts';
import { problemsFromZod, type Problem } from './problems.ts';
import { semanticProblems } from './semanticChecks.ts';

export type ValidationResult = { ok: true; document: ProgramDocument } | { ok: false; problems: Problem[] };

/** Validates shape (zod) then meaning (references, ordering); every problem names its path. */
export function validateProgram(input: unknown): ValidationResult {
  const parsed = programDocumentSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error.issues, input) };
  const problems = semanticProblems(parsed.data);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, document: parsed.data };
}

/** Like validateProgram but throws one readable error; for documents shipped in code. */
export function parseProgram(input: unknown): ProgramDocument {
  const result = validateProgram(input);
  if (!result.ok) {
    throw new Error(`invalid program document:\n${result.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  }
  return result.document;
}
