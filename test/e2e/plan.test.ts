import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { browserSuite, describeInBrowser } from '../support/browser.ts';
import { HttpSession, type TestServer } from '../support/server.ts';

const COORDINATOR = 'coordinator.vioit@lienket.demo';
const THACO_MEMBER = 'member.thaco-ind@lienket.demo';
const POLICY_LONG = 'Đề xuất cơ chế, chính sách trung hạn và dài hạn';

describeInBrowser('the action plan in a browser', () => {
  const suite = browserSuite();
  let server: TestServer;
  let projectId: number;
  beforeAll(() => void ({ server, chuLai: projectId } = suite));

  /** A person at their own computer, logged in, in Vietnamese. */
  const personLogsIn = (email: string) => suite.logIn(email);

  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

  async function taskId(title: string): Promise<number> {
    return (await server.database.db.selectFrom('tasks').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;
  }

  it('the coordinator assigns, THACO-IND declines with new dates, the coordinator accepts them, THACO-IND accepts and reports progress', async () => {
    // ── the coordinator finds the unassigned task in the plan and assigns it to THACO-IND
    const coordinator = await personLogsIn(COORDINATOR);
    let page = coordinator.page;
    await page.getByRole('link', { name: /Khu kinh tế mở Chu Lai/ }).click();
    await page.getByRole('link', { name: 'Kế hoạch hành động' }).click();
    await heading(page, 'Kế hoạch hành động').waitFor();
    // Search ignores diacritics: "chinh sach trung han" finds the task.
    await page.getByLabel('Tìm công việc').fill('chinh sach trung han');
    await page.waitForURL(/q=chinh/);
    await page.locator('.task-row').filter({ hasText: POLICY_LONG }).waitFor();
    await expect.poll(() => page.locator('.task-row').count()).toBe(1);
    await page.getByRole('link', { name: POLICY_LONG }).click();
    await heading(page, POLICY_LONG).waitFor();
    const assignTo = page.getByLabel('Giao cho đơn vị');
    await assignTo.selectOption(await assignTo.locator('option', { hasText: 'THACO-IND' }).getAttribute('value'));
    await page.getByRole('button', { name: 'Giao việc', exact: true }).click();
    await page.getByText('Đã giao việc cho THACO-IND').waitFor();
    await page.locator('.history').getByText('Giao cho THACO-IND').waitFor();

    // ── a THACO-IND member finds it in My work and declines with a reason and other dates
    const member = await personLogsIn(THACO_MEMBER);
    page = member.page;
    await page.getByRole('link', { name: /Khu kinh tế mở Chu Lai/ }).click();
    await page.getByRole('link', { name: 'Việc của tôi' }).first().click();
    await heading(page, 'Việc của tôi').waitFor();
    const card = page.locator('.work-card').filter({ hasText: POLICY_LONG });
    await card.waitFor();
    await card.getByRole('button', { name: 'Từ chối…' }).click();
    await card.getByLabel('Lý do từ chối').fill('Nhân sự THACO-IND đang tập trung cho khảo sát nhà cung ứng; đề nghị lùi thời gian.');
    await card.getByLabel('Đề xuất ngày bắt đầu').fill('2027-06-01');
    await card.getByLabel('Đề xuất hạn hoàn thành').fill('2027-09-30');
    await card.getByRole('button', { name: 'Gửi từ chối' }).click();
    await page.getByText(`Đã từ chối “${POLICY_LONG}”`).waitFor();
    await expect.poll(() => card.count()).toBe(0);

    // ── the coordinator sees the decline in My work and accepts the proposed dates
    page = coordinator.page;
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Việc của tôi' }).click();
    await heading(page, 'Việc của tôi').waitFor();
    const declined = page.locator('.work-card--declined').filter({ hasText: POLICY_LONG });
    await declined.getByText('đề nghị lùi thời gian').waitFor();
    expect(await declined.innerText()).toMatch(/01\/06\/2027/);
    await declined.getByRole('button', { name: 'Chấp nhận ngày đề xuất' }).click();
    await page.getByText(`Đã chấp nhận ngày đề xuất cho “${POLICY_LONG}”`).waitFor();
    await expect.poll(() => declined.count()).toBe(0);
    const stored = await server.database.db.selectFrom('tasks').select(['start_date', 'due_date', 'assignment_state']).where('title', '=', POLICY_LONG).executeTakeFirstOrThrow();
    expect(stored).toEqual({ start_date: '2027-06-01', due_date: '2027-09-30', assignment_state: 'awaiting' });

    // ── the member accepts, naming herself as assignee, and reports progress on the task page
    page = member.page;
    await page.reload();
    await heading(page, 'Việc của tôi').waitFor();
    const again = page.locator('.work-card').filter({ hasText: POLICY_LONG });
    await again.waitFor();
    const memberName = await page.locator('.user-name').evaluate((el) => el.childNodes[1]?.textContent?.trim() ?? '');
    await again.getByLabel('Người phụ trách (không bắt buộc)').selectOption({ label: memberName });
    await again.getByRole('button', { name: 'Nhận việc' }).click();
    await page.getByText(`Đã nhận việc “${POLICY_LONG}”`).waitFor();
    await page.locator('table').getByRole('link', { name: POLICY_LONG }).click();
    await heading(page, POLICY_LONG).waitFor();
    await page.getByLabel('Trạng thái').selectOption({ label: 'Đang thực hiện' });
    await page.getByLabel('Tiến độ (%)').fill('30');
    await page.getByRole('button', { name: 'Lưu tiến độ' }).click();
    await page.getByText('Đã lưu.').waitFor();

    // ── the coordinator sees it
    page = coordinator.page;
    await page.goto(`/projects/${projectId}/tasks/${await taskId(POLICY_LONG)}`);
    await heading(page, POLICY_LONG).waitFor();
    expect(await page.locator('.task-facts').innerText()).toContain('30%');
    expect(await page.locator('.task-facts').innerText()).toContain(memberName);
    await page.locator('.badge-row').getByText('Đang thực hiện').waitFor();
    expect(await page.locator('.history').innerText()).toMatch(/THACO-IND từ chối[\s\S]*Chấp nhận ngày THACO-IND đề xuất[\s\S]*THACO-IND đã nhận/);
  });

  it('a partner’s save under a draft keeps the draft, says so, and the save opens the CONFLICT dialog; "keep mine" saves over it', async () => {
    const { page, problems } = await personLogsIn(COORDINATOR);
    problems.allow(/status of 409/);
    const title = 'Xây dựng quy chế phối hợp giữa các bên trong giai đoạn thí điểm';
    const id = await taskId(title);
    await page.goto(`/projects/${projectId}/tasks/${id}`);
    await heading(page, title).waitFor();
    await page.getByText('Sửa thông tin công việc').click();
    const form = page.locator('details form');
    const titleField = form.getByLabel('Công việc', { exact: true });
    await titleField.fill('Quy chế phối hợp các bên (bản của tôi)');

    // Meanwhile a colleague renames the task; it reaches this page live, but not into the draft.
    const colleague = new HttpSession(server.url);
    await colleague.login(COORDINATOR, DEMO_PASSWORD);
    const { version } = await server.database.db.selectFrom('tasks').select('version').where('id', '=', id).executeTakeFirstOrThrow();
    const theirs = await colleague.call('tasks.update', { projectId, taskId: id, version, title: 'Quy chế phối hợp (bản của đồng nghiệp)' });
    expect(theirs.status).toBe(200);
    await form.getByText('Đã có người khác sửa mục này').waitFor();
    await heading(page, 'Quy chế phối hợp (bản của đồng nghiệp)').waitFor();
    expect(await titleField.inputValue()).toBe('Quy chế phối hợp các bên (bản của tôi)');

    await form.getByRole('button', { name: 'Lưu' }).click();
    const dialog = page.getByRole('dialog', { name: 'Người khác vừa sửa bản ghi này' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Quy chế phối hợp các bên (bản của tôi)');
    expect(await dialog.innerText()).toContain('Quy chế phối hợp (bản của đồng nghiệp)');
    await dialog.getByRole('button', { name: 'Giữ giá trị của tôi' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await heading(page, 'Quy chế phối hợp các bên (bản của tôi)').waitFor();
    const row = await server.database.db.selectFrom('tasks').select(['title', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ title: 'Quy chế phối hợp các bên (bản của tôi)', version: version + 2 });
  });

  it('an open form nobody has typed in takes a partner’s save, and saving it then keeps that save', async () => {
    const { page } = await personLogsIn(COORDINATOR);
    const id = await taskId('Tổ chức hội thảo khởi động Đề án tại Quảng Nam');
    const title = 'Hội thảo khởi động Đề án tại Quảng Nam (bản của đồng nghiệp)';
    await page.goto(`/projects/${projectId}/tasks/${id}`);
    await page.getByText('Sửa thông tin công việc').click();
    const form = page.locator('details form');
    await form.getByLabel('Công việc', { exact: true }).waitFor();

    const colleague = new HttpSession(server.url);
    await colleague.login(COORDINATOR, DEMO_PASSWORD);
    const { version } = await server.database.db.selectFrom('tasks').select('version').where('id', '=', id).executeTakeFirstOrThrow();
    expect((await colleague.call('tasks.update', { projectId, taskId: id, version, title })).status).toBe(200);
    await expect.poll(() => form.getByLabel('Công việc', { exact: true }).inputValue()).toBe(title);
    expect(await form.getByText('Đã có người khác sửa mục này').count()).toBe(0);

    await form.getByLabel('Sản phẩm', { exact: true }).fill('Biên bản hội thảo');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu.', { exact: true }).waitFor();
    const row = await server.database.db.selectFrom('tasks').select(['title', 'deliverables', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ title, deliverables: 'Biên bản hội thảo', version: version + 2 });
  });

  it('a row open for editing keeps what is typed while partners save; a save over a partner’s change of that row opens the CONFLICT dialog', async () => {
    const { page, problems } = await personLogsIn(COORDINATOR);
    problems.allow(/status of 409/);
    const title = 'Tập huấn, nâng cao năng lực nhóm nghiên cứu Đề án';
    const other = 'Tổng hợp ưu đãi đầu tư hiện hành tại Khu kinh tế mở Chu Lai';
    const streamOpened = page.waitForResponse((r) => r.url().includes('/trpc/live.projectEvents') && r.status() === 200);
    await page.goto(`/projects/${projectId}/plan`);
    await streamOpened;
    await page.getByRole('button', { name: `Sửa: ${title}` }).click();
    const input = page.getByLabel('Công việc', { exact: true });
    await input.fill(`${title} (bản của tôi)`);

    // A partner renames another task: the plan holds the reload, so the open row and its text stay.
    const colleague = new HttpSession(server.url);
    await colleague.login('coordinator.moit@lienket.demo', DEMO_PASSWORD);
    const rename = async (name: string, to: string) => {
      const row = await server.database.db.selectFrom('tasks').select(['id', 'version']).where('title', '=', name).executeTakeFirstOrThrow();
      expect((await colleague.call('tasks.update', { projectId, taskId: row.id, version: row.version, title: to })).status).toBe(200);
      return row;
    };
    await rename(other, `${other} (đã cập nhật)`);
    await page.waitForTimeout(500);
    expect(await input.inputValue()).toBe(`${title} (bản của tôi)`);

    // Then the partner renames this very task: Enter meets CONFLICT, and "keep mine" saves over it.
    const mine = await rename(title, `${title} (bản của đồng nghiệp)`);
    await input.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Người khác vừa sửa bản ghi này' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(`${title} (bản của đồng nghiệp)`);
    await dialog.getByRole('button', { name: 'Giữ giá trị của tôi' }).click();
    await page.getByRole('link', { name: `${title} (bản của tôi)`, exact: true }).waitFor();
    // The reload held while the row was open has come: the other task's new name shows too.
    await page.getByRole('link', { name: `${other} (đã cập nhật)`, exact: true }).waitFor();
    const saved = await server.database.db.selectFrom('tasks').select(['title', 'version']).where('id', '=', mine.id).executeTakeFirstOrThrow();
    expect(saved).toEqual({ title: `${title} (bản của tôi)`, version: mine.version + 2 });
  });

  it('the coordinator filters by link, edits a row with the keyboard, and is told clearly when a dependency would close a cycle', async () => {
    const { page, problems } = await personLogsIn(COORDINATOR);
    problems.allow(/status of 400/);
    const thaco = (await server.database.db.selectFrom('organizations').select('id').where('code', '=', 'THACO-IND').executeTakeFirstOrThrow()).id;
    // A shared link opens the same view: THACO-IND's tasks that are in progress.
    await page.goto(`/projects/${projectId}/plan?org=${thaco}&status=in_progress`);
    await heading(page, 'Kế hoạch hành động').waitFor();
    await page.locator('.task-row').first().waitFor();
    expect(await page.getByLabel('Đơn vị chủ trì').inputValue()).toBe(String(thaco));
    expect(await page.getByRole('button', { name: /^Đang thực hiện/ }).getAttribute('aria-pressed')).toBe('true');
    const leads = await page.locator('.task-row td[data-label="Chủ trì"] .code').allInnerTexts();
    expect(leads.length).toBeGreaterThan(0);
    expect(new Set(leads)).toEqual(new Set(['THACO-IND']));

    // Edit → type → Enter saves; Escape would have cancelled.
    const title = 'Lập danh mục sản phẩm, linh kiện cơ khí cần nội địa hóa';
    await page.getByRole('button', { name: `Sửa: ${title}` }).click();
    const input = page.getByLabel('Công việc', { exact: true });
    await input.press('End');
    await input.pressSequentially(' (đợt 1)');
    await input.press('Escape');
    await page.getByRole('link', { name: title, exact: true }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Sửa: ${title}`);
    await page.keyboard.press('Enter');
    await page.getByLabel('Công việc', { exact: true }).press('End');
    await page.getByLabel('Công việc', { exact: true }).pressSequentially(' (đợt 1)');
    await page.getByLabel('Công việc', { exact: true }).press('Enter');
    await page.getByText(`Đã lưu “${title} (đợt 1)”.`).waitFor();
    await page.getByRole('link', { name: `${title} (đợt 1)` }).waitFor();

    // "Xây dựng dự thảo đề cương" comes before "Hoàn thiện và thống nhất đề cương": the reverse would be a cycle.
    await page.goto(`/projects/${projectId}/tasks/${await taskId('Xây dựng dự thảo đề cương Đề án')}`);
    await heading(page, 'Xây dựng dự thảo đề cương Đề án').waitFor();
    const predecessor = page.getByLabel('Thêm việc phải xong trước');
    await predecessor.selectOption(await predecessor.locator('option', { hasText: 'Hoàn thiện và thống nhất đề cương' }).getAttribute('value'));
    await page.getByRole('button', { name: 'Thêm phụ thuộc' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'vòng lặp phụ thuộc' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/Hoàn thiện và thống nhất đề cương.*→.*Xây dựng dự thảo đề cương Đề án/);
  });
});
