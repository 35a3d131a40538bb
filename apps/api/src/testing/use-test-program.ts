import { afterAll, beforeAll } from 'vitest';
import { createTestDb, type TestDb } from '@omniloyal/ledger/testing';
import { setupProgram, type ProgramFixture } from './fixtures.ts';

/**
 * The usual start of an API test file: a fresh database with one program set up before the tests,
 * destroyed after them. Read `t` and `p` inside tests (they are filled in by `beforeAll`).
 */
export function useTestProgram(): { t: TestDb; p: ProgramFixture } {
  const state = {} as { t: TestDb; p: ProgramFixture };
  beforeAll(async () => {
    state.t = await createTestDb();
    state.p = await setupProgram(state.t.db);
  });
  afterAll(async () => state.t?.destroy());
  return state;
}
