import type { Kysely } from 'kysely';
import { formatDate } from '../../shared/format.ts';
import { NOTIFICATION_KINDS, type NotificationKind, type NotificationPayload } from '../../shared/notification-schemas.ts';
import type { Action } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Database } from '../db/schema.ts';
import type { CreatedNotification } from './notify.ts';

// E-mail notifications (issue 9): off by default, each person chooses the kinds. The message is
// written to email_outbox in the notification's own transaction (queueEmails, called by notify()),
// and a background loop (email-sender.ts) sends it. Subject and text are rendered here, in the
// recipient's language; the link to the item is added when sending, because only the server's
// configuration knows the address people reach it at (PUBLIC_URL), not the mutation's transaction.

type Locale = 'vi' | 'en';

/** The kinds the person gets by e-mail, in the order of NOTIFICATION_KINDS. */
export async function emailPreferences(db: Kysely<Database>, userId: number): Promise<NotificationKind[]> {
  const rows = await db.selectFrom('email_preferences').select('kind').where('user_id', '=', userId).execute();
  const chosen = new Set(rows.map((r) => r.kind));
  return NOTIFICATION_KINDS.filter((kind) => chosen.has(kind));
}

/** Replaces the person's choice of kinds by `kinds`; audited with before and after. */
export async function setEmailPreferences(
  tx: Kysely<Database>,
  action: Action,
  userId: number,
  kinds: readonly NotificationKind[],
): Promise<NotificationKind[]> {
  const before = await emailPreferences(tx, userId);
  const after = NOTIFICATION_KINDS.filter((kind) => kinds.includes(kind));
  await tx.deleteFrom('email_preferences').where('user_id', '=', userId).execute();
  if (after.length > 0) await tx.insertInto('email_preferences').values(after.map((kind) => ({ user_id: userId, kind }))).execute();
  await recordAudit(tx, action, { action: 'email_preferences.updated', subject: { type: 'user', id: userId }, before: { kinds: before }, after: { kinds: after } });
  return after;
}

/**
 * Writes one outbox message per notification whose recipient is active and chose its kind. Runs in
 * the notification's transaction, so the message exists exactly when the notification does; the
 * unique notification_id makes a second call for the same notification a no-op.
 */
export async function queueEmails(tx: Kysely<Database>, notifications: readonly CreatedNotification[]): Promise<void> {
  if (notifications.length === 0) return;
  const recipients = await tx
    .selectFrom('email_preferences as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['u.id', 'u.email', 'u.locale', 'p.kind'])
    .where('u.id', 'in', [...new Set(notifications.map((n) => n.userId))])
    .where('u.active', '=', 1)
    .execute();
  const wanted = new Map(recipients.map((r) => [`${r.id}:${r.kind}`, r]));
  const chosen = notifications.flatMap((n) => {
    const recipient = wanted.get(`${n.userId}:${n.kind}`);
    return recipient ? [{ notification: n, recipient }] : [];
  });
  if (chosen.length === 0) return;

  const context = await messageContext(tx, chosen.map((c) => c.notification));
  for (const { notification, recipient } of chosen) {
    const message = renderEmail(notification, recipient.locale, context);
    await tx
      .insertInto('email_outbox')
      .values({
        notification_id: notification.id,
        recipient: recipient.email,
        subject: message.subject,
        body_text: message.text,
        body_html: null,
        locale: recipient.locale,
        link_path: message.linkPath,
        created_at: notification.at,
        next_attempt_at: notification.at,
      })
      .onConflict((oc) => oc.column('notification_id').doNothing())
      .execute();
  }
}

interface MessageContext {
  projects: Map<number, { code: string; name_vi: string; name_en: string }>;
  actors: Map<number, string>;
}

async function messageContext(tx: Kysely<Database>, notifications: readonly CreatedNotification[]): Promise<MessageContext> {
  const projectIds = [...new Set(notifications.map((n) => n.projectId))];
  const actorIds = [...new Set(notifications.flatMap((n) => (n.actorUserId === null ? [] : [n.actorUserId])))];
  const projects = await tx.selectFrom('projects').select(['id', 'code', 'name_vi', 'name_en']).where('id', 'in', projectIds).execute();
  const actors = actorIds.length === 0 ? [] : await tx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', actorIds).execute();
  return { projects: new Map(projects.map((p) => [p.id, p])), actors: new Map(actors.map((a) => [a.id, a.display_name])) };
}

const ROUND_STATE: Record<Locale, Record<string, string>> = {
  vi: { approved: 'đã được phê duyệt', changes_requested: 'được yêu cầu sửa', withdrawn: 'đã bị rút lại', superseded: 'đã bị thay thế' },
  en: { approved: 'approved', changes_requested: 'changes requested', withdrawn: 'withdrawn', superseded: 'superseded' },
};

interface Words {
  task: string;
  reason: string;
  project: string;
  by: string;
  subject(kind: NotificationKind, p: NotificationPayload, actor: string): string;
}

/** One short sentence per kind; the same facts the in-app notification shows, from its payload. */
const WORDS: Record<Locale, Words> = {
  vi: {
    task: 'Công việc',
    reason: 'Lý do',
    project: 'Đề án',
    by: 'Người thực hiện',
    subject(kind, p, actor) {
      const due = p.dueDate ? formatDate(p.dueDate, 'vi') : '';
      switch (kind) {
        case 'assigned': return `Công việc mới giao cho ${p.organizationCode}: ${p.taskTitle}`;
        case 'decision_requested': return `Chờ quyết định của tổ chức bạn: ${p.subjectLabel}`;
        case 'round_superseded': return `Vòng phê duyệt bạn đã quyết định bị thay thế: ${p.subjectLabel}`;
        case 'round_closed': return `Vòng phê duyệt đã kết thúc (${ROUND_STATE.vi[p.detail ?? ''] ?? p.detail}): ${p.subjectLabel}`;
        case 'assignment_declined': return `${p.organizationCode} từ chối công việc: ${p.taskTitle}`;
        case 'mentioned': return `${actor} nhắc đến bạn: ${p.taskTitle}`;
        case 'due_soon': return `Sắp đến hạn ${due}: ${p.taskTitle}`;
        case 'overdue': return `Quá hạn từ ${due}: ${p.taskTitle}`;
      }
    },
  },
  en: {
    task: 'Task',
    reason: 'Reason',
    project: 'Project',
    by: 'By',
    subject(kind, p, actor) {
      const due = p.dueDate ? formatDate(p.dueDate, 'en') : '';
      switch (kind) {
        case 'assigned': return `New task for ${p.organizationCode}: ${p.taskTitle}`;
        case 'decision_requested': return `Your organization's decision is requested: ${p.subjectLabel}`;
        case 'round_superseded': return `An approval round you decided on was superseded: ${p.subjectLabel}`;
        case 'round_closed': return `Approval round closed (${ROUND_STATE.en[p.detail ?? ''] ?? p.detail}): ${p.subjectLabel}`;
        case 'assignment_declined': return `${p.organizationCode} declined a task: ${p.taskTitle}`;
        case 'mentioned': return `${actor} mentioned you: ${p.taskTitle}`;
        case 'due_soon': return `Due ${due}: ${p.taskTitle}`;
        case 'overdue': return `Overdue since ${due}: ${p.taskTitle}`;
      }
    },
  },
};

/** Header-safe: a task title is typed by people, and a subject is one line. */
function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Where the item lives in the app, relative to its address. */
export function notificationPath(n: Pick<CreatedNotification, 'projectId' | 'taskId' | 'roundId' | 'payload'>): string {
  const project = `/projects/${n.projectId}`;
  if (n.taskId) return `${project}/tasks/${n.taskId}`;
  const p = n.payload ?? {};
  if (n.roundId && p.subjectKind && p.subjectId) return `${project}/approvals/${p.subjectKind}/${p.subjectId}#round-${n.roundId}`;
  return `${project}/approvals`;
}

export function renderEmail(n: CreatedNotification, locale: Locale, context: MessageContext) {
  const words = WORDS[locale];
  const payload = n.payload ?? {};
  const project = context.projects.get(n.projectId);
  const actor = n.actorUserId === null ? '' : (context.actors.get(n.actorUserId) ?? '');
  const sentence = oneLine(words.subject(n.kind, payload, actor), 200);
  const lines = [sentence, ''];
  if (project) lines.push(`${words.project}: ${project.code} — ${locale === 'vi' ? project.name_vi : project.name_en}`);
  if (actor) lines.push(`${words.by}: ${actor}`);
  if (payload.excerpt) lines.push('', `“${payload.excerpt}”`);
  if (n.kind === 'assignment_declined' && payload.detail) lines.push('', `${words.reason}: ${payload.detail}`);
  return { subject: project ? `[${project.code}] ${sentence}` : sentence, text: lines.join('\n'), linkPath: notificationPath(n) };
}

const FOOTER: Record<Locale, { open: string; why: string; change: string }> = {
  vi: { open: 'Mở trong LienKet', why: 'Bạn nhận thư này vì đã bật thông báo qua e-mail cho loại việc này trong LienKet.', change: 'Thay đổi' },
  en: { open: 'Open in LienKet', why: 'You get this e-mail because you turned on e-mail for this kind of notification in LienKet.', change: 'Change' },
};

/** The text as sent: the stored body, the link to the item on `publicUrl` when there is one, and why it came. */
export function emailText(row: { body_text: string; locale: Locale; link_path: string }, publicUrl: string | undefined): string {
  const footer = FOOTER[row.locale];
  const parts = [row.body_text];
  if (publicUrl) parts.push(`${footer.open}: ${publicUrl}${row.link_path}`);
  parts.push(`-- \n${footer.why}${publicUrl ? `\n${footer.change}: ${publicUrl}/settings/notifications` : ''}`);
  return parts.join('\n\n');
}
