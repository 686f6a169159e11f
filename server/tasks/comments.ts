import type { Kysely } from 'kysely';
import type { CommentInput } from '../../shared/plan-schemas.ts';
import type { Action } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Database } from '../db/schema.ts';
import { renderMarkdown } from '../markdown.ts';
import { notifyMentions } from '../notifications/notifications.ts';
import type { Membership } from '../trpc.ts';
import { loadTask } from './tasks.ts';

function commentsQuery(db: Kysely<Database>) {
  return db
    .selectFrom('task_comments')
    .innerJoin('users', 'users.id', 'task_comments.author_user_id')
    .innerJoin('organizations', 'organizations.id', 'task_comments.author_organization_id')
    .select([
      'task_comments.id',
      'task_comments.task_id',
      'task_comments.body',
      'task_comments.created_at',
      'users.id as author_id',
      'users.display_name',
      'organizations.id as organization_id',
      'organizations.code',
      'organizations.name_vi',
      'organizations.name_en',
    ]);
}

type CommentRow = Awaited<ReturnType<ReturnType<typeof commentsQuery>['execute']>>[number];

/** Markdown is rendered here, on the server, with raw HTML escaped: `bodyHtml` is safe to insert. */
function commentView(c: CommentRow) {
  return {
    id: c.id,
    taskId: c.task_id,
    body: c.body,
    bodyHtml: renderMarkdown(c.body),
    createdAt: c.created_at,
    author: { id: c.author_id, displayName: c.display_name },
    organization: { id: c.organization_id, code: c.code, nameVi: c.name_vi, nameEn: c.name_en },
  };
}

export async function listComments(db: Kysely<Database>, taskId: number) {
  const rows = await commentsQuery(db).where('task_comments.task_id', '=', taskId).orderBy('task_comments.id').execute();
  return rows.map(commentView);
}

/** Anyone in the project may comment on its tasks, viewers included (DESIGN.md §3). Comments are never edited. */
export async function addComment(tx: Kysely<Database>, action: Action, m: Membership, input: CommentInput) {
  const task = await loadTask(tx, m.projectId, input.taskId);
  const { id } = await tx
    .insertInto('task_comments')
    .values({
      project_id: m.projectId,
      task_id: task.id,
      author_user_id: action.actor!.userId,
      author_organization_id: m.organizationId,
      body: input.body,
      created_at: action.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(tx, action, {
    projectId: m.projectId,
    action: 'comment.added',
    subject: { type: 'task_comment', id },
    after: { taskId: task.id, body: input.body },
  });
  await notifyMentions(tx, action, task, id, input.body);
  return commentView(await commentsQuery(tx).where('task_comments.id', '=', id).executeTakeFirstOrThrow());
}
