import { evaluateEvent, type Channel } from '@omniloyal/core';
import { earn, type Db } from '@omniloyal/ledger';
import { memberContext, type ResolvedMember } from './members.ts';
import { versionAt } from './program-versions.ts';
import { limitInputs } from './rule-counters.ts';
import { updateTierAfterEarn } from './tier-status.ts';
import { pendingPoints } from './earn-summary.ts';

export interface EventRequest {
  programId: string;
  member: ResolvedMember;
  channel: Channel;
  /** Unique per program: the idempotency key of the event's earn. */
  eventId: string;
  type: string;
  occurredAt?: string;
  properties?: Record<string, string | number | boolean>;
  terminalId?: string;
  storeId?: string;
  now: Date;
}

/**
 * Earns for a non-purchase event (sign-up, referral, app download, custom) through the same rules as
 * purchases. Idempotent by eventId: a retry, even without occurredAt, is evaluated at the first
 * attempt's time and so is the same request.
 */
export async function earnForEvent(db: Db, request: EventRequest) {
  const key = `event:${request.eventId}`;
  const first = await db
    .selectFrom('ledger_transactions')
    .select('occurred_at')
    .where('program_id', '=', request.programId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  const occurredAt = request.occurredAt ?? first?.occurred_at.toISOString() ?? request.now.toISOString();
  const version = await versionAt(db, request.programId, occurredAt);
  const limits = await limitInputs(db, { programId: request.programId, memberId: request.member.id, document: version.document, at: occurredAt, eventType: request.type });
  const result = evaluateEvent(version.compiled, {
    event: { type: request.type, occurredAt, ...(request.properties ? { properties: request.properties } : {}) },
    channel: request.channel,
    member: memberContext(request.member),
    ...limits,
  });
  const rules = result.lines.filter((line) => line.points !== 0);
  let replayed = false;
  if (result.points > 0) {
    const receipt = await earn(db, {
      programId: request.programId,
      key,
      channel: request.channel,
      ...(request.terminalId ? { terminalId: request.terminalId } : {}),
      ...(request.storeId ? { storeId: request.storeId } : {}),
      occurredAt,
      now: request.now.toISOString(),
      memberId: request.member.id,
      lots: result.lots.filter((lot) => lot.points > 0),
      ruleVersion: version.version,
      rules: rules.map(({ ruleId, name, points }) => ({ ruleId, name, points })),
      reason: rules.map((rule) => rule.name).join(', '),
    });
    replayed = receipt.replayed;
    if (!replayed) await updateTierAfterEarn(db, { programId: request.programId, member: request.member, document: version.document, at: occurredAt });
  }
  return {
    eventId: request.eventId,
    memberId: request.member.id,
    points: result.points,
    pending: pendingPoints(result, occurredAt),
    rules: rules.map(({ ruleId, name, points, explanation }) => ({ ruleId, name, points, explanation })),
    replayed,
  };
}

/** The sign-up event every enrolment sends, whatever the channel (welcome bonuses). */
export function signupEvent(programId: string, member: ResolvedMember, channel: Channel, now: Date, extra: { terminalId?: string; storeId?: string } = {}) {
  return { programId, member, channel, eventId: `signup:${member.id}`, type: 'signup', now, ...extra } satisfies EventRequest;
}
