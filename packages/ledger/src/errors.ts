/** What went wrong, in words the API maps to tRPC codes (CONFLICT, PRECONDITION_FAILED, NOT_FOUND, CONFLICT, BAD_REQUEST). */
export type LedgerErrorCode = 'CONFLICT' | 'INSUFFICIENT_POINTS' | 'NOT_FOUND' | 'HOLD_NOT_ACTIVE' | 'INVALID_REQUEST';

export class LedgerError extends Error {
  override readonly name = 'LedgerError';
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** SQLSTATEs raised by the ledger's PL/pgSQL functions (ledger_fail). */
const bySqlState: Record<string, LedgerErrorCode> = {
  OL409: 'CONFLICT',
  OL402: 'INSUFFICIENT_POINTS',
  OL404: 'NOT_FOUND',
  OL423: 'HOLD_NOT_ACTIVE',
  OL400: 'INVALID_REQUEST',
};

const codes = new Set<string>(Object.values(bySqlState));

/** Whether a code (from a batch's per-item answer, say) is one of the ledger's. */
export function isLedgerErrorCode(code: string): code is LedgerErrorCode {
  return codes.has(code);
}

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A LedgerError for errors the ledger raised on purpose; anything else is returned unchanged. */
export function toLedgerError(error: unknown): unknown {
  const code = bySqlState[sqlState(error) ?? ''];
  return code ? new LedgerError(code, (error as Error).message) : error;
}
