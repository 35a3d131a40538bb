import { z } from 'zod';
import { uuidv7 } from 'uuidv7';
import { sql } from 'kysely';
import type { Db } from '../db.ts';
import { instant, parseInput, positivePoints, post, postingFields, sourceFields, uuid, type Receipt } from './request.ts';
import { redeemInput, type RedeemReceipt } from './redeem.ts';

export const holdInput = z.object({
  ...postingFields,
  ...sourceFields,
  memberId: uuid,
  points: positivePoints,
  /** The API's holdId; generated when absent. */
  holdId: uuid.optional(),
  /** A reservation code a till can capture by; unique per program. */
  code: z.string().min(1).max(64).optional(),
  rewardId: z.string().min(1).max(200).optional(),
  /** How long the hold lives before the TTL job gives the points back (default 15 minutes). */
  ttlSeconds: z.number().int().positive().max(366 * 24 * 3600).optional(),
});
export type HoldInput = z.input<typeof holdInput>;
export interface HoldReceipt extends Receipt {
  kind: 'hold';
  holdId: string;
  code: string | null;
  rewardId: string | null;
  expiresAt: string;
}

/** Reserves points: they leave `available` for `held`, borrowed from specific lots. */
export async function hold(db: Db, input: HoldInput): Promise<HoldReceipt> {
  const request = parseInput(holdInput, input);
  return post(db, 'ledger_hold', 'hold', request, { id: uuidv7(), holdId: request.holdId ?? uuidv7() });
}

const holdRef = z.union([
  z.object({ holdId: uuid, code: z.undefined().optional() }),
  z.object({ code: z.string().min(1).max(64), holdId: z.undefined().optional() }),
], { error: 'holdId or code: give exactly one' });

export const captureInput = z.object({
  ...postingFields,
  ...sourceFields,
  /** Capture fewer points than held (the rest go back); default all. */
  points: positivePoints.optional(),
  rewardId: z.string().min(1).max(200).optional(),
}).and(holdRef);
export type CaptureInput = z.input<typeof captureInput>;

export const releaseInput = z.object({ ...postingFields, ...sourceFields }).and(holdRef);
export type ReleaseInput = z.input<typeof releaseInput>;

export interface EndHoldReceipt extends Receipt {
  kind: 'capture' | 'release';
  holdId: string;
  code: string | null;
  rewardId: string | null;
  captured: number;
  returned: number;
}

/** Redeems a hold's points (all, or `points` of them; the rest return to their lots). HOLD_NOT_ACTIVE if it ended or expired. */
export async function capture(db: Db, input: CaptureInput): Promise<EndHoldReceipt> {
  const request = parseInput(captureInput, input);
  return post(db, 'ledger_end_hold', 'capture', request, { id: uuidv7(), op: 'capture' });
}

/** Gives a hold's points back to the lots they came from. */
export async function release(db: Db, input: ReleaseInput): Promise<EndHoldReceipt> {
  const request = parseInput(releaseInput, input);
  return post(db, 'ledger_end_hold', 'release', request, { id: uuidv7(), op: 'release' });
}

export const redeemExpiredHoldInput = redeemInput.extend({ holdId: uuid });
export type RedeemExpiredHoldInput = z.input<typeof redeemExpiredHoldInput>;

/**
 * Redeems again the points of a hold the expiry job gave back, for a sale made while it stood (an
 * offline till's), and marks the hold captured, in one call: INSUFFICIENT_POINTS when they were spent
 * since, HOLD_NOT_ACTIVE when the hold did not expire (it was captured or released). The request is
 * hashed as the plain redeem it is (the key names the hold), so a sale retried across the upgrade that
 * added this step still replays.
 */
export async function redeemExpiredHold(db: Db, input: RedeemExpiredHoldInput): Promise<RedeemReceipt> {
  const { holdId, ...request } = parseInput(redeemExpiredHoldInput, input);
  return post(db, 'ledger_redeem_expired_hold', 'redeem', request, { id: uuidv7(), holdId });
}

const jobInput = z.object({ now: instant, limit: z.number().int().positive().max(100_000).default(1000) });

/**
 * The TTL job: releases up to `limit` holds whose TTL passed. Safe with several workers at once: owners
 * are locked with SKIP LOCKED, so a busy member's holds wait for the next run instead of blocking.
 */
export async function releaseExpiredHolds(
  db: Db,
  input: { now: Date | string; limit?: number },
): Promise<{ holds: number; points: number }> {
  const { now, limit } = parseInput(jobInput, input);
  const { rows } = await sql<{ r: { holds: number; points: number } }>`
    select ledger_release_expired_holds(${now}::timestamptz, ${limit}::int) as r`.execute(db);
  return rows[0]!.r;
}

