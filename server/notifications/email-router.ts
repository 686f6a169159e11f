import { zEmailPreferences, zEmailPreferencesInput } from '../../shared/email-schemas.ts';
import { authedProcedure } from '../trpc.ts';
import { emailPreferences, setEmailPreferences } from './email.ts';

// Each person reads and sets only their own choices: the user is the session's, never an input.
// Spread into the notifications router (server/notifications/router.ts).
export const emailPreferenceProcedures = {
  /** The kinds the caller gets by e-mail (none until they choose), and where the mail goes. */
  emailPreferences: authedProcedure.output(zEmailPreferences).query(async ({ ctx }) => ({
    kinds: await emailPreferences(ctx.db, ctx.user.id),
    address: ctx.user.email,
    delivery: ctx.config.smtpUrl !== undefined,
  })),
  setEmailPreferences: authedProcedure
    .input(zEmailPreferencesInput)
    .output(zEmailPreferences)
    .mutation(async ({ ctx, input }) => ({
      kinds: await ctx.mutate((tx, action) => setEmailPreferences(tx, action, ctx.user.id, input.kinds)),
      address: ctx.user.email,
      delivery: ctx.config.smtpUrl !== undefined,
    })),
};
