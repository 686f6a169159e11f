import { z } from 'zod';

/** Zod schemas shared by server and client: the one definition of what valid input is. */

/** A database id. Capped at PostgreSQL's INTEGER range so a huge number is a 400, not a 500. */
export const zId = z.number().int().positive().max(2_147_483_647);

const NUL = /\u0000/;

/**
 * User text: Unicode NFC (so "Cơ khí" typed with combining marks equals the precomposed form),
 * trimmed, length-capped, and never a NUL byte (PostgreSQL refuses it in text columns).
 */
export function zText(max: number) {
  return z
    .string()
    .max(max * 4)
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().max(max).refine((s) => !NUL.test(s), { message: 'Must not contain NUL characters' }));
}

export function zRequiredText(max: number) {
  return zText(max).pipe(z.string().min(1));
}

export const zCalendarDate = z.iso.date();
export const zEmail = z
  .string()
  .max(320)
  .transform((s) => s.normalize('NFC').trim().toLowerCase())
  .pipe(z.email());
export const zLocale = z.enum(['vi', 'en']);
export const zProjectRole = z.enum(['coordinator', 'approver', 'member', 'viewer']);
export const zProjectStatus = z.enum(['draft', 'active', 'closed']);
/** New passwords: long enough to resist guessing, short enough to bound hashing work. */
export const zNewPassword = z.string().min(10).max(256);
export const zOrganizationCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{0,31}$/, 'Letters, digits and dashes, up to 32');

export const zLoginInput = z.object({
  email: zEmail,
  password: z.string().min(1).max(1024),
});

export const zOrganizationInput = z.object({
  code: zOrganizationCode,
  nameVi: zRequiredText(200),
  nameEn: zRequiredText(200),
});

export const zUserInput = z.object({
  email: zEmail,
  displayName: zRequiredText(120),
  organizationId: zId,
  locale: zLocale.default('vi'),
  isAdmin: z.boolean().default(false),
});

export const zProjectInput = z
  .object({
    code: zOrganizationCode,
    nameVi: zRequiredText(300),
    nameEn: zRequiredText(300),
    summaryVi: zText(4000).default(''),
    summaryEn: zText(4000).default(''),
    zone: zText(200).default(''),
    startDate: zCalendarDate,
    endDate: zCalendarDate,
    status: zProjectStatus.default('draft'),
  })
  .refine((p) => p.startDate <= p.endDate, { path: ['endDate'], message: 'End date is before start date' });

/** A procedure input that names one record. */
export const zIdInput = z.object({ id: zId });

/** The row version an edit was based on; a stale one is refused so nobody overwrites unseen changes. */
export const zRowVersion = z.number().int().positive().max(2_147_483_647);

export const zOrganizationUpdate = zOrganizationInput.extend({ id: zId, version: zRowVersion });

export const zUserCreate = zUserInput.extend({ password: zNewPassword });

/** Every field is required: a forgotten `isAdmin` must not silently default to a demotion. */
export const zUserUpdate = z.object({
  id: zId,
  version: zRowVersion,
  displayName: zRequiredText(120),
  organizationId: zId,
  locale: zLocale,
  isAdmin: z.boolean(),
});

export const zUserSetActive = z.object({ id: zId, version: zRowVersion, active: z.boolean() });
export const zUserPasswordReset = z.object({ id: zId, password: zNewPassword });

// safeExtend keeps zProjectInput's start/end date check.
export const zProjectUpdate = zProjectInput.safeExtend({ id: zId, version: zRowVersion });

export const zPartyKey = z.object({ projectId: zId, organizationId: zId });
export const zPartyInput = zPartyKey.extend({ partVi: zText(1000).default(''), partEn: zText(1000).default('') });

export const zMembershipKey = z.object({ projectId: zId, userId: zId });
export const zMembershipInput = zMembershipKey.extend({ role: zProjectRole });

export type Locale = z.infer<typeof zLocale>;
export type ProjectRole = z.infer<typeof zProjectRole>;
export type ProjectStatus = z.infer<typeof zProjectStatus>;
export type OrganizationInput = z.infer<typeof zOrganizationInput>;
export type UserInput = z.infer<typeof zUserInput>;
export type ProjectInput = z.infer<typeof zProjectInput>;
export type OrganizationUpdateInput = z.infer<typeof zOrganizationUpdate>;
export type UserCreateInput = z.infer<typeof zUserCreate>;
export type UserUpdateInput = z.infer<typeof zUserUpdate>;
export type UserSetActiveInput = z.infer<typeof zUserSetActive>;
export type ProjectUpdateInput = z.infer<typeof zProjectUpdate>;
export type PartyKey = z.infer<typeof zPartyKey>;
export type PartyInput = z.infer<typeof zPartyInput>;
export type MembershipKey = z.infer<typeof zMembershipKey>;
export type MembershipInput = z.infer<typeof zMembershipInput>;
