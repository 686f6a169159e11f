import { createMemo, For, Show } from 'solid-js';
import { RoleBadge } from '~/components/badge.tsx';
import { pick, pickLang, t } from '~/i18n/i18n.ts';
import type { Overview } from './project-overview.tsx';

type Member = Overview['members'][number];

const ROLE_ORDER = { coordinator: 0, approver: 1, member: 2, viewer: 3 } as const;

/** Members grouped by their organization (in the parties' order), coordinators first within each. */
export default function MembersByOrganization(props: { members: Overview['members']; parties: Overview['parties'] }) {
  const groups = createMemo(() => {
    const byCode = new Map<string, Member[]>();
    for (const member of props.members) {
      const list = byCode.get(member.organizationCode) ?? [];
      list.push(member);
      byCode.set(member.organizationCode, list);
    }
    const partyOrder = props.parties.map((p) => p.organization.code);
    const codes = [...byCode.keys()].sort((a, b) => {
      const ia = partyOrder.indexOf(a);
      const ib = partyOrder.indexOf(b);
      return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib) || a.localeCompare(b);
    });
    return codes.map((code) => ({
      code,
      organization: props.parties.find((p) => p.organization.code === code)?.organization,
      members: byCode.get(code)!.slice().sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.displayName.localeCompare(b.displayName, 'vi')),
    }));
  });

  return (
    <Show when={groups().length > 0} fallback={<p class="muted">{t('project.noMembers')}</p>}>
      <div class="member-groups">
        <For each={groups()}>
          {(group) => (
            <section class="member-group" aria-labelledby={`members-${group.code}`}>
              <h3 id={`members-${group.code}`}>
                <span class="code">{group.code}</span>
                <Show when={group.organization}>
                  {(org) => (
                    <span class="member-group-name" lang={pickLang(org().nameVi, org().nameEn)}>
                      {pick(org().nameVi, org().nameEn)}
                    </span>
                  )}
                </Show>
              </h3>
              <ul class="member-list" role="list">
                <For each={group.members}>
                  {(member) => (
                    <li classList={{ 'member--inactive': !member.active }}>
                      <span class="member-name">
                        {member.displayName}
                      </span>
                      <Show when={!member.active}>
                        <span class="badge badge--muted">{t('user.inactive')}</span>
                      </Show>
                      <RoleBadge role={member.role} />
                    </li>
                  )}
                </For>
              </ul>
            </section>
          )}
        </For>
      </div>
    </Show>
  );
}
