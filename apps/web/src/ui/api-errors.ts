import { TRPCClientError } from '@trpc/client';

export interface ApiProblem {
  /** Field path → message, for errors the API tied to a field. */
  fields: Record<string, string>;
  /** The message for the form as a whole when no field of the form took it. */
  message: string | undefined;
}

/**
 * Splits an API error into messages beside fields and one for the form. BAD_REQUEST from zod carries
 * `data.fields`; the API's own checks write "field: message" (e.g. "email: this email is already
 * enrolled"), so those land beside the field too. `known` lists the fields this form shows, so a
 * message about a field the form lacks is still shown, at the top.
 */
export function apiProblem(error: unknown, known: readonly string[] = []): ApiProblem {
  if (!error) return { fields: {}, message: undefined };
  if (!(error instanceof TRPCClientError)) {
    return { fields: {}, message: error instanceof Error ? error.message : 'Something went wrong' };
  }
  const fields: Record<string, string> = {};
  const listed = (error.data as { fields?: { path: string; message: string }[] } | undefined)?.fields;
  const leftOver: string[] = [];
  const place = (path: string, message: string) => {
    const field = known.find((k) => path === k || path.startsWith(`${k}.`) || path.startsWith(`${k}[`));
    if (field && !fields[field]) fields[field] = message;
    else if (!field) leftOver.push(path ? `${path}: ${message}` : message);
  };
  if (listed && listed.length > 0) {
    for (const f of listed) place(f.path, f.message);
  } else {
    const match = /^([A-Za-z][\w.[\]]*): (.+)$/s.exec(error.message);
    if (match) place(match[1]!, match[2]!);
    else leftOver.push(networkAware(error));
  }
  return { fields, message: leftOver.length > 0 ? leftOver.join('; ') : undefined };
}

function networkAware(error: TRPCClientError<never>): string {
  if (!error.data && /fetch|network/i.test(error.message)) return 'We could not reach the server. Check your connection and try again.';
  return error.message;
}

/** True when the server says nobody (or the wrong kind of user) is signed in. */
export function isSignedOut(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data?.code === 'UNAUTHORIZED' || error.data?.code === 'FORBIDDEN');
}
