import type { Kysely } from 'kysely';
import type { Database, ProjectRole } from '../db/schema.ts';
import { recordAudit } from '../audit/audit.ts';
import { hashPassword } from '../auth/password.ts';
import { seedPlan } from './seed-plan.ts';
import { seedDemoOutline } from './seed-outline.ts';
import { seedDemoSignoffs } from './seed-signoffs.ts';
import { seedDemoFunding } from './seed-funding.ts';

/** Demo only: every demo account shares this password (README "Demo logins"). */
export const DEMO_PASSWORD = 'LienKet-demo-2026';

const ORGANIZATIONS = [
  { code: 'VIOIT', nameVi: 'Viện Nghiên cứu Chiến lược, Chính sách Công Thương', nameEn: 'Vietnam Institute of Strategy and Policy for Industry and Trade' },
  { code: 'MOIT', nameVi: 'Bộ Công Thương', nameEn: 'Ministry of Industry and Trade' },
  { code: 'QN-DOIT', nameVi: 'Sở Công Thương tỉnh Quảng Nam', nameEn: 'Quang Nam Department of Industry and Trade' },
  { code: 'THACO-IND', nameVi: 'THACO Industries', nameEn: 'THACO Industries' },
] as const;

type OrgCode = (typeof ORGANIZATIONS)[number]['code'];

const PEOPLE: Record<OrgCode, Record<ProjectRole, string>> = {
  VIOIT: { coordinator: 'Nguyễn Thị Minh Anh', approver: 'Trần Quốc Hùng', member: 'Lê Hoàng Nam', viewer: 'Phạm Thu Hà' },
  MOIT: { coordinator: 'Đỗ Văn Khánh', approver: 'Vũ Thị Lan', member: 'Hoàng Đức Thắng', viewer: 'Bùi Quang Vinh' },
  'QN-DOIT': { coordinator: 'Huỳnh Văn Tâm', approver: 'Võ Thị Thu Trang', member: 'Ngô Minh Đức', viewer: 'Đặng Thị Hồng' },
  'THACO-IND': { coordinator: 'Phan Văn Lộc', approver: 'Trương Thị Kim Oanh', member: 'Lâm Quốc Bảo', viewer: 'Dương Minh Triết' },
};

const ROLES: ProjectRole[] = ['coordinator', 'approver', 'member', 'viewer'];

const PARTS: Record<OrgCode, { vi: string; en: string }> = {
  VIOIT: {
    vi: 'Xây dựng và thống nhất đề cương, lộ trình thực hiện Đề án với Sở Công Thương Quảng Nam và THACO Industries; tập trung nhân lực nghiên cứu',
    en: 'Drafts the outline and the action plan, reaches consensus on them with QN-DOIT and THACO Industries; builds human capacity',
  },
  MOIT: {
    vi: 'Xây dựng hệ thống dữ liệu ngành công nghiệp ô tô, cơ khí và CNHT; tổ chức hội thảo; kết nối đối tác, chuyên gia tư vấn cho Đề án',
    en: 'Builds the automotive, mechanical and supporting-industries database; organizes seminars; connects partners and experts as consultants',
  },
  'QN-DOIT': {
    vi: 'Phối hợp với THACO Industries triển khai thực hiện Đề án; cùng dự toán và xem xét tài trợ kinh phí',
    en: 'Co-implements the pilot with THACO Industries; estimates and considers funding the budget',
  },
  'THACO-IND': {
    vi: 'Đơn vị đầu mối của THACO; hỗ trợ, tư vấn về layout, nhà xưởng, dây chuyền sản xuất cho doanh nghiệp đầu tư tại KCN THACO Chu Lai; cùng dự toán kinh phí',
    en: "THACO's focal point; advises investors in THACO Chu Lai Industrial Park on layout, factories and production lines; co-estimates the budget",
  },
};

export function demoEmail(role: ProjectRole | 'admin', org?: OrgCode): string {
  return org ? `${role}.${org.toLowerCase()}@lienket.demo` : `${role}@lienket.demo`;
}

/** The demo accounts, for the console and the README. */
export function demoLogins(): { email: string; role: string }[] {
  const logins = [{ email: demoEmail('admin'), role: 'admin (system administrator)' }];
  for (const org of ORGANIZATIONS) {
    for (const role of ROLES) logins.push({ email: demoEmail(role, org.code), role: `${role} · ${org.code}` });
  }
  return logins;
}

function addDays(date: Date, days: number): string {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + days)).toISOString().slice(0, 10);
}

/**
 * Creates the Chu Lai pilot (DESIGN.md §7) on an empty database, dated around `now` so the plan
 * looks alive. Returns false and changes nothing when any organization already exists.
 */
export async function seedDemo(db: Kysely<Database>, now: Date): Promise<boolean> {
  const existing = await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  // One hash for the shared demo password: seeding stays fast, and these accounts are demo only.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const at = now.toISOString();

  await db.transaction().execute(async (tx) => {
    const orgIds = {} as Record<OrgCode, number>;
    for (const org of ORGANIZATIONS) {
      const row = await tx
        .insertInto('organizations')
        .values({ code: org.code, name_vi: org.nameVi, name_en: org.nameEn, created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      orgIds[org.code] = row.id;
    }

    const newUser = (email: string, name: string, org: OrgCode, isAdmin: 0 | 1) =>
      tx
        .insertInto('users')
        .values({
          email,
          display_name: name,
          organization_id: orgIds[org],
          password_hash: passwordHash,
          locale: 'vi',
          is_admin: isAdmin,
          active: 1,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();

    await newUser(demoEmail('admin'), 'Quản trị hệ thống', 'VIOIT', 1);
    const userIds: { id: number; org: OrgCode; role: ProjectRole }[] = [];
    for (const org of ORGANIZATIONS) {
      for (const role of ROLES) {
        const { id } = await newUser(demoEmail(role, org.code), PEOPLE[org.code][role], org.code, 0);
        userIds.push({ id, org: org.code, role });
      }
    }

    const chuLai = await tx
      .insertInto('projects')
      .values({
        code: 'CHULAI-PILOT',
        name_vi:
          'Thí điểm cơ chế khuyến khích hợp tác liên kết sản xuất theo cụm ngành công nghiệp hỗ trợ và công nghiệp cơ khí tại Khu kinh tế mở Chu Lai',
        name_en:
          'Pilot mechanism to encourage cooperation in cluster-based mechanical and supporting-industries production in Chu Lai Open Economic Zone',
        summary_vi:
          'Hình thành Trung tâm công nghiệp cơ khí và công nghiệp hỗ trợ, qua đó doanh nghiệp trong và ngoài tỉnh Quảng Nam tham gia chuỗi sản xuất ô tô, cơ khí và công nghiệp hỗ trợ của THACO thông qua THACO Industries.',
        summary_en:
          "Form a Mechanics & Supporting Industries Center through which businesses in Quang Nam and beyond join THACO's production chain for automaking, mechanics and supporting industries through THACO Industries.",
        zone: 'Khu kinh tế mở Chu Lai, Quảng Nam',
        start_date: addDays(now, -120),
        end_date: addDays(now, 420),
        status: 'active',
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const org of ORGANIZATIONS) {
      await tx
        .insertInto('project_parties')
        .values({ project_id: chuLai.id, organization_id: orgIds[org.code], part_vi: PARTS[org.code].vi, part_en: PARTS[org.code].en })
        .execute();
    }
    for (const u of userIds) {
      await tx.insertInto('memberships').values({ project_id: chuLai.id, user_id: u.id, role: u.role, created_at: at }).execute();
    }
    await seedPlan(tx, { projectId: chuLai.id, orgIds, users: userIds, now });

    // A second programme in preparation, so the product shows it is multi-project: only VIOIT and
    // MOIT take part, and the other organizations' people cannot see it.
    const binhDuong = await tx
      .insertInto('projects')
      .values({
        code: 'BD-MECH-2030',
        name_vi: 'Phát triển công nghiệp cơ khí và công nghiệp hỗ trợ tỉnh Bình Dương đến năm 2030',
        name_en: 'Developing the mechanical and supporting industries of Binh Duong province to 2030',
        summary_vi: 'Thu hút đầu tư công nghiệp hỗ trợ để từng bước tự chủ nguồn nguyên liệu, linh kiện, phụ tùng trong nước.',
        summary_en: 'Attract supporting-industry investment so that the province gradually supplies its own materials, components and parts.',
        zone: 'Tỉnh Bình Dương',
        start_date: addDays(now, 30),
        end_date: addDays(now, 30 + 365 * 3),
        status: 'draft',
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const code of ['VIOIT', 'MOIT'] as const) {
      await tx
        .insertInto('project_parties')
        .values({ project_id: binhDuong.id, organization_id: orgIds[code], part_vi: '', part_en: '' })
        .execute();
    }
    for (const u of userIds.filter((u) => u.org === 'VIOIT' || u.org === 'MOIT')) {
      await tx.insertInto('memberships').values({ project_id: binhDuong.id, user_id: u.id, role: u.role, created_at: at }).execute();
    }

    await seedDemoOutline(tx, { projectId: chuLai.id, now, orgIds, people: userIds });
    await seedDemoSignoffs(tx, { projectId: chuLai.id, now, orgIds, people: userIds });
    await seedDemoFunding(tx, { projectId: chuLai.id, now, orgIds, people: userIds });
    await recordAudit(tx, { actor: null, at }, { action: 'demo.seeded', subject: { type: 'project', id: chuLai.id } });
  });
  return true;
}
