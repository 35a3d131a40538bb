import { sql, type Kysely } from 'kysely';

/**
 * Re-creates a function from its current definition with `from` (which must occur exactly once) replaced
 * by `to`: a migration changes a clause of a long function without restating it in full, and a patch that
 * no longer finds its clause fails the migration instead of doing nothing.
 */
export async function patchFunction(db: Kysely<any>, signature: string, ...patches: { from: string; to: string }[]): Promise<void> {
  const { rows } = await sql<{ definition: string }>`select pg_get_functiondef(${signature}::regprocedure) as definition`.execute(db);
  let definition = rows[0]!.definition;
  for (const { from, to } of patches) {
    const occurrences = definition.split(from).length - 1;
    if (occurrences !== 1) throw new Error(`${signature}: expected the clause once, found it ${occurrences} times: ${from}`);
    definition = definition.replace(from, () => to);
  }
  await sql.raw(definition).execute(db);
}
