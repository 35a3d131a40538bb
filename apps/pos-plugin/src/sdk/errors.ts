import { TRPCClientError } from '@trpc/client';

/**
 * Why a call failed, in the terms a till's UI needs:
 * - `offline`: the API could not be reached (connection refused, DNS, reset);
 * - `timeout`: no answer in time — the request may or may not have been applied;
 * - `server`: the API answered 5xx — worth retrying later;
 * - `rejected`: the API refused the request (4xx) — retrying the same request will not help.
 */
export type PosErrorKind = 'offline' | 'timeout' | 'server' | 'rejected';

export interface PosErrorDetails {
  /** The tRPC error code, e.g. `CONFLICT`, `NOT_FOUND`, `BAD_REQUEST`. */
  code?: string;
  httpStatus?: number;
  /** For BAD_REQUEST: the fields at fault, e.g. `{ path: 'order.lines[0].quantity', message: '...' }`. */
  fields?: { path: string; message: string }[];
  procedure?: string;
  cause?: unknown;
}

export class PosError extends Error {
  override readonly name = 'PosError';
  readonly kind: PosErrorKind;
  readonly code: string | undefined;
  readonly httpStatus: number | undefined;
  readonly fields: { path: string; message: string }[];
  readonly procedure: string | undefined;

  constructor(kind: PosErrorKind, message: string, details: PosErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.code = details.code;
    this.httpStatus = details.httpStatus;
    this.fields = details.fields ?? [];
    this.procedure = details.procedure;
  }

  /** True when the API was not reached or did not answer: the operation can be queued and replayed. */
  get isNetwork(): boolean {
    return this.kind === 'offline' || this.kind === 'timeout';
  }

  /** True when trying the same request again later may succeed. */
  get retryable(): boolean {
    return this.kind !== 'rejected';
  }
}

export function isPosError(error: unknown): error is PosError {
  return error instanceof PosError;
}

/** Turns whatever a call threw into a PosError; a PosError passes through. */
export function toPosError(error: unknown, procedure?: string): PosError {
  if (error instanceof PosError) return error;
  const where = procedure ? { procedure } : {};
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? undefined) as { code?: string; httpStatus?: number; fields?: { path: string; message: string }[] } | undefined;
    const status = data?.httpStatus ?? responseStatus(error);
    if (status === undefined) return networkError(error.cause ?? error, where);
    const details: PosErrorDetails = { ...where, httpStatus: status, cause: error, ...(data?.code ? { code: data.code } : {}), ...(data?.fields ? { fields: data.fields } : {}) };
    if (status >= 500) return new PosError('server', 'The loyalty service had a problem; nothing was lost. Try again in a moment.', details);
    return new PosError('rejected', error.message || `The request was refused (${status})`, details);
  }
  return networkError(error, where);
}

function responseStatus(error: TRPCClientError<never>): number | undefined {
  const meta = error.meta as { response?: { status?: number } } | undefined;
  return meta?.response?.status;
}

function networkError(cause: unknown, where: { procedure?: string }): PosError {
  if (isTimeout(cause)) return new PosError('timeout', 'The loyalty service did not answer in time.', { ...where, cause });
  return new PosError('offline', 'The loyalty service cannot be reached.', { ...where, cause });
}

function isTimeout(cause: unknown): boolean {
  for (let c = cause, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    const name = (c as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError' || (c as { code?: string }).code === 'UND_ERR_HEADERS_TIMEOUT') return true;
  }
  return false;
}
