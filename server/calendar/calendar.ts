import { randomBytes } from 'node:crypto';
import ical, { type ICalCalendar } from 'ical-generator';
import type { Kysely } from 'kysely';
import type { Action } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import { hashToken } from '../auth/auth.ts';
import type { Config } from '../config.ts';
import type { ApprovalRoundState, Database, TaskStatus } from '../db/schema.ts';

// The per-person calendar feed (issue 8): an .ics URL that Google Calendar, Outlook and Thunderbird
// poll without a session. The secret token in the URL is the only credential; only its hash is kept.

export const CALENDAR_TIMEZONE = 'Asia/Ho_Chi_Minh';

/** Whether the person has a feed, and since when; the URL itself is shown only once, when made. */
export async function feedStatus(db: Kysely<Database>, userId: number) {
  const row = await db.selectFrom('calendar_feeds').select('created_at').where('user_id', '=', userId).executeTakeFirst();
  return { hasFeed: row !== undefined, createdAt: row?.created_at ?? null };
}

/** Makes a new secret token for the person's feed; the previous one stops working at once. Returns the raw token. */
export async function regenerateFeed(tx: Kysely<Database>, action: Action, userId: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const previous = await tx.selectFrom('calendar_feeds').select('created_at').where('user_id', '=', userId).executeTakeFirst();
  const feed = await tx
    .insertInto('calendar_feeds')
    .values({ user_id: userId, token_hash: hashToken(token), created_at: action.at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ token_hash: hashToken(token), created_at: action.at }))
    .returning('id')
    .executeTakeFirstOrThrow();
  // Never the token or its hash: the audit log is readable by more people than the feed's owner.
  await recordAudit(tx, action, {
    action: 'calendar_feed.regenerated',
    subject: { type: 'calendar_feed', id: feed.id },
    before: previous ? { createdAt: previous.created_at } : undefined,
    after: { createdAt: action.at },
  });
  return token;
}

/** The origin links are built on: PUBLIC_URL when set (behind a proxy), else the request's own. */
export function publicOrigin(config: Config, requestUrl: string): string {
  return config.publicUrl ? new URL(config.publicUrl).origin : new URL(requestUrl).origin;
}

export function feedUrl(origin: string, token: string): string {
  return `${origin}/calendar/${token}.ics`;
}

/** The access log must not keep feed tokens: they are credentials. */
export function redactFeedToken(path: string): string {
  return path.startsWith('/calendar/') ? '/calendar/[token].ics' : path;
}

const WORDS = {
  vi: {
    calendar: 'LienKet — lịch của tôi',
    milestone: 'Mốc',
    signoff: 'Ký duyệt',
    deliverables: 'Sản phẩm',
    project: 'Đề án',
    status: 'Trạng thái',
    progress: 'Tiến độ',
    signoffState: { open: 'Đang chờ ký', approved: 'Đã ký duyệt', changes_requested: 'Yêu cầu sửa', withdrawn: 'Đã rút', superseded: 'Đã thay thế' },
    taskStatus: { not_started: 'Chưa bắt đầu', in_progress: 'Đang thực hiện', blocked: 'Bị vướng', done: 'Hoàn thành' },
  },
  en: {
    calendar: 'LienKet — my calendar',
    milestone: 'Milestone',
    signoff: 'Sign-off',
    deliverables: 'Deliverables',
    project: 'Project',
    status: 'Status',
    progress: 'Progress',
    signoffState: { open: 'Awaiting sign-off', approved: 'Signed off', changes_requested: 'Changes requested', withdrawn: 'Withdrawn', superseded: 'Superseded' },
    taskStatus: { not_started: 'Not started', in_progress: 'In progress', blocked: 'Blocked', done: 'Done' },
  },
} as const satisfies Record<'vi' | 'en', { signoffState: Record<ApprovalRoundState, string>; taskStatus: Record<TaskStatus, string> } & Record<string, unknown>>;

/** A 'YYYY-MM-DD' calendar date as a UTC midnight: ical-generator writes all-day dates from the UTC fields. */
function allDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function nextDay(day: string): Date {
  return new Date(allDay(day).getTime() + 86_400_000);
}

/**
 * The feed for a token, or null when the token is unknown or replaced, or its person is deactivated.
 * Holds every project the person is a member of: its milestones with their latest sign-off state, and
 * the due dates of the tasks led by the person's organization (not those it declined).
 */
export async function calendarForToken(db: Kysely<Database>, token: string, origin: string, now: Date): Promise<string | null> {
  const owner = await db
    .selectFrom('calendar_feeds')
    .innerJoin('users', 'users.id', 'calendar_feeds.user_id')
    .select(['users.id', 'users.organization_id', 'users.locale', 'users.active'])
    .where('calendar_feeds.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!owner || owner.active !== 1) return null;
  const words = WORDS[owner.locale] ?? WORDS.vi;

  const projects = await db
    .selectFrom('memberships')
    .innerJoin('projects', 'projects.id', 'memberships.project_id')
    .select(['projects.id', 'projects.code', 'projects.name_vi', 'projects.name_en'])
    .where('memberships.user_id', '=', owner.id)
    .orderBy('projects.id')
    .execute();
  const projectIds = projects.map((p) => p.id);
  const projectById = new Map(projects.map((p) => [p.id, p]));

  const [milestones, rounds, tasks] =
    projectIds.length === 0
      ? [[], [], []]
      : await Promise.all([
          db
            .selectFrom('milestones')
            .select(['id', 'project_id', 'name', 'date', 'deliverables', 'updated_at'])
            .where('project_id', 'in', projectIds)
            .orderBy('date')
            .orderBy('id')
            .execute(),
          db
            .selectFrom('approval_rounds')
            .select(['subject_id', 'state'])
            .where('project_id', 'in', projectIds)
            .where('subject_kind', '=', 'milestone')
            .orderBy('id', 'desc')
            .execute(),
          db
            .selectFrom('tasks')
            .select(['id', 'project_id', 'title', 'due_date', 'status', 'progress', 'updated_at'])
            .where('project_id', 'in', projectIds)
            .where('lead_organization_id', '=', owner.organization_id)
            .where('assignment_state', '!=', 'declined')
            .orderBy('due_date')
            .orderBy('id')
            .execute(),
        ]);
  const latestRound = new Map<number, ApprovalRoundState>();
  for (const r of rounds) if (!latestRound.has(r.subject_id)) latestRound.set(r.subject_id, r.state);

  const host = new URL(origin).host;
  const calendar: ICalCalendar = ical({
    name: words.calendar,
    prodId: { company: 'LienKet', product: 'LienKet', language: owner.locale.toUpperCase() },
    // Every event is all-day on a Vietnamese calendar date; the zone tells clients where those days are.
    // Set as a property rather than ical-generator's `timezone`, which would write DTSTAMP in the server's local time.
    x: [{ key: 'X-WR-TIMEZONE', value: CALENDAR_TIMEZONE }],
    // Clients that honour it poll twice an hour; the response may be cached for five minutes.
    ttl: 30 * 60,
  });

  for (const ms of milestones) {
    const project = projectById.get(ms.project_id)!;
    const state = latestRound.get(ms.id);
    const lines = [
      `${words.project}: ${owner.locale === 'en' ? project.name_en : project.name_vi}`,
      ...(state ? [`${words.signoff}: ${words.signoffState[state]}`] : []),
      ...(ms.deliverables ? [`${words.deliverables}: ${ms.deliverables}`] : []),
    ];
    calendar.createEvent({
      id: `milestone-${ms.id}@${host}`,
      start: allDay(ms.date),
      end: nextDay(ms.date),
      allDay: true,
      stamp: now,
      lastModified: new Date(ms.updated_at),
      summary: `[${project.code}] ◆ ${words.milestone}: ${ms.name}${state ? ` (${words.signoffState[state]})` : ''}`,
      description: lines.join('\n'),
      url: `${origin}/projects/${project.id}/timeline`,
    });
  }

  for (const task of tasks) {
    const project = projectById.get(task.project_id)!;
    calendar.createEvent({
      id: `task-${task.id}@${host}`,
      start: allDay(task.due_date),
      end: nextDay(task.due_date),
      allDay: true,
      stamp: now,
      lastModified: new Date(task.updated_at),
      summary: `[${project.code}] ${task.title}`,
      description: [
        `${words.status}: ${words.taskStatus[task.status]} · ${words.progress}: ${task.progress}%`,
        `${words.project}: ${owner.locale === 'en' ? project.name_en : project.name_vi}`,
      ].join('\n'),
      url: `${origin}/projects/${project.id}/tasks/${task.id}`,
    });
  }
  return calendar.toString();
}
