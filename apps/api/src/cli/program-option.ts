import type { Db } from '@omniloyal/ledger';

export const programOptionHelp = 'program id (default: the only program, or the oldest one)';

/** The program a command acts on: the one named, else the oldest (a fresh install has just the demo). */
export async function resolveProgram(db: Db, programId?: string): Promise<{ id: string; name: string }> {
  let query = db.selectFrom('programs').select(['id', 'name']);
  query = programId ? query.where('id', '=', programId) : query.orderBy('created_at').orderBy('id');
  const program = await query.executeTakeFirst();
  if (!program) {
    throw new CliError(programId ? `No program ${programId}` : 'There is no program yet: run `npm run cli -- seed-demo` or create one first');
  }
  return program;
}

/** A failure the operator can act on: printed without a stack trace, exit code 1. */
export class CliError extends Error {}
