import { uuidv7 } from 'uuidv7';
import type { Db } from '../db.ts';
import { createMember, createProgram, type Program } from '../members.ts';

/** A program and a member factory for ledger tests. */
export async function setupProgram(db: Db, name = 'Test Rewards'): Promise<{ program: Program; newMember: (label?: string) => Promise<string> }> {
  const program = await createProgram(db, { name, currency: 'USD' });
  let n = 0;
  return {
    program,
    async newMember(label = 'member') {
      n += 1;
      const member = await createMember(db, {
        programId: program.id,
        identifiers: [{ kind: 'email', value: `${label}-${n}-${uuidv7().slice(-8)}@example.com` }],
        enrolledChannel: 'web',
      });
      return member.id;
    },
  };
}

/** Fixed instants so tests never depend on the clock. */
export const T0 = new Date('2026-01-01T00:00:00Z');
export const at = (days: number) => new Date(T0.getTime() + days * 86_400_000).toISOString();
export const key = () => `k-${uuidv7()}`;
