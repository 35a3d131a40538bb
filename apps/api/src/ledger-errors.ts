import { TRPCError } from '@trpc/server';
import { LedgerError } from '@omniloyal/ledger';

const codes = {
  CONFLICT: 'CONFLICT',
  INSUFFICIENT_POINTS: 'PRECONDITION_FAILED',
  NOT_FOUND: 'NOT_FOUND',
  HOLD_NOT_ACTIVE: 'CONFLICT',
  INVALID_REQUEST: 'BAD_REQUEST',
} as const;

/** The tRPC error API.md names for a ledger refusal; undefined for anything else. */
export function ledgerErrorToTRPC(error: unknown): TRPCError | undefined {
  if (!(error instanceof LedgerError)) return undefined;
  const code = codes[error.code as keyof typeof codes] ?? 'BAD_REQUEST';
  return new TRPCError({ code, message: error.message, cause: error });
}
