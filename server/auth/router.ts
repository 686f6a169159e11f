import { z } from 'zod';
import { zLocale, zLoginInput } from '../../shared/schemas.ts';
import { recordAudit } from '../audit/audit.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';
import { login, logout, userForToken } from './auth.ts';
import { clearedSessionCookie, sessionCookie } from './cookie.ts';
import { describeUser } from './me.ts';

export const authRouter = router({
  /** The logged-in person, or null. */
  me: publicProcedure.query(({ ctx }) => (ctx.user ? describeUser(ctx.db, ctx.user.id) : null)),

  login: publicProcedure.input(zLoginInput).mutation(async ({ ctx, input }) => {
    const now = ctx.clock.now();
    const { token } = await login(ctx.db, ctx.config, now, { ...input, ip: ctx.ip });
    ctx.resHeaders.append('set-cookie', sessionCookie(ctx.config, token));
    const user = await userForToken(ctx.db, ctx.config, now, token);
    return describeUser(ctx.db, user!.id);
  }),

  logout: authedProcedure.mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await logout(ctx.db, ctx.clock.now(), ctx.sessionToken, ctx.user);
    ctx.resHeaders.append('set-cookie', clearedSessionCookie(ctx.config));
    return { ok: true as const };
  }),

  /** Remembers the person's language choice across devices. */
  setLocale: authedProcedure.input(z.object({ locale: zLocale })).mutation(({ ctx, input }) =>
    ctx.mutate(async (tx, action) => {
      if (ctx.user.locale === input.locale) return { locale: input.locale };
      await tx.updateTable('users').set((eb) => ({ locale: input.locale, version: eb('version', '+', 1) })).where('id', '=', ctx.user.id).execute();
      await recordAudit(tx, action, {
        action: 'user.locale',
        subject: { type: 'user', id: ctx.user.id },
        before: { locale: ctx.user.locale },
        after: { locale: input.locale },
      });
      return { locale: input.locale };
    }),
  ),
});
