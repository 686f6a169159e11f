import type { Kysely } from 'kysely';
import { decideRound, submitRound } from '../approvals/approvals.ts';
import type { Action } from '../audit/audit.ts';
import type { Database, ProjectRole } from '../db/schema.ts';
import type { Membership } from '../trpc.ts';

export interface DemoSignoffInput {
  projectId: number;
  now: Date;
  orgIds: Record<string, number>;
  people: { id: number; org: string; role: ProjectRole }[];
}

/**
 * Milestone sign-offs for the demo, through the real engine: the outline-and-roadmap milestone
 * signed off by its three organizations, and the policy-review milestone approved by three of its
 * four and waiting for THACO Industries.
 */
export async function seedDemoSignoffs(tx: Kysely<Database>, { projectId, now, orgIds, people }: DemoSignoffInput): Promise<void> {
  const as = (org: string, role: ProjectRole, daysAgo: number) => {
    const person = people.find((p) => p.org === org && p.role === role);
    if (!person) throw new Error(`demo: no ${role} in ${org}`);
    const membership: Membership = { projectId, role, organizationId: orgIds[org]! };
    const action: Action = { actor: { userId: person.id, organizationId: orgIds[org]! }, at: new Date(now.getTime() - daysAgo * 86_400_000).toISOString() };
    return { membership, action };
  };
  const milestoneId = async (prefix: string) =>
    (await tx.selectFrom('milestones').select('id').where('project_id', '=', projectId).where('name', 'like', `${prefix}%`).executeTakeFirstOrThrow()).id;
  const submit = async (subjectId: number, daysAgo: number, message: string) => {
    const c = as('VIOIT', 'coordinator', daysAgo);
    return submitRound(tx, c.action, c.membership, { kind: 'milestone', subjectId, message });
  };
  const approve = async (org: string, daysAgo: number, roundId: number, comment = '') => {
    const a = as(org, 'approver', daysAgo);
    await decideRound(tx, a.action, a.membership, { roundId, decision: 'approve', comment });
  };

  const agreed = await submit(await milestoneId('Đề cương và lộ trình'), 44, 'Đề nghị các bên xác nhận hoàn thành mốc thống nhất đề cương và lộ trình.');
  await approve('VIOIT', 44, agreed.id);
  await approve('QN-DOIT', 43, agreed.id, 'Sở Công Thương Quảng Nam xác nhận.');
  await approve('THACO-IND', 42, agreed.id, 'Thống nhất.');

  const review = await submit(await milestoneId('Hoàn thành rà soát'), 3, 'Đề nghị xác nhận sớm kết quả rà soát chính sách; phần khảo sát sẽ bổ sung khi hoàn thành.');
  await approve('VIOIT', 3, review.id);
  await approve('MOIT', 2, review.id, 'Bộ Công Thương đồng ý với kết quả rà soát.');
  await approve('QN-DOIT', 1, review.id);
}
