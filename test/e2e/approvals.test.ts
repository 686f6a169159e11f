import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { browserSuite, describeInBrowser, type PageProblems } from '../support/browser.ts';
import { type TestServer } from '../support/server.ts';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };

describeInBrowser('approvals and the outline in a browser', () => {
  const suite = browserSuite();
  let server: TestServer;
  let chuLai: number;
  beforeAll(() => void ({ server, chuLai } = suite));

  /** Logged in as `email`, in Vietnamese, with a record of any dialog the page tried to open. */
  async function as(email: string, viewport = DESKTOP): Promise<{ page: Page; dialogs: string[]; problems: PageProblems }> {
    const { page, problems } = await suite.logIn(email, { viewport, locale: 'en-US', timezoneId: undefined });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    return { page, dialogs, problems };
  }

  const outline = (page: Page, tab = 'draft') => page.goto(`/projects/${chuLai}/outline?tab=${tab}`);

  async function openWaitingRound(page: Page, label: string) {
    await page.goto(`/projects/${chuLai}/approvals`);
    await page.getByRole('heading', { level: 1, name: 'Phê duyệt' }).waitFor();
    await page.locator('section[aria-labelledby="inbox-waiting"]').getByRole('link', { name: `Đề cương ${label}` }).click();
    await page.getByRole('heading', { level: 1, name: `Đề cương ${label}` }).waitFor();
  }

  async function approve(email: string, label: string, comment = '') {
    const { page } = await as(email);
    await openWaitingRound(page, label);
    const round = page.locator('.timeline-item').first();
    if (comment) await round.getByLabel('Ý kiến').fill(comment);
    await round.getByRole('button', { name: 'Đồng ý' }).click();
    await page.getByText('Đã ghi nhận: tổ chức của bạn đồng ý.').waitFor();
    return page;
  }

  it('the outline flow: propose, approve, supersede with a reason, propose again, consensus on the newest', async () => {
    // The coordinator proposes the draft (demo: v2 approved, a draft with a changed roadmap).
    const coordinator = await as('coordinator.vioit@lienket.demo');
    const c = coordinator.page;
    await outline(c);
    await c.getByRole('heading', { level: 1, name: 'Đề cương' }).waitFor();
    await c.getByText('Phiên bản mới nhất được tất cả các bên đồng ý: v2.').waitFor();
    await outline(c, 'compare');
    await c.locator('.diff-ins', { hasText: 'tổ chức hội thảo lấy ý kiến' }).first().waitFor();
    await outline(c, 'versions');
    await c.getByLabel('Ghi chú').fill('Dự thảo lần 3: chi tiết lộ trình.');
    await c.getByRole('button', { name: 'Gửi duyệt v3' }).click();
    await c.getByText('Đã gửi duyệt phiên bản 3.').waitFor();

    // VIOIT's and QN-DOIT's approvers approve; the badge in the navigation counts what waits.
    const vioit = await approve('approver.vioit@lienket.demo', 'v3');
    const qn = await as('approver.qn-doit@lienket.demo');
    await qn.page.goto(`/projects/${chuLai}`);
    await qn.page.getByRole('link', { name: /^Phê duyệt\s*\d+ đang chờ/ }).waitFor();
    await openWaitingRound(qn.page, 'v3');
    await qn.page.locator('.timeline-item').first().getByRole('button', { name: 'Đồng ý' }).click();
    await qn.page.getByText('Đã ghi nhận: tổ chức của bạn đồng ý.').waitFor();
    expect(await qn.page.locator('.timeline-item').first().innerText()).toContain('2/4 bên đã đồng ý');

    // The coordinator edits a section: the round is superseded, and the approvers see why.
    await outline(c);
    await c.getByRole('button', { name: /^Sửa 6\. Lộ trình thực hiện/ }).click();
    const body = c.getByLabel('Nội dung');
    await body.fill(`${await body.inputValue()}\n- Giai đoạn 4: tổng kết, đánh giá thí điểm.`);
    await c.getByRole('button', { name: 'Lưu', exact: true }).click();
    await c.getByText('Vòng phê duyệt v3 đã bị thay thế vì bản nháp thay đổi.', { exact: false }).waitFor();
    await vioit.reload();
    const superseded = vioit.locator('.timeline-item').first();
    await superseded.getByText('Vòng này đã bị thay thế.').waitFor();
    expect(await superseded.innerText()).toContain('Mục «6. Lộ trình thực hiện» được sửa sau khi gửi duyệt.');

    // v4 is proposed and all four parties approve.
    await outline(c, 'versions');
    await c.getByRole('button', { name: 'Gửi duyệt v4' }).click();
    await c.getByText('Đã gửi duyệt phiên bản 4.').waitFor();
    for (const org of ['vioit', 'moit', 'qn-doit', 'thaco-ind']) await approve(`approver.${org}@lienket.demo`, 'v4', org === 'moit' ? 'Thống nhất.' : '');

    await outline(c);
    await c.getByText('Tất cả các bên đã đồng ý phiên bản mới nhất, v4.').waitFor();
    const v4 = c.locator('.consensus-grid tbody tr').first();
    expect(await v4.locator('th').innerText()).toBe('v4');
    expect(await v4.locator('.badge--decision-approve').count()).toBe(4);
  });

  it('script in a section title, a section body and a decision comment stays inert', async () => {
    const payload = (tag: string) =>
      `<img src=x onerror="window.__xss='${tag}'"> <script>window.__xss='${tag}-script'</script> [click](javascript:window.__xss='${tag}-link') **bold**`;
    const coordinator = await as('coordinator.vioit@lienket.demo');
    const c = coordinator.page;
    await outline(c);
    await c.getByRole('button', { name: 'Thêm mục' }).click();
    await c.getByLabel('Tiêu đề mục').fill(`Tiêu đề <img src=x onerror="window.__xss='title'">`);
    await c.getByLabel('Nội dung').fill(payload('body'));
    await c.getByRole('button', { name: 'Lưu', exact: true }).click();
    await c.getByText('Đã thêm mục', { exact: false }).waitFor();
    await c.locator('.markdown strong', { hasText: 'bold' }).last().waitFor();
    expect(await c.locator('main img').count()).toBe(0);
    expect(await c.locator('main script').count()).toBe(0);
    expect(await c.locator('main a[href^="javascript:"]').count()).toBe(0);

    await outline(c, 'versions');
    await c.getByRole('button', { name: /^Gửi duyệt v\d+$/ }).click();
    await c.getByText(/Đã gửi duyệt phiên bản \d+\./).waitFor();

    const thaco = await as('approver.thaco-ind@lienket.demo');
    await thaco.page.goto(`/projects/${chuLai}/approvals`);
    await thaco.page.locator('section[aria-labelledby="inbox-waiting"] .round-summary-title', { hasText: 'Đề cương' }).first().click();
    const round = thaco.page.locator('.timeline-item').first();
    await round.getByLabel('Ý kiến').fill(payload('comment'));
    await round.getByRole('button', { name: 'Đề nghị chỉnh sửa' }).click();
    await thaco.page.getByText('Đã ghi nhận đề nghị chỉnh sửa của tổ chức bạn.').waitFor();
    await round.locator('.comment strong', { hasText: 'bold' }).waitFor();
    // The snapshot shows the section as submitted, still inert.
    await thaco.page.locator('.snapshot .markdown strong', { hasText: 'bold' }).last().waitFor();
    for (const page of [c, thaco.page]) {
      for (const link of await page.locator('main a', { hasText: 'click' }).all()) await link.click().catch(() => undefined);
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
      expect(await page.locator('main img, main script').count()).toBe(0);
    }
    await outline(c, 'compare');
    await c.locator('.diff-section').first().waitFor();
    expect(await c.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    expect(coordinator.dialogs).toEqual([]);
    expect(thaco.dialogs).toEqual([]);
  });

  it('an edit of a section changed meanwhile meets the conflict dialog, and a round that closes meanwhile keeps the comment being written', async () => {
    const coordinator = await as('coordinator.vioit@lienket.demo');
    const c = coordinator.page;
    coordinator.problems.allow(/status of 409/);
    await outline(c);
    await c.getByRole('button', { name: /^Sửa 1\. / }).click();
    await c.getByLabel('Tiêu đề mục').fill('Bối cảnh và sự cần thiết của Đề án');
    await server.database.db
      .updateTable('outline_sections')
      .set((eb) => ({ body: 'Đã sửa ở nơi khác.', version: eb('version', '+', 1) }))
      .where('title', '=', 'Bối cảnh và sự cần thiết')
      .execute();
    await c.getByRole('button', { name: 'Lưu', exact: true }).click();
    // The conflict dialog shows both texts; taking theirs closes the editor on the current text.
    const dialog = c.getByRole('dialog', { name: 'Người khác vừa sửa bản ghi này' });
    await dialog.getByText('Đã sửa ở nơi khác.').waitFor();
    await dialog.getByRole('button', { name: 'Lấy giá trị hiện tại' }).click();
    await c.getByText('Đã tải giá trị hiện tại.', { exact: false }).waitFor();
    // Editing again starts from the current text; saving works.
    await c.getByRole('button', { name: /^Sửa 1\. / }).click();
    await c.waitForFunction(() => (document.querySelector('textarea[name="body"]') as HTMLTextAreaElement | null)?.value === 'Đã sửa ở nơi khác.');
    await c.getByLabel('Tiêu đề mục').fill('Bối cảnh và sự cần thiết của Đề án');
    await c.getByRole('button', { name: 'Lưu', exact: true }).click();
    await c.getByText('Đã lưu mục «Bối cảnh và sự cần thiết của Đề án».', { exact: false }).waitFor();

    await outline(c, 'versions');
    await c.getByRole('button', { name: /^Gửi duyệt v\d+$/ }).click();
    await c.getByText(/Đã gửi duyệt phiên bản \d+\./).waitFor();
    const moit = await as('approver.moit@lienket.demo');
    moit.problems.allow(/status of 409/);
    await moit.page.goto(`/projects/${chuLai}/approvals`);
    await moit.page.locator('section[aria-labelledby="inbox-waiting"] .round-summary-title', { hasText: 'Đề cương' }).first().click();
    const round = moit.page.locator('.timeline-item').first();
    await round.getByRole('button', { name: 'Đồng ý' }).waitFor();
    await round.getByLabel('Ý kiến').fill('MOIT nhất trí, đề nghị bổ sung số liệu.');
    // Meanwhile the coordinator withdraws the round: MOIT's open page learns it live, keeps the
    // comment being written and no longer offers a decision the server would refuse.
    await c.goto(moit.page.url());
    await c.locator('.timeline-item').first().getByRole('button', { name: 'Rút lại yêu cầu' }).click();
    await c.locator('.timeline-item').first().getByRole('button', { name: 'Rút lại', exact: true }).click();
    await c.getByText('Đã rút lại vòng phê duyệt.').waitFor();
    await round.getByText('Vòng này đã được rút lại.').waitFor();
    await round.getByText('Vòng phê duyệt này vừa đóng', { exact: false }).waitFor();
    expect(await round.getByLabel('Ý kiến').inputValue()).toBe('MOIT nhất trí, đề nghị bổ sung số liệu.');
    expect(await round.getByRole('button', { name: 'Đồng ý' }).isDisabled()).toBe(true);
  });

  it('a coordinator sends a milestone for sign-off from the plan, and its organizations sign it off', async () => {
    const coordinator = await as('coordinator.vioit@lienket.demo');
    await coordinator.page.goto(`/projects/${chuLai}/plan`);
    const milestone = coordinator.page.locator('tr.milestone-row', { hasText: 'Cơ sở dữ liệu ngành ô tô' });
    await milestone.getByRole('link', { name: 'Ký xác nhận mốc' }).click();
    await coordinator.page.getByRole('heading', { level: 2, name: 'Gửi ký xác nhận mốc' }).waitFor();
    await coordinator.page.getByLabel('Lời nhắn cho các bên (không bắt buộc)').fill('Đề nghị xác nhận kết quả vận hành thử.');
    await coordinator.page.getByRole('button', { name: 'Gửi ký xác nhận' }).click();
    await coordinator.page.getByText('Đã gửi mốc để các bên ký xác nhận.').waitFor();
    // The form is gone while the round is open; the snapshot warns that tasks are not done.
    expect(await coordinator.page.getByRole('button', { name: 'Gửi ký xác nhận' }).count()).toBe(0);
    const url = coordinator.page.url();

    for (const email of ['approver.moit@lienket.demo', 'approver.vioit@lienket.demo']) {
      const { page } = await as(email);
      await page.goto(url);
      await page.locator('.timeline-item').first().getByRole('button', { name: 'Đồng ý' }).click();
      await page.getByText('Đã ghi nhận: tổ chức của bạn đồng ý.').waitFor();
    }
    const rounds = await server.database.db
      .selectFrom('approval_rounds')
      .select(['state', 'subject_label'])
      .where('subject_kind', '=', 'milestone')
      .where('subject_label', 'like', 'Cơ sở dữ liệu%')
      .execute();
    expect(rounds).toEqual([{ state: 'approved', subject_label: 'Cơ sở dữ liệu ngành ô tô, cơ khí và CNHT vận hành thử' }]);
  });

  it('works on a 360 px phone: inbox, approval page, outline tabs and diff without sideways scrolling', async () => {
    const { page } = await as('approver.qn-doit@lienket.demo', PHONE);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.goto(`/projects/${chuLai}/approvals`);
    await page.locator('.round-summary').first().waitFor();
    expect(await overflow(), 'inbox').toBeLessThanOrEqual(0);
    await page.locator('.round-summary-title').first().click();
    await page.locator('.timeline-item').first().waitFor();
    expect(await overflow(), 'approval page').toBeLessThanOrEqual(0);
    for (const tab of ['draft', 'versions', 'compare']) {
      await outline(page, tab);
      await page.locator(tab === 'draft' ? '.outline-section' : tab === 'versions' ? '.version-card' : '.diff-summary').first().waitFor();
      expect(await overflow(), `outline ${tab}`).toBeLessThanOrEqual(0);
    }
  });
});
