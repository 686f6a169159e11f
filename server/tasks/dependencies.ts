import type { Kysely } from 'kysely';
import type { DependencyInput } from '../../shared/plan-schemas.ts';
import { breaksFinishToStart } from '../../shared/schedule.ts';
import type { Action } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Database } from '../db/schema.ts';
import { badRequest, notFound } from '../errors.ts';
import { lockProject } from '../plan/checks.ts';
import { requirePlanEditor } from '../plan/plan.ts';
import type { Membership } from '../trpc.ts';
import { loadTask } from './tasks.ts';

/**
 * The path successor → … → predecessor along existing dependencies, if there is one: adding
 * predecessor → successor would then close a cycle. Breadth-first, so the cycle named is a shortest one.
 */
export function findPath(edges: readonly { predecessor_id: number; successor_id: number }[], from: number, to: number): number[] | null {
  const next = new Map<number, number[]>();
  for (const e of edges) next.set(e.predecessor_id, [...(next.get(e.predecessor_id) ?? []), e.successor_id]);
  const cameFrom = new Map<number, number>([[from, from]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    if (node === to) {
      const path = [to];
      while (path[0] !== from) path.unshift(cameFrom.get(path[0]!)!);
      return path;
    }
    for (const n of next.get(node) ?? []) {
      if (!cameFrom.has(n)) {
        cameFrom.set(n, node);
        queue.push(n);
      }
    }
  }
  return null;
}

/**
 * Adds a finish-to-start dependency between two tasks of the project. One that would close a cycle
 * is refused, naming the cycle; a successor that starts on or before the predecessor's due date
 * is accepted and shown as a schedule conflict.
 */
export async function addDependency(tx: Kysely<Database>, action: Action, m: Membership, input: DependencyInput) {
  requirePlanEditor(m);
  // Two coordinators adding a → b and b → a at once must not both pass the cycle check.
  await lockProject(tx, m.projectId);
  const predecessor = await loadTask(tx, m.projectId, input.predecessorId);
  const successor = await loadTask(tx, m.projectId, input.successorId);
  const edges = await tx.selectFrom('task_dependencies').select(['predecessor_id', 'successor_id']).where('project_id', '=', m.projectId).execute();
  if (edges.some((e) => e.predecessor_id === predecessor.id && e.successor_id === successor.id)) {
    throw badRequest('dependency_exists', 'This dependency already exists');
  }
  const path = predecessor.id === successor.id ? [successor.id] : findPath(edges, successor.id, predecessor.id);
  if (path) {
    const cycle = [predecessor.id, ...path];
    const titles = new Map(
      (await tx.selectFrom('tasks').select(['id', 'title']).where('id', 'in', cycle).execute()).map((t) => [t.id, t.title]),
    );
    const named = cycle.map((id) => `#${id} ${titles.get(id) ?? ''}`.trim()).join(' → ');
    const message = `This dependency would close a cycle: ${named}`;
    throw badRequest('dependency_cycle', message, { successorId: [message], cycle: cycle.map(String) });
  }

  const row = await tx
    .insertInto('task_dependencies')
    .values({ project_id: m.projectId, predecessor_id: predecessor.id, successor_id: successor.id, created_at: action.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const view = {
    id: row.id,
    predecessorId: predecessor.id,
    successorId: successor.id,
    conflict: breaksFinishToStart(predecessor.due_date, successor.start_date),
  };
  await recordAudit(tx, action, { projectId: m.projectId, action: 'dependency.added', subject: { type: 'task_dependency', id: row.id }, after: view });
  return view;
}

export async function removeDependency(tx: Kysely<Database>, action: Action, m: Membership, input: DependencyInput) {
  requirePlanEditor(m);
  const row = await tx
    .selectFrom('task_dependencies')
    .select(['id', 'predecessor_id', 'successor_id'])
    .where('project_id', '=', m.projectId)
    .where('predecessor_id', '=', input.predecessorId)
    .where('successor_id', '=', input.successorId)
    .executeTakeFirst();
  if (!row) throw notFound('Dependency');
  await tx.deleteFrom('task_dependencies').where('id', '=', row.id).execute();
  await recordAudit(tx, action, {
    projectId: m.projectId,
    action: 'dependency.removed',
    subject: { type: 'task_dependency', id: row.id },
    before: { predecessorId: row.predecessor_id, successorId: row.successor_id },
  });
  return { id: row.id };
}
