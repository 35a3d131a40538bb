import { z } from 'zod';
import { normalizeIdentifier, type IdentifierKind } from '@omniloyal/ledger';
import type { MemberToInsert } from './insert-members.ts';

/** The columns import-members reads (a header row names them; order and extra columns do not matter). */
export const importColumns = ['email', 'phone', 'name', 'birthday', 'card'] as const;

const email = z.email();
const birthday = z.iso.date();

/** One CSV record → a member to insert, or the reason it is refused (for the report, with its line). */
export function parseMemberRow(record: Record<string, string | undefined>): { member: MemberToInsert } | { error: string } {
  const text = (column: string) => record[column]?.trim() || undefined;
  const identifiers: { kind: IdentifierKind; value: string }[] = [];
  const rawEmail = text('email');
  if (rawEmail) {
    const value = normalizeIdentifier('email', rawEmail);
    if (!email.safeParse(value).success) return { error: `email: "${rawEmail}" is not an e-mail address` };
    identifiers.push({ kind: 'email', value });
  }
  const rawPhone = text('phone');
  if (rawPhone) {
    const value = normalizeIdentifier('phone', rawPhone);
    if (!/^\+\d{7,15}$/.test(value)) return { error: `phone: "${rawPhone}" needs 7 to 15 digits with its country code` };
    identifiers.push({ kind: 'phone', value });
  }
  const rawCard = text('card');
  if (rawCard) {
    const value = normalizeIdentifier('card', rawCard);
    if (!/^[A-Z0-9]{4,32}$/.test(value)) return { error: `card: "${rawCard}" should be 4 to 32 letters or digits` };
    identifiers.push({ kind: 'card', value });
  }
  if (identifiers.length === 0) return { error: 'a member needs an email, a phone or a card' };
  const name = text('name');
  if (name && name.length > 200) return { error: 'name: longer than 200 characters' };
  const rawBirthday = text('birthday');
  if (rawBirthday && !(birthday.safeParse(rawBirthday).success && isCalendarDate(rawBirthday))) return { error: `birthday: "${rawBirthday}" is not a date like 1990-04-23` };
  return { member: { identifiers, name: name ?? null, birthday: rawBirthday ?? null, enrolledChannel: 'import' } };
}

/** 2001-02-30 has the right shape but is no day; Postgres would refuse the whole batch for it. */
function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
