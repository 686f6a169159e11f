import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { formatMoney } from '../../shared/format.ts';
import { type BrowserPerson, browserSuite, describeInBrowser } from '../support/browser.ts';
import { HttpSession, type TestServer } from '../support/server.ts';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
const vnd = (amount: number | bigint) => formatMoney(amount, 'vi');
const sum = (values: readonly (number | bigint)[]) => values.reduce<bigint>((total, v) => total + BigInt(v), 0n);

/** The Funding page's charts, spreadsheets, sources, disbursements and live updates, in Vietnamese. */
describeInBrowser('funding page editors in a browser', () => {
  const suite = browserSuite();
  let server: TestServer;
  let chuLai: number;
  let coordinator: HttpSession;
  beforeAll(async () => {
    ({ server, chuLai } = suite);
    coordinator = new HttpSession(server.url);
    await coordinator.login('coordinator.vioit@lienket.demo', DEMO_PASSWORD);
  });

  /** Logged in as `email`, in Vietnamese; every confirmation the page asks for is accepted. */
  async function as(email: string, viewport = DESKTOP): Promise<BrowserPerson> {
    const person = await suite.logIn(email, { viewport, locale: 'en-US', timezoneId: undefined, acceptDownloads: true });
    person.page.on('dialog', (dialog) => void dialog.accept());
    return person;
  }

  /** A new draft version copied from the newest, so each test has its own editable lines. */
  async function newDraft() {
    const created = await coordinator.call('funding.createEstimate', { projectId: chuLai, note: '' });
    expect(created.error).toBeUndefined();
    return (created.data as { id: number }).id;
  }

  const db = () => server.database.db;
  const linesOf = (estimateId: number) => db().selectFrom('funding_lines').selectAll().where('estimate_id', '=', estimateId).orderBy('position').execute();
  const sourceByCode = (code: string) => db().selectFrom('funding_sources').selectAll().where('project_id', '=', chuLai).where('code', '=', code).executeTakeFirstOrThrow();

  /** How far the Funding page sticks out sideways (the grid scrolls inside its own box). */
  const sideways = (page: Page) => page.locator('.funding-page').evaluate((el) => el.scrollWidth - el.clientWidth);

  async function openFunding(page: Page, estimateId: number) {
    await page.goto(`/projects/${chuLai}/funding?v=${estimateId}`);
    await page.locator('.funding-grid tbody tr').first().waitFor();
  }

  /** A partner's change to one line through the API: every field as it is, but `patch`. */
  async function partnerUpdatesLine(session: HttpSession, line: Awaited<ReturnType<typeof linesOf>>[number], patch: { description?: string; quantity?: string }) {
    const result = await session.call('funding.updateLine', {
      projectId: chuLai,
      lineId: line.id,
      version: line.version,
      category: line.category,
      description: patch.description ?? line.description,
      phaseId: line.phase_id,
      taskId: line.task_id,
      quantity: patch.quantity ?? String(line.quantity_milli / 1000),
      unit: line.unit,
      unitCost: line.unit_cost,
      sourceId: line.source_id,
      year: line.year,
      note: line.note,
    });
    expect(result.error).toBeUndefined();
  }

  it('draws the charts with their numbers in tables, and exports the version to XLSX and CSV with Vietnamese headers and totals', async () => {
    const draftId = await newDraft();
    const total = sum((await linesOf(draftId)).map((l) => l.amount));
    const { page } = await as('approver.qn-doit@lienket.demo');
    // The chart library is loaded by the screens that draw charts, not before.
    const chartChunks = () => page.evaluate(() => performance.getEntriesByType('resource').filter((r) => /\/assets\/bar-chart-[^/]*\.js$/.test(r.name)).length);
    expect(await chartChunks()).toBe(0);
    await openFunding(page, draftId);
    await page.locator('.bar-chart canvas').first().waitFor();
    expect(await chartChunks()).toBe(1);

    // Four charts (sources, categories, phases, years), each a described image.
    await page.locator('.bar-chart canvas').nth(3).waitFor();
    expect(await page.locator('.bar-chart canvas[role="img"]').count()).toBe(4);
    expect(await page.locator('.bar-chart canvas').first().getAttribute('aria-label')).toContain('Dự toán, Cam kết, Đã giải ngân');
    // Phases and years have their numbers in tables for screen readers, exact to the đồng.
    const byYear = page.getByRole('table', { name: 'Dự toán theo năm' });
    const years = await byYear.locator('tbody td').allInnerTexts();
    expect(sum(years.map((y) => BigInt(y.replace(/\D/g, ''))))).toBe(total);
    expect(await page.getByRole('table', { name: 'Dự toán theo giai đoạn' }).locator('tbody tr').count()).toBeGreaterThan(1);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất Excel (XLSX)' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/^du-toan-v\d+\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await xlsx.path())!)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['STT', 'Hạng mục', 'Nội dung']);
    expect(header).toContain('Thành tiền (đồng)');
    const amountColumn = header.indexOf('Thành tiền (đồng)') + 1;
    let xlsxTotal: unknown;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === 'Tổng cộng') xlsxTotal = row.getCell(amountColumn).value;
    });
    expect(BigInt(xlsxTotal as number)).toBe(total);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất CSV' }).click()]);
    expect(csv.suggestedFilename()).toMatch(/^du-toan-v\d+\.csv$/);
    const text = await readFile((await csv.path())!, 'utf8');
    const rows = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(rows[0]!.startsWith('STT,Hạng mục,Nội dung,')).toBe(true);
    const totalRow = rows.find((r) => r.startsWith('Tổng cộng,'))!.split(',');
    expect(totalRow[rows[0]!.split(',').indexOf('Thành tiền (đồng)')]).toBe(String(total));
  });

  it('imports a CSV: one bad row is reported with its reason and nothing is written; a good file adds its lines', async () => {
    const draftId = await newDraft();
    const before = await linesOf(draftId);
    const { page } = await as('approver.qn-doit@lienket.demo');
    await openFunding(page, draftId);

    const header = 'Hạng mục,Nội dung,Số lượng,Đơn vị tính,Đơn giá (đồng),Nguồn kinh phí,Năm';
    const good = '"Hội thảo, tọa đàm",Hội thảo tham vấn doanh nghiệp phụ trợ,2,Hội thảo,"60.000.000",NS-QNAM,2027';
    const bad = '"Khảo sát, điều tra",Khảo sát bổ sung,1,Đợt,mười triệu,NS-QNAM,2027';
    const file = (name: string, lines: string[]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from([header, ...lines].join('\r\n'), 'utf8') });

    await page.locator('#import-file').setInputFiles(file('co-loi.csv', [good, bad]));
    await page.getByRole('button', { name: 'Xem trước' }).click();
    const preview = page.locator('.import-preview');
    await preview.getByText('1 trong 2 dòng có lỗi', { exact: false }).waitFor();
    const invalid = preview.locator('tr.import-row--invalid');
    expect(await invalid.count()).toBe(1);
    expect(await invalid.locator('th').innerText()).toBe('3');
    expect(await invalid.innerText()).toContain('Không phải số tiền nguyên (đồng)');
    expect(await preview.getByRole('button', { name: /^Nhập/ }).isDisabled()).toBe(true);
    expect((await linesOf(draftId)).length).toBe(before.length);

    await page.locator('#import-file').setInputFiles(file('dung.csv', [good]));
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await preview.getByText(`Cả 1 dòng hợp lệ, tổng ${vnd(120_000_000)}.`).waitFor();
    await preview.getByRole('button', { name: 'Nhập 1 dòng' }).click();
    await page.getByText('Đã nhập 1 dòng.').waitFor();
    await page.locator(`.funding-grid tbody tr:nth-child(${before.length + 1}) [data-col="1"]`).waitFor();
    expect(await page.locator(`.funding-grid tbody tr:nth-child(${before.length + 1}) [data-col="1"]`).inputValue()).toBe('Hội thảo tham vấn doanh nghiệp phụ trợ');
    const after = await linesOf(draftId);
    expect(after.length).toBe(before.length + 1);
    expect(await page.getByTestId('grid-total').innerText()).toBe(vnd(sum(after.map((l) => l.amount))));
  });

  it('adds, edits and deletes a source and its pledge, and the gap follows; a source in use is not deleted', async () => {
    const draftId = await newDraft();
    const lines = await linesOf(draftId);
    const { page, problems } = await as('approver.qn-doit@lienket.demo', PHONE);
    // The refused deletion at the end is part of the test: its 400 in the console is expected.
    problems.allow(/400 \(Bad Request\).*funding\.deleteSource/);
    await openFunding(page, draftId);
    const sources = page.locator('section[aria-labelledby="sources-title"]');
    const totalGap = sources.locator('tfoot td[data-label="Chênh lệch"]');
    const pledgedNow = async () => sum((await db().selectFrom('funding_sources').select('pledged_amount').where('project_id', '=', chuLai).execute()).map((s) => s.pledged_amount));
    const gapText = (gap: bigint) => (gap > 0n ? `Thiếu ${vnd(gap)}` : gap < 0n ? `Dư ${vnd(-gap)}` : 'Đủ');
    const estimated = sum(lines.map((l) => l.amount));
    expect(await totalGap.innerText()).toBe(gapText(estimated - (await pledgedNow())));

    // A new sponsor with a pledge: the overall gap shrinks by it.
    await sources.getByRole('button', { name: 'Thêm nguồn kinh phí' }).click();
    const form = sources.locator('.source-form');
    await form.getByLabel('Tên tiếng Việt').fill('Quỹ hợp tác kỹ thuật');
    await form.getByLabel('Tên tiếng Anh').fill('Technical cooperation fund');
    await form.getByLabel('Cam kết').fill('300000000');
    await form.getByLabel('Mã nguồn').fill('QUY-KT');
    await form.getByLabel('Loại nguồn').selectOption({ label: 'Nhà tài trợ khác' });
    await form.getByRole('button', { name: 'Thêm nguồn kinh phí' }).click();
    await page.getByText('Đã thêm nguồn kinh phí.').waitFor();
    const added = await sourceByCode('QUY-KT');
    expect(added.pledged_amount).toBe(300_000_000);
    await sources.locator('tbody tr', { hasText: 'QUY-KT' }).waitFor();
    expect(await totalGap.innerText()).toBe(gapText(estimated - (await pledgedNow())));

    // Quang Nam raises its pledge (typed with the Vietnamese separators): its gap changes.
    const qnam = await sourceByCode('NS-QNAM');
    const qnamEstimated = sum(lines.filter((l) => l.source_id === qnam.id).map((l) => l.amount));
    const qnamRow = sources.locator('tbody tr', { hasText: 'NS-QNAM' });
    expect(await qnamRow.locator('td[data-label="Chênh lệch"]').innerText()).toBe(gapText(qnamEstimated - BigInt(qnam.pledged_amount)));
    await sources.getByRole('button', { name: 'Sửa nguồn NS-QNAM' }).click();
    await form.getByLabel('Cam kết').fill('1.500.000.000');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu nguồn NS-QNAM.').waitFor();
    expect((await sourceByCode('NS-QNAM')).pledged_amount).toBe(1_500_000_000);
    await qnamRow.locator('td[data-label="Chênh lệch"]', { hasText: gapText(qnamEstimated - 1_500_000_000n) }).waitFor();

    // A pledge with decimals is refused in words before anything is sent.
    await sources.getByRole('button', { name: 'Sửa nguồn QUY-KT' }).click();
    await form.getByLabel('Cam kết').fill('300.000.000,5');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await form.getByText('Số tiền tính bằng đồng, không có phần thập phân.').waitFor();
    await form.getByRole('button', { name: 'Hủy' }).click();

    // Deleting the unused source works; deleting one that lines use is refused, clearly.
    await sources.getByRole('button', { name: 'Xóa nguồn QUY-KT' }).click();
    await page.getByText('Đã xóa nguồn QUY-KT.').waitFor();
    expect(await db().selectFrom('funding_sources').select('id').where('id', '=', added.id).executeTakeFirst()).toBeUndefined();
    await sources.getByRole('button', { name: 'Xóa nguồn NS-QNAM' }).click();
    await page.getByText('Có dòng dự toán đang dùng nguồn này: hãy chuyển chúng sang nguồn khác trước.').waitFor();
    expect((await sourceByCode('NS-QNAM')).id).toBe(qnam.id);
    expect(await sideways(page)).toBe(0);
  });

  it('a stale edit of a source shows both versions, and the person keeps theirs', async () => {
    const draftId = await newDraft();
    const { page, problems } = await as('approver.qn-doit@lienket.demo');
    problems.allow(/409 \(Conflict\).*funding\.updateSource/);
    await openFunding(page, draftId);
    const sources = page.locator('section[aria-labelledby="sources-title"]');
    await sources.getByRole('button', { name: 'Sửa nguồn THACO-IND' }).click();
    const form = sources.locator('.source-form');
    await form.getByLabel('Cam kết').fill('2.600.000.000');

    // Meanwhile the coordinator changes THACO's pledge.
    const thaco = await sourceByCode('THACO-IND');
    const changed = await coordinator.call('funding.updateSource', {
      projectId: chuLai,
      sourceId: thaco.id,
      version: thaco.version,
      code: thaco.code,
      kind: thaco.kind,
      nameVi: thaco.name_vi,
      nameEn: thaco.name_en,
      organizationId: thaco.organization_id,
      pledgedAmount: 2_450_000_000,
      note: thaco.note,
    });
    expect(changed.error).toBeUndefined();

    await form.getByRole('button', { name: 'Lưu' }).click();
    const dialog = page.getByRole('dialog', { name: 'Người khác vừa sửa bản ghi này' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(vnd(2_450_000_000));
    expect(await dialog.innerText()).toContain(vnd(2_600_000_000));
    await dialog.getByRole('button', { name: 'Giữ giá trị của tôi' }).click();
    await page.getByText('Đã lưu nguồn THACO-IND.').waitFor();
    expect((await sourceByCode('THACO-IND')).pledged_amount).toBe(2_600_000_000);
  });

  it('edits and deletes disbursements, a stale correction shows both versions, and a viewer sees none of the editing controls', async () => {
    const disbursements = () => db().selectFrom('funding_disbursements').selectAll().where('project_id', '=', chuLai).orderBy('date', 'desc').orderBy('id', 'desc').execute();
    const [first, second, third] = await disbursements();
    const { page, problems } = await as('approver.qn-doit@lienket.demo');
    problems.allow(/409 \(Conflict\).*funding\.updateDisbursement/);
    await page.goto(`/projects/${chuLai}/funding`);
    const panel = page.locator('section[aria-labelledby="disbursements-title"]');
    const total = panel.locator('tfoot td');
    await total.first().waitFor();

    await panel.getByRole('button', { name: `Sửa khoản giải ngân ${first!.reference}`, exact: true }).click();
    const form = panel.locator('.disbursement-edit');
    expect(await form.getByLabel('Số tiền').inputValue()).toBe(vnd(first!.amount).replace(/\s*₫$/, ''));
    await form.getByLabel('Ngày').fill('2026-11-14');
    await form.getByLabel('Số tiền').fill('150.000.000');
    await form.getByLabel('Chứng từ').fill('Hợp đồng 05/2026/HĐ-VIOIT, đợt 1 (điều chỉnh)');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu khoản giải ngân.').waitFor();
    // The keyboard user is back on the Edit button they started from.
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Sửa khoản giải ngân Hợp đồng 05/2026/HĐ-VIOIT, đợt 1 (điều chỉnh)');
    const edited = await db().selectFrom('funding_disbursements').selectAll().where('id', '=', first!.id).executeTakeFirstOrThrow();
    expect([edited.date, edited.amount, edited.reference]).toEqual(['2026-11-14', 150_000_000, 'Hợp đồng 05/2026/HĐ-VIOIT, đợt 1 (điều chỉnh)']);
    await total.first().filter({ hasText: vnd(sum((await disbursements()).map((d) => d.amount))) }).waitFor();

    // A stale correction: both versions side by side; the person takes the current one.
    await panel.getByRole('button', { name: `Sửa khoản giải ngân ${third!.reference}`, exact: true }).click();
    await form.getByLabel('Số tiền').fill('61.000.000');
    const corrected = await coordinator.call('funding.updateDisbursement', {
      projectId: chuLai,
      disbursementId: third!.id,
      version: third!.version,
      date: third!.date,
      amount: 62_000_000,
      reference: third!.reference,
      note: 'Điều chỉnh theo sao kê',
    });
    expect(corrected.error).toBeUndefined();
    await form.getByRole('button', { name: 'Lưu' }).click();
    const dialog = page.getByRole('dialog', { name: 'Người khác vừa sửa bản ghi này' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(vnd(62_000_000));
    await dialog.getByRole('button', { name: 'Lấy giá trị hiện tại' }).click();
    await page.getByText('Đã tải giá trị hiện tại.').waitFor();
    expect((await db().selectFrom('funding_disbursements').select('amount').where('id', '=', third!.id).executeTakeFirstOrThrow()).amount).toBe(62_000_000);
    await panel.locator('tbody tr', { hasText: vnd(62_000_000) }).waitFor();

    await panel.getByRole('button', { name: `Xóa khoản giải ngân ${second!.reference}`, exact: true }).click();
    await page.getByText('Đã xóa khoản giải ngân.').waitFor();
    expect(await db().selectFrom('funding_disbursements').select('id').where('id', '=', second!.id).executeTakeFirst()).toBeUndefined();
    await total.first().filter({ hasText: vnd(sum((await disbursements()).map((d) => d.amount))) }).waitFor();

    // A viewer reads sources, charts and disbursements, and has nothing to change them with.
    const viewer = (await as('viewer.moit@lienket.demo', PHONE)).page;
    await viewer.goto(`/projects/${chuLai}/funding`);
    await viewer.locator('.disbursements-table tbody tr').first().waitFor();
    await viewer.locator('.bar-chart canvas').first().waitFor();
    for (const name of [/^Sửa/, /^Xóa/, 'Thêm nguồn kinh phí', 'Ghi nhận', 'Xem trước', /^Lưu thay đổi/]) {
      expect(await viewer.getByRole('button', { name }).count(), String(name)).toBe(0);
    }
    expect(await viewer.locator('#import-file, .source-form, .disbursement-edit').count()).toBe(0);
    expect(await sideways(viewer)).toBe(0);
  });

  it('shows a partner’s changes in place and keeps the line being typed; a changed line meets the conflict dialog', async () => {
    const draftId = await newDraft();
    const [line1, , line3] = await linesOf(draftId);
    const { page, problems } = await as('approver.qn-doit@lienket.demo');
    problems.allow(/409 \(Conflict\).*funding\.updateLine/);
    await openFunding(page, draftId);
    const description = (row: number) => page.locator(`.funding-grid tbody tr:nth-child(${row}) [data-col="1"]`);
    await description(1).fill('Chuyên gia rà soát cơ chế (bản đang gõ)');

    // THACO-IND's member changes line 3: it updates on screen, the draft in line 1 and its focus stay.
    const thaco = new HttpSession(server.url);
    await thaco.login('member.thaco-ind@lienket.demo', DEMO_PASSWORD);
    await partnerUpdatesLine(thaco, line3!, { description: 'Dòng 3 do THACO sửa', quantity: '3' });
    await page.waitForFunction(() => (document.querySelector('.funding-grid tbody tr:nth-child(3) [data-col="1"]') as HTMLInputElement | null)?.value === 'Dòng 3 do THACO sửa');
    expect(await description(1).inputValue()).toBe('Chuyên gia rà soát cơ chế (bản đang gõ)');
    expect(await page.evaluate(() => [document.activeElement?.getAttribute('data-row'), document.activeElement?.getAttribute('data-col')])).toEqual(['0', '1']);
    expect(await page.getByRole('button', { name: 'Lưu thay đổi (1)' }).count()).toBe(1);
    const total = sum((await linesOf(draftId)).map((l) => l.amount));
    await page.waitForFunction((expected) => document.querySelector('[data-testid="grid-total"]')?.textContent === expected, vnd(total));

    // Then the partner changes line 1 itself: a calm notice, the draft is kept.
    await partnerUpdatesLine(thaco, line1!, { description: 'Dòng 1 do THACO sửa' });
    await page.getByText('Trong lúc bạn đang sửa, người khác đã lưu hoặc xóa dòng 1.', { exact: false }).waitFor();
    expect(await description(1).inputValue()).toBe('Chuyên gia rà soát cơ chế (bản đang gõ)');

    await page.getByRole('button', { name: 'Lưu thay đổi (1)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Người khác vừa sửa bản ghi này' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Dòng 1 do THACO sửa');
    await dialog.getByRole('button', { name: 'Giữ giá trị của tôi' }).click();
    await page.getByText('Đã lưu 1 dòng.').waitFor();
    const saved = await db().selectFrom('funding_lines').select('description').where('id', '=', line1!.id).executeTakeFirstOrThrow();
    expect(saved.description).toBe('Chuyên gia rà soát cơ chế (bản đang gõ)');
  });
});
