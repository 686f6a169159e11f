import type { Kysely } from 'kysely';
import type { Action } from '../audit/audit.ts';
import { decideRound } from '../approvals/approvals.ts';
import type { Database, FundingSourceKind, ProjectRole } from '../db/schema.ts';
import { recordDisbursement } from '../funding/disbursements.ts';
import { addLine, createEstimate, deleteLine, submitEstimate, updateLine } from '../funding/estimates.ts';
import { createCategory, createSource, setBudgetOwners } from '../funding/sources.ts';
import type { Membership } from '../trpc.ts';

// The Chu Lai estimate (dự toán kinh phí), built through the real domain functions so rounds,
// decisions and audit events are what people would have produced: QN-DOIT and THACO-IND are the
// budget owners; v1 (40 lines, two years) approved by both; v2 (more surveys, one more seminar, a
// smaller contingency) in review with THACO-IND's approval in; disbursements against v1. The
// provincial budget pledges less than its share, so the funding gap shows.

type Org = 'VIOIT' | 'MOIT' | 'QN-DOIT' | 'THACO-IND';
type SourceKey = 'NSNN' | 'QNAM' | 'THACO' | 'TAITRO';

const SOURCES: Record<SourceKey, { code: string; kind: FundingSourceKind; org: Org | null; nameVi: string; nameEn: string; pledged: number; note: string }> = {
  NSNN: { code: 'NSNN-BCT', kind: 'state_budget', org: 'MOIT', nameVi: 'Ngân sách nhà nước (Bộ Công Thương)', nameEn: 'State budget (Ministry of Industry and Trade)', pledged: 2_700_000_000, note: 'Kinh phí sự nghiệp khoa học' },
  QNAM: { code: 'NS-QNAM', kind: 'provincial_budget', org: 'QN-DOIT', nameVi: 'Ngân sách tỉnh Quảng Nam', nameEn: 'Quang Nam provincial budget', pledged: 1_000_000_000, note: 'Chờ HĐND tỉnh bố trí phần còn lại' },
  THACO: { code: 'THACO-IND', kind: 'enterprise', org: 'THACO-IND', nameVi: 'THACO Industries', nameEn: 'THACO Industries', pledged: 2_400_000_000, note: 'Đối ứng của doanh nghiệp' },
  TAITRO: { code: 'TAI-TRO-KHAC', kind: 'other_sponsor', org: null, nameVi: 'Nhà tài trợ khác', nameEn: 'Other sponsors', pledged: 500_000_000, note: 'Chương trình hỗ trợ kỹ thuật quốc tế' },
};

/** [category, description, phase position or null, quantity, unit, unit cost, source, year offset] */
type SeedLine = [string, string, number | null, string, string, number, SourceKey, 0 | 1];

const LINES: SeedLine[] = [
  ['experts_consultancy', 'Chuyên gia chính xây dựng đề cương và lộ trình Đề án', 1, '6', 'tháng-người', 40_000_000, 'NSNN', 0],
  ['experts_consultancy', 'Chuyên gia rà soát cơ chế, chính sách Trung ương về công nghiệp hỗ trợ và cơ khí', 2, '8', 'tháng-người', 35_000_000, 'NSNN', 0],
  ['experts_consultancy', 'Chuyên gia rà soát chính sách của tỉnh Quảng Nam', 2, '6', 'tháng-người', 30_000_000, 'QNAM', 0],
  ['experts_consultancy', 'Chuyên gia tư vấn layout, nhà xưởng, dây chuyền sản xuất', 4, '10', 'tháng-người', 45_000_000, 'THACO', 1],
  ['experts_consultancy', 'Chuyên gia quốc tế về liên kết cụm ngành', 3, '2.5', 'tháng-người', 120_000_000, 'TAITRO', 1],
  ['experts_consultancy', 'Tư vấn xây dựng đề xuất cơ chế, chính sách thí điểm', 3, '6', 'tháng-người', 38_000_000, 'NSNN', 1],
  ['experts_consultancy', 'Tư vấn quy chế hoạt động Trung tâm công nghiệp cơ khí và CNHT', 5, '4', 'tháng-người', 40_000_000, 'THACO', 1],
  ['seminars_workshops', 'Hội thảo khởi động Đề án tại Tam Kỳ', 1, '1', 'hội thảo', 150_000_000, 'QNAM', 0],
  ['seminars_workshops', 'Hội thảo lấy ý kiến đề cương Đề án', 1, '1', 'hội thảo', 120_000_000, 'NSNN', 0],
  ['seminars_workshops', 'Hội thảo kết nối doanh nghiệp với chuỗi cung ứng của THACO', 4, '2', 'hội thảo', 250_000_000, 'THACO', 1],
  ['seminars_workshops', 'Tọa đàm chuyên gia về chính sách công nghiệp hỗ trợ', 3, '3', 'tọa đàm', 60_000_000, 'NSNN', 1],
  ['seminars_workshops', 'Hội thảo công bố kết quả thí điểm', 5, '1', 'hội thảo', 200_000_000, 'QNAM', 1],
  ['seminars_workshops', 'Hội nghị ra mắt Trung tâm công nghiệp cơ khí và công nghiệp hỗ trợ', 5, '1', 'hội nghị', 300_000_000, 'THACO', 1],
  ['surveys', 'Thiết kế phiếu khảo sát nhu cầu doanh nghiệp', 2, '1', 'bộ', 30_000_000, 'NSNN', 0],
  ['surveys', 'Khảo sát doanh nghiệp cơ khí, công nghiệp hỗ trợ tại Quảng Nam', 2, '150', 'phiếu', 800_000, 'QNAM', 0],
  ['surveys', 'Khảo sát doanh nghiệp ngoài tỉnh (Đà Nẵng, Quảng Ngãi)', 2, '100', 'phiếu', 900_000, 'NSNN', 0],
  ['surveys', 'Phỏng vấn sâu doanh nghiệp đầu tư tại KCN THACO Chu Lai', 2, '30', 'cuộc', 2_500_000, 'THACO', 0],
  ['surveys', 'Xử lý số liệu và báo cáo kết quả khảo sát', 2, '1', 'báo cáo', 45_000_000, 'NSNN', 0],
  ['surveys', 'Đánh giá năng lực nhà cung ứng tiềm năng', 4, '40', 'doanh nghiệp', 3_000_000, 'THACO', 1],
  ['database_development', 'Thiết kế cấu trúc cơ sở dữ liệu ngành ô tô, cơ khí và CNHT', 2, '1', 'gói', 180_000_000, 'NSNN', 0],
  ['database_development', 'Thu thập, chuẩn hóa dữ liệu doanh nghiệp', 2, '1200', 'hồ sơ', 150_000, 'NSNN', 0],
  ['database_development', 'Phần mềm tra cứu và kết nối nhà cung ứng', 2, '1', 'gói', 350_000_000, 'NSNN', 1],
  ['database_development', 'Máy chủ, đường truyền và bảo mật', 2, '12', 'tháng', 8_500_000, 'QNAM', 1],
  ['database_development', 'Tập huấn cán bộ Sở Công Thương sử dụng cơ sở dữ liệu', 2, '2', 'lớp', 25_000_000, 'QNAM', 1],
  ['travel', 'Khảo sát thực tế tại KCN THACO Chu Lai (đoàn của Viện)', 1, '3', 'chuyến', 45_000_000, 'NSNN', 0],
  ['travel', 'Đi lại, lưu trú của chuyên gia khảo sát', 2, '24', 'ngày-người', 1_800_000, 'NSNN', 0],
  ['travel', 'Học tập mô hình cụm liên kết tại Bình Dương', 3, '1', 'đoàn', 90_000_000, 'QNAM', 1],
  ['travel', 'Đi lại của chuyên gia quốc tế', 3, '2', 'lượt', 55_000_000, 'TAITRO', 1],
  ['travel', 'Làm việc với các bộ, ngành tại Hà Nội', 3, '4', 'chuyến', 22_000_000, 'QNAM', 1],
  ['printing', 'In ấn tài liệu hội thảo', 1, '300', 'bộ', 120_000, 'QNAM', 0],
  ['printing', 'In báo cáo rà soát chính sách', 2, '100', 'cuốn', 180_000, 'NSNN', 0],
  ['printing', 'Dịch thuật tài liệu nước ngoài', 3, '250', 'trang', 200_000, 'TAITRO', 1],
  ['printing', 'In và phát hành sổ tay nhà cung ứng', 4, '500', 'cuốn', 95_000, 'THACO', 1],
  ['printing', 'Văn phòng phẩm', 1, '12', 'tháng', 2_000_000, 'QNAM', 0],
  ['training', 'Đào tạo kỹ thuật viên cơ khí cho doanh nghiệp địa phương', 4, '3', 'khóa', 120_000_000, 'THACO', 1],
  ['training', 'Đào tạo quản lý chất lượng theo tiêu chuẩn nhà cung ứng THACO', 4, '2', 'khóa', 95_000_000, 'THACO', 1],
  ['training', 'Bồi dưỡng nhân lực nghiên cứu chính sách của Viện', 1, '1', 'khóa', 60_000_000, 'NSNN', 0],
  ['contingency', 'Dự phòng năm thứ nhất', null, '1', 'gói', 150_000_000, 'NSNN', 0],
  ['contingency', 'Dự phòng năm thứ hai', null, '1', 'gói', 200_000_000, 'QNAM', 1],
  ['contingency', 'Dự phòng phối hợp doanh nghiệp', null, '1', 'gói', 100_000_000, 'THACO', 1],
];

/** [line index in LINES, amount, days ago, reference document] */
const DISBURSEMENTS: [number, number, number, string][] = [
  [24, 41_200_000, 98, 'UNC số 012/VIOIT-KHTC'],
  [7, 148_500_000, 92, 'UNC số 045/SCT-KHTC'],
  [29, 36_000_000, 90, 'UNC số 047/SCT-KHTC'],
  [0, 120_000_000, 80, 'Hợp đồng 03/2026/HĐ-VIOIT, đợt 1'],
  [8, 118_000_000, 70, 'UNC số 021/VIOIT-KHTC'],
  [13, 30_000_000, 50, 'Hợp đồng 07/2026/HĐ-VIOIT'],
  [16, 45_000_000, 30, 'Phiếu chi 118/THACO-IND'],
  [14, 60_000_000, 20, 'UNC số 102/SCT-KHTC, tạm ứng'],
  [19, 90_000_000, 15, 'Hợp đồng 11/2026/HĐ-BCT, tạm ứng 50%'],
  [1, 140_000_000, 10, 'Hợp đồng 05/2026/HĐ-VIOIT, đợt 1'],
];

export interface DemoFundingInput {
  projectId: number;
  now: Date;
  orgIds: Record<string, number>;
  people: { id: number; org: string; role: ProjectRole }[];
}

/** Seeds the Chu Lai estimate inside seedDemo's transaction; every date is relative to `now`. */
export async function seedDemoFunding(tx: Kysely<Database>, { projectId, now, orgIds, people }: DemoFundingInput): Promise<void> {
  const as = (org: Org, role: ProjectRole, daysAgo: number) => {
    const person = people.find((p) => p.org === org && p.role === role);
    if (!person) throw new Error(`demo: no ${role} in ${org}`);
    const membership: Membership = { projectId, role, organizationId: orgIds[org]! };
    const action: Action = { actor: { userId: person.id, organizationId: orgIds[org]! }, at: new Date(now.getTime() - daysAgo * 86_400_000).toISOString() };
    return [tx, action, membership] as const;
  };
  const dateAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  const year = now.getUTCFullYear();
  const phases = await tx.selectFrom('phases').select(['id', 'position']).where('project_id', '=', projectId).execute();
  const phaseId = (position: number | null) => (position === null ? null : (phases.find((p) => p.position === position)?.id ?? null));

  await setBudgetOwners(...as('VIOIT', 'coordinator', 116), { organizationIds: [orgIds['QN-DOIT']!, orgIds['THACO-IND']!] });
  await createCategory(...as('THACO-IND', 'member', 116), { code: 'training', nameVi: 'Đào tạo nhân lực', nameEn: 'Workforce training' });
  const sourceIds = {} as Record<SourceKey, number>;
  for (const [key, s] of Object.entries(SOURCES) as [SourceKey, (typeof SOURCES)[SourceKey]][]) {
    const created = await createSource(...as('QN-DOIT', 'member', 116), {
      code: s.code,
      kind: s.kind,
      nameVi: s.nameVi,
      nameEn: s.nameEn,
      organizationId: s.org ? orgIds[s.org]! : null,
      pledgedAmount: s.pledged,
      note: s.note,
    });
    sourceIds[key] = created.id;
  }

  // v1: drafted by QN-DOIT and THACO-IND, approved by both.
  const v1 = await createEstimate(...as('QN-DOIT', 'approver', 115), { copyFromEstimateId: null, note: 'Dự toán kinh phí thực hiện Đề án, lần 1.' });
  const v1Lines: { id: number; version: number }[] = [];
  for (const [category, description, phase, quantity, unit, unitCost, source, yearOffset] of LINES) {
    const author = source === 'THACO' ? as('THACO-IND', 'member', 114) : as('QN-DOIT', 'member', 114);
    const { line } = await addLine(...author, {
      estimateId: v1.id,
      category,
      description,
      phaseId: phaseId(phase),
      taskId: null,
      quantity,
      unit,
      unitCost,
      sourceId: sourceIds[source],
      year: year + yearOffset,
      note: '',
    });
    v1Lines.push(line);
  }
  const round1 = await submitEstimate(...as('VIOIT', 'coordinator', 110), { estimateId: v1.id, message: 'Kính đề nghị Sở Công Thương và THACO Industries thống nhất dự toán lần 1.' });
  await decideRound(...as('QN-DOIT', 'approver', 106), { roundId: round1.id, decision: 'approve', comment: 'Sở Công Thương thống nhất.' });
  await decideRound(...as('THACO-IND', 'approver', 105), { roundId: round1.id, decision: 'approve', comment: 'THACO Industries thống nhất phần đối ứng.' });

  for (const [index, amount, daysAgo, reference] of DISBURSEMENTS) {
    const payer = LINES[index]![6] === 'THACO' ? as('THACO-IND', 'member', daysAgo) : as('QN-DOIT', 'member', daysAgo);
    await recordDisbursement(...payer, { lineId: v1Lines[index]!.id, date: dateAgo(daysAgo), amount, reference, note: '' });
  }

  // v2: more surveys, one more seminar, a smaller contingency; in review, THACO-IND has approved.
  const v2 = await createEstimate(...as('QN-DOIT', 'approver', 12), { copyFromEstimateId: v1.id, note: 'Lần 2: tăng số phiếu khảo sát, bổ sung hội thảo chuyên đề về cơ chế tài chính.' });
  const v2Lines = await tx.selectFrom('funding_lines').selectAll().where('estimate_id', '=', v2.id).orderBy('position').execute();
  const survey = v2Lines[14]!;
  await updateLine(...as('QN-DOIT', 'member', 11), {
    lineId: survey.id,
    version: survey.version,
    category: survey.category,
    description: survey.description,
    phaseId: survey.phase_id,
    taskId: null,
    quantity: '200',
    unit: survey.unit,
    unitCost: survey.unit_cost,
    sourceId: survey.source_id,
    year: survey.year,
    note: 'Tăng từ 150 lên 200 phiếu theo đề nghị của Sở Công Thương',
  });
  await addLine(...as('QN-DOIT', 'member', 11), {
    estimateId: v2.id,
    category: 'seminars_workshops',
    description: 'Hội thảo chuyên đề về cơ chế tài chính cho doanh nghiệp công nghiệp hỗ trợ',
    phaseId: phaseId(3),
    taskId: null,
    quantity: '1',
    unit: 'hội thảo',
    unitCost: 130_000_000,
    sourceId: sourceIds.QNAM,
    year: year + 1,
    note: '',
  });
  const contingency = v2Lines[39]!;
  await deleteLine(...as('THACO-IND', 'member', 10), { lineId: contingency.id, version: contingency.version });
  const round2 = await submitEstimate(...as('QN-DOIT', 'approver', 5), { estimateId: v2.id, message: 'Đề nghị THACO Industries xem xét dự toán lần 2.' });
  await decideRound(...as('THACO-IND', 'approver', 2), { roundId: round2.id, decision: 'approve', comment: 'Đồng ý.' });
}
