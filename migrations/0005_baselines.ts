import type { Kysely } from 'kysely';
import { withId } from './dialect.ts';

// Plan baselines (DESIGN.md §4 "Baseline", issue 8): a named copy of every task's and milestone's
// dates at one moment, so leadership sees slip against plan. Frozen in time: no app imports.
//
// The items carry no foreign key to tasks or milestones on purpose: a baseline records the plan as
// it was, so deleting a task later must neither fail nor rewrite history. Joins skip deleted ones.

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('plan_baselines'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('task_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('milestone_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The latest baseline of a project, and the list newest first.
  await db.schema.createIndex('plan_baselines_project').on('plan_baselines').columns(['project_id', 'id']).execute();

  await db.schema
    .createTable('plan_baseline_items')
    .addColumn('baseline_id', 'integer', (c) => c.notNull().references('plan_baselines.id').onDelete('cascade'))
    .addColumn('task_id', 'integer', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_baseline_items_pk', ['baseline_id', 'task_id'])
    .execute();

  await db.schema
    .createTable('plan_baseline_milestones')
    .addColumn('baseline_id', 'integer', (c) => c.notNull().references('plan_baselines.id').onDelete('cascade'))
    .addColumn('milestone_id', 'integer', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_baseline_milestones_pk', ['baseline_id', 'milestone_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['plan_baseline_milestones', 'plan_baseline_items', 'plan_baselines']) {
    await db.schema.dropTable(table).execute();
  }
}
