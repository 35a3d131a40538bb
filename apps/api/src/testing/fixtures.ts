import { starbucksDemoProgram, type ProgramDocument } from '@omniloyal/core';
import { createProgram, type Db } from '@omniloyal/ledger';
import type { Credential } from '../auth/credential.ts';
import { createApiKey } from '../auth/api-keys.ts';
import { createManager } from '../services/managers.ts';
import { publishVersion } from '../services/publish-version.ts';
import { credentialFromSession } from '../auth/sessions.ts';
import { callerFor } from './test-context.ts';

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

/** Signs a shopper up through auth.signup and returns the member and its session credential. */
export async function signUpShopper(db: Db, fixture: ProgramFixture, email: string, extra: { name?: string; phone?: string; birthday?: string } = {}) {
  let token: string | undefined;
  const anonymous = callerFor(db, { kind: 'anonymous' }, { defaultProgramId: fixture.programId, onSessionCookie: (v) => (token = v) });
  const me = await anonymous.auth.signup({ email, password: 'a long password', ...extra });
  const credential = (await credentialFromSession(db, token!))!;
  return { memberId: me.memberId, credential, caller: callerFor(db, credential) };
}

let orderSeq = 0;
/** A till basket in the demo's categories; amounts in cents. */
export function basket(lines: { sku: string; category: string; unitPrice: number; quantity?: number }[], occurredAt = new Date().toISOString()) {
  const items = lines.map((line, i) => ({ lineId: `l${i + 1}`, sku: line.sku, category: line.category, quantity: line.quantity ?? 1, unitPrice: line.unitPrice }));
  const total = items.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  return { occurredAt, lines: items, payments: [{ method: 'card', amount: total }], currency: 'USD' };
}
export function newOrderId(prefix = 'order'): string {
  orderSeq += 1;
  return `${prefix}-${Date.now()}-${orderSeq}`;
}
