import { z } from 'zod';
import { NOTIFICATION_KINDS, zNotificationKind } from './notification-schemas.ts';

/** The kinds of notification a person gets by e-mail: all of them replace the previous choice. */
export const zEmailPreferencesInput = z.object({
  kinds: z.array(zNotificationKind).max(NOTIFICATION_KINDS.length * 2),
});

export const zEmailPreferences = z.object({
  kinds: z.array(zNotificationKind),
  /** Where the messages go: the person's login address. */
  address: z.string(),
  /** Whether this server sends e-mail at all (SMTP_URL is set); choices are kept either way. */
  delivery: z.boolean(),
});

export type EmailPreferences = z.infer<typeof zEmailPreferences>;
