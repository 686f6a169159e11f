import type { Kysely } from 'kysely';
import type { RescheduleInput } from '../../shared/timeline-schemas.ts';
import type { Action } from '../audit/audit.ts';
import type { Database } from '../db/schema.ts';
import { conflict, notFound } from '../errors.ts';
import { requirePlanEditor } from '../plan/plan.ts';
import { auditTask, updateTaskRow } from '../tasks/tasks.ts';
import { currentTaskFields, taskFields } from '../tasks/views.ts';
import type { Membership } from '../trpc.ts';

/**
 * New dates for several tasks at once, from drags and nudges on the timeline (coordinators, like
 * every plan edit): all or nothing, in the caller's one transaction, one `task.updated` audit event
 * per task. If any task changed since the person saw it, nothing is saved and the CONFLICT names
 * every such task with its current state, so the timeline can put all the bars back and say why.
 * Dependencies are not checked: a successor moved into its predecessor is flagged, never refused.
 */
export async function rescheduleTasks(tx: Kysely<Database>, action: Action, m: Membership, input: RescheduleInput) {
  requirePlanEditor(m);
  const ids = input.moves.map((x) => x.taskId);
  const rows = await tx.selectFrom('tasks').selectAll().where('project_id', '=', m.projectId).where('id', 'in', ids).execute();
  // One id of another project or none at all: NOT_FOUND for the whole batch, like a single update.
  if (rows.length !== ids.length) throw notFound('Task');
  const taskOf = new Map(rows.map((r) => [r.id, r]));

  const stale = input.moves.map((x) => taskOf.get(x.taskId)!).filter((task, i) => task.version !== input.moves[i]!.version);
  if (stale.length > 0) {
    const current = await Promise.all(stale.map((task) => currentTaskFields(tx, task)));
    const named = stale.map((task) => `#${task.id} ${task.title} (${task.start_date} – ${task.due_date})`).join('; ');
    throw conflict('stale_version', `Changed by someone else meanwhile, so nothing was moved: ${named}`, { tasks: current });
  }

  const moved = [];
  for (const move of input.moves) {
    const before = taskOf.get(move.taskId)!;
    const beforeView = await currentTaskFields(tx, before);
    // The version is checked again in the UPDATE: a concurrent edit since the read above aborts the whole batch.
    const after = await updateTaskRow(tx, action, before, move.version, { start_date: move.startDate, due_date: move.dueDate });
    const view = taskFields(after, beforeView.supportingOrganizationIds);
    await auditTask(tx, action, 'task.updated', after, beforeView, view);
    moved.push({ id: after.id, startDate: after.start_date, dueDate: after.due_date, version: after.version });
  }
  return { tasks: moved };
}
