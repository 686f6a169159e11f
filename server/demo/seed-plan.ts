import type { Kysely } from 'kysely';
import type { AssignmentState, Database, ProjectRole, TaskStatus } from '../db/schema.ts';
import { taskSearchText } from '../tasks/search-text.ts';

/** The Chu Lai pilot's parties, by the codes seed.ts uses. */
export type PlanOrg = 'VIOIT' | 'MOIT' | 'QN-DOIT' | 'THACO-IND';

export interface PlanSeedContext {
  projectId: number;
  orgIds: Record<PlanOrg, number>;
  users: readonly { id: number; org: PlanOrg; role: ProjectRole }[];
  now: Date;
}

// Dates are offsets in days from `now`, so the plan always looks alive: some work done, some
// under way, some overdue, some awaiting an answer, two declined with other dates proposed.

const PHASES = [
  { key: 'P1', name: 'Giai đoạn 1: Xây dựng đề cương và lộ trình thực hiện Đề án', start: -120, end: -40 },
  { key: 'P2', name: 'Giai đoạn 2: Rà soát cơ chế, chính sách, khảo sát doanh nghiệp và xây dựng cơ sở dữ liệu', start: -60, end: 60 },
  { key: 'P3', name: 'Giai đoạn 3: Đề xuất cơ chế, chính sách và dự toán kinh phí', start: 10, end: 150 },
  { key: 'P4', name: 'Giai đoạn 4: Thí điểm liên kết sản xuất tại KCN THACO Chu Lai', start: 120, end: 330 },
  { key: 'P5', name: 'Giai đoạn 5: Hình thành Trung tâm công nghiệp cơ khí và công nghiệp hỗ trợ', start: 300, end: 420 },
] as const;
type PhaseKey = (typeof PHASES)[number]['key'];

const MILESTONES = [
  { key: 'M1', phase: 'P1', date: -45, name: 'Đề cương và lộ trình Đề án được các bên thống nhất', deliverables: 'Đề cương chi tiết; lộ trình và kế hoạch hành động', signoff: ['VIOIT', 'QN-DOIT', 'THACO-IND'] },
  { key: 'M2', phase: 'P2', date: 30, name: 'Hoàn thành rà soát chính sách và khảo sát nhu cầu doanh nghiệp', deliverables: 'Báo cáo rà soát cơ chế, chính sách; báo cáo khảo sát', signoff: ['VIOIT', 'MOIT', 'QN-DOIT', 'THACO-IND'] },
  { key: 'M3', phase: 'P2', date: 55, name: 'Cơ sở dữ liệu ngành ô tô, cơ khí và CNHT vận hành thử', deliverables: 'Cơ sở dữ liệu; hướng dẫn sử dụng', signoff: ['MOIT', 'VIOIT'] },
  { key: 'M4', phase: 'P3', date: 140, name: 'Bộ đề xuất cơ chế, chính sách và dự toán kinh phí được thông qua', deliverables: 'Đề xuất ngắn, trung và dài hạn; dự toán kinh phí', signoff: ['VIOIT', 'MOIT', 'QN-DOIT', 'THACO-IND'] },
  { key: 'M5', phase: 'P4', date: 320, name: 'Doanh nghiệp Quảng Nam đầu tiên tham gia chuỗi sản xuất của THACO', deliverables: 'Hợp đồng cung ứng đầu tiên; báo cáo tư vấn layout, dây chuyền', signoff: ['THACO-IND', 'QN-DOIT'] },
  { key: 'M6', phase: 'P5', date: 410, name: 'Ra mắt Trung tâm công nghiệp cơ khí và công nghiệp hỗ trợ', deliverables: 'Quyết định thành lập; quy chế hoạt động', signoff: ['VIOIT', 'MOIT', 'QN-DOIT', 'THACO-IND'] },
] as const satisfies readonly { key: string; phase: PhaseKey; date: number; name: string; deliverables: string; signoff: readonly PlanOrg[] }[];
type MilestoneKey = (typeof MILESTONES)[number]['key'];

interface SeedTask {
  key: string;
  title: string;
  phase: PhaseKey;
  milestone?: MilestoneKey;
  /** The organization it is (or was) assigned to; absent while unassigned. */
  lead?: PlanOrg;
  supporters?: PlanOrg[];
  start: number;
  due: number;
  state: AssignmentState;
  status?: TaskStatus;
  progress?: number;
  deliverables?: string;
  decline?: { reason: string; start?: number; due?: number };
}

// In dependency order: every predecessor is listed before its successors (checked below), so the
// demo plan has no cycle. Successors start the day after their predecessors are due at the earliest
// (breaksFinishToStart in shared/schedule.ts), but for the one deliberate conflict, db-build.
const TASKS: SeedTask[] = [
  { key: 'visit', title: 'Khảo sát thực tế tại KCN THACO Chu Lai, làm việc với THACO Industries', phase: 'P1', milestone: 'M1', lead: 'VIOIT', supporters: ['QN-DOIT', 'THACO-IND'], start: -118, due: -110, state: 'accepted', status: 'done', progress: 100, deliverables: 'Biên bản làm việc' },
  { key: 'outline', title: 'Xây dựng dự thảo đề cương Đề án', phase: 'P1', milestone: 'M1', lead: 'VIOIT', start: -109, due: -80, state: 'accepted', status: 'done', progress: 100, deliverables: 'Dự thảo đề cương' },
  { key: 'consult', title: 'Lấy ý kiến Sở Công Thương Quảng Nam và THACO Industries về đề cương', phase: 'P1', milestone: 'M1', lead: 'VIOIT', supporters: ['QN-DOIT', 'THACO-IND'], start: -79, due: -60, state: 'accepted', status: 'done', progress: 100 },
  { key: 'roadmap', title: 'Xây dựng lộ trình và kế hoạch hành động thực hiện Đề án', phase: 'P1', milestone: 'M1', lead: 'VIOIT', start: -75, due: -58, state: 'accepted', status: 'done', progress: 100, deliverables: 'Lộ trình; kế hoạch hành động' },
  { key: 'agree', title: 'Hoàn thiện và thống nhất đề cương, lộ trình với các bên', phase: 'P1', milestone: 'M1', lead: 'VIOIT', supporters: ['QN-DOIT', 'THACO-IND'], start: -55, due: -45, state: 'accepted', status: 'done', progress: 100 },
  { key: 'capacity', title: 'Tập huấn, nâng cao năng lực nhóm nghiên cứu Đề án', phase: 'P2', lead: 'VIOIT', supporters: ['MOIT'], start: -40, due: 40, state: 'accepted', status: 'in_progress', progress: 45 },
  { key: 'db-design', title: 'Thiết kế cấu trúc cơ sở dữ liệu ngành ô tô, cơ khí và công nghiệp hỗ trợ', phase: 'P2', milestone: 'M3', lead: 'MOIT', supporters: ['VIOIT'], start: -50, due: -20, state: 'accepted', status: 'done', progress: 100 },
  { key: 'db-collect', title: 'Thu thập dữ liệu doanh nghiệp cơ khí, công nghiệp hỗ trợ trên cả nước', phase: 'P2', milestone: 'M3', lead: 'MOIT', supporters: ['QN-DOIT'], start: -19, due: 30, state: 'accepted', status: 'in_progress', progress: 40 },
  // Starts before its predecessor is due: the demo's one schedule conflict, on purpose.
  { key: 'db-build', title: 'Xây dựng phần mềm và vận hành thử cơ sở dữ liệu ngành', phase: 'P2', milestone: 'M3', lead: 'MOIT', start: 25, due: 55, state: 'accepted', status: 'not_started', progress: 0 },
  { key: 'kickoff', title: 'Tổ chức hội thảo khởi động Đề án tại Quảng Nam', phase: 'P2', lead: 'MOIT', supporters: ['QN-DOIT', 'THACO-IND'], start: -35, due: -10, state: 'accepted', status: 'in_progress', progress: 80 },
  { key: 'experts', title: 'Kết nối đối tác, chuyên gia trong và ngoài nước tư vấn cho Đề án', phase: 'P2', lead: 'MOIT', supporters: ['VIOIT'], start: -30, due: 60, state: 'awaiting' },
  { key: 'supply-chain', title: 'Đánh giá năng lực chuỗi cung ứng hiện có của THACO tại Chu Lai', phase: 'P2', milestone: 'M2', lead: 'THACO-IND', supporters: ['VIOIT'], start: -45, due: -5, state: 'accepted', status: 'in_progress', progress: 70 },
  { key: 'localize', title: 'Lập danh mục sản phẩm, linh kiện cơ khí cần nội địa hóa', phase: 'P2', milestone: 'M2', lead: 'THACO-IND', supporters: ['MOIT'], start: -25, due: 20, state: 'accepted', status: 'in_progress', progress: 50 },
  { key: 'incentives', title: 'Tổng hợp ưu đãi đầu tư hiện hành tại Khu kinh tế mở Chu Lai', phase: 'P2', milestone: 'M2', lead: 'QN-DOIT', supporters: ['VIOIT'], start: -40, due: -15, state: 'accepted', status: 'done', progress: 100 },
  { key: 'review-central', title: 'Rà soát cơ chế, chính sách của Trung ương về công nghiệp cơ khí và CNHT', phase: 'P2', milestone: 'M2', lead: 'VIOIT', supporters: ['MOIT', 'QN-DOIT', 'THACO-IND'], start: -45, due: 10, state: 'accepted', status: 'in_progress', progress: 60 },
  { key: 'review-province', title: 'Rà soát cơ chế, chính sách của tỉnh Quảng Nam về cơ khí và CNHT', phase: 'P2', milestone: 'M2', lead: 'QN-DOIT', supporters: ['VIOIT', 'THACO-IND'], start: -40, due: 15, state: 'accepted', status: 'in_progress', progress: 55 },
  { key: 'survey-qn', title: 'Khảo sát nhu cầu doanh nghiệp cơ khí, công nghiệp hỗ trợ tại Quảng Nam', phase: 'P2', milestone: 'M2', lead: 'QN-DOIT', supporters: ['THACO-IND', 'VIOIT'], start: -20, due: 25, state: 'accepted', status: 'blocked', progress: 30 },
  { key: 'survey-thaco', title: 'Khảo sát nhu cầu nhà cung ứng trong chuỗi sản xuất của THACO', phase: 'P2', milestone: 'M2', lead: 'THACO-IND', supporters: ['QN-DOIT'], start: -20, due: 25, state: 'accepted', status: 'in_progress', progress: 35 },
  { key: 'criteria', title: 'Xây dựng tiêu chí lựa chọn doanh nghiệp tham gia chuỗi sản xuất', phase: 'P3', lead: 'THACO-IND', supporters: ['VIOIT', 'QN-DOIT'], start: 30, due: 90, state: 'accepted', status: 'not_started', progress: 0 },
  { key: 'gaps', title: 'Phân tích kết quả khảo sát, đánh giá khoảng trống chính sách', phase: 'P3', milestone: 'M4', lead: 'VIOIT', supporters: ['MOIT'], start: 30, due: 70, state: 'accepted', status: 'not_started', progress: 0 },
  { key: 'policy-short', title: 'Đề xuất cơ chế, chính sách ngắn hạn có tính khả thi', phase: 'P3', milestone: 'M4', lead: 'VIOIT', supporters: ['MOIT', 'QN-DOIT', 'THACO-IND'], start: 71, due: 105, state: 'accepted', status: 'not_started', progress: 0 },
  { key: 'policy-long', title: 'Đề xuất cơ chế, chính sách trung hạn và dài hạn', phase: 'P3', milestone: 'M4', supporters: ['MOIT', 'QN-DOIT', 'THACO-IND'], start: 71, due: 130, state: 'unassigned' },
  { key: 'seminar-policy', title: 'Hội thảo tham vấn đề xuất cơ chế, chính sách', phase: 'P3', milestone: 'M4', lead: 'MOIT', supporters: ['VIOIT', 'QN-DOIT', 'THACO-IND'], start: 108, due: 115, state: 'declined', decline: { reason: 'Trùng lịch hội nghị ngành của Bộ; đề nghị lùi khoảng hai tuần.', start: 120, due: 128 } },
  { key: 'budget', title: 'Lập dự toán kinh phí thực hiện Đề án', phase: 'P3', milestone: 'M4', lead: 'QN-DOIT', supporters: ['THACO-IND'], start: 10, due: 60, state: 'accepted', status: 'in_progress', progress: 20, deliverables: 'Dự toán kinh phí theo nguồn' },
  { key: 'funding', title: 'Xem xét, bố trí nguồn tài trợ kinh phí cho Đề án', phase: 'P3', milestone: 'M4', lead: 'THACO-IND', supporters: ['QN-DOIT'], start: 61, due: 120, state: 'awaiting' },
  { key: 'layout', title: 'Tư vấn layout, nhà xưởng cho doanh nghiệp đầu tư tại KCN THACO Chu Lai', phase: 'P4', milestone: 'M5', lead: 'THACO-IND', supporters: ['QN-DOIT'], start: 120, due: 240, state: 'awaiting' },
  { key: 'lines', title: 'Tư vấn dây chuyền sản xuất, tiêu chuẩn kỹ thuật cho nhà cung ứng', phase: 'P4', milestone: 'M5', lead: 'THACO-IND', start: 150, due: 280, state: 'declined', decline: { reason: 'Cần chốt danh sách doanh nghiệp tham gia trước; đề nghị bắt đầu muộn hơn.', start: 180, due: 300 } },
  { key: 'local-firms', title: 'Phối hợp THACO Industries xác định doanh nghiệp địa phương tham gia thí điểm', phase: 'P4', milestone: 'M5', lead: 'QN-DOIT', supporters: ['THACO-IND'], start: 130, due: 200, state: 'awaiting' },
  { key: 'coordination', title: 'Xây dựng quy chế phối hợp giữa các bên trong giai đoạn thí điểm', phase: 'P4', supporters: ['VIOIT', 'THACO-IND'], start: 125, due: 170, state: 'unassigned' },
  { key: 'join-chain', title: 'Kết nối doanh nghiệp Quảng Nam tham gia chuỗi cung ứng của THACO (đợt 1)', phase: 'P4', milestone: 'M5', supporters: ['QN-DOIT', 'THACO-IND'], start: 241, due: 320, state: 'unassigned' },
  { key: 'center-model', title: 'Xây dựng mô hình tổ chức Trung tâm công nghiệp cơ khí và CNHT', phase: 'P5', milestone: 'M6', supporters: ['THACO-IND', 'QN-DOIT'], start: 321, due: 360, state: 'unassigned' },
  { key: 'center-setup', title: 'Chuẩn bị cơ sở vật chất, nhân sự cho Trung tâm tại KCN THACO Chu Lai', phase: 'P5', milestone: 'M6', supporters: ['QN-DOIT'], start: 361, due: 400, state: 'unassigned' },
  { key: 'launch', title: 'Sơ kết thí điểm, ra mắt Trung tâm công nghiệp cơ khí và CNHT', phase: 'P5', milestone: 'M6', supporters: ['MOIT', 'QN-DOIT', 'THACO-IND'], start: 401, due: 410, state: 'unassigned' },
];

const DEPENDENCIES: [string, string][] = [
  ['visit', 'outline'],
  ['outline', 'consult'],
  ['outline', 'roadmap'],
  ['consult', 'agree'],
  ['roadmap', 'agree'],
  ['db-design', 'db-collect'],
  ['db-collect', 'db-build'],
  ['review-central', 'gaps'],
  ['review-province', 'gaps'],
  ['survey-qn', 'gaps'],
  ['survey-thaco', 'gaps'],
  ['localize', 'criteria'],
  ['gaps', 'policy-short'],
  ['gaps', 'policy-long'],
  ['policy-short', 'seminar-policy'],
  ['budget', 'funding'],
  ['criteria', 'local-firms'],
  ['layout', 'join-chain'],
  ['local-firms', 'join-chain'],
  ['join-chain', 'center-model'],
  ['center-model', 'center-setup'],
  ['center-setup', 'launch'],
];

const COMMENTS: { task: string; org: PlanOrg; role: ProjectRole; daysAgo: number; body: string }[] = [
  { task: 'supply-chain', org: 'THACO-IND', role: 'member', daysAgo: 6, body: 'Đã đánh giá xong **42/60** nhà cung ứng cấp 1. Còn chờ số liệu của khối linh kiện nhựa.' },
  { task: 'supply-chain', org: 'VIOIT', role: 'coordinator', daysAgo: 2, body: 'Hạn đã qua: đề nghị THACO Industries cập nhật ngày hoàn thành dự kiến.' },
  { task: 'survey-qn', org: 'QN-DOIT', role: 'member', daysAgo: 3, body: 'Tạm dừng: chờ phiếu khảo sát được thống nhất.\n\n- Mẫu phiếu v2 đã gửi VIOIT\n- Cần ý kiến THACO Industries về phần chuỗi cung ứng' },
  { task: 'lines', org: 'THACO-IND', role: 'approver', daysAgo: 4, body: 'Đề nghị lùi thời gian bắt đầu sau khi có danh sách doanh nghiệp tham gia thí điểm.' },
  { task: 'db-collect', org: 'MOIT', role: 'member', daysAgo: 8, body: 'Đã tiếp nhận dữ liệu từ *Tổng cục Thống kê*; đang chuẩn hoá mã ngành.' },
];

function dateAt(now: Date, days: number): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days)).toISOString().slice(0, 10);
}

function instantAt(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString();
}

/**
 * The Chu Lai action plan as demo data, inserted directly (fast) but consistent with the rules of
 * server/plan and server/tasks: parties only, start ≤ due, no cycles, a hand-off row for every
 * assignment answer, work only on accepted tasks. Runs inside seedDemo's transaction.
 */
export async function seedPlan(tx: Kysely<Database>, ctx: PlanSeedContext): Promise<void> {
  const { now, projectId, orgIds } = ctx;
  const at = now.toISOString();
  const person = (org: PlanOrg, role: ProjectRole) => {
    const user = ctx.users.find((u) => u.org === org && u.role === role);
    if (!user) throw new Error(`demo plan: no ${role} in ${org}`);
    return user.id;
  };
  const coordinator = person('VIOIT', 'coordinator');

  const phaseIds = {} as Record<PhaseKey, number>;
  for (const [i, p] of PHASES.entries()) {
    const row = await tx
      .insertInto('phases')
      .values({ project_id: projectId, position: i + 1, name: p.name, start_date: dateAt(now, p.start), end_date: dateAt(now, p.end), created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    phaseIds[p.key] = row.id;
  }

  const milestoneIds = {} as Record<MilestoneKey, number>;
  for (const ms of MILESTONES) {
    const row = await tx
      .insertInto('milestones')
      .values({
        project_id: projectId,
        phase_id: phaseIds[ms.phase],
        name: ms.name,
        date: dateAt(now, ms.date),
        deliverables: ms.deliverables,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    milestoneIds[ms.key] = row.id;
    await tx
      .insertInto('milestone_signoffs')
      .values(ms.signoff.map((org) => ({ milestone_id: row.id, organization_id: orgIds[org] })))
      .execute();
  }

  const taskIds = new Map<string, number>();
  for (const t of TASKS) {
    if (t.milestone && MILESTONES.find((ms) => ms.key === t.milestone)?.phase !== t.phase) {
      throw new Error(`demo plan: ${t.key} has a milestone of another phase`);
    }
    const accepted = t.state === 'accepted';
    // Handed over ten days before it starts, but never in the future nor before the project began.
    const assignedDay = Math.max(-119, Math.min(t.start - 10, -8));
    const lead = t.lead ?? null;
    const row = await tx
      .insertInto('tasks')
      .values({
        project_id: projectId,
        phase_id: phaseIds[t.phase],
        milestone_id: t.milestone ? milestoneIds[t.milestone] : null,
        title: t.title,
        description: '',
        deliverables: t.deliverables ?? '',
        lead_organization_id: lead && orgIds[lead],
        assignee_user_id: accepted && lead ? person(lead, 'member') : null,
        assignment_state: t.state,
        start_date: dateAt(now, t.start),
        due_date: dateAt(now, t.due),
        status: accepted ? (t.status ?? 'not_started') : 'not_started',
        progress: accepted ? (t.progress ?? 0) : 0,
        search_text: taskSearchText({ title: t.title, description: '', deliverables: t.deliverables ?? '' }),
        created_at: instantAt(now, assignedDay - 1),
        updated_at: instantAt(now, assignedDay + 1),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    taskIds.set(t.key, row.id);
    if (t.supporters?.length) {
      await tx
        .insertInto('task_supporters')
        .values(t.supporters.map((org) => ({ task_id: row.id, organization_id: orgIds[org] })))
        .execute();
    }
    if (!lead) continue;

    const handoff = (kind: 'assigned' | 'accepted' | 'declined', day: number, actor: number, actorOrg: PlanOrg) => ({
      project_id: projectId,
      task_id: row.id,
      kind,
      organization_id: orgIds[lead],
      actor_user_id: actor,
      actor_organization_id: orgIds[actorOrg],
      assignee_user_id: kind === 'accepted' ? person(lead, 'member') : null,
      reason: kind === 'declined' ? (t.decline?.reason ?? null) : null,
      proposed_start_date: kind === 'declined' && t.decline?.start !== undefined ? dateAt(now, t.decline.start) : null,
      proposed_due_date: kind === 'declined' && t.decline?.due !== undefined ? dateAt(now, t.decline.due) : null,
      at: instantAt(now, day),
    });
    const history = [handoff('assigned', assignedDay, coordinator, 'VIOIT')];
    if (t.state === 'accepted') history.push(handoff('accepted', assignedDay + 1, person(lead, 'member'), lead));
    if (t.state === 'declined') history.push(handoff('declined', assignedDay + 2, person(lead, 'approver'), lead));
    await tx.insertInto('task_handoffs').values(history).execute();
  }

  const position = new Map(TASKS.map((t, i) => [t.key, i]));
  for (const [predecessor, successor] of DEPENDENCIES) {
    if (!(position.get(predecessor)! < position.get(successor)!)) throw new Error(`demo plan: ${predecessor} must come before ${successor}`);
  }
  await tx
    .insertInto('task_dependencies')
    .values(DEPENDENCIES.map(([p, s]) => ({ project_id: projectId, predecessor_id: taskIds.get(p)!, successor_id: taskIds.get(s)!, created_at: at })))
    .execute();

  await tx
    .insertInto('task_comments')
    .values(
      COMMENTS.map((c) => ({
        project_id: projectId,
        task_id: taskIds.get(c.task)!,
        author_user_id: person(c.org, c.role),
        author_organization_id: orgIds[c.org],
        body: c.body,
        created_at: instantAt(now, -c.daysAgo),
      })),
    )
    .execute();
}
