import { sql, type Kysely } from 'kysely';
import { bigint, withId } from './dialect.ts';

// Funding estimates (dự toán kinh phí, DESIGN.md §4). Frozen in time: no app imports.
// Money is an integer number of đồng: BIGINT on PostgreSQL, INTEGER (64-bit) on SQLite. Quantities
// are stored in thousandths (2.5 → 2500) so they stay exact integers too.

export async function up(db: Kysely<any>): Promise<void> {
  // One row per project: counters, and the row every project-wide funding change writes first, so
  // on PostgreSQL those changes queue behind each other (version numbers, line keys, totals).
  await withId(db, db.schema.createTable('funding_settings'))
    .addColumn('project_id', 'integer', (c) => c.notNull().unique().references('projects.id').onDelete('cascade'))
    .addColumn('last_estimate_number', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_line_key', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // The organizations that estimate and fund the budget (QN-DOIT and THACO-IND in Chu Lai).
  await withId(db, db.schema.createTable('funding_budget_owners'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addUniqueConstraint('funding_budget_owners_unique', ['project_id', 'organization_id'])
    .execute();

  // Categories a project adds to the built-in ones (which live in code, not here).
  await withId(db, db.schema.createTable('funding_categories'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name_vi', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('funding_categories_code', ['project_id', 'code'])
    .execute();

  await withId(db, db.schema.createTable('funding_sources'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('state_budget', 'provincial_budget', 'enterprise', 'other_sponsor')`),
    )
    .addColumn('name_vi', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'integer', (c) => c.references('organizations.id'))
    .addColumn('pledged_amount', bigint(db), (c) => c.notNull().defaultTo(0).check(sql`pledged_amount >= 0`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('funding_sources_code', ['project_id', 'code'])
    .execute();

  // Each row is one numbered version of the project's estimate. `version` is bumped by every change
  // to the version or its lines: it is the row lock of those changes and the approval revision.
  await withId(db, db.schema.createTable('funding_estimates'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('funding_estimates_number', ['project_id', 'number'])
    .execute();

  // `line_key` stays the same when a line is copied into a newer version, so disbursements recorded
  // against one version's line are compared with the same line of another.
  await withId(db, db.schema.createTable('funding_lines'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('estimate_id', 'integer', (c) => c.notNull().references('funding_estimates.id').onDelete('cascade'))
    .addColumn('line_key', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // The plan may delete a phase or task a line points at: the line keeps its money, loses the link.
    .addColumn('phase_id', 'integer', (c) => c.references('phases.id').onDelete('set null'))
    .addColumn('task_id', 'integer', (c) => c.references('tasks.id').onDelete('set null'))
    .addColumn('quantity_milli', bigint(db), (c) => c.notNull().check(sql`quantity_milli >= 0`))
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('unit_cost', bigint(db), (c) => c.notNull().check(sql`unit_cost >= 0`))
    .addColumn('amount', bigint(db), (c) => c.notNull().check(sql`amount >= 0`))
    .addColumn('source_id', 'integer', (c) => c.notNull().references('funding_sources.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('funding_lines_key', ['estimate_id', 'line_key'])
    .execute();
  await db.schema.createIndex('funding_lines_estimate_position').on('funding_lines').columns(['estimate_id', 'position', 'id']).execute();
  await db.schema.createIndex('funding_lines_source').on('funding_lines').column('source_id').execute();
  await db.schema.createIndex('funding_lines_phase').on('funding_lines').column('phase_id').execute();
  await db.schema.createIndex('funding_lines_task').on('funding_lines').column('task_id').execute();

  // Actuals, recorded against a line of an approved (so immutable) version.
  await withId(db, db.schema.createTable('funding_disbursements'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('line_id', 'integer', (c) => c.notNull().references('funding_lines.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('amount', bigint(db), (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('funding_disbursements_project_date').on('funding_disbursements').columns(['project_id', 'date', 'id']).execute();
  await db.schema.createIndex('funding_disbursements_line').on('funding_disbursements').column('line_id').execute();

  // The leadership dashboard counts a project's tasks grouped by (phase, lead organization, status)
  // with their progress and overdue count: this index covers that scan, so the table is not read
  // (16 ms → 4 ms at 10,000 tasks on SQLite).
  await db.schema
    .createIndex('tasks_dashboard')
    .on('tasks')
    .columns(['project_id', 'phase_id', 'lead_organization_id', 'status', 'progress', 'due_date'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tasks_dashboard').execute();
  for (const table of [
    'funding_disbursements',
    'funding_lines',
    'funding_estimates',
    'funding_sources',
    'funding_categories',
    'funding_budget_owners',
    'funding_settings',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
