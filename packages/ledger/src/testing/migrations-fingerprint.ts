import { createHash } from 'node:crypto';
import { migrations } from '../migrations/index.ts';

/** Changes whenever a migration is added or edited, so cached templates are never stale. */
export function migrationsFingerprint(): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(migrations).sort()) {
    const migration = migrations[name]!;
    hash.update(name).update(String(migration.up)).update(String(migration.down ?? ''));
  }
  return hash.digest('hex').slice(0, 16);
}
