import { renderMarkdown } from '../server/markdown.ts';

/**
 * The hot paths the benchmark drives. Each has the app's request (through Hono, tRPC, Kysely,
 * the session and membership checks) and, for reads, the floor's: the same SQL written by hand on
 * better-sqlite3 with no framework, no auth and no validation.
 */
export interface HotPath {
  name: string;
  app: (ctx: BenchContext) => { path: string; method?: 'GET' | 'POST'; body?: string };
  floor?: (ctx: BenchContext) => string;
  /** A write: every request carries a new body (see run.ts). */
  write?: true;
}

export interface BenchContext {
  projectId: number;
  organizationId: number;
  taskId: number;
  today: string;
}

const input = (value: unknown) => `input=${encodeURIComponent(JSON.stringify(value))}`;

export const HOT_PATHS: HotPath[] = [
  {
    name: 'task list, one organization',
    app: (c) => ({ path: `/trpc/tasks.list?${input({ projectId: c.projectId, organizationId: c.organizationId, limit: 50 })}` }),
    floor: (c) => `/floor/tasks?projectId=${c.projectId}&organizationId=${c.organizationId}&limit=50`,
  },
  {
    name: 'task page',
    app: (c) => ({ path: `/trpc/tasks.get?${input({ projectId: c.projectId, taskId: c.taskId })}` }),
    floor: (c) => `/floor/task?projectId=${c.projectId}&taskId=${c.taskId}`,
  },
  {
    name: 'my work',
    app: (c) => ({ path: `/trpc/tasks.myWork?${input({ projectId: c.projectId })}` }),
    floor: (c) => `/floor/my-work?projectId=${c.projectId}&organizationId=${c.organizationId}`,
  },
  {
    name: 'approvals inbox',
    app: (c) => ({ path: `/trpc/approvals.inbox?${input({ projectId: c.projectId })}` }),
  },
  {
    name: 'dashboard summary',
    app: (c) => ({ path: `/trpc/dashboard.summary?${input({ projectId: c.projectId })}` }),
  },
  {
    name: 'project overview',
    app: (c) => ({ path: `/trpc/projects.overview?${input({ projectId: c.projectId })}` }),
    floor: (c) => `/floor/project-overview?projectId=${c.projectId}`,
  },
  {
    name: 'task update (write + audit)',
    app: (c) => ({ path: '/trpc/tasks.updateWork', method: 'POST' }),
    write: true,
  },
];

const SUMMARY = `select t.id, t.title, t.phase_id, t.milestone_id, t.lead_organization_id, lead.code as lead_code,
  t.assignee_user_id, a.display_name as assignee_name, t.assignment_state, t.status, t.progress,
  t.start_date, t.due_date, t.version
  from tasks t left join organizations lead on lead.id = t.lead_organization_id
  left join users a on a.id = t.assignee_user_id`;

/** Hand-written handlers for the floor server, one per read hot path. */
/**
 * Runs hand-written SQL with `?` placeholders and returns its rows: better-sqlite3 prepared once
 * per statement (see floor.ts), or node-postgres with `$n` placeholders.
 */
export type FloorQuery = (sql: string, params: readonly unknown[]) => Promise<Record<string, unknown>[]>;

/** Hand-written handlers for the floor server, one per read hot path, on SQLite or PostgreSQL. */
export function floorRoutes(query: FloorQuery, today: string) {
  const statement = (sql: string) => (...params: unknown[]) => query(sql, params);
  const list = statement(`${SUMMARY} where t.project_id = ? and t.lead_organization_id = ? order by t.due_date, t.id limit ?`);
  const counts = statement('select status, count(*) as n from tasks where project_id = ? and lead_organization_id = ? group by status');
  // An IN list of the page's ids, as the app sends it.
  const conflicts = (ids: readonly number[]) =>
    query(
      `select d.successor_id from task_dependencies d join tasks p on p.id = d.predecessor_id join tasks s on s.id = d.successor_id
       where s.start_date <= p.due_date and d.successor_id in (${ids.map(() => '?').join(', ')})`,
      ids,
    );
  const task = statement('select * from tasks where id = ? and project_id = ?');
  const names = statement(
    `select ph.name as phase_name, m.name as milestone_name, m.date as milestone_date, lead.code as lead_code, a.display_name as assignee_name
     from tasks t join phases ph on ph.id = t.phase_id left join milestones m on m.id = t.milestone_id
     left join organizations lead on lead.id = t.lead_organization_id left join users a on a.id = t.assignee_user_id where t.id = ?`,
  );
  const supporters = statement('select o.id, o.code from task_supporters ts join organizations o on o.id = ts.organization_id where ts.task_id = ? order by o.id');
  const predecessors = statement(
    'select t.id, t.title, t.start_date, t.due_date, t.status from task_dependencies d join tasks t on t.id = d.predecessor_id where d.successor_id = ? order by t.due_date, t.id',
  );
  const successors = statement(
    'select t.id, t.title, t.start_date, t.due_date, t.status from task_dependencies d join tasks t on t.id = d.successor_id where d.predecessor_id = ? order by t.start_date, t.id',
  );
  // The same joins and columns as the app's, so the floor does the same work, not less.
  const handoffs = statement(
    `select h.id, h.kind, h.at, h.reason, h.proposed_start_date, h.proposed_due_date, h.organization_id, o.code as organization_code,
     h.actor_user_id, actor.display_name as actor_name, h.actor_organization_id, actor_org.code as actor_organization_code,
     h.assignee_user_id, assignee.display_name as assignee_name from task_handoffs h
     join organizations o on o.id = h.organization_id left join users actor on actor.id = h.actor_user_id
     left join organizations actor_org on actor_org.id = h.actor_organization_id left join users assignee on assignee.id = h.assignee_user_id
     where h.task_id = ? order by h.id`,
  );
  const comments = statement(
    `select c.id, c.task_id, c.body, c.created_at, u.id as author_id, u.display_name, o.id as organization_id, o.code, o.name_vi, o.name_en
     from task_comments c join users u on u.id = c.author_user_id
     join organizations o on o.id = c.author_organization_id where c.task_id = ? order by c.id`,
  );
  const mine = statement(
    `${SUMMARY} where t.project_id = ? and t.lead_organization_id = ? and t.assignment_state = ? and (? = 0 or t.status <> 'done') order by t.due_date, t.id limit 200`,
  );
  const project = statement('select * from projects where id = ?');
  const parties = statement(
    `select o.id, o.code, o.name_vi, o.name_en, pp.part_vi, pp.part_en from project_parties pp
     join organizations o on o.id = pp.organization_id where pp.project_id = ? order by pp.id`,
  );
  const members = statement(
    `select u.id, u.display_name, u.active, m.role, o.code as orgCode from memberships m
     join users u on u.id = m.user_id join organizations o on o.id = u.organization_id
     where m.project_id = ? order by o.code, u.display_name`,
  );
  type Summary = { id: number; due_date: string; status: string };
  // The ids are the project's own: looked up by successor, as the app does.
  const withConflicts = async (rows: Summary[]) => {
    const flagged = new Set(rows.length ? (await conflicts(rows.map((r) => r.id))).map((r) => r.successor_id) : []);
    return rows.map((r) => ({ ...r, overdue: r.status !== 'done' && r.due_date < today, hasScheduleConflict: flagged.has(r.id) }));
  };

  // Like the app, the queries that do not depend on each other run together (on PostgreSQL, on
  // several pooled connections).
  return [
    {
      path: '/floor/tasks',
      handle: async (q: Record<string, string>) => {
        const [p, o, limit] = [Number(q.projectId), Number(q.organizationId), Number(q.limit)];
        const [rows, countRows] = await Promise.all([list(p, o, limit + 1), counts(p, o)]);
        return { items: await withConflicts((rows as Summary[]).slice(0, limit)), counts: countRows };
      },
    },
    {
      path: '/floor/task',
      handle: async (q: Record<string, string>) => {
        const id = Number(q.taskId);
        const [found] = await task(id, Number(q.projectId));
        const [[named], supporting, before, after, handed, commented] = await Promise.all([
          names(id),
          supporters(id),
          predecessors(id),
          successors(id),
          handoffs(id),
          comments(id),
        ]);
        return {
          ...found,
          ...named,
          supporters: supporting,
          predecessors: before,
          successors: after,
          handoffs: handed,
          // The app renders each comment's Markdown on the server: so does the floor.
          comments: commented.map((c) => ({ ...c, bodyHtml: renderMarkdown(String(c.body)) })),
        };
      },
    },
    {
      path: '/floor/my-work',
      handle: async (q: Record<string, string>) => {
        const [p, o] = [Number(q.projectId), Number(q.organizationId)];
        const [awaiting, open] = (await Promise.all([mine(p, o, 'awaiting', 0), mine(p, o, 'accepted', 1)])) as [Summary[], Summary[]];
        const flagged = await withConflicts([...awaiting, ...open]);
        return { awaiting: flagged.slice(0, awaiting.length), tasks: flagged.slice(awaiting.length) };
      },
    },
    {
      path: '/floor/project-overview',
      handle: async (q: Record<string, string>) => {
        const id = Number(q.projectId);
        const [found] = await project(id);
        const [partyRows, memberRows] = await Promise.all([parties(id), members(id)]);
        return { ...found, parties: partyRows, members: memberRows };
      },
    },
  ];
}
