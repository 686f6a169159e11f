import type { Kysely } from 'kysely';
import type { Database, ProjectRole } from '../../server/db/schema.ts';
import { callerFor, givenMembership, givenOrganization, givenProject, givenUser, tableCounts, testClock } from './fixtures.ts';

type Person = Awaited<ReturnType<typeof givenUser>>;

/**
 * A project with four parties (VIOIT, MOIT, QNDOIT, THACO), a coordinator, one approver per party
 * (two at VIOIT), a member and a viewer, and a shared clock. `as(person)` calls procedures as them.
 */
export async function givenApprovalProject(db: Kysely<Database>) {
  const clock = testClock();
  const orgs = {
    vioit: await givenOrganization(db, 'VIOIT'),
    moit: await givenOrganization(db, 'MOIT'),
    qn: await givenOrganization(db, 'QN-DOIT'),
    thaco: await givenOrganization(db, 'THACO-IND'),
  };
  const outsider = await givenOrganization(db, 'OUTSIDER');
  const project = await givenProject(db, { partyOrganizationIds: [orgs.vioit.id, orgs.moit.id, orgs.qn.id, orgs.thaco.id] });
  const person = async (organizationId: number, role: ProjectRole, name: string) => {
    const user = await givenUser(db, { organizationId, name });
    await givenMembership(db, project.id, user.id, role);
    return user;
  };
  const people = {
    coordinator: await person(orgs.vioit.id, 'coordinator', 'Nguyễn Thị Minh Anh'),
    approverVioit: await person(orgs.vioit.id, 'approver', 'Trần Quốc Hùng'),
    approverVioit2: await person(orgs.vioit.id, 'approver', 'Lê Văn Phúc'),
    approverMoit: await person(orgs.moit.id, 'approver', 'Vũ Thị Lan'),
    approverQn: await person(orgs.qn.id, 'approver', 'Võ Thị Thu Trang'),
    approverThaco: await person(orgs.thaco.id, 'approver', 'Trương Thị Kim Oanh'),
    memberThaco: await person(orgs.thaco.id, 'member', 'Lâm Quốc Bảo'),
    memberMoit: await person(orgs.moit.id, 'member', 'Hoàng Đức Thắng'),
    viewer: await person(orgs.moit.id, 'viewer', 'Bùi Quang Vinh'),
  };
  const as = (user: Person) => callerFor(db, user, { clock });
  return { project, projectId: project.id, orgs, outsider, people, clock, as };
}

export type ApprovalProject = Awaited<ReturnType<typeof givenApprovalProject>>;

/** Adds a small outline as the coordinator and returns its sections by key. */
export async function givenOutlineDraft(p: ApprovalProject) {
  const coordinator = p.as(p.people.coordinator);
  const add = (title: string, body: string, owner: number | null, parentId: number | null = null) =>
    coordinator.outline.addSection({ projectId: p.projectId, parentId, title, body, ownerOrganizationId: owner });
  const background = await add('Bối cảnh', 'Đề án thí điểm tại Khu kinh tế mở Chu Lai.', p.orgs.vioit.id);
  const objectives = await add('Mục tiêu', 'Hình thành Trung tâm công nghiệp cơ khí và công nghiệp hỗ trợ.', p.orgs.vioit.id);
  const center = await add('Trung tâm', 'Đầu mối kết nối doanh nghiệp với chuỗi sản xuất của THACO.', p.orgs.thaco.id);
  return { background, objectives, center };
}

/** Row counts of the foundation and the approval/outline tables: a refused call changes none. */
export async function approvalTableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const counts = await tableCounts(db);
  const tables = ['outlines', 'outline_sections', 'outline_versions', 'approval_rounds', 'approval_round_organizations', 'approval_decisions'] as const;
  for (const table of tables) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Every round row, to assert that a refused call changed no state. */
export function roundRows(db: Kysely<Database>) {
  return db.selectFrom('approval_rounds').selectAll().orderBy('id').execute();
}
