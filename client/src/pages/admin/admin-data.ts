import type { ProjectRole, ProjectStatus } from '~/components/badge.tsx';
import { t } from '~/i18n/i18n.ts';
import { trpc } from '~/lib/trpc.ts';

export type AdminOrganization = Awaited<ReturnType<typeof trpc.admin.organizations.list.query>>[number];
export type AdminUser = Awaited<ReturnType<typeof trpc.admin.users.list.query>>[number];
export type AdminProjectRow = Awaited<ReturnType<typeof trpc.admin.projects.list.query>>[number];
export type AdminProject = Awaited<ReturnType<typeof trpc.admin.projects.get.query>>;

export const PROJECT_ROLES: ProjectRole[] = ['coordinator', 'approver', 'member', 'viewer'];
export const PROJECT_STATUSES: ProjectStatus[] = ['draft', 'active', 'closed'];

export const roleOptions = () => PROJECT_ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }));
export const statusOptions = () => PROJECT_STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) }));
export const localeOptions = () => [
  { value: 'vi', label: 'Tiếng Việt' },
  { value: 'en', label: 'English' },
];

/** New passwords: the server asks for at least this many characters (shared/schemas.ts zNewPassword). */
export const PASSWORD_MIN = 10;
/** Organization and project codes: letters, digits and dashes (shared/schemas.ts zOrganizationCode). */
export const CODE_PATTERN = '[A-Za-z0-9][A-Za-z0-9\\-]{0,31}';
