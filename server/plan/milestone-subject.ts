import type { Kysely } from 'kysely';
import type { ApprovalSubject } from '../approvals/subjects.ts';
import type { Database } from '../db/schema.ts';
import { notFound } from '../errors.ts';

// The milestone's side of the approval seam: a sign-off round snapshots the milestone's
// deliverables and the state of its tasks at submission. Kept free of engine imports (see subjects.ts).

export const milestoneSubject: ApprovalSubject = {
  async load(tx, projectId, milestoneId) {
    // Writing the row (to its own values) takes the lock every milestone edit takes, so an edit
    // racing the submission lands either before the snapshot or after the round (and supersedes it).
    const milestone = await tx
      .updateTable('milestones')
      .set((eb) => ({ version: eb.ref('version') }))
      .where('id', '=', milestoneId)
      .where('project_id', '=', projectId)
      .returningAll()
      .executeTakeFirst();
    if (!milestone) throw notFound('Milestone');
    const [signoffs, tasks] = await Promise.all([
      tx.selectFrom('milestone_signoffs').select('organization_id').where('milestone_id', '=', milestone.id).orderBy('organization_id').execute(),
      milestoneTasks(tx, milestone.id),
    ]);
    const notDone = tasks.filter((t) => t.status !== 'done').length;
    return {
      revision: milestone.version,
      label: milestone.name,
      snapshot: {
        name: milestone.name,
        date: milestone.date,
        deliverables: milestone.deliverables,
        phaseId: milestone.phase_id,
        tasks,
      },
      warnings: notDone ? [{ code: 'tasks_not_done', params: { count: notDone } }] : [],
      // The milestone names whose sign-off it needs; with none named, every party signs.
      ...(signoffs.length ? { requiredOrganizationIds: signoffs.map((s) => s.organization_id) } : {}),
    };
  },
};

function milestoneTasks(tx: Kysely<Database>, milestoneId: number) {
  return tx
    .selectFrom('tasks')
    .leftJoin('organizations as lead', 'lead.id', 'tasks.lead_organization_id')
    .select(['tasks.id', 'tasks.title', 'tasks.status', 'tasks.progress', 'tasks.due_date as dueDate', 'lead.code as leadCode'])
    .where('tasks.milestone_id', '=', milestoneId)
    .orderBy('tasks.due_date')
    .orderBy('tasks.id')
    .execute();
}
