import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { BUILTIN_FUNDING_CATEGORIES, parseQuantity } from '../../shared/funding-schemas.ts';
import { readCsv } from '../../server/funding/spreadsheet.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { fundingFingerprint, givenFundingWorld, givenLines, type FundingWorld } from '../support/funding-fixtures.ts';
import { refusal } from '../support/plan-fixtures.ts';

const HEADER_VI = 'STT,Hạng mục,Nội dung,Giai đoạn,Công việc,Số lượng,Đơn vị tính,Đơn giá (đồng),Thành tiền (đồng),Nguồn kinh phí,Năm,Ghi chú';
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** The fields a line keeps through a spreadsheet: everything but ids, versions and positions. */
function portable(l: { category: string; description: string; phaseId: number | null; taskId: number | null; unit: string; unitCost: number; amount: number; sourceId: number; year: number; note: string } & ({ quantity: string } | { quantityMilli: number })) {
  const quantityMilli = 'quantityMilli' in l ? l.quantityMilli : parseQuantity(l.quantity);
  return { category: l.category, description: l.description, phaseId: l.phaseId, taskId: l.taskId, quantityMilli, unit: l.unit, unitCost: l.unitCost, amount: l.amount, sourceId: l.sourceId, year: l.year, note: l.note };
}

describeEachDialect('funding spreadsheets', (dialect) => {
  let t: TestDatabase;
  let w: FundingWorld;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    w = await givenFundingWorld(t.db);
  });
  afterEach(() => t.destroy());

  const newEstimate = () => w.coordinator.funding.createEstimate({ projectId: w.projectId, copyFromEstimateId: null });
  const preview = (estimateId: number, format: 'csv' | 'xlsx', data: string, mode: 'append' | 'replace' = 'append') =>
    w.coordinator.funding.importPreview({ projectId: w.projectId, estimateId, format, data, mode });
  const commit = async (estimateId: number, format: 'csv' | 'xlsx', data: string, mode: 'append' | 'replace' = 'append') => {
    const { estimate } = await w.coordinator.funding.estimate({ projectId: w.projectId, estimateId });
    return w.coordinator.funding.importCommit({ projectId: w.projectId, estimateId, format, data, mode, version: estimate.version });
  };

  it('round-trips random lines through XLSX and CSV, in Vietnamese and English, keeping their line ids', async () => {
    await w.coordinator.funding.createCategory({ projectId: w.projectId, code: 'training', nameVi: 'Đào tạo nhân lực', nameEn: 'Workforce training' });
    const task = await w.coordinator.tasks.create({ projectId: w.projectId, title: 'Khảo sát', phaseId: w.phase.id, startDate: '2026-12-01', dueDate: '2026-12-31' });
    const text = (max: number) =>
      fc
        .tuple(fc.constantFrom('', '=', '+', '-', '@', '"'), fc.stringMatching(/^[a-zA-Zăâđêôơưàáạảãếệởỹ0-9 ,;"'\n.()-]{1,40}$/))
        .map(([lead, body]) => `${lead}${body}`.normalize('NFC').trim().slice(0, max))
        .filter((s) => s.length > 0 && s.trim() === s);
    const line = fc.record({
      category: fc.constantFrom(...BUILTIN_FUNDING_CATEGORIES.map((c) => c.code), 'training'),
      description: text(500),
      link: fc.constantFrom('none', 'phase', 'task'),
      quantityMilli: fc.integer({ min: 0, max: 5_000_000 }),
      unit: text(40),
      unitCostThousands: fc.integer({ min: 0, max: 10_000_000 }),
      source: fc.constantFrom('state', 'province'),
      year: fc.integer({ min: 2020, max: 2035 }),
      note: fc.option(text(1000), { nil: '' }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 6 }), fc.constantFrom('vi', 'en'), async (lines, locale) => {
        const source = await newEstimate();
        const added = await givenLines(
          w,
          source.id,
          lines.map((l) => ({
            category: l.category,
            description: l.description,
            phaseId: l.link === 'phase' ? w.phase.id : null,
            taskId: l.link === 'task' ? task.id : null,
            quantity: `${Math.floor(l.quantityMilli / 1000)}.${String(l.quantityMilli % 1000).padStart(3, '0')}`,
            unit: l.unit,
            unitCost: l.unitCostThousands * 1000,
            sourceId: w.sources[l.source as 'state' | 'province'].id,
            year: l.year,
            note: l.note,
          })),
        );
        for (const format of ['xlsx', 'csv'] as const) {
          const file = await w.as(w.people.other.viewer).funding.export({ projectId: w.projectId, estimateId: source.id, format, locale });
          expect(file.filename).toBe(`${locale === 'vi' ? 'du-toan' : 'estimate'}-v${source.number}.${format}`);
          const target = await newEstimate();
          const report = await preview(target.id, format, file.base64);
          expect(report.errorRows, JSON.stringify(report.rows.filter((r) => r.errors.length))).toBe(0);
          expect(report.rows.map((r) => ({ key: r.lineKey, ...portable(r.line!) }))).toEqual(added.map((l) => ({ key: l.key, ...portable(l) })));
          expect(report.total).toBe(added.reduce((sum, l) => sum + l.amount, 0));
          await commit(target.id, format, file.base64);
          const imported = await w.coordinator.funding.estimate({ projectId: w.projectId, estimateId: target.id });
          expect(imported.lines.map((l) => ({ key: l.key, ...portable(l) }))).toEqual(added.map((l) => ({ key: l.key, ...portable(l) })));
        }
      }),
      {
        numRuns: 6,
        // Found by this property: text that starts with an apostrophe before a formula character.
        examples: [
          [
            [
              { category: 'experts_consultancy', description: 'ă', link: 'none', quantityMilli: 0, unit: "'-'", unitCostThousands: 0, source: 'state', year: 2020, note: '' },
              { category: 'experts_consultancy', description: "''=1+1", link: 'none', quantityMilli: 0, unit: '-', unitCostThousands: 0, source: 'state', year: 2020, note: "'@x" },
            ],
            'vi',
          ],
        ],
      },
    );
  });

  it('exports the totals: a total row that import stops at, and a summary sheet by source with the gap', async () => {
    await givenLines(w, w.estimate.id, [{ quantity: '2', unitCost: 200_000_000, sourceId: w.sources.province.id }, { category: 'travel', description: 'Đi lại', quantity: '3', unitCost: 5_000_000 }]);
    const file = await w.coordinator.funding.export({ projectId: w.projectId, estimateId: w.estimate.id, format: 'xlsx', locale: 'vi' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const [sheet, summary] = workbook.worksheets;
    expect(sheet!.getRow(1).values).toContain('Thành tiền (đồng)');
    const totalRow = sheet!.getRow(5);
    expect(totalRow.getCell(1).value).toBe('Tổng cộng');
    expect(totalRow.getCell(9).value).toBe(415_000_000);
    const rows = summary!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows).toContainEqual(['NS-QNAM', 'Ngân sách tỉnh Quảng Nam', 300_000_000, 400_000_000, 100_000_000]);

    const csv = await w.coordinator.funding.export({ projectId: w.projectId, estimateId: w.estimate.id, format: 'csv', locale: 'en' });
    const records = readCsv(Buffer.from(csv.base64, 'base64').toString('utf8'));
    expect(records[0]!.cells).toEqual(['No.', 'Category', 'Description', 'Phase', 'Task', 'Quantity', 'Unit', 'Unit cost (VND)', 'Amount (VND)', 'Funding source', 'Year', 'Note', 'Line ID']);
    expect(records[3]!.cells.slice(0, 9)).toEqual(['Total', '', '', '', '', '', '', '', '415000000']);
    expect(records.map((r) => r.cells[2])).toContain('NS-QNAM — Quang Nam provincial budget');
  });

  it('reports every bad row with its reason, and a commit with one bad row writes nothing', async () => {
    const rows = [
      '1,"Khảo sát, điều tra",Khảo sát doanh nghiệp,,,150,phiếu,800.000,120.000.000,NSNN-BCT,2027,',
      '2,Tiệc chiêu đãi,Tiệc,,,1,bữa,5000000,,NSNN-BCT,2027,',
      '3,seminars_workshops,Hội thảo khởi động,,,1,hội thảo,abc,,NS-QNAM,2026,',
      '4,SEMINARS_WORKSHOPS,,,,1,hội thảo,1000,,Ngân sách xã,26,',
      '5,Travel,Đi lại,1,,2.5,chuyến,"1,000,000 ₫",2.500.000,NSNN-BCT,2027,',
      '6,Travel,Đi lại,,,1,chuyến,9007199254740993,,NSNN-BCT,2027,',
      '7,Travel,Đi lại,,,1,chuyến,1000,999,nsnn-bct,2027,',
    ];
    const data = base64([HEADER_VI, ...rows].join('\r\n'));
    const report = await preview(w.estimate.id, 'csv', data);
    const errors = report.rows.map((r) => [r.row, r.errors.map((e) => `${e.field}:${e.code}`)]);
    expect(errors).toEqual([
      [2, []],
      [3, ['category:unknown_category']],
      [4, ['unitCost:invalid_number']],
      [5, ['description:required', 'source:unknown_source', 'year:invalid_year']],
      [6, []],
      [7, ['unitCost:amount_too_large']],
      [8, ['amount:amount_mismatch']],
    ]);
    expect(report).toMatchObject({ validRows: 2, errorRows: 5, total: 120_000_000 + 2_500_000 });
    expect(report.rows[4]!.line).toMatchObject({ phaseId: w.phase.id, quantityMilli: 2500, unitCost: 1_000_000, amount: 2_500_000 });

    const before = await fundingFingerprint(t.db);
    const oneBad = base64([HEADER_VI, rows[0], rows[1], rows[4]].join('\n'));
    expect(await refusal(commit(w.estimate.id, 'csv', oneBad))).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'import_invalid',
      fieldErrors: { 'rows.3.category': [expect.stringContaining('unknown_category')] },
    });

    // The same in an XLSX file made by hand.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Lines');
    sheet.addRow(['Category', 'Description', 'Quantity', 'Unit', 'Unit cost', 'Funding source', 'Year']);
    sheet.addRow(['Surveys', 'Khảo sát', 10, 'phiếu', 800_000, 'NSNN-BCT', 2027]);
    sheet.addRow(['Surveys', 'Khảo sát', 10, 'phiếu', 800_000, 'NO-SUCH', 2027]);
    const xlsx = Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer).toString('base64');
    expect(await refusal(commit(w.estimate.id, 'xlsx', xlsx))).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'import_invalid',
      fieldErrors: { 'rows.3.source': [expect.stringContaining('unknown_source')] },
    });
    expect(await fundingFingerprint(t.db)).toEqual(before);
  });

  it('refuses files it cannot read, headers without the required columns, and totals past the safe range', async () => {
    const before = await fundingFingerprint(t.db);
    expect(await refusal(preview(w.estimate.id, 'xlsx', base64('not a zip file')))).toMatchObject({ code: 'BAD_REQUEST', reason: 'unreadable_file' });
    expect(await refusal(preview(w.estimate.id, 'csv', base64('Hạng mục,Nội dung\nsurveys,Khảo sát')))).toMatchObject({ code: 'BAD_REQUEST', reason: 'missing_columns' });
    expect(await refusal(preview(w.estimate.id, 'csv', base64(HEADER_VI)))).toMatchObject({ code: 'BAD_REQUEST', reason: 'no_rows' });
    expect(await refusal(preview(w.estimate.id, 'csv', 'not base64!'))).toMatchObject({ code: 'BAD_REQUEST', reason: 'invalid_input' });
    const huge = 'A'.repeat(800_000);
    expect(await refusal(preview(w.estimate.id, 'csv', huge))).toMatchObject({ code: 'BAD_REQUEST', reason: 'invalid_input' });
    const big = `1,Dự phòng,Dự phòng,,,1,gói,${Number.MAX_SAFE_INTEGER - 10},,NSNN-BCT,2027,`;
    expect(await refusal(commit(w.estimate.id, 'csv', base64([HEADER_VI, big, big].join('\n'))))).toMatchObject({ code: 'BAD_REQUEST', reason: 'amount_too_large' });
    expect(await fundingFingerprint(t.db)).toEqual(before);
  });

  it('reads semicolon CSV, replaces lines keeping their ids, and refuses a commit made against a stale version', async () => {
    const [a] = await givenLines(w, w.estimate.id, [{}, { description: 'Bỏ đi' }]);
    const semicolon = base64(
      ['Mã dòng;Hạng mục;Nội dung;Số lượng;Đơn vị tính;Đơn giá;Nguồn kinh phí;Năm', `${a!.key};Thuê chuyên gia, tư vấn;Chuyên gia mới;2,5;tháng-người;40.000.000;NSNN-BCT;2027`, ';Dự phòng;Dự phòng;1;gói;10000000;NS-QNAM;2027'].join('\n'),
    );
    const { estimate } = await w.coordinator.funding.estimate({ projectId: w.projectId, estimateId: w.estimate.id });
    const result = await w.coordinator.funding.importCommit({ projectId: w.projectId, estimateId: w.estimate.id, format: 'csv', data: semicolon, mode: 'replace', version: estimate.version });
    expect(result).toMatchObject({ imported: 2, total: 110_000_000 });
    const after = await w.coordinator.funding.estimate({ projectId: w.projectId, estimateId: w.estimate.id });
    expect(after.lines.map((l) => [l.key, l.description, l.quantity, l.amount])).toEqual([
      [a!.key, 'Chuyên gia mới', '2.5', 100_000_000],
      [3, 'Dự phòng', '1', 10_000_000],
    ]);
    expect(
      await refusal(w.coordinator.funding.importCommit({ projectId: w.projectId, estimateId: w.estimate.id, format: 'csv', data: semicolon, mode: 'append', version: estimate.version })),
    ).toMatchObject({ code: 'CONFLICT', reason: 'stale_version' });
    // Appending the same line ids again would repeat them in the version.
    const again = await preview(w.estimate.id, 'csv', semicolon, 'append');
    expect(again.rows[0]!.errors.map((e) => e.code)).toEqual(['duplicate_line_key']);
  });
});
