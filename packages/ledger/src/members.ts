import { sql } from 'kysely';
import { z } from 'zod';
import { uuidv7 } from 'uuidv7';
import type { Db } from './db.ts';
import { LedgerError, sqlState } from './errors.ts';
import { inTransaction } from './transaction.ts';
import { parseInput, uuid } from './post/request.ts';
import type { IdentifierKind } from './schema/ledger-tables.ts';

export const identifierKinds = ['email', 'phone', 'card', 'app'] as const;

/** The stored form of an identifier, so a phone typed two ways is one identifier. */
export function normalizeIdentifier(kind: IdentifierKind, value: string): string {
  const trimmed = value.trim();
  switch (kind) {
    case 'email':
      return trimmed.toLowerCase();
    case 'phone': {
      const digits = trimmed.replace(/^00/, '+').replace(/[^\d+]/g, '');
      return `+${digits.replace(/\+/g, '')}`;
    }
    case 'card':
      return trimmed.replace(/[\s-]/g, '').toUpperCase();
    case 'app':
      return trimmed;
  }
}

const identifierInput = z
  .object({ kind: z.enum(identifierKinds), value: z.string().trim().min(1).max(320) })
  .transform((identifier) => ({ kind: identifier.kind, value: normalizeIdentifier(identifier.kind, identifier.value) }))
  .superRefine((identifier, ctx) => {
    if (identifier.kind === 'email' && !z.email().safeParse(identifier.value).success) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `"${identifier.value}" is not an e-mail address` });
    }
    if (identifier.kind === 'phone' && !/^\+\d{7,15}$/.test(identifier.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'a phone number has 7 to 15 digits, with its country code' });
    }
  });
export type IdentifierInput = z.input<typeof identifierInput>;

export const createProgramInput = z.object({
  id: uuid.optional(),
  name: z.string().trim().min(1).max(200),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD'),
  timeZone: z.string().min(1).max(64).default('UTC'),
});
export type CreateProgramInput = z.input<typeof createProgramInput>;
export interface Program {
  id: string;
  name: string;
  currency: string;
  timeZone: string;
}

const programAccountKinds = ['issued', 'redeemed', 'expired', 'adjusted', 'reversed'] as const;

/** A program with its ledger accounts (issued, redeemed, expired, adjusted, reversed). */
export async function createProgram(db: Db, input: CreateProgramInput): Promise<Program> {
  const request = parseInput(createProgramInput, input);
  const program = { id: request.id ?? uuidv7(), name: request.name, currency: request.currency, timeZone: request.timeZone };
  await inTransaction(db, async (trx) => {
    await trx.insertInto('programs')
      .values({ id: program.id, name: program.name, currency: program.currency, time_zone: program.timeZone })
      .execute();
    const accounts = await trx.insertInto('accounts')
      .values(programAccountKinds.map((kind) => ({ program_id: program.id, member_id: null, kind })))
      .returning(['id', 'kind'])
      .execute();
    const idOf = (kind: string) => accounts.find((account) => account.kind === kind)!.id;
    await trx.insertInto('program_accounts').values({
      program_id: program.id,
      issued_account: idOf('issued'),
      redeemed_account: idOf('redeemed'),
      expired_account: idOf('expired'),
      adjusted_account: idOf('adjusted'),
      reversed_account: idOf('reversed'),
    }).execute();
  }).catch((error: unknown) => {
    if (sqlState(error) === '23505') throw new LedgerError('CONFLICT', `id: program ${program.id} already exists`);
    throw error;
  });
  return program;
}

export const createMemberInput = z.object({
  programId: uuid,
  id: uuid.optional(),
  identifiers: z.array(identifierInput).max(10),
  name: z.string().trim().min(1).max(200).optional(),
  birthday: z.iso.date().optional(),
  tags: z.array(z.string().min(1).max(64)).max(50).optional(),
  enrolledChannel: z.string().min(1).max(40),
});
export type CreateMemberInput = z.input<typeof createMemberInput>;

export interface Member {
  id: string;
  programId: string;
  name: string | null;
  birthday: string | null;
  tierId: string | null;
  tierSince: Date | null;
  tags: string[];
  status: 'active' | 'merged';
  mergedInto: string | null;
  enrolledChannel: string;
  createdAt: Date;
  identifiers: { id: number; kind: IdentifierKind; value: string }[];
}

/** A member with its accounts and identifiers; CONFLICT names an identifier another member already has. */
export async function createMember(db: Db, input: CreateMemberInput): Promise<Member> {
  const request = parseInput(createMemberInput, input);
  const id = request.id ?? uuidv7();
  await inTransaction(db, async (trx) => {
    const program = await trx.selectFrom('programs').select('id').where('id', '=', request.programId).executeTakeFirst();
    if (!program) throw new LedgerError('NOT_FOUND', `programId: program ${request.programId} not found`);
    await assertIdentifiersFree(trx, request.programId, request.identifiers);
    await trx.insertInto('members').values({
      id,
      program_id: request.programId,
      name: request.name ?? null,
      birthday: request.birthday ?? null,
      tags: request.tags ?? [],
      enrolled_channel: request.enrolledChannel,
    }).execute();
    const accounts = await trx.insertInto('accounts')
      .values((['available', 'pending', 'held'] as const).map((kind) => ({ program_id: request.programId, member_id: id, kind })))
      .returning(['id', 'kind'])
      .execute();
    const idOf = (kind: string) => accounts.find((account) => account.kind === kind)!.id;
    await trx.insertInto('member_accounts').values({
      member_id: id,
      program_id: request.programId,
      available_account: idOf('available'),
      pending_account: idOf('pending'),
      held_account: idOf('held'),
    }).execute();
    if (request.identifiers.length > 0) {
      await trx.insertInto('identifiers')
        .values(request.identifiers.map((identifier) => ({ program_id: request.programId, member_id: id, ...identifier })))
        .execute();
    }
  }).catch((error: unknown) => {
    if (sqlState(error) === '23505') {
      throw new LedgerError('CONFLICT', /members_pkey/.test(String(error)) ? `id: member ${id} already exists`
        : 'identifiers: one of these identifiers was taken by another member just now');
    }
    throw error;
  });
  return (await getMember(db, id))!;
}

async function assertIdentifiersFree(db: Db, programId: string, identifiers: { kind: IdentifierKind; value: string }[]) {
  for (const identifier of identifiers) {
    const taken = await db.selectFrom('identifiers').select('member_id')
      .where('program_id', '=', programId).where('kind', '=', identifier.kind).where('value', '=', identifier.value)
      .executeTakeFirst();
    if (taken) throw new LedgerError('CONFLICT', `identifiers: ${identifier.kind} ${identifier.value} already belongs to another member`);
  }
}

export async function getMember(db: Db, memberId: string): Promise<Member | undefined> {
  const row = await db.selectFrom('members').selectAll()
    .select(sql<string | null>`birthday::text`.as('birthday_text'))
    .where('id', '=', memberId).executeTakeFirst();
  if (!row) return undefined;
  const identifiers = await db.selectFrom('identifiers').select(['id', 'kind', 'value'])
    .where('member_id', '=', memberId).orderBy('id').execute();
  return {
    id: row.id,
    programId: row.program_id,
    name: row.name,
    birthday: row.birthday_text,
    tierId: row.tier_id,
    tierSince: row.tier_since,
    tags: row.tags,
    status: row.status,
    mergedInto: row.merged_into,
    enrolledChannel: row.enrolled_channel,
    createdAt: row.created_at,
    identifiers,
  };
}

/** The member holding this identifier (after normalisation), or undefined. */
export async function findMemberByIdentifier(db: Db, programId: string, kind: IdentifierKind, value: string): Promise<Member | undefined> {
  const memberId = await findMemberIdByIdentifier(db, programId, kind, value);
  return memberId ? getMember(db, memberId) : undefined;
}

/** The id of the member an identifier names, in one read: for callers that need no more (the till's identify). */
export async function findMemberIdByIdentifier(db: Db, programId: string, kind: IdentifierKind, value: string): Promise<string | undefined> {
  const row = await db.selectFrom('identifiers').select('member_id')
    .where('program_id', '=', programId).where('kind', '=', kind).where('value', '=', normalizeIdentifier(kind, value))
    .executeTakeFirst();
  return row?.member_id;
}

const addIdentifierInput = z.object({ programId: uuid, memberId: uuid }).and(identifierInput);
export type AddIdentifierInput = z.input<typeof addIdentifierInput>;

/** Links an identifier; adding one the member already has returns it; another member's → CONFLICT. */
export async function addIdentifier(db: Db, input: AddIdentifierInput): Promise<{ id: number; kind: IdentifierKind; value: string }> {
  const request = parseInput(addIdentifierInput, input);
  const member = await db.selectFrom('members').select(['id', 'status'])
    .where('id', '=', request.memberId).where('program_id', '=', request.programId).executeTakeFirst();
  if (!member || member.status !== 'active') throw new LedgerError('NOT_FOUND', `memberId: member ${request.memberId} not found`);
  const inserted = await db.insertInto('identifiers')
    .values({ program_id: request.programId, member_id: request.memberId, kind: request.kind, value: request.value })
    .onConflict((oc) => oc.columns(['program_id', 'kind', 'value']).doNothing())
    .returning(['id', 'kind', 'value'])
    .executeTakeFirst();
  if (inserted) return inserted;
  const existing = await db.selectFrom('identifiers').select(['id', 'kind', 'value', 'member_id'])
    .where('program_id', '=', request.programId).where('kind', '=', request.kind).where('value', '=', request.value)
    .executeTakeFirstOrThrow();
  if (existing.member_id !== request.memberId) {
    throw new LedgerError('CONFLICT', `value: ${request.kind} ${request.value} already belongs to another member`);
  }
  return { id: existing.id, kind: existing.kind, value: existing.value };
}

export async function removeIdentifier(db: Db, input: { programId: string; memberId: string; identifierId: number }): Promise<void> {
  const result = await db.deleteFrom('identifiers')
    .where('id', '=', input.identifierId).where('member_id', '=', input.memberId).where('program_id', '=', input.programId)
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) throw new LedgerError('NOT_FOUND', `identifierId: identifier ${input.identifierId} not found`);
}
