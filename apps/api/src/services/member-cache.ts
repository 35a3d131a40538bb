import type { Db } from '@omniloyal/ledger';
import { LRUCache } from 'lru-cache';
import type { ResolvedMember } from './members.ts';

/**
 * The members recent sales were evaluated with, kept in memory so the next sale of the same member
 * skips its read: that read was a round trip in every till's cycle, and without it the writes' next
 * batch is queued before the running one ends. bench:api, four 20-s rounds alternating which ran first:
 * 0.75/0.83/0.90/0.80x pgbench with kept members against 0.66/0.81/0.77/0.79x reading every sale's; the
 * writes' call in flight 0.96-0.98 of the time instead of 0.90-0.91.
 *
 * A kept member may be out of date — another sale moved its tier, a manager edited its tags, another
 * API process merged it — so a sale evaluated with one says what it assumed (`memberExpectation`), and
 * `checkout_record_batch` checks that in the writes' transaction: STALE_MEMBER, and the sale is
 * evaluated again from a fresh read. Only members found under their own id are kept (a merged id takes
 * the read, which follows the merge).
 *
 * 50,000 members are a few tens of MB at most; the least recently used go first.
 */
const MAX_MEMBERS = 50_000;

interface MemberCache {
  members: LRUCache<string, ResolvedMember>;
  /** Sales that found their member kept, and those of them the write found stale. */
  counts: { hits: number; stale: number };
}

const caches = new WeakMap<Db, MemberCache>();

function cacheOf(db: Db): MemberCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { members: new LRUCache({ max: MAX_MEMBERS }), counts: { hits: 0, stale: 0 } };
    caches.set(db, cache);
  }
  return cache;
}

const keyOf = (programId: string, memberId: string) => `${programId}/${memberId}`;

/** The member as a recent sale read it, if kept. */
export function keptMember(db: Db, programId: string, memberId: string): ResolvedMember | undefined {
  const cache = cacheOf(db);
  const member = cache.members.get(keyOf(programId, memberId));
  if (member) cache.counts.hits += 1;
  return member;
}

export function keepMember(db: Db, member: ResolvedMember): void {
  cacheOf(db).members.set(keyOf(member.programId, member.id), member);
}

/** Forgets a kept member the write found changed. */
export function forgetStaleMember(db: Db, member: ResolvedMember): void {
  const cache = cacheOf(db);
  cache.members.delete(keyOf(member.programId, member.id));
  cache.counts.stale += 1;
}

/** This db's figures (tests read them to see which sales were spared their read). */
export const memberCacheCounts = (db: Db) => cacheOf(db).counts;

/** What the rules used of a kept member, for the write's check (the same keys the ledger compares). */
export type MemberExpectation = Pick<ResolvedMember, 'tierId' | 'tags' | 'birthday'>;

export function memberExpectation(member: ResolvedMember): MemberExpectation {
  return { tierId: member.tierId, tags: member.tags, birthday: member.birthday };
}
