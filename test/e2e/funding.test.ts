import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { formatMoney } from '../../shared/format.ts';
import { browserSuite, describeInBrowser } from '../support/browser.ts';
import { HttpSession, type TestServer } from '../support/server.ts';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
const vnd = (amount: number | bigint) => formatMoney(amount, 'vi');

describeInBrowser('funding estimate and the leadership dashboard in a browser', () => {
  const suite = browserSuite();
  let server: TestServer;
  let chuLai: number;
  beforeAll(() => void ({ server, chuLai } = suite));

  /** Logged in as `email`, in Vietnamese; any dialog the page opens is accepted. */
  async function as(email: string, viewport = DESKTOP): Promise<Page> {
    const { page } = await suite.logIn(email, { viewport, locale: 'en-US', timezoneId: undefined });
    page.on('dialog', (dialog) => void dialog.accept());
    return page;
  }

  async function estimate(number: number) {
    const db = server.database.db;
    const e = await db.selectFrom('funding_estimates').select('id').where('project_id', '=', chuLai).where('number', '=', number).executeTakeFirstOrThrow();
    const lines = await db.selectFrom('funding_lines').select(['amount', 'source_id']).where('estimate_id', '=', e.id).execute();
    return { id: e.id, total: lines.reduce((sum, l) => sum + BigInt(l.amount), 0n), lines };
  }

  async function approveAs(email: string, estimateId: number) {
    const page = await as(email);
    await page.goto(`/projects/${chuLai}/approvals/funding_estimate/${estimateId}`);
    const round = page.locator('.timeline-item').first();
    await round.getByRole('button', { name: 'Đồng ý' }).click();
    await page.getByText('Đã ghi nhận: tổ chức của bạn đồng ý.').waitFor();
    return page;
  }

  it('a budget owner edits lines with live totals and submits; both owners approve; a viewer sees the approved totals and the gap', async () => {
    const v2 = await estimate(2);

    // QN-DOIT's approver opens the Funding page: v2 (in review) is on screen, editable.
    const qn = await as('approver.qn-doit@lienket.demo');
    await qn.goto(`/projects/${chuLai}/funding`);
    await qn.getByRole('heading', { level: 1, name: 'Dự toán kinh phí' }).waitFor();
    await qn.getByRole('heading', { level: 2, name: 'Dự toán v2' }).waitFor();
    const total = qn.getByTestId('grid-total');
    expect(await total.innerText()).toBe(vnd(v2.total));
    await qn.getByText('Phiên bản này đang chờ phê duyệt', { exact: false }).waitFor();

    // Arrow keys move between cells; the total follows the typing before anything is saved.
    const firstRow = qn.locator('.funding-grid tbody tr').first();
    const quantity = firstRow.locator('[data-col="2"]');
    expect(await quantity.inputValue()).toBe('6');
    await quantity.focus();
    await qn.keyboard.press('ArrowDown');
    expect(await qn.evaluate(() => [document.activeElement?.getAttribute('data-row'), document.activeElement?.getAttribute('data-col')])).toEqual(['1', '2']);
    await qn.keyboard.press('ArrowUp');
    await qn.keyboard.press('Control+A');
    await qn.keyboard.type('7');
    await qn.waitForFunction(([expected]) => document.querySelector('[data-testid="grid-total"]')?.textContent === expected, [vnd(v2.total + 40_000_000n)]);

    // A unit cost with decimals is refused in words, not rounded.
    const unitCost = firstRow.locator('[data-col="4"]');
    await unitCost.fill('40.000.000,5');
    await qn.getByRole('button', { name: /^Lưu thay đổi/ }).click();
    await qn.getByText('Số tiền tính bằng đồng, không có phần thập phân.').first().waitFor();
    expect(await unitCost.getAttribute('aria-invalid')).toBe('true');
    await unitCost.fill('40.000.000');
    await qn.getByRole('button', { name: 'Lưu thay đổi (1)' }).click();
    await qn.getByText('Đã lưu 1 dòng.').waitFor();
    expect((await estimate(2)).total).toBe(v2.total + 40_000_000n);

    // Saving superseded the open round: QN-DOIT submits v2 again.
    await qn.getByLabel('Lời nhắn cho các bên phê duyệt').fill('Tăng thời gian chuyên gia chính lên 7 tháng-người.');
    await qn.getByRole('button', { name: 'Gửi duyệt v2' }).click();
    await qn.getByText('Đã gửi duyệt dự toán v2.').waitFor();
    await qn.locator('.version-picker').getByRole('link', { name: /v2.*Đang chờ/ }).waitFor();

    // THACO-IND's approver and QN-DOIT's approver approve: v2 becomes the budget baseline.
    const thaco = await approveAs('approver.thaco-ind@lienket.demo', v2.id);
    expect(await thaco.locator('.snapshot').innerText()).toContain(vnd(v2.total + 40_000_000n));
    await approveAs('approver.qn-doit@lienket.demo', v2.id);

    // A viewer lands on the dashboard from the projects list and reads the approved totals and the gap.
    const viewer = await as('viewer.moit@lienket.demo', PHONE);
    await viewer.getByRole('link', { name: /Chu Lai/ }).first().click();
    await viewer.waitForURL(new RegExp(`/projects/${chuLai}/dashboard$`));
    await viewer.getByRole('heading', { level: 1, name: 'Bảng điều hành' }).waitFor();
    const approved = await estimate(2);
    expect(await viewer.getByTestId('dashboard-estimated').innerText()).toBe(vnd(approved.total));
    await viewer.getByText('Dự toán đã duyệt v2').waitFor();
    const sources = await server.database.db.selectFrom('funding_sources').select(['id', 'code', 'pledged_amount']).where('project_id', '=', chuLai).execute();
    const short = sources
      .map((s) => ({ code: s.code, gap: approved.lines.filter((l) => l.source_id === s.id).reduce((sum, l) => sum + BigInt(l.amount), 0n) - BigInt(s.pledged_amount) }))
      .filter((s) => s.gap > 0n);
    expect(short.length).toBeGreaterThan(0);
    expect(await viewer.getByTestId('dashboard-gap').innerText()).toBe(vnd(short.reduce((sum, s) => sum + s.gap, 0n)));
    await viewer.getByText(`Nguồn chưa đủ: ${short.map((s) => s.code).join(', ')}`).waitFor();
    // The phone page never scrolls sideways.
    expect(await viewer.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);

    // The viewer reads the estimate but cannot edit it.
    await viewer.goto(`/projects/${chuLai}/funding`);
    await viewer.locator('.funding-grid tbody tr').first().waitFor();
    expect(await viewer.locator('.funding-grid input, .funding-grid select').count()).toBe(0);
    expect(await viewer.getByRole('button', { name: /^Lưu thay đổi/ }).count()).toBe(0);
    expect(await viewer.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  });

  it('a stale edit is caught: the person sees both versions of the line and keeps their own', async () => {
    // A new draft version (copied from the newest) so there is something editable whatever ran before.
    const coordinator = new HttpSession(server.url);
    await coordinator.login('coordinator.vioit@lienket.demo', DEMO_PASSWORD);
    const created = await coordinator.call('funding.createEstimate', { projectId: chuLai, note: 'Bản nháp để thử sửa đồng thời.' });
    expect(created.error).toBeUndefined();
    const draftId = (created.data as { id: number }).id;
    const db = server.database.db;
    const second = await db.selectFrom('funding_lines').selectAll().where('estimate_id', '=', draftId).orderBy('position').offset(1).limit(1).executeTakeFirstOrThrow();

    const qn = await as('approver.qn-doit@lienket.demo');
    // The refused save is the point of this test: its 409 in the console is expected.
    suite.problemsOf(qn).allow(/409 \(Conflict\).*funding\.updateLine/);
    await qn.goto(`/projects/${chuLai}/funding?v=${draftId}`);
    const description = qn.locator('.funding-grid tbody tr').nth(1).locator('[data-col="1"]');
    await description.fill('Chuyên gia rà soát cơ chế (bản của Sở)');

    // Meanwhile THACO-IND's member changes the same line.
    const thaco = new HttpSession(server.url);
    await thaco.login('member.thaco-ind@lienket.demo', DEMO_PASSWORD);
    const changed = await thaco.call('funding.updateLine', {
      projectId: chuLai,
      lineId: second.id,
      version: second.version,
      category: second.category,
      description: 'Chuyên gia rà soát cơ chế (bản của THACO)',
      phaseId: second.phase_id,
      taskId: second.task_id,
      quantity: '8',
      unit: second.unit,
      unitCost: second.unit_cost,
      sourceId: second.source_id,
      year: second.year,
      note: second.note,
    });
    expect(changed.error).toBeUndefined();

    await qn.getByRole('button', { name: 'Lưu thay đổi (1)' }).click();
    const dialog = qn.getByRole('dialog', { name: 'Người khác vừa sửa bản ghi này' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Chuyên gia rà soát cơ chế (bản của THACO)');
    await dialog.getByRole('button', { name: 'Giữ giá trị của tôi' }).click();
    await qn.getByText('Đã lưu 1 dòng.').waitFor();
    const saved = await db.selectFrom('funding_lines').select('description').where('id', '=', second.id).executeTakeFirstOrThrow();
    expect(saved.description).toBe('Chuyên gia rà soát cơ chế (bản của Sở)');
  });
});
