import type { Db } from '@omniloyal/ledger';
import { uuidv7 } from 'uuidv7';
import type { Credential } from './credential.ts';
import { hashSecret, newSecret } from './secret-token.ts';

export type KeyKind = 'terminal' | 'integration';
export type KeySpec =
  | { kind: 'terminal'; programId: string; storeId: string; name?: string; createdBy?: string }
  | { kind: 'integration'; programId: string; channel: 'web' | 'app' | 'partner'; name?: string; createdBy?: string };

/** Creates a terminal or integration key. The key itself is returned once and never stored. */
export async function createApiKey(db: Db, spec: KeySpec): Promise<{ id: string; key: string; prefix: string }> {
  const key = newSecret(spec.kind === 'terminal' ? 'olt' : 'oli');
  const id = uuidv7();
  const prefix = key.slice(0, 10);
  await db
    .insertInto('api_keys')
    .values({
      id,
      program_id: spec.programId,
      kind: spec.kind,
      store_id: spec.kind === 'terminal' ? spec.storeId : null,
      channel: spec.kind === 'terminal' ? 'pos' : spec.channel,
      name: spec.name ?? (spec.kind === 'terminal' ? `Till at ${spec.storeId}` : `${spec.channel} integration`),
      prefix,
      key_hash: hashSecret(key),
      created_by: spec.createdBy ?? null,
    })
    .execute();
  return { id, key, prefix };
}

/**
 * Key lookups are cached briefly because every till request carries one; a revocation on this
 * server takes effect at once (the cache entry is dropped), on other servers within KEY_CACHE_MS.
 */
const KEY_CACHE_MS = 5_000;
const cache = new Map<string, { credential: Credential | undefined; until: number }>();

export async function credentialFromKey(db: Db, key: string, now = Date.now()): Promise<Credential | undefined> {
  const keyHash = hashSecret(key);
  const cached = cache.get(keyHash);
  if (cached && cached.until > now) return cached.credential;
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'program_id', 'kind', 'store_id', 'channel'])
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  let credential: Credential | undefined;
  if (row?.kind === 'terminal' && row.store_id) {
    credential = { kind: 'terminal', keyId: row.id, programId: row.program_id, storeId: row.store_id, channel: 'pos' };
  } else if (row?.kind === 'integration' && row.channel !== 'pos') {
    credential = { kind: 'integration', keyId: row.id, programId: row.program_id, channel: row.channel };
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(keyHash, { credential, until: now + KEY_CACHE_MS });
  return credential;
}

/** Revokes a key of this program; returns false when there is no such live key. */
export async function revokeApiKey(db: Db, programId: string, id: string, now = new Date()): Promise<boolean> {
  const row = await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('program_id', '=', programId)
    .where('revoked_at', 'is', null)
    .returning('key_hash')
    .executeTakeFirst();
  if (row) cache.delete(row.key_hash);
  return row !== undefined;
}
