import type { Kysely } from 'kysely';
import type { Action } from '../audit/audit.ts';
import { decideRound } from '../approvals/approvals.ts';
import type { Database, ProjectRole } from '../db/schema.ts';
import { addSection, proposeOutline, updateSection } from '../outline/outline.ts';
import type { Membership } from '../trpc.ts';

// The Chu Lai outline (đề cương), built through the real domain functions so the rounds,
// decisions and audit events are exactly what people would have produced: v1 superseded by an
// edit, v2 approved by all four parties, a draft v3 in progress. Text from seeds/001.

interface Section {
  key: string;
  parent?: string;
  owner: string;
  title: string;
  body: string;
}

const SECTIONS: Section[] = [
  {
    key: 'background',
    owner: 'VIOIT',
    title: 'Bối cảnh và sự cần thiết',
    body:
      'Viện Nghiên cứu Chiến lược, Chính sách Công Thương (Bộ Công Thương) và Sở Công Thương tỉnh Quảng Nam đã làm việc với THACO Industries về Đề án “Thí điểm cơ chế khuyến khích hợp tác liên kết sản xuất theo cụm ngành công nghiệp hỗ trợ và công nghiệp cơ khí tại Khu kinh tế mở Chu Lai”.\n\n' +
      'Xây dựng Đề án là nhiệm vụ rất lớn, thực hiện thí điểm trên cả nước, liên quan đến chiến lược phát triển ngành và các chính sách hiện hành của Nhà nước.',
  },
  {
    key: 'objectives',
    owner: 'VIOIT',
    title: 'Mục tiêu',
    body:
      'Hình thành **Trung tâm công nghiệp cơ khí và công nghiệp hỗ trợ**, trong đó cộng đồng doanh nghiệp nói chung và doanh nghiệp tỉnh Quảng Nam nói riêng được tham gia vào chuỗi sản xuất của THACO (thông qua THACO Industries) trong lĩnh vực công nghiệp sản xuất lắp ráp ô tô, cơ khí và công nghiệp hỗ trợ.\n\n' +
      '- Đề xuất các quy định, chính sách có tính khả thi, phù hợp thực tế.\n- Kiến nghị ngắn hạn, trung hạn và dài hạn.',
  },
  {
    key: 'center',
    owner: 'THACO-IND',
    title: 'Trung tâm công nghiệp cơ khí và công nghiệp hỗ trợ',
    body: 'Trung tâm đặt tại KCN THACO Chu Lai, là đầu mối kết nối doanh nghiệp với chuỗi sản xuất của THACO.',
  },
  {
    key: 'tasks',
    owner: 'VIOIT',
    title: 'Nhiệm vụ của các bên',
    body:
      'Các bên rà soát lại toàn bộ các cơ chế, chính sách hiện hành của Trung ương và tỉnh Quảng Nam về công nghiệp cơ khí và công nghiệp hỗ trợ, khảo sát nhu cầu của các doanh nghiệp, đề xuất các quy định, chính sách có tính khả thi, phù hợp thực tế.',
  },
  {
    key: 'tasks-vioit',
    parent: 'tasks',
    owner: 'VIOIT',
    title: 'Viện Nghiên cứu Chiến lược, Chính sách Công Thương',
    body:
      'Xây dựng và thống nhất đề cương, lộ trình thực hiện Đề án với Sở Công Thương tỉnh Quảng Nam và THACO Industries; tập trung nhân lực, ưu tiên thời gian để nghiên cứu xây dựng đề cương, nhiệm vụ sát với thực tế và yêu cầu phát triển của ngành, của địa phương.',
  },
  {
    key: 'tasks-moit',
    parent: 'tasks',
    owner: 'MOIT',
    title: 'Bộ Công Thương',
    body:
      'Triển khai xây dựng hệ thống dữ liệu ngành công nghiệp ô tô, cơ khí và CNHT; tổ chức hội thảo, kết nối với các đối tác, chuyên gia để tư vấn cho Đề án.',
  },
  {
    key: 'tasks-qn',
    parent: 'tasks',
    owner: 'QN-DOIT',
    title: 'Sở Công Thương tỉnh Quảng Nam',
    body: 'Phối hợp với THACO Industries triển khai thực hiện Đề án; cùng THACO Industries xem xét tài trợ cho Đề án.',
  },
  {
    key: 'tasks-thaco',
    parent: 'tasks',
    owner: 'THACO-IND',
    title: 'THACO Industries',
    body:
      'Đơn vị đầu mối trực tiếp phối hợp với Sở Công Thương Quảng Nam triển khai thực hiện Đề án; hỗ trợ, tư vấn về layout, nhà xưởng, dây chuyền sản xuất đối với các doanh nghiệp đầu tư sản xuất tại KCN THACO Chu Lai.',
  },
  {
    key: 'funding',
    owner: 'QN-DOIT',
    title: 'Kinh phí thực hiện',
    body: 'Sở Công Thương Quảng Nam và THACO Industries sẽ phối hợp xem xét tài trợ cho Đề án.',
  },
  {
    key: 'roadmap',
    owner: 'VIOIT',
    title: 'Lộ trình thực hiện',
    body:
      '- Giai đoạn 1: xây dựng và thống nhất đề cương.\n' +
      '- Giai đoạn 2: rà soát cơ chế, chính sách và khảo sát nhu cầu doanh nghiệp.\n' +
      '- Giai đoạn 3: hình thành Trung tâm công nghiệp cơ khí và công nghiệp hỗ trợ.',
  },
];

/** Edits after v1 (the THACO-IND member's own section, then the coordinator's) and after v2. */
const CENTER_V2 =
  'Trung tâm đặt tại KCN THACO Chu Lai, là đầu mối kết nối doanh nghiệp trong và ngoài tỉnh Quảng Nam với chuỗi sản xuất của THACO. THACO Industries hỗ trợ, tư vấn về layout, nhà xưởng, dây chuyền sản xuất đối với các doanh nghiệp đầu tư sản xuất tại KCN THACO Chu Lai.';
const FUNDING_V2 =
  'Dự toán kinh phí do Sở Công Thương Quảng Nam và THACO Industries cùng xây dựng. Nguồn kinh phí: ngân sách nhà nước (Bộ Công Thương), ngân sách tỉnh Quảng Nam, THACO Industries và các nhà tài trợ khác; Sở Công Thương Quảng Nam và THACO Industries phối hợp xem xét tài trợ cho Đề án.';
const ROADMAP_DRAFT =
  '- Giai đoạn 1: xây dựng và thống nhất đề cương.\n' +
  '- Giai đoạn 2: rà soát cơ chế, chính sách, khảo sát nhu cầu doanh nghiệp và tổ chức hội thảo lấy ý kiến.\n' +
  '- Giai đoạn 3: hình thành Trung tâm công nghiệp cơ khí và công nghiệp hỗ trợ.';

export interface DemoOutlineInput {
  projectId: number;
  now: Date;
  orgIds: Record<string, number>;
  people: { id: number; org: string; role: ProjectRole }[];
}

/** Seeds the Chu Lai outline inside seedDemo's transaction; every date is relative to `now`. */
export async function seedDemoOutline(tx: Kysely<Database>, { projectId, now, orgIds, people }: DemoOutlineInput): Promise<void> {
  const as = (org: string, role: ProjectRole, daysAgo: number) => {
    const person = people.find((p) => p.org === org && p.role === role);
    if (!person) throw new Error(`demo: no ${role} in ${org}`);
    const membership: Membership = { projectId, role, organizationId: orgIds[org]! };
    const action: Action = {
      actor: { userId: person.id, organizationId: orgIds[org]! },
      at: new Date(now.getTime() - daysAgo * 86_400_000).toISOString(),
    };
    return { membership, action };
  };
  const coordinator = (daysAgo: number) => as('VIOIT', 'coordinator', daysAgo);

  const ids: Record<string, { id: number; version: number }> = {};
  for (const s of SECTIONS) {
    const { membership, action } = coordinator(70);
    const section = await addSection(tx, action, membership, {
      parentId: s.parent ? ids[s.parent]!.id : null,
      title: s.title,
      body: s.body,
      ownerOrganizationId: orgIds[s.owner]!,
    });
    ids[s.key] = { id: section.id, version: section.version };
  }
  const edit = async (org: string, role: ProjectRole, daysAgo: number, key: string, body: string) => {
    const { membership, action } = as(org, role, daysAgo);
    const s = SECTIONS.find((x) => x.key === key)!;
    const updated = await updateSection(tx, action, membership, {
      sectionId: ids[key]!.id,
      version: ids[key]!.version,
      title: s.title,
      body,
      ownerOrganizationId: orgIds[s.owner]!,
    });
    ids[key]!.version = updated.version;
  };
  const decide = async (org: string, daysAgo: number, roundId: number, comment = '') => {
    const { membership, action } = as(org, 'approver', daysAgo);
    await decideRound(tx, action, membership, { roundId, decision: 'approve', comment });
  };

  // v1: two parties approve, then THACO-IND rewrites its own section and the round is superseded.
  let c = coordinator(63);
  const v1 = await proposeOutline(tx, c.action, c.membership, { note: 'Dự thảo đề cương lần 1 gửi các bên góp ý.' });
  await decide('VIOIT', 61, v1.round.id);
  await decide('MOIT', 60, v1.round.id, 'Thống nhất.');
  await edit('THACO-IND', 'member', 58, 'center', CENTER_V2);
  await edit('VIOIT', 'coordinator', 57, 'funding', FUNDING_V2);

  // v2: approved by all four parties.
  c = coordinator(56);
  const v2 = await proposeOutline(tx, c.action, c.membership, {
    note: 'Dự thảo lần 2: bổ sung vai trò của Trung tâm và nguồn kinh phí.',
  });
  await decide('VIOIT', 54, v2.round.id);
  await decide('MOIT', 52, v2.round.id, 'Bộ Công Thương thống nhất với đề cương.');
  await decide('QN-DOIT', 50, v2.round.id, 'Đồng ý. Sở sẽ cùng THACO Industries xây dựng dự toán kinh phí.');
  await decide('THACO-IND', 49, v2.round.id, 'Thống nhất.');

  // Draft v3 in progress: the roadmap is being detailed.
  await edit('VIOIT', 'coordinator', 6, 'roadmap', ROADMAP_DRAFT);
}
