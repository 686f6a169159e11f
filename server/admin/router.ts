import {
  zIdInput,
  zMembershipInput,
  zMembershipKey,
  zOrganizationInput,
  zOrganizationUpdate,
  zPartyInput,
  zPartyKey,
  zProjectInput,
  zProjectUpdate,
  zUserCreate,
  zUserPasswordReset,
  zUserSetActive,
  zUserUpdate,
} from '../../shared/schemas.ts';
import { zEmailDeliveryListInput, zEmailRetryInput } from '../../shared/email-delivery-schemas.ts';
import { hashPassword } from '../auth/password.ts';
import { adminProcedure, router } from '../trpc.ts';
import {
  createOrganization,
  createProject,
  createUser,
  getProjectForAdmin,
  listOrganizations,
  listProjects,
  listUsers,
  removeMembership,
  removeParty,
  resetUserPassword,
  setMembership,
  setParty,
  setUserActive,
  updateOrganization,
  updateProject,
  updateUser,
} from './admin.ts';
import { emailDeliverySummary, listEmailDeliveryProblems, retryAllFailedEmails, retryFailedEmails } from './email-delivery.ts';

export const adminRouter = router({
  organizations: router({
    list: adminProcedure.query(({ ctx }) => listOrganizations(ctx.db)),
    create: adminProcedure
      .input(zOrganizationInput)
      .mutation(({ ctx, input }) => ctx.mutate((tx, action) => createOrganization(tx, action, input))),
    update: adminProcedure
      .input(zOrganizationUpdate)
      .mutation(({ ctx, input }) => ctx.mutate((tx, action) => updateOrganization(tx, action, input))),
  }),

  users: router({
    list: adminProcedure.query(({ ctx }) => listUsers(ctx.db)),
    // Hashing is deliberately slow: do it before the transaction so no locks are held meanwhile.
    create: adminProcedure.input(zUserCreate).mutation(async ({ ctx, input: { password, ...user } }) => {
      const passwordHash = await hashPassword(password);
      return ctx.mutate((tx, action) => createUser(tx, action, user, passwordHash));
    }),
    update: adminProcedure
      .input(zUserUpdate)
      .mutation(({ ctx, input }) => ctx.mutate((tx, action) => updateUser(tx, action, input))),
    setActive: adminProcedure
      .input(zUserSetActive)
      .mutation(({ ctx, input }) => ctx.mutate((tx, action) => setUserActive(tx, action, input))),
    resetPassword: adminProcedure.input(zUserPasswordReset).mutation(async ({ ctx, input }) => {
      const passwordHash = await hashPassword(input.password);
      return ctx.mutate((tx, action) => resetUserPassword(tx, action, input.id, passwordHash));
    }),
  }),

  projects: router({
    list: adminProcedure.query(({ ctx }) => listProjects(ctx.db)),
    get: adminProcedure.input(zIdInput).query(({ ctx, input }) => getProjectForAdmin(ctx.db, input.id)),
    create: adminProcedure
      .input(zProjectInput)
      .mutation(({ ctx, input }) => ctx.mutate((tx, action) => createProject(tx, action, input))),
    update: adminProcedure
      .input(zProjectUpdate)
      .mutation(({ ctx, input }) => ctx.mutate((tx, action) => updateProject(tx, action, input))),
  }),

  parties: router({
    set: adminProcedure.input(zPartyInput).mutation(({ ctx, input }) => ctx.mutate((tx, action) => setParty(tx, action, input))),
    remove: adminProcedure.input(zPartyKey).mutation(({ ctx, input }) => ctx.mutate((tx, action) => removeParty(tx, action, input))),
  }),

  // What the e-mail sender did: counts, the messages it gave up on, and putting them back in the queue.
  emailDelivery: router({
    summary: adminProcedure.query(({ ctx }) => emailDeliverySummary(ctx.db, ctx.config, ctx.clock.now())),
    list: adminProcedure.input(zEmailDeliveryListInput).query(({ ctx, input }) => listEmailDeliveryProblems(ctx.db, input)),
    retry: adminProcedure
      .input(zEmailRetryInput)
      .mutation(({ ctx, input }) => ctx.mutate((tx, action) => retryFailedEmails(tx, action, input.ids))),
    retryAllFailed: adminProcedure.mutation(({ ctx }) => ctx.mutate((tx, action) => retryAllFailedEmails(tx, action))),
  }),

  memberships: router({
    set: adminProcedure
      .input(zMembershipInput)
      .mutation(({ ctx, input }) => ctx.mutate((tx, action) => setMembership(tx, action, input))),
    remove: adminProcedure
      .input(zMembershipKey)
      .mutation(({ ctx, input }) => ctx.mutate((tx, action) => removeMembership(tx, action, input))),
  }),
});
