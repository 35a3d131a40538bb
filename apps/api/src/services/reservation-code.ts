import { createHash } from 'node:crypto';

/** No 0/O, 1/I/L: a cashier may have to type it from a phone screen. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * The reservation code for a member's reservation request. Derived from the idempotency key so a retry
 * produces the same code (and so the same ledger request); a code alone captures nothing, because the
 * till must also have identified the member who owns it.
 */
export function reservationCode(memberId: string, idempotencyKey: string): string {
  const digest = createHash('sha256').update(`${memberId}:${idempotencyKey}`).digest();
  let code = '';
  for (let i = 0; i < 8; i++) code += ALPHABET[digest[i]! % ALPHABET.length];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
