import { TRPCError } from '@trpc/server';

/** The error vocabulary of the domain. Each maps to one tRPC code and HTTP status. */
export type DomainCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS';

/**
 * Carried as the `cause` of a TRPCError: a stable `reason` the client translates, field errors to
 * show next to inputs, and for CONFLICT the current state so the person can compare.
 */
export class DomainError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
    readonly current?: unknown,
  ) {
    super(message);
  }
}

function domainError(code: DomainCode, reason: string, message: string, extra?: { fieldErrors?: Record<string, string[]>; current?: unknown }) {
  return new TRPCError({ code, message, cause: new DomainError(reason, message, extra?.fieldErrors, extra?.current) });
}

export const badRequest = (reason: string, message: string, fieldErrors?: Record<string, string[]>) =>
  domainError('BAD_REQUEST', reason, message, fieldErrors ? { fieldErrors } : undefined);
export const unauthorized = (reason = 'unauthenticated', message = 'Please log in') =>
  domainError('UNAUTHORIZED', reason, message);
export const forbidden = (reason: string, message: string) => domainError('FORBIDDEN', reason, message);
export const notFound = (what: string) => domainError('NOT_FOUND', 'not_found', `${what} not found`);
export const conflict = (reason: string, message: string, current?: unknown) =>
  domainError('CONFLICT', reason, message, { current });
export const tooManyRequests = (message: string) => domainError('TOO_MANY_REQUESTS', 'too_many_attempts', message);

/** Field errors from a zod (or any Standard Schema) failure, keyed by dotted path. */
export function fieldErrorsOf(cause: unknown): Record<string, string[]> | undefined {
  const issues = (cause as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return undefined;
  const out: Record<string, string[]> = {};
  for (const issue of issues as { path?: readonly unknown[]; message: string }[]) {
    const key = (issue.path ?? [])
      .map((p) => (typeof p === 'object' && p !== null && 'key' in p ? String((p as { key: unknown }).key) : String(p)))
      .join('.');
    (out[key || '_'] ??= []).push(issue.message);
  }
  return out;
}

/** A unique-constraint violation on either dialect, so callers can answer CONFLICT instead of 500. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}
