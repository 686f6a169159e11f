import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../../server/router.ts';
import { MAX_BATCH_SIZE } from '../../../shared/limits.ts';
import { hasMessage, locale, t, type MessageKey } from '~/i18n/i18n.ts';

const url = '/trpc';

/** Same origin, session cookie included. */
const withCredentials: typeof fetch = (input, init) => fetch(input, { ...init, credentials: 'include' });

/** Procedures that set or clear the session cookie: never batched with anything else. */
const COOKIE_SETTERS = new Set(['auth.login', 'auth.logout']);

export const trpc = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      // Live updates over Server-Sent Events (same origin, so the session cookie goes along); the
      // link reconnects after a drop and resumes from the last event id it saw.
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url, eventSourceOptions: { withCredentials: true } }),
      false: splitLink({
        condition: (op) => COOKIE_SETTERS.has(op.path),
        true: httpLink({ url, fetch: withCredentials }),
        // The server refuses batches above MAX_BATCH_SIZE, so the client never builds one.
        false: httpBatchLink({ url, fetch: withCredentials, maxItems: MAX_BATCH_SIZE }),
      }),
    }),
  ],
});

/** What the server puts in `error.data` (server/trpc.ts errorFormatter). */
interface ErrorData {
  code?: string;
  httpStatus?: number;
  reason?: string;
  fieldErrors?: Record<string, string[]>;
  requestId?: string;
  current?: unknown;
}

export interface DescribedError {
  /** One sentence for the person, in the current language. */
  message: string;
  /** Per-field messages, keyed by input name (dotted for nested fields). */
  fieldErrors: Record<string, string>;
  /** tRPC code (NOT_FOUND, CONFLICT, UNAUTHORIZED, …), when the server answered. */
  code: string | undefined;
  reason: string | undefined;
  requestId: string | undefined;
  /** For CONFLICT: the record as it is now on the server. */
  current: unknown;
}

/**
 * Turns any error from a procedure call into words for the person: the dictionary's
 * `error.<reason>` when there is one, else the server's own message; network failures and
 * internal errors get a translated sentence of their own (with the request id for support).
 */
export function describeError(error: unknown): DescribedError {
  if (!(error instanceof TRPCClientError)) {
    return { message: t('error.unknown'), fieldErrors: {}, code: undefined, reason: undefined, requestId: undefined, current: undefined };
  }
  const data = (error.data ?? undefined) as ErrorData | undefined;
  const reason = data?.reason;
  const code = data?.code;
  const reasonKey = `error.${reason}`;
  // A domain refusal's field errors restate its reason: say it in the person's language.
  const translatedReason = reason && reason !== 'invalid_input' && hasMessage(reasonKey) ? t(reasonKey) : undefined;
  const fieldErrors: Record<string, string> = {};
  for (const [field, messages] of Object.entries(data?.fieldErrors ?? {})) {
    if (messages[0]) fieldErrors[field] = translatedReason ?? translateFieldError(messages[0]);
  }
  let message: string;
  if (reason && hasMessage(reasonKey)) message = t(reasonKey);
  else if (!data) message = error.cause instanceof TypeError || !error.message ? t('error.network') : error.message;
  else if (code === 'INTERNAL_SERVER_ERROR') message = t('error.internal', { requestId: data.requestId ?? '—' });
  else message = error.message || t('error.unknown');
  return { message, fieldErrors, code, reason, requestId: data?.requestId, current: data?.current };
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as ErrorData | undefined)?.code === 'UNAUTHORIZED';
}

// The server's field messages come from its zod schemas, in English: the common ones are put in
// the person's language here; others are shown as they are in English, and generically in Vietnamese.
const FIELD_MESSAGES: [RegExp, MessageKey, string?][] = [
  [/^Too small: expected string to have >=1 characters?$/, 'validation.required'],
  [/^Too small: expected string to have >=(\d+) characters?$/, 'validation.tooShort', 'min'],
  [/^Too big: expected string to have <=(\d+) characters?$/, 'validation.tooLong', 'max'],
  [/^Invalid email/, 'validation.email'],
  [/^Invalid (ISO )?date/, 'validation.date'],
  [/^End date is before start date$/, 'validation.endBeforeStart'],
  [/^Letters, digits and dashes/, 'validation.code'],
  [/^Invalid input: expected \w+, received (undefined|null)$/, 'validation.required'],
];

export function translateFieldError(message: string): string {
  for (const [pattern, key, param] of FIELD_MESSAGES) {
    const match = pattern.exec(message);
    if (match) return param ? t(key, { [param]: match[1] ?? '' }) : t(key);
  }
  return locale() === 'en' ? message : t('validation.invalid');
}
