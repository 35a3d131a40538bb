import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import { formatPath } from '@omniloyal/core';

/** A message for a person that names every field at fault, e.g. "order.lines[0].quantity: must be a positive integer". */
export function describeZodError(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    // A problem with the input as a whole (not an object, say) still names where it is: `input`.
    return `${formatPath(issue.path) || 'input'}: ${issue.message}`;
  });
  if (error.issues.length > 5) parts.push(`and ${error.issues.length - 5} more problems`);
  return parts.join('; ');
}

/** The fields a BAD_REQUEST names, for clients that show errors next to their fields. */
export function zodFieldErrors(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path) || 'input', message: issue.message }));
}

export function notFound(what: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: `${what} was not found` });
}
