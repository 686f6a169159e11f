import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { DEMO_PASSWORD, demoEmail } from '../../server/demo/seed.ts';
import { notify } from '../../server/notifications/notify.ts';
import { givenFailedEmail } from '../support/email-fixtures.ts';
import { callerFor, givenMembership, givenProject, givenUser } from '../support/fixtures.ts';
import type { CallerKey, MatrixWorld, MemberCaller } from './support/matrix-world.ts';

/**
 * The authorization matrix: every tRPC procedure × every kind of caller → allowed or refused.
 *
 * authorization.test.ts walks the running router and FAILS for any procedure missing here, so a
 * new procedure cannot ship without saying who may call it. To add one:
 *   1. say who may call it (`access`), in the words of DESIGN.md §3;
 *   2. give an `input` builder that returns a VALID input for a fresh subject (a successful call may
 *      consume its subject: a deleted task, a decided round). The builders use the demo data
 *      (server/demo/seed.ts) through `MatrixWorld` (test/hardening/support/matrix-world.ts);
 *   3. if a caller is refused with another code than `access` implies, say so in `except`.
 *
 * Callers: `anonymous`; `admin` (the demo administrator, who is a member of no project); for project
 * procedures, `coordinator`, `approver`, `member`, `viewer` of the subject's own organization
 * (THACO-IND in the Chu Lai pilot: the task is assigned to it, the section owned by it, the round
 * awaits its decision), the same roles of another party (`other…`: MOIT), and `nonMember` (a person
 * of THACO-IND in no project). A non-member gets NOT_FOUND, never FORBIDDEN: ids cannot be probed.
 *
 * The same inputs, built in the second demo project, drive the IDOR check (an id from another
 * project is refused) and the HTTP fuzzing (fuzz.test.ts) as the valid base that hostile values
 * are put into.
 */

export type Outcome = 'ok' | TRPC_ERROR_CODE_KEY;

export type Access =
  /** Anyone, logged in or not. */
  | { kind: 'public' }
  /** Anyone logged in. */
  | { kind: 'authed' }
  /** System administrators only. */
  | { kind: 'admin' }
  /** Members of the project; `allow` lists the member callers who may, the others get FORBIDDEN. */
  | { kind: 'project'; allow: readonly MemberCaller[] };

export interface MatrixEntry {
  access: Access;
  /** A valid input on a fresh subject in `w`'s project. Omitted: the procedure takes no input. */
  input?: (w: MatrixWorld) => Promise<unknown> | unknown;
  /** Callers refused (or allowed) otherwise than `access` implies. */
  except?: Partial<Record<CallerKey, Outcome>>;
}

const PUBLIC: Access = { kind: 'public' };
const AUTHED: Access = { kind: 'authed' };
const ADMIN: Access = { kind: 'admin' };

const EVERY_MEMBER: readonly MemberCaller[] = [
  'coordinator',
  'approver',
  'member',
  'viewer',
  'otherCoordinator',
  'otherApprover',
  'otherMember',
  'otherViewer',
];
/** Coordinators of any party: they edit the plan and the outline, and run approval rounds. */
const COORDINATORS: readonly MemberCaller[] = ['coordinator', 'otherCoordinator'];
/** The subject organization's members and approvers: they answer and work on its assignments. */
const OWN_ORGANIZATION_STAFF: readonly MemberCaller[] = ['approver', 'member'];
/** Funding: coordinators, and the budget-owner organization's members and approvers (the builders make "own" one). */
const FUNDING_EDITORS: readonly MemberCaller[] = [...COORDINATORS, ...OWN_ORGANIZATION_STAFF];

/** What `entry.access` (and `entry.except`) say `caller` gets. */
export function expectedOutcome(entry: MatrixEntry, caller: CallerKey): Outcome {
  const exception = entry.except?.[caller];
  if (exception) return exception;
  const access = entry.access;
  if (access.kind === 'public') return 'ok';
  if (caller === 'anonymous') return 'UNAUTHORIZED';
  if (access.kind === 'authed') return 'ok';
  if (access.kind === 'admin') return caller === 'admin' ? 'ok' : 'FORBIDDEN';
  // The administrator has no implicit membership: like any non-member, the project does not exist for them.
  if (caller === 'admin' || caller === 'nonMember') return 'NOT_FOUND';
  return access.allow.includes(caller) ? 'ok' : 'FORBIDDEN';
}

// ── subjects the builders create ────────────────────────────────────────────────────────────

const DATES = { startDate: '2026-03-01', dueDate: '2026-04-30' } as const;

function newTask(w: MatrixWorld, leadOrganizationId: number | null = null) {
  return w.office.tasks.create({ projectId: w.projectId, phaseId: w.phaseId, title: w.name('Công việc'), ...DATES, leadOrganizationId });
}

async function acceptedTask(w: MatrixWorld) {
  const task = await newTask(w, w.ownOrgId);
  return w.as('member').tasks.accept({ projectId: w.projectId, taskId: task.id, version: task.version });
}

async function declinedTaskWithDates(w: MatrixWorld) {
  const task = await newTask(w, w.ownOrgId);
  return w.as('member').tasks.decline({
    projectId: w.projectId,
    taskId: task.id,
    version: task.version,
    reason: 'Chưa đủ nhân lực trong tháng này',
    proposedStartDate: '2026-05-01',
    proposedDueDate: '2026-06-30',
  });
}

function newPhase(w: MatrixWorld) {
  return w.office.plan.createPhase({ projectId: w.projectId, name: w.name('Giai đoạn'), startDate: '2026-01-01', endDate: '2026-12-31' });
}

function newMilestone(w: MatrixWorld) {
  return w.office.plan.createMilestone({
    projectId: w.projectId,
    phaseId: w.phaseId,
    name: w.name('Mốc'),
    date: '2026-06-30',
    signoffOrganizationIds: [w.ownOrgId],
  });
}

/** A draft section owned by the subject's organization; adding it also supersedes any open outline round. */
function newSection(w: MatrixWorld) {
  return w.office.outline.addSection({
    projectId: w.projectId,
    title: w.name('Mục'),
    body: 'Nội dung mục đề cương: **cơ khí** và công nghiệp hỗ trợ.',
    ownerOrganizationId: w.ownOrgId,
  });
}

/** A new outline version with an open round that only the subject's organization must decide. */
async function openOutlineRound(w: MatrixWorld) {
  await newSection(w);
  return w.office.outline.propose({ projectId: w.projectId, requiredOrganizationIds: [w.ownOrgId], note: w.name('Đề xuất') });
}

/** The newest outline version with no open round, so it can be submitted again. */
async function submittableVersion(w: MatrixWorld) {
  const { version, round } = await openOutlineRound(w);
  await w.office.approvals.withdraw({ projectId: w.projectId, roundId: round.id });
  return version;
}

async function newOrganization(w: MatrixWorld) {
  return w.admin.admin.organizations.create({ code: w.code('ORG'), nameVi: w.name('Tổ chức'), nameEn: w.name('Organization') });
}

function projectFields(w: MatrixWorld) {
  return { code: w.code('PRJ'), nameVi: w.name('Đề án'), nameEn: w.name('Project'), startDate: '2026-01-01', endDate: '2027-12-31' };
}

/** A project of its own with one party and one of that party's people, for party and membership changes. */
async function partyProject(w: MatrixWorld) {
  const project = await givenProject(w.db, { partyOrganizationIds: [w.ownOrgId] });
  const person = await givenUser(w.db, { organizationId: w.ownOrgId });
  return { project, person };
}

/** The subject's organization is a budget owner (with whoever already was), so its staff edit funding. */
async function budgetOwnedByOwnOrganization(w: MatrixWorld) {
  const owners = (await w.db.selectFrom('funding_budget_owners').select('organization_id').where('project_id', '=', w.projectId).execute()).map(
    (o) => o.organization_id,
  );
  if (!owners.includes(w.ownOrgId)) {
    await w.office.funding.setBudgetOwners({ projectId: w.projectId, organizationIds: [...owners, w.ownOrgId] });
  }
  return [...new Set([...owners, w.ownOrgId])];
}

function sourceFields(w: MatrixWorld) {
  return {
    code: w.code('SRC'),
    kind: 'enterprise' as const,
    nameVi: w.name('Nguồn vốn doanh nghiệp'),
    nameEn: w.name('Enterprise funds'),
    organizationId: w.ownOrgId,
    pledgedAmount: 1_250_000_000,
    note: '',
  };
}

async function newSource(w: MatrixWorld) {
  await budgetOwnedByOwnOrganization(w);
  return w.office.funding.createSource({ projectId: w.projectId, ...sourceFields(w) });
}

async function newEstimate(w: MatrixWorld) {
  await budgetOwnedByOwnOrganization(w);
  return w.office.funding.createEstimate({ projectId: w.projectId, copyFromEstimateId: null, note: w.name('Dự toán') });
}

function lineFields(w: MatrixWorld, sourceId: number) {
  return {
    category: 'surveys',
    description: w.name('Khảo sát doanh nghiệp cơ khí'),
    phaseId: null,
    taskId: null,
    quantity: '2.5',
    unit: 'đợt',
    unitCost: 40_000_000,
    sourceId,
    year: 2026,
    note: '',
  };
}

/** A draft estimate version with one line. */
async function estimateWithLine(w: MatrixWorld) {
  const source = await newSource(w);
  const estimate = await newEstimate(w);
  const { line } = await w.office.funding.addLine({ projectId: w.projectId, estimateId: estimate.id, ...lineFields(w, source.id) });
  return { source, estimate, line };
}

/** Every organization a round waits for approves it, through that organization's demo approver. */
async function approveRound(w: MatrixWorld, roundId: number) {
  const required = await w.db
    .selectFrom('approval_round_organizations')
    .innerJoin('organizations', 'organizations.id', 'approval_round_organizations.organization_id')
    .select('organizations.code')
    .where('round_id', '=', roundId)
    .execute();
  for (const { code } of required) {
    const approver = await w.db.selectFrom('users').selectAll().where('email', '=', demoEmail('approver', code as 'VIOIT')).executeTakeFirstOrThrow();
    await callerFor(w.db, approver, { clock: w.clock }).approvals.decide({ projectId: w.projectId, roundId, decision: 'approve' });
  }
}

/** A line of a newly approved estimate version: the budget baseline, against which money is disbursed. */
async function baselineLine(w: MatrixWorld) {
  const { estimate, line } = await estimateWithLine(w);
  const round = await w.office.funding.submitEstimate({ projectId: w.projectId, estimateId: estimate.id });
  await approveRound(w, round.id);
  return line;
}

async function newDisbursement(w: MatrixWorld) {
  const line = await baselineLine(w);
  return w.office.funding.recordDisbursement({ projectId: w.projectId, lineId: line.id, date: '2026-05-15', amount: 15_000_000, reference: 'UNC-01/2026' });
}

/** An empty version and, to import into it, a CSV exported from another version with a line. */
async function importFile(w: MatrixWorld) {
  const { estimate: exported } = await estimateWithLine(w);
  const file = await w.office.funding.export({ projectId: w.projectId, estimateId: exported.id, format: 'csv', locale: 'vi' });
  const target = await newEstimate(w);
  return { projectId: w.projectId, estimateId: target.id, version: target.version, format: 'csv' as const, data: file.base64 };
}

// ── the matrix ──────────────────────────────────────────────────────────────────────────────

export const AUTHORIZATION_MATRIX: Record<string, MatrixEntry> = {
  // auth: login and "who am I" are open to all; the rest needs a session.
  'auth.me': { access: PUBLIC },
  'auth.login': { access: PUBLIC, input: () => ({ email: demoEmail('viewer', 'QN-DOIT'), password: DEMO_PASSWORD }) },
  'auth.logout': { access: AUTHED },
  'auth.setLocale': { access: AUTHED, input: () => ({ locale: 'en' }) },

  // projects: everyone sees their own list; a project's overview is for its members.
  'projects.mine': { access: AUTHED },
  'projects.overview': { access: { kind: 'project', allow: EVERY_MEMBER }, input: (w) => ({ projectId: w.projectId }) },

  // admin: system administrators only, whatever their project roles.
  'admin.organizations.list': { access: ADMIN },
  'admin.organizations.create': {
    access: ADMIN,
    input: (w) => ({ code: w.code('ORG'), nameVi: w.name('Tổ chức'), nameEn: w.name('Organization') }),
  },
  'admin.organizations.update': {
    access: ADMIN,
    input: async (w) => {
      const o = await newOrganization(w);
      return { id: o.id, version: o.version, code: o.code, nameVi: w.name('Tên mới'), nameEn: o.nameEn };
    },
  },
  'admin.users.list': { access: ADMIN },
  'admin.users.create': {
    access: ADMIN,
    input: (w) => ({ email: w.email(), displayName: w.name('Người dùng'), organizationId: w.ownOrgId, password: 'mat-khau-du-dai-2026' }),
  },
  'admin.users.update': {
    access: ADMIN,
    input: async (w) => {
      const u = await givenUser(w.db, { organizationId: w.ownOrgId });
      return { id: u.id, version: u.version, displayName: w.name('Tên mới'), organizationId: w.ownOrgId, locale: 'en', isAdmin: false };
    },
  },
  'admin.users.setActive': {
    access: ADMIN,
    input: async (w) => {
      const u = await givenUser(w.db, { organizationId: w.ownOrgId });
      return { id: u.id, version: u.version, active: false };
    },
  },
  'admin.users.resetPassword': {
    access: ADMIN,
    input: async (w) => ({ id: (await givenUser(w.db, { organizationId: w.ownOrgId })).id, password: 'mat-khau-moi-2026' }),
  },
  'admin.projects.list': { access: ADMIN },
  'admin.projects.get': { access: ADMIN, input: (w) => ({ id: w.projectId }) },
  'admin.projects.create': { access: ADMIN, input: (w) => projectFields(w) },
  'admin.projects.update': {
    access: ADMIN,
    input: async (w) => {
      const fields = projectFields(w);
      const p = await w.admin.admin.projects.create(fields);
      return { ...fields, id: p.id, version: p.version, nameVi: w.name('Tên đề án mới') };
    },
  },
  'admin.parties.set': {
    access: ADMIN,
    input: async (w) => ({ projectId: (await givenProject(w.db)).id, organizationId: w.ownOrgId, partVi: 'Phối hợp', partEn: 'Co-implements' }),
  },
  'admin.parties.remove': {
    access: ADMIN,
    input: async (w) => ({ projectId: (await partyProject(w)).project.id, organizationId: w.ownOrgId }),
  },
  'admin.memberships.set': {
    access: ADMIN,
    input: async (w) => {
      const { project, person } = await partyProject(w);
      return { projectId: project.id, userId: person.id, role: 'member' };
    },
  },
  // e-mail delivery: administrators see the outbox and put failed messages back in the queue.
  'admin.emailDelivery.summary': { access: ADMIN },
  'admin.emailDelivery.list': { access: ADMIN, input: () => ({ limit: 10 }) },
  'admin.emailDelivery.retry': {
    access: ADMIN,
    input: async (w) => ({ ids: [await givenFailedEmail(w.db, { userId: w.users.member.id, projectId: w.projectId, at: w.clock.now().toISOString() })] }),
  },
  'admin.emailDelivery.retryAllFailed': { access: ADMIN },
  'admin.memberships.remove': {
    access: ADMIN,
    input: async (w) => {
      const { project, person } = await partyProject(w);
      await givenMembership(w.db, project.id, person.id, 'viewer');
      return { projectId: project.id, userId: person.id };
    },
  },

  // outline: every member reads it; coordinators shape it; the owning organization's members and
  // approvers edit the text of their own sections.
  'outline.get': { access: { kind: 'project', allow: EVERY_MEMBER }, input: (w) => ({ projectId: w.projectId }) },
  'outline.consensus': { access: { kind: 'project', allow: EVERY_MEMBER }, input: (w) => ({ projectId: w.projectId }) },
  'outline.version': {
    access: { kind: 'project', allow: EVERY_MEMBER },
    input: async (w) => ({ projectId: w.projectId, versionId: (await openOutlineRound(w)).version.id }),
  },
  'outline.compare': {
    access: { kind: 'project', allow: EVERY_MEMBER },
    input: async (w) => ({ projectId: w.projectId, from: (await openOutlineRound(w)).version.id, to: 'draft' }),
  },
  'outline.addSection': {
    access: { kind: 'project', allow: COORDINATORS },
    input: (w) => ({ projectId: w.projectId, title: w.name('Mục mới'), body: 'Nội dung', ownerOrganizationId: w.ownOrgId }),
  },
  'outline.updateSection': {
    access: { kind: 'project', allow: [...COORDINATORS, ...OWN_ORGANIZATION_STAFF] },
    input: async (w) => {
      const s = await newSection(w);
      return { projectId: w.projectId, sectionId: s.id, version: s.version, title: w.name('Mục sửa'), body: 'Nội dung đã sửa', ownerOrganizationId: w.ownOrgId };
    },
  },
  'outline.moveSection': {
    access: { kind: 'project', allow: COORDINATORS },
    input: async (w) => {
      const s = await newSection(w);
      return { projectId: w.projectId, sectionId: s.id, version: s.version, parentId: null, position: 0 };
    },
  },
  'outline.deleteSection': {
    access: { kind: 'project', allow: COORDINATORS },
    input: async (w) => {
      const s = await newSection(w);
      return { projectId: w.projectId, sectionId: s.id, version: s.version };
    },
  },
  'outline.propose': {
    access: { kind: 'project', allow: COORDINATORS },
    input: async (w) => {
      await newSection(w);
      return { projectId: w.projectId, requiredOrganizationIds: [w.ownOrgId], note: w.name('Phiên bản') };
    },
  },

  // approvals: every member sees rounds; coordinators submit and withdraw; only an approver of a
  // required organization decides, for that organization.
  'approvals.inbox': { access: { kind: 'project', allow: EVERY_MEMBER }, input: (w) => ({ projectId: w.projectId }) },
  'approvals.waitingCount': { access: { kind: 'project', allow: EVERY_MEMBER }, input: (w) => ({ projectId: w.projectId }) },
  'approvals.round': {
    access: { kind: 'project', allow: EVERY_MEMBER },
    input: async (w) => ({ projectId: w.projectId, roundId: (await openOutlineRound(w)).round.id }),
  },
  'approvals.subject': {
    access: { kind: 'project', allow: EVERY_MEMBER },
    input: async (w) => ({ projectId: w.projectId, kind: 'outline_version', subjectId: (await openOutlineRound(w)).version.id }),
  },
  'approvals.submit': {
    access: { kind: 'project', allow: COORDINATORS },
    input: async (w) => ({
      projectId: w.projectId,
      kind: 'outline_version',
      subjectId: (await submittableVersion(w)).id,
      requiredOrganizationIds: [w.ownOrgId],
    }),
  },
  'approvals.decide': {
    access: { kind: 'project', allow: ['approver'] },
    input: async (w) => ({ projectId: w.projectId, roundId: (await openOutlineRound(w)).round.id, decision: 'approve' }),
  },
  'approvals.withdraw': {
    access: { kind: 'project', allow: COORDINATORS },
    input: async (w) => ({ projectId: w.projectId, roundId: (await openOutlineRound(w)).round.id, reason: 'Cần bổ sung' }),
  },

  // plan: every member reads it; coordinators edit phases and milestones.
  'plan.get': { access: { kind: 'project', allow: EVERY_MEMBER }, input: (w) => ({ projectId: w.projectId }) },
  'plan.createPhase': {
    access: { kind: 'project', allow: COORDINATORS },
    input: (w) => ({ projectId: w.projectId, name: w.name('Giai đoạn mới'), startDate: '2026-01-01', endDate: '2026-06-30' }),
  },
  'plan.updatePhase': {
    access: { kind: 'project', allow: COORDINATORS },
    input: async (w) => {
      const p = await newPhase(w);
      return { projectId: w.projectId, phaseId: p.id, version: p.version, name: w.name('Giai đoạn đổi tên') };
    },
  },
  'plan.deletePhase': {
    access: { kind: 'project', allow: COORDINATORS },
    input: async (w) => {
      const p = await newPhase(w);
      return { projectId: w.projectId, phaseId: p.id, version: p.version };
    },
  },
  'plan.createMilestone': {
    access: { kind: 'project', allow: COORDINATORS },
    input: (w) => ({ projectId: w.projectId, phaseId: w.phaseId, name: w.name('Mốc mới'), date: '2026-07-31', signoffOrganizationIds: [w.ownOrgId] }),
  },
  'plan.updateMilestone': {
    access: { kind: 'project', allow: COORDINATORS },
    input: async (w) => {
      const m = await newMilestone(w);
      return { projectId: w.projectId, milestoneId: m.id, version: m.version, name: w.name('Mốc đổi tên') };
    },
  },
  'plan.deleteMilestone': {
    access: { kind: 'project', allow: COORDINATORS },
    input: async (w) => {
      const m = await newMilestone(w);
      return { projectId: w.projectId, milestoneId: m.id, version: m.version };
    },
  },

  // tasks: every member reads and comments; coordinators edit and assign; the lead organization's
  // members and approvers answer the assignment and record the work. Coordinators do not answer for them.
  'tasks.list': { access: { kind: 'project', allow: EVERY_MEMBER }, input: (w) => ({ projectId: w.projectId }) },
  'tasks.myWork': { access: { kind: 'project', allow: EVERY_MEMBER }, input: (w) => ({ projectId: w.projectId }) },
  'tasks.get': {
    access: { kind: 'project', allow: EVERY_MEMBER },
    input: async (w) => ({ projectId: w.projectId, taskId: (await newTask(w, w.ownOrgId)).id }),
  },
  'tasks.create': {
    access: { kind: 'project', allow: COORDINATORS },
    input: (w) => ({ projectId: w.projectId, phaseId: w.phaseId, title: w.name('Công việc mới'), ...DATES, leadOrganizationId: w.ownOrgId }),
  },
  'tasks.update': {
    access: { kind: 'project', allow: COORDINATORS },
    input: async (w) => {
      const t = await newTask(w, w.ownOrgId);
      return { projectId: w.projectId, taskId: t.id, version: t.version, title: w.name('Công việc sửa') };
    },
  },
  'tasks.updateWork': {
    access: { kind: 'project', allow: OWN_ORGANIZATION_STAFF },
    input: async (w) => {
      const t = await acceptedTask(w);
      return { projectId: w.projectId, taskId: t.id, version: t.version, status: 'in_progress', progress: 40 };
    },
  },
  'tasks.delete': {
    access: { kind: 'project', allow: COORDINATORS },
    input: async (w) => {
      const t = await newTask(w);
      return { projectId: w.projectId, taskId: t.id, version: t.version };
    },
  },
  'tasks.assign': {
    access: { kind: 'project', allow: COORDINATORS },
    input: async (w) => {
      const t = await newTask(w);
      return { projectId: w.projectId, taskId: t.id, version: t.version, organizationId: w.ownOrgId };
    },
  },
  'tasks.accept': {
    access: { kind: 'project', allow: OWN_ORGANIZATION_STAFF },
    input: async (w) => {
      const t = await newTask(w, w.ownOrgId);
      return { projectId: w.projectId, taskId: t.id, version: t.version, assigneeId: w.users.member.id };
    },
  },
  'tasks.decline': {
    access: { kind: 'project', allow: OWN_ORGANIZATION_STAFF },
    input: async (w) => {
      const t = await newTask(w, w.ownOrgId);
      return { projectId: w.projectId, taskId: t.id, version: t.version, reason: 'Ngoài phạm vi của chúng tôi', proposedDueDate: '2026-08-31' };
    },
  },
  'tasks.acceptProposedDates': {
    access: { kind: 'project', allow: COORDINATORS },
    input: async (w) => {
      const t = await declinedTaskWithDates(w);
      return { projectId: w.projectId, taskId: t.id, version: t.version };
    },
  },
  'tasks.addDependency': {
    access: { kind: 'project', allow: COORDINATORS },
    input: async (w) => ({ projectId: w.projectId, predecessorId: (await newTask(w)).id, successorId: (await newTask(w)).id }),
  },
  'tasks.removeDependency': {
    access: { kind: 'project', allow: COORDINATORS },
    input: async (w) => {
      const dependency = { projectId: w.projectId, predecessorId: (await newTask(w)).id, successorId: (await newTask(w)).id };
      await w.office.tasks.addDependency(dependency);
      return dependency;
    },
  },
  // funding: every member reads it, viewers (leadership) included; coordinators name the budget
  // owners; coordinators and the budget owners' members and approvers change the estimate.
  'funding.overview': { access: { kind: 'project', allow: EVERY_MEMBER }, input: (w) => ({ projectId: w.projectId }) },
  'funding.estimate': {
    access: { kind: 'project', allow: EVERY_MEMBER },
    input: async (w) => ({ projectId: w.projectId, estimateId: (await estimateWithLine(w)).estimate.id }),
  },
  'funding.disbursements': { access: { kind: 'project', allow: EVERY_MEMBER }, input: (w) => ({ projectId: w.projectId }) },
  'funding.export': {
    access: { kind: 'project', allow: EVERY_MEMBER },
    input: async (w) => ({ projectId: w.projectId, estimateId: (await estimateWithLine(w)).estimate.id, format: 'csv', locale: 'en' }),
  },
  'funding.setBudgetOwners': {
    access: { kind: 'project', allow: COORDINATORS },
    input: async (w) => ({ projectId: w.projectId, organizationIds: await budgetOwnedByOwnOrganization(w) }),
  },
  'funding.createCategory': {
    access: { kind: 'project', allow: FUNDING_EDITORS },
    input: async (w) => {
      await budgetOwnedByOwnOrganization(w);
      return { projectId: w.projectId, code: w.code('cat').toLowerCase().replace(/-/g, '_'), nameVi: w.name('Hạng mục'), nameEn: w.name('Category') };
    },
  },
  'funding.createSource': {
    access: { kind: 'project', allow: FUNDING_EDITORS },
    input: async (w) => {
      await budgetOwnedByOwnOrganization(w);
      return { projectId: w.projectId, ...sourceFields(w) };
    },
  },
  'funding.updateSource': {
    access: { kind: 'project', allow: FUNDING_EDITORS },
    input: async (w) => {
      const source = await newSource(w);
      return { projectId: w.projectId, ...sourceFields(w), code: source.code, sourceId: source.id, version: source.version, pledgedAmount: '2000000000' };
    },
  },
  'funding.deleteSource': {
    access: { kind: 'project', allow: FUNDING_EDITORS },
    input: async (w) => {
      const source = await newSource(w);
      return { projectId: w.projectId, sourceId: source.id, version: source.version };
    },
  },
  'funding.createEstimate': {
    access: { kind: 'project', allow: FUNDING_EDITORS },
    input: async (w) => {
      await budgetOwnedByOwnOrganization(w);
      return { projectId: w.projectId, copyFromEstimateId: null, note: w.name('Dự toán mới') };
    },
  },
  'funding.updateEstimate': {
    access: { kind: 'project', allow: FUNDING_EDITORS },
    input: async (w) => {
      const estimate = await newEstimate(w);
      return { projectId: w.projectId, estimateId: estimate.id, version: estimate.version, note: w.name('Ghi chú mới') };
    },
  },
  'funding.submitEstimate': {
    access: { kind: 'project', allow: FUNDING_EDITORS },
    input: async (w) => ({ projectId: w.projectId, estimateId: (await estimateWithLine(w)).estimate.id, message: 'Kính trình các bên xem xét' }),
  },
  'funding.addLine': {
    access: { kind: 'project', allow: FUNDING_EDITORS },
    input: async (w) => {
      const source = await newSource(w);
      const estimate = await newEstimate(w);
      return { projectId: w.projectId, estimateId: estimate.id, ...lineFields(w, source.id) };
    },
  },
  'funding.updateLine': {
    access: { kind: 'project', allow: FUNDING_EDITORS },
    input: async (w) => {
      const { source, line } = await estimateWithLine(w);
      return { projectId: w.projectId, ...lineFields(w, source.id), lineId: line.id, version: line.version, quantity: '3' };
    },
  },
  'funding.deleteLine': {
    access: { kind: 'project', allow: FUNDING_EDITORS },
    input: async (w) => {
      const { line } = await estimateWithLine(w);
      return { projectId: w.projectId, lineId: line.id, version: line.version };
    },
  },
  'funding.importPreview': {
    access: { kind: 'project', allow: FUNDING_EDITORS },
    input: async (w) => {
      const { version: _version, ...file } = await importFile(w);
      return { ...file, mode: 'append' };
    },
  },
  'funding.importCommit': {
    access: { kind: 'project', allow: FUNDING_EDITORS },
    input: async (w) => ({ ...(await importFile(w)), mode: 'append' }),
  },
  'funding.recordDisbursement': {
    access: { kind: 'project', allow: FUNDING_EDITORS },
    input: async (w) => ({ projectId: w.projectId, lineId: (await baselineLine(w)).id, date: '2026-06-01', amount: 20_000_000, reference: 'UNC-02/2026' }),
  },
  'funding.updateDisbursement': {
    access: { kind: 'project', allow: FUNDING_EDITORS },
    input: async (w) => {
      const d = await newDisbursement(w);
      return { projectId: w.projectId, disbursementId: d.id, version: d.version, date: d.date, amount: 16_000_000, reference: d.reference, note: 'Điều chỉnh' };
    },
  },
  'funding.deleteDisbursement': {
    access: { kind: 'project', allow: FUNDING_EDITORS },
    input: async (w) => {
      const d = await newDisbursement(w);
      return { projectId: w.projectId, disbursementId: d.id, version: d.version };
    },
  },

  // dashboard: the leadership's first screen; every member reads it.
  'dashboard.summary': { access: { kind: 'project', allow: EVERY_MEMBER }, input: (w) => ({ projectId: w.projectId }) },

  // timeline: every member reads the Gantt and the baselines; coordinators save baselines.
  'timeline.get': { access: { kind: 'project', allow: EVERY_MEMBER }, input: (w) => ({ projectId: w.projectId, critical: true }) },
  'timeline.baselines': { access: { kind: 'project', allow: EVERY_MEMBER }, input: (w) => ({ projectId: w.projectId }) },
  'timeline.saveBaseline': {
    access: { kind: 'project', allow: COORDINATORS },
    input: (w) => ({ projectId: w.projectId, name: w.name('Kế hoạch gốc') }),
  },
  'timeline.reschedule': {
    access: { kind: 'project', allow: COORDINATORS },
    input: async (w) => {
      const [a, b] = [await newTask(w, w.ownOrgId), await newTask(w, w.otherOrgId)];
      return {
        projectId: w.projectId,
        moves: [
          { taskId: a.id, version: a.version, startDate: '2027-03-01', dueDate: '2027-03-20' },
          { taskId: b.id, version: b.version, startDate: '2027-03-21', dueDate: '2027-04-10' },
        ],
      };
    },
  },

  // activity: every member reads and exports the project's stream; checking the audit chain (all
  // projects' events) is for system administrators only.
  'activity.list': {
    access: { kind: 'project', allow: EVERY_MEMBER },
    input: (w) => ({ projectId: w.projectId, filter: { kind: 'tasks', from: '2026-01-01' }, limit: 20 }),
  },
  'activity.export': {
    access: { kind: 'project', allow: EVERY_MEMBER },
    input: (w) => ({ projectId: w.projectId, filter: { organizationId: w.ownOrgId }, locale: 'en' }),
  },
  'activity.verifyChain': { access: ADMIN },

  // calendar feed: each logged-in person reads and remakes only their own secret link.
  'calendar.feed': { access: AUTHED },
  'calendar.regenerate': { access: AUTHED },

  'tasks.addComment': {
    access: { kind: 'project', allow: EVERY_MEMBER },
    input: async (w) => ({ projectId: w.projectId, taskId: (await newTask(w, w.ownOrgId)).id, body: 'Đã trao đổi với **THACO** về bố trí nhà xưởng.' }),
  },

  // notifications: each logged-in person reads and marks only their own; ids of anyone else's are
  // NOT_FOUND, so they cannot be probed. The mention list is the project's people, for its members.
  'notifications.list': { access: AUTHED, input: () => ({ limit: 5, unreadOnly: true }) },
  'notifications.unreadCount': { access: AUTHED },
  'notifications.markRead': {
    access: AUTHED,
    input: async (w) => ({ ids: await w.db.transaction().execute((tx) => notify(tx, [{ userId: w.users.member.id, projectId: w.projectId, kind: 'mentioned', actorUserId: w.users.coordinator.id, at: w.clock.now().toISOString() }])) }),
    except: { admin: 'NOT_FOUND', nonMember: 'NOT_FOUND', coordinator: 'NOT_FOUND', approver: 'NOT_FOUND', viewer: 'NOT_FOUND', otherCoordinator: 'NOT_FOUND', otherApprover: 'NOT_FOUND', otherMember: 'NOT_FOUND', otherViewer: 'NOT_FOUND' },
  },
  'notifications.markAllRead': { access: AUTHED },
  'notifications.mentionCandidates': { access: { kind: 'project', allow: EVERY_MEMBER }, input: (w) => ({ projectId: w.projectId }) },
  // e-mail preferences: each logged-in person reads and sets only their own; no input names a person.
  'notifications.emailPreferences': { access: AUTHED },
  'notifications.setEmailPreferences': { access: AUTHED, input: () => ({ kinds: ['assigned', 'mentioned'] }) },

  // ── live updates (a subscription: the matrix checks who may open it, then closes the stream) ──
  'live.projectEvents': { access: { kind: 'project', allow: EVERY_MEMBER }, input: (w) => ({ projectId: w.projectId, lastEventId: '0' }) },
};
