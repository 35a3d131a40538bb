import { starbucksDemoProgram, type ProgramDocument } from '@omniloyal/core';
import { createProgram, type Db } from '@omniloyal/ledger';
import type { Credential } from '../auth/credential.ts';
import { createApiKey } from '../auth/api-keys.ts';
import { createManager } from '../services/managers.ts';
import { publishVersion } from '../services/publish-version.ts';

export const TEST_PASSWORD = 'correct horse battery';

/**
 * A program with a published version (effective long ago), a store, a manager of each role, a till key
 * and an integration key: what most API tests start from. `tag` keeps emails unique per program.
 */
export async function setupProgram(db: Db, options: { document?: ProgramDocument; tag?: string } = {}) {
  const document = options.document ?? starbucksDemoProgram;
  const tag = options.tag ?? 'a';
  const program = await createProgram(db, {
    name: document.program.name,
    currency: document.program.currency,
    timeZone: document.program.timeZone,
  });
  const programId = program.id;
  await publishVersion(db, { programId, document, effectiveAt: new Date('2020-01-01T00:00:00Z'), publishedBy: 'test' });
  const storeId = `store-${tag}`;
  await db.insertInto('stores').values({ program_id: programId, id: storeId, name: `Store ${tag}` }).execute();
  const managers = {} as Record<'owner' | 'manager' | 'analyst' | 'support', Extract<Credential, { kind: 'manager' }>>;
  for (const role of ['owner', 'manager', 'analyst', 'support'] as const) {
    const manager = await createManager(db, { programId, email: `${role}.${tag}@example.com`, password: TEST_PASSWORD, role });
    managers[role] = { kind: 'manager', sessionId: `session-${role}`, programId, managerId: manager.id, email: manager.email, role };
  }
  const terminalKey = await createApiKey(db, { kind: 'terminal', programId, storeId });
  const integrationKey = await createApiKey(db, { kind: 'integration', programId, channel: 'web' });
  const terminal: Credential = { kind: 'terminal', keyId: terminalKey.id, programId, storeId, channel: 'pos' };
  const integration: Credential = { kind: 'integration', keyId: integrationKey.id, programId, channel: 'web' };
  return { programId, document, storeId, managers, terminal, integration, keys: { terminal: terminalKey.key, integration: integrationKey.key } };
}
export type ProgramFixture = Awaited<ReturnType<typeof setupProgram>>;
