import type SQLite from 'better-sqlite3';

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
export function floorRoutes(db: SQLite.Database, today: string) {
  const list = db.prepare(`${SUMMARY} where t.project_id = ? and t.lead_organization_id = ? order by t.due_date, t.id limit ?`);
  const counts = db.prepare('select status, count(*) as n from tasks where project_id = ? and lead_organization_id = ? group by status');
  const conflicts = db.prepare(
    `select d.successor_id from task_dependencies d join tasks p on p.id = d.predecessor_id join tasks s on s.id = d.successor_id
     where s.start_date < p.due_date and d.successor_id in (select value from json_each(?))`,
  );
  const task = db.prepare('select * from tasks where id = ? and project_id = ?');
  const names = db.prepare(
    `select ph.name as phase_name, m.name as milestone_name, m.date as milestone_date, lead.code as lead_code, a.display_name as assignee_name
     from tasks t join phases ph on ph.id = t.phase_id left join milestones m on m.id = t.milestone_id
     left join organizations lead on lead.id = t.lead_organization_id left join users a on a.id = t.assignee_user_id where t.id = ?`,
  );
  const supporters = db.prepare('select o.id, o.code from task_supporters ts join organizations o on o.id = ts.organization_id where ts.task_id = ? order by o.id');
  const predecessors = db.prepare(
    'select t.id, t.title, t.start_date, t.due_date, t.status from task_dependencies d join tasks t on t.id = d.predecessor_id where d.successor_id = ? order by t.due_date, t.id',
  );
  const successors = db.prepare(
    'select t.id, t.title, t.start_date, t.due_date, t.status from task_dependencies d join tasks t on t.id = d.successor_id where d.predecessor_id = ? order by t.start_date, t.id',
  );
  const handoffs = db.prepare(
    `select h.*, o.code as organization_code, actor.display_name as actor_name from task_handoffs h
     join organizations o on o.id = h.organization_id left join users actor on actor.id = h.actor_user_id where h.task_id = ? order by h.id`,
  );
  const comments = db.prepare(
    `select c.id, c.body, c.created_at, u.display_name, o.code from task_comments c join users u on u.id = c.author_user_id
     join organizations o on o.id = c.author_organization_id where c.task_id = ? order by c.id`,
  );
  const mine = db.prepare(
    `${SUMMARY} where t.project_id = ? and t.lead_organization_id = ? and t.assignment_state = ? and (? = 0 or t.status <> 'done') order by t.due_date, t.id limit 200`,
  );
  const project = db.prepare('select * from projects where id = ?');
  const parties = db.prepare(
    `select o.id, o.code, o.name_vi, o.name_en, pp.part_vi, pp.part_en from project_parties pp
     join organizations o on o.id = pp.organization_id where pp.project_id = ? order by pp.id`,
  );
  const members = db.prepare(
    `select u.id, u.display_name, u.active, m.role, o.code as orgCode from memberships m
     join users u on u.id = m.user_id join organizations o on o.id = u.organization_id
     where m.project_id = ? order by o.code, u.display_name`,
  );
  const withConflicts = (projectId: number, rows: { id: number; due_date: string; status: string }[]) => {
    void projectId; // the ids are the project's own: looked up by successor, as the app does
    const flagged = new Set((conflicts.all(JSON.stringify(rows.map((r) => r.id))) as { successor_id: number }[]).map((r) => r.successor_id));
    return rows.map((r) => ({ ...r, overdue: r.status !== 'done' && r.due_date < today, hasScheduleConflict: flagged.has(r.id) }));
  };

  return [
    {
      path: '/floor/tasks',
      handle: (q: Record<string, string>) => {
        const [p, o, limit] = [Number(q.projectId), Number(q.organizationId), Number(q.limit)];
        const rows = list.all(p, o, limit + 1) as { id: number; due_date: string; status: string }[];
        return { items: withConflicts(p, rows.slice(0, limit)), counts: counts.all(p, o) };
      },
    },
    {
      path: '/floor/task',
      handle: (q: Record<string, string>) => {
        const id = Number(q.taskId);
        return {
          ...(task.get(id, Number(q.projectId)) as object),
          ...(names.get(id) as object),
          supporters: supporters.all(id),
          predecessors: predecessors.all(id),
          successors: successors.all(id),
          handoffs: handoffs.all(id),
          comments: comments.all(id),
        };
      },
    },
    {
      path: '/floor/my-work',
      handle: (q: Record<string, string>) => {
        const [p, o] = [Number(q.projectId), Number(q.organizationId)];
        const awaiting = mine.all(p, o, 'awaiting', 0) as { id: number; due_date: string; status: string }[];
        const open = mine.all(p, o, 'accepted', 1) as { id: number; due_date: string; status: string }[];
        return { awaiting: withConflicts(p, awaiting), tasks: withConflicts(p, open) };
      },
    },
    {
      path: '/floor/project-overview',
      handle: (q: Record<string, string>) => {
        const id = Number(q.projectId);
        return { ...(project.get(id) as object), parties: parties.all(id), members: members.all(id) };
      },
    },
  ];
}
