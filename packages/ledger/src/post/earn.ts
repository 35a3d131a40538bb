import { z } from 'zod';
import { uuidv7 } from 'uuidv7';
import { poolOf, type Db } from '../db.ts';
import type { LedgerErrorCode } from '../errors.ts';
import { groupEarn, postBatch } from './earn-group-commit.ts';
import {
  callLedgerJson, describeIssues, instant, parseInput, positivePoints, postingFields, sha256Hex, sourceFields, uuid,
  type Receipt,
} from './request.ts';

const lotInput = z.object({
  points: positivePoints,
  /** Pending until then (a returns window); absent or past = available at once. */
  availableAt: instant.optional(),
  /** null or absent = never expires. */
  expiresAt: instant.nullable().optional(),
});

const ruleCredit = z.object({ ruleId: z.string().min(1), name: z.string(), points: z.number().int() });

export const earnInput = z.object({
  ...postingFields,
  ...sourceFields,
  memberId: uuid,
  /** One lot per expiry the rules produced; points are positive integers. */
  lots: z.array(lotInput).min(1).max(100),
  ruleVersion: z.number().int().nonnegative().optional(),
  rules: z.array(ruleCredit).max(500).optional(),
  reason: z.string().min(1).max(500).optional(),
});
export type EarnInput = z.input<typeof earnInput>;

export interface EarnReceipt extends Receipt {
  kind: 'earn';
  /** The part of `points` that is pending. */
  pendingPoints: number;
}

type EarnRequest = z.output<typeof earnInput>;

/**
 * Credits points as lots; one round trip. On a Postgres pool, concurrent earns share round trips and
 * commits (group commit, see earn-group-commit.ts); inside a caller's transaction each posts directly.
 */
export async function earn(db: Db, input: EarnInput): Promise<EarnReceipt> {
  const json = prepareEarn(input);
  const pool = poolOf(db);
  return pool ? groupEarn(db, json) : callLedgerJson<EarnReceipt>(db, 'ledger_earn', json);
}

/**
 * Validates an earn and serialises it for the ledger's SQL (`ledger_earn_item`), with its hash and a
 * fresh transaction id: for callers that post the earn inside their own SQL function (a checkout).
 */
export function prepareEarn(input: EarnInput): string {
  return earnRequestJson(fastEarnInput(input) ?? parseInput(earnInput, input));
}

export type EarnBatchResult =
  | { ok: true; receipt: EarnReceipt }
  | { ok: false; code: LedgerErrorCode; message: string };

/**
 * Posts many earns in ONE round trip; each succeeds or fails on its own and results come back in
 * request order. The SQL posts the plain items set-based and the others (unknown member, key seen
 * before or twice in the batch, merged member, debt) one by one, all without a subtransaction; if the
 * batch still fails as a whole on something unexpected, it is re-run with a subtransaction per item so
 * the one bad item reports its own error.
 */
export async function earnBatch(db: Db, inputs: readonly EarnInput[]): Promise<EarnBatchResult[]> {
  const results: EarnBatchResult[] = new Array(inputs.length);
  const items: string[] = [];
  const positions: number[] = [];
  inputs.forEach((input, index) => {
    let request = fastEarnInput(input);
    if (!request) {
      const parsed = earnInput.safeParse(input);
      if (!parsed.success) {
        results[index] = { ok: false, code: 'INVALID_REQUEST', message: describeIssues(parsed.error.issues) };
        return;
      }
      request = parsed.data;
    }
    items.push(earnRequestJson(request));
    positions.push(index);
  });
  if (items.length > 0) {
    const answers = await postBatch(db, items);
    answers.forEach((answer, i) => (results[positions[i]!] = answer));
  }
  return results;
}

const str = JSON.stringify;

/**
 * The JSON the SQL receives for one earn: the canonical request (keys sorted at every level, `now` left
 * out; exactly `canonicalJson(request)` of `requestHash`, written directly since the keys are
 * known), then `now`, a fresh transaction id and `hash` = sha256("earn\n" + canonical request), the same
 * value `requestHash('earn', request)` gives.
 */
export function earnRequestJson(r: EarnRequest): string {
  const canonical = earnCanonicalJson(r);
  const hash = sha256Hex(`earn\n${canonical}`);
  const now = r.now === undefined ? '' : `,"now":${str(r.now)}`;
  return `${canonical.slice(0, -1)}${now},"id":"${uuidv7()}","hash":"${hash}"}`;
}

/** `canonicalJson(request without now)` for a parsed earn request (keys in sorted order). */
export function earnCanonicalJson(r: EarnRequest): string {
  let s = `{"channel":${str(r.channel)},"key":${str(r.key)},"lots":[`;
  for (let i = 0; i < r.lots.length; i++) {
    const lot = r.lots[i]!;
    s += i === 0 ? '{' : ',{';
    if (lot.availableAt !== undefined) s += `"availableAt":${str(lot.availableAt)},`;
    if (lot.expiresAt !== undefined) s += `"expiresAt":${str(lot.expiresAt)},`;
    s += `"points":${lot.points}}`;
  }
  s += `],"memberId":${str(r.memberId)}`;
  if (r.occurredAt !== undefined) s += `,"occurredAt":${str(r.occurredAt)}`;
  if (r.orderId !== undefined) s += `,"orderId":${str(r.orderId)}`;
  s += `,"programId":${str(r.programId)}`;
  if (r.reason !== undefined) s += `,"reason":${str(r.reason)}`;
  if (r.ruleVersion !== undefined) s += `,"ruleVersion":${r.ruleVersion}`;
  if (r.rules !== undefined) {
    s += ',"rules":[';
    for (let i = 0; i < r.rules.length; i++) {
      const rule = r.rules[i]!;
      s += `${i === 0 ? '' : ','}{"name":${str(rule.name)},"points":${rule.points},"ruleId":${str(rule.ruleId)}}`;
    }
    s += ']';
  }
  if (r.storeId !== undefined) s += `,"storeId":${str(r.storeId)}`;
  if (r.terminalId !== undefined) s += `,"terminalId":${str(r.terminalId)}`;
  return `${s}}`;
}

// The fast path of validation: a few plain checks accept the common, well-formed request and give exactly
// what `earnInput` would; anything else (an error to describe, an unusual but valid form such as an
// instant with an offset) returns undefined and goes through zod, so messages and edge cases stay zod's.
const UUID = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Marks a value the fast path does not decide. */
const NO = Symbol('no');

function isPlain(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
const text = (value: unknown, min: number, max: number): boolean =>
  typeof value === 'string' && value.length >= min && value.length <= max;
const optText = (value: unknown, max: number): string | undefined | typeof NO =>
  value === undefined ? undefined : text(value, 1, max) ? (value as string) : NO;
const fastUuid = (value: unknown): string | typeof NO =>
  typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : NO;
function fastInstant(value: unknown): string | undefined | typeof NO {
  if (value === undefined) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? NO : value.toISOString();
  // only the canonical UTC form, checked by a round trip (which also rejects impossible dates)
  if (typeof value === 'string' && ISO_UTC.test(value) && new Date(value).toISOString() === value) return value;
  return NO;
}

export function fastEarnInput(input: unknown): EarnRequest | undefined {
  if (!isPlain(input)) return undefined;
  const programId = fastUuid(input.programId);
  const memberId = fastUuid(input.memberId);
  const now = fastInstant(input.now);
  const occurredAt = fastInstant(input.occurredAt);
  const storeId = optText(input.storeId, 200);
  const terminalId = optText(input.terminalId, 200);
  const orderId = optText(input.orderId, 200);
  const reason = optText(input.reason, 500);
  if (programId === NO || memberId === NO || now === NO || occurredAt === NO || storeId === NO || terminalId === NO
    || orderId === NO || reason === NO || !text(input.key, 1, 200) || !text(input.channel, 1, 40)) return undefined;
  const ruleVersion = input.ruleVersion;
  if (ruleVersion !== undefined && !(Number.isSafeInteger(ruleVersion) && (ruleVersion as number) >= 0)) return undefined;
  const lotsIn = input.lots;
  if (!Array.isArray(lotsIn) || lotsIn.length < 1 || lotsIn.length > 100) return undefined;
  const lots: EarnRequest['lots'] = [];
  for (const lot of lotsIn) {
    if (!isPlain(lot) || !Number.isSafeInteger(lot.points) || (lot.points as number) <= 0) return undefined;
    const availableAt = fastInstant(lot.availableAt);
    const expiresAt = lot.expiresAt === null ? null : fastInstant(lot.expiresAt);
    if (availableAt === NO || expiresAt === NO) return undefined;
    const out: EarnRequest['lots'][number] = { points: lot.points as number };
    if (availableAt !== undefined) out.availableAt = availableAt;
    if (expiresAt !== undefined) out.expiresAt = expiresAt;
    lots.push(out);
  }
  let rules: EarnRequest['rules'];
  if (input.rules !== undefined) {
    if (!Array.isArray(input.rules) || input.rules.length > 500) return undefined;
    rules = [];
    for (const rule of input.rules) {
      if (!isPlain(rule) || !text(rule.ruleId, 1, Infinity) || typeof rule.name !== 'string' || !Number.isSafeInteger(rule.points)) {
        return undefined;
      }
      rules.push({ ruleId: rule.ruleId as string, name: rule.name, points: rule.points as number });
    }
  }
  const out: EarnRequest = { programId, key: input.key as string, channel: input.channel as string, memberId, lots };
  if (now !== undefined) out.now = now;
  if (storeId !== undefined) out.storeId = storeId;
  if (terminalId !== undefined) out.terminalId = terminalId;
  if (orderId !== undefined) out.orderId = orderId;
  if (occurredAt !== undefined) out.occurredAt = occurredAt;
  if (ruleVersion !== undefined) out.ruleVersion = ruleVersion as number;
  if (rules !== undefined) out.rules = rules;
  if (reason !== undefined) out.reason = reason;
  return out;
}
