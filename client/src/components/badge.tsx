import { t } from '~/i18n/i18n.ts';

export type ProjectStatus = 'draft' | 'active' | 'closed';
export type ProjectRole = 'coordinator' | 'approver' | 'member' | 'viewer';

export function StatusBadge(props: { status: ProjectStatus }) {
  return <span class={`badge badge--status-${props.status}`}>{t(`status.${props.status}`)}</span>;
}

export function RoleBadge(props: { role: ProjectRole }) {
  return <span class={`badge badge--role badge--role-${props.role}`}>{t(`role.${props.role}`)}</span>;
}
