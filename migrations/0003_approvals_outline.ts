import { sql, type Kysely } from 'kysely';
import { withId } from './dialect.ts';

// The outline (đề cương) and the approval engine (DESIGN.md §4). Frozen in time: no app imports.

export async function up(db: Kysely<any>): Promise<void> {
  // One row per project's outline. Every draft change and every proposal writes this row first,
  // so on PostgreSQL they queue behind each other instead of freezing a half-seen draft.
  await withId(db, db.schema.createTable('outlines'))
    .addColumn('project_id', 'integer', (c) => c.notNull().unique().references('projects.id').onDelete('cascade'))
    .addColumn('draft_revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_version_number', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('outline_sections'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('outline_sections.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('owner_organization_id', 'integer', (c) => c.references('organizations.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('outline_sections_project_parent').on('outline_sections').columns(['project_id', 'parent_id', 'position']).execute();

  // Frozen drafts: the whole section tree as JSON, never updated.
  await withId(db, db.schema.createTable('outline_versions'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('draft_revision', 'integer', (c) => c.notNull())
    .addColumn('sections_json', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .addUniqueConstraint('outline_versions_number', ['project_id', 'number'])
    .execute();

  // A round asks the required organizations to decide on one immutable snapshot. Only `state`,
  // the closing fields and `decision_count` ever change, and only while the round is open.
  await withId(db, db.schema.createTable('approval_rounds'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    // No CHECK on the kind: new kinds (funding estimates) plug in without a migration.
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('subject_label', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('snapshot_json', 'text', (c) => c.notNull())
    .addColumn('warnings_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('open', 'approved', 'changes_requested', 'withdrawn', 'superseded')`),
    )
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('submitted_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('submitted_by_organization_id', 'integer', (c) => c.references('organizations.id'))
    .addColumn('closed_at', 'text')
    .addColumn('closed_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('close_reason', 'text')
    .addColumn('close_detail', 'text')
    // Bumped by every decision: the write locks the round, so decisions on it run one at a time.
    .addColumn('decision_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // At most one open round per subject, even when two coordinators submit at the same moment.
  await db.schema
    .createIndex('approval_rounds_one_open')
    .on('approval_rounds')
    .columns(['subject_kind', 'subject_id'])
    .unique()
    .where(sql.ref('state'), '=', 'open')
    .execute();
  await db.schema.createIndex('approval_rounds_subject').on('approval_rounds').columns(['subject_kind', 'subject_id', 'id']).execute();
  await db.schema.createIndex('approval_rounds_project_state').on('approval_rounds').columns(['project_id', 'state']).execute();

  await withId(db, db.schema.createTable('approval_round_organizations'))
    .addColumn('round_id', 'integer', (c) => c.notNull().references('approval_rounds.id').onDelete('cascade'))
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addUniqueConstraint('approval_round_organizations_unique', ['round_id', 'organization_id'])
    .execute();
  await db.schema.createIndex('approval_round_organizations_org').on('approval_round_organizations').column('organization_id').execute();

  // Every decision ever made; an organization's current one is its highest `seq` in the round.
  await withId(db, db.schema.createTable('approval_decisions'))
    .addColumn('round_id', 'integer', (c) => c.notNull().references('approval_rounds.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('approve', 'request_changes')`))
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('approval_decisions_seq', ['round_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'approval_decisions',
    'approval_round_organizations',
    'approval_rounds',
    'outline_versions',
    'outline_sections',
    'outlines',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
