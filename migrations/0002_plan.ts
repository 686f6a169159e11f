import { sql, type Kysely } from 'kysely';
import { withId } from './dialect.ts';

// The action plan (DESIGN.md §4): phases, milestones, tasks, dependencies and the hand-offs of
// tasks between organizations. Calendar dates are 'YYYY-MM-DD' text, so comparing them as text
// orders them by date on both dialects.

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('phases'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('phases_dates', sql`start_date <= end_date`)
    .execute();
  await db.schema.createIndex('phases_project_position').on('phases').columns(['project_id', 'position']).execute();

  await withId(db, db.schema.createTable('milestones'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('phase_id', 'integer', (c) => c.notNull().references('phases.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('deliverables', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('milestones_project_date').on('milestones').columns(['project_id', 'date']).execute();
  await db.schema.createIndex('milestones_phase').on('milestones').column('phase_id').execute();

  await withId(db, db.schema.createTable('milestone_signoffs'))
    .addColumn('milestone_id', 'integer', (c) => c.notNull().references('milestones.id').onDelete('cascade'))
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addUniqueConstraint('milestone_signoffs_unique', ['milestone_id', 'organization_id'])
    .execute();

  await withId(db, db.schema.createTable('tasks'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('phase_id', 'integer', (c) => c.notNull().references('phases.id'))
    .addColumn('milestone_id', 'integer', (c) => c.references('milestones.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('deliverables', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lead_organization_id', 'integer', (c) => c.references('organizations.id'))
    .addColumn('assignee_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('assignment_state', 'text', (c) =>
      c.notNull().check(sql`assignment_state in ('unassigned', 'awaiting', 'accepted', 'declined')`),
    )
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('not_started', 'in_progress', 'blocked', 'done')`))
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0).check(sql`progress between 0 and 100`))
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('tasks_dates', sql`start_date <= due_date`)
    .execute();
  // The hot reads: one project's list ordered by (due_date, id), whole or for one organization, and
  // the per-status counts beside it.
  await db.schema.createIndex('tasks_project_due').on('tasks').columns(['project_id', 'due_date', 'id']).execute();
  await db.schema
    .createIndex('tasks_project_lead_due')
    .on('tasks')
    .columns(['project_id', 'lead_organization_id', 'due_date', 'id'])
    .execute();
  // My work: one organization's tasks in one assignment state, earliest due first.
  await db.schema
    .createIndex('tasks_project_lead_state_due')
    .on('tasks')
    .columns(['project_id', 'lead_organization_id', 'assignment_state', 'due_date', 'id'])
    .execute();
  await db.schema.createIndex('tasks_project_status').on('tasks').columns(['project_id', 'status']).execute();
  await db.schema
    .createIndex('tasks_project_lead_status')
    .on('tasks')
    .columns(['project_id', 'lead_organization_id', 'status'])
    .execute();
  await db.schema.createIndex('tasks_phase').on('tasks').column('phase_id').execute();
  await db.schema.createIndex('tasks_milestone').on('tasks').column('milestone_id').execute();
  await db.schema.createIndex('tasks_assignee').on('tasks').column('assignee_user_id').execute();

  await withId(db, db.schema.createTable('task_supporters'))
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addUniqueConstraint('task_supporters_unique', ['task_id', 'organization_id'])
    .execute();

  await withId(db, db.schema.createTable('task_dependencies'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('predecessor_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('successor_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('task_dependencies_unique', ['predecessor_id', 'successor_id'])
    .addCheckConstraint('task_dependencies_not_self', sql`predecessor_id <> successor_id`)
    .execute();
  await db.schema.createIndex('task_dependencies_successor').on('task_dependencies').column('successor_id').execute();
  await db.schema.createIndex('task_dependencies_project').on('task_dependencies').column('project_id').execute();

  await withId(db, db.schema.createTable('task_handoffs'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('assigned', 'accepted', 'declined', 'dates_accepted')`))
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('actor_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('actor_organization_id', 'integer', (c) => c.references('organizations.id'))
    .addColumn('assignee_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('reason', 'text')
    .addColumn('proposed_start_date', 'text')
    .addColumn('proposed_due_date', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_handoffs_task').on('task_handoffs').columns(['task_id', 'id']).execute();

  await withId(db, db.schema.createTable('task_comments'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('author_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('author_organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_comments_task').on('task_comments').columns(['task_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'task_comments',
    'task_handoffs',
    'task_dependencies',
    'task_supporters',
    'tasks',
    'milestone_signoffs',
    'milestones',
    'phases',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
