import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoEmail } from '../../server/demo/seed.ts';
import { readCsv } from '../../server/funding/spreadsheet.ts';
import { browserSuite, describeInBrowser } from '../support/browser.ts';
import { HttpSession, type TestServer } from '../support/server.ts';

// The Activity page read by a THACO-IND member while partners work over HTTP, and the outline page
// refreshing in place under a draft being written.

describeInBrowser('activity stream and live refresh in a browser', () => {
  const suite = browserSuite();
  let server: TestServer;
  let projectId: number;
  beforeAll(() => void ({ server, chuLai: projectId } = suite));

  const loggedIn = (email: string) => suite.logIn(email, { acceptDownloads: true });

  async function as(email: string) {
    const session = new HttpSession(server.url);
    expect((await session.login(email, DEMO_PASSWORD)).status).toBe(200);
    return session;
  }

  it('filters by organization, shows a partner’s action as a sentence without reload, and exports that CSV', async () => {
    const db = server.database.db;
    const thaco = await db.selectFrom('organizations').select('id').where('code', '=', 'THACO-IND').executeTakeFirstOrThrow();
    const phase = await db.selectFrom('phases').select('id').where('project_id', '=', projectId).orderBy('id').executeTakeFirstOrThrow();
    const { page } = await loggedIn(demoEmail('member', 'THACO-IND'));

    const streamOpened = page.waitForRequest((r) => r.url().includes('/trpc/live.projectEvents'));
    await page.goto(`/projects/${projectId}`);
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Hoạt động' }).click();
    await page.waitForURL(new RegExp(`/projects/${projectId}/activity$`));
    const list = page.getByRole('list', { name: 'Các hoạt động, mới nhất trước' });
    await list.waitFor();
    expect(await list.getByRole('listitem').count()).toBeGreaterThan(3);

    await page.getByLabel('Tổ chức', { exact: true }).selectOption(String(thaco.id));
    await page.waitForURL(/org=/);
    await expect.poll(async () => (await list.locator('.activity-actor').allInnerTexts()).every((s) => s.endsWith('(THACO-IND)'))).toBe(true);
    await streamOpened;
    let navigations = 0;
    page.on('framenavigated', () => navigations++);

    // The coordinator creates and assigns a task (VIOIT: filtered out); THACO-IND's approver accepts it.
    const coordinator = await as(demoEmail('coordinator', 'VIOIT'));
    const title = `Tư vấn nhà đầu tư về bố trí nhà máy, đợt ${Date.now()}`;
    const created = await coordinator.call('tasks.create', { projectId, phaseId: phase.id, title, startDate: '2027-01-04', dueDate: '2027-02-26', leadOrganizationId: null });
    const assigned = await coordinator.call('tasks.assign', { projectId, taskId: created.data.id, version: created.data.version, organizationId: thaco.id });
    expect(assigned.status).toBe(200);
    const approver = await as(demoEmail('approver', 'THACO-IND'));
    expect((await approver.call('tasks.accept', { projectId, taskId: created.data.id, version: assigned.data.version })).status).toBe(200);
    const committed = Date.now();

    const sentence = `THACO-IND đã nhận “${title}”`;
    const first = list.getByRole('listitem').first();
    await first.getByRole('link', { name: sentence }).waitFor({ timeout: 3000 });
    expect(Date.now() - committed).toBeLessThan(2500);
    expect(navigations).toBe(0);
    expect(await list.getByText(`VIOIT đã giao “${title}”`).count()).toBe(0);
    expect(await first.getByRole('link').getAttribute('href')).toBe(`/projects/${projectId}/tasks/${created.data.id}`);

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Tải CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^hoat-dong-\d+\.csv$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = readCsv(text);
    expect(rows[0]!.cells).toEqual(['Thời điểm (ISO)', 'Thời điểm (giờ Việt Nam)', 'Người thực hiện', 'Tổ chức', 'Loại', 'Nội dung', 'Đối tượng']);
    expect(rows[1]!.cells.slice(3, 7)).toEqual(['THACO-IND', 'Nhiệm vụ', sentence, `task:${created.data.id}`]);
    expect(rows.slice(1).every((r) => r.cells[3] === 'THACO-IND')).toBe(true);

  });

  it('refreshes an open outline in place when a partner edits it, keeping the unsaved draft and then the conflict dialog', async () => {
    const { page, problems } = await loggedIn(demoEmail('member', 'THACO-IND'));
    // The save against the older version is answered 409 on purpose: that is the conflict dialog's cue.
    problems.allow(/status of 409/);
    const streamOpened = page.waitForRequest((r) => r.url().includes('/trpc/live.projectEvents'));
    await page.goto(`/projects/${projectId}/outline`);
    await streamOpened;
    await page.getByRole('button', { name: /Sửa .*THACO Industries$/ }).click();
    const form = page.getByRole('form', { name: /Sửa mục/ });
    const body = form.getByLabel('Nội dung', { exact: true });
    const myDraft = 'Bản nháp chưa lưu của THACO-IND: bố trí dây chuyền sơn và hàn.';
    await body.fill(myDraft);
    let navigations = 0;
    page.on('framenavigated', () => navigations++);

    const db = server.database.db;
    const sections = await db.selectFrom('outline_sections').select(['id', 'title', 'body', 'version', 'owner_organization_id']).where('project_id', '=', projectId).execute();
    const mine = sections.find((s) => s.title === 'THACO Industries')!;
    const elsewhere = sections.find((s) => s.title === 'Mục tiêu')!;
    const coordinator = await as(demoEmail('coordinator', 'VIOIT'));
    const edit = (s: typeof mine, changes: { title?: string; body?: string }) =>
      coordinator.call('outline.updateSection', { projectId, sectionId: s.id, version: s.version, title: s.title, body: s.body, ownerOrganizationId: s.owner_organization_id, ...changes });
    expect((await edit(elsewhere, { title: 'Mục tiêu của Đề án' })).status).toBe(200);
    expect((await edit(mine, { body: 'VIOIT bổ sung: khảo sát mặt bằng trước.' })).status).toBe(200);

    await page.getByRole('heading', { name: /Mục tiêu của Đề án/ }).waitFor({ timeout: 3000 });
    await form.getByText('Đã có người khác sửa mục này — bản của bạn sẽ xung đột khi lưu.', { exact: false }).waitFor({ timeout: 3000 });
    expect(await body.inputValue()).toBe(myDraft);
    expect(navigations).toBe(0);

    await form.getByRole('button', { name: 'Lưu' }).click();
    const dialog = page.getByRole('dialog', { name: 'Người khác vừa sửa bản ghi này' });
    await dialog.waitFor();
    await dialog.getByText('VIOIT bổ sung: khảo sát mặt bằng trước.').waitFor();
    await dialog.getByRole('button', { name: 'Giữ giá trị của tôi' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await db.selectFrom('outline_sections').select('body').where('id', '=', mine.id).executeTakeFirstOrThrow()).body).toBe(myDraft);
    await page.getByText(myDraft).waitFor();
  });

  /** The Chu Lai draft's section titled `title`, as the database has it now. */
  const sectionTitled = (title: string) =>
    server.database.db.selectFrom('outline_sections').selectAll().where('project_id', '=', projectId).where('title', '=', title).executeTakeFirstOrThrow();

  /** `email` on the outline page with its live stream open (or held, with `holdStream`), editing the section titled `title`. */
  async function editing(email: string, title: string, options: { holdStream?: boolean; permissions?: string[] } = {}) {
    const person = await suite.logIn(email, { permissions: options.permissions ?? [] });
    const { page } = person;
    // Held: the request never gets an answer, so no live refresh reaches the page.
    if (options.holdStream) await page.route('**/trpc/live.projectEvents**', () => {});
    const streamOpened = page.waitForRequest((r) => r.url().includes('/trpc/live.projectEvents'));
    await page.goto(`/projects/${projectId}/outline`);
    await streamOpened;
    await page.getByRole('button', { name: new RegExp(`^Sửa [\\d.]+ ${title}$`) }).click();
    return { ...person, form: page.getByRole('form', { name: /Sửa mục/ }) };
  }

  async function removeOverHttp(title: string) {
    const section = await sectionTitled(title);
    const coordinator = await as(demoEmail('coordinator', 'MOIT'));
    expect((await coordinator.call('outline.deleteSection', { projectId, sectionId: section.id, version: section.version })).status).toBe(200);
    return section;
  }

  it('keeps a coordinator’s draft when a partner removes the section under it, and saves it as a new section', async () => {
    const { page, form } = await editing(demoEmail('coordinator', 'VIOIT'), 'Kinh phí thực hiện');
    const myDraft = 'Dự toán kinh phí đợt 1: khảo sát doanh nghiệp tại Khu kinh tế mở Chu Lai (bản nháp chưa lưu).';
    await form.getByLabel('Nội dung', { exact: true }).fill(myDraft);

    const removed = await removeOverHttp('Kinh phí thực hiện');
    const kept = page.getByRole('region', { name: 'Mục bạn đang sửa đã bị xóa' });
    await kept.getByText(/^Mục «\d+\. Kinh phí thực hiện» đã bị người khác xóa trong lúc bạn đang sửa\./).waitFor({ timeout: 3000 });
    await form.waitFor({ state: 'detached' });
    const addForm = kept.getByRole('form', { name: 'Thêm mục từ bản nháp của bạn' });
    expect(await addForm.getByLabel('Nội dung', { exact: true }).inputValue()).toBe(myDraft);
    expect(await addForm.getByLabel('Tiêu đề mục', { exact: true }).inputValue()).toBe('Kinh phí thực hiện');
    expect(await addForm.getByLabel('Tổ chức phụ trách', { exact: true }).inputValue()).toBe(String(removed.owner_organization_id));
    expect(await addForm.getByLabel('Nằm trong mục', { exact: true }).inputValue()).toBe('');

    await addForm.getByRole('button', { name: 'Lưu thành mục mới' }).click();
    await page.getByText('Đã thêm mục «Kinh phí thực hiện».').waitFor();
    await kept.waitFor({ state: 'detached' });
    const added = await sectionTitled('Kinh phí thực hiện');
    expect(added.id).not.toBe(removed.id);
    expect(added).toMatchObject({ body: myDraft, parent_id: null, owner_organization_id: removed.owner_organization_id });
    await page.locator('.outline-sections').getByText(myDraft).waitFor();
  });

  it('closes the form with a notice when the section is removed before anything was typed', async () => {
    const { page, form } = await editing(demoEmail('coordinator', 'VIOIT'), 'Lộ trình thực hiện');
    await removeOverHttp('Lộ trình thực hiện');
    await page.getByText(/^Mục «\d+\. Lộ trình thực hiện» đã bị người khác xóa nên biểu mẫu sửa đã đóng lại\./).waitFor({ timeout: 3000 });
    await form.waitFor({ state: 'detached' });
    expect(await page.getByRole('region', { name: 'Mục bạn đang sửa đã bị xóa' }).count()).toBe(0);
  });

  it('keeps a section owner’s draft to copy when a coordinator removes the section, since they cannot add sections', async () => {
    const section = await sectionTitled('Bộ Công Thương');
    const moit = await server.database.db.selectFrom('organizations').select('id').where('code', '=', 'MOIT').executeTakeFirstOrThrow();
    expect(section.owner_organization_id).toBe(moit.id);
    const { page, form } = await editing(demoEmail('member', 'MOIT'), 'Bộ Công Thương', { permissions: ['clipboard-read', 'clipboard-write'] });
    const myDraft = 'Bộ Công Thương bổ sung: cơ sở dữ liệu ngành cơ khí cập nhật hằng quý.';
    await form.getByLabel('Nội dung', { exact: true }).fill(myDraft);

    await removeOverHttp('Bộ Công Thương');
    const kept = page.getByRole('region', { name: 'Mục bạn đang sửa đã bị xóa' });
    await kept.getByText(/^Mục «\d+\.\d+\. Bộ Công Thương» đã bị người khác xóa trong lúc bạn đang sửa\./).waitFor({ timeout: 3000 });
    expect(await kept.getByRole('form').count()).toBe(0);
    const text = kept.getByLabel('Nội dung bạn đã viết', { exact: true });
    expect(await text.inputValue()).toBe(`Bộ Công Thương\n\n${myDraft}`);
    expect(await text.getAttribute('readonly')).not.toBeNull();

    await kept.getByRole('button', { name: 'Sao chép nội dung' }).click();
    await kept.getByText('Đã sao chép vào bộ nhớ tạm.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`Bộ Công Thương\n\n${myDraft}`);
    await kept.getByRole('button', { name: 'Bỏ bản nháp' }).click();
    await kept.waitFor({ state: 'detached' });
  });

  it('keeps the draft when Save finds the section already removed, before any live refresh arrived', async () => {
    const { page, form, problems } = await editing(demoEmail('coordinator', 'VIOIT'), 'Trung tâm công nghiệp cơ khí và công nghiệp hỗ trợ', { holdStream: true });
    // The save of a removed section is answered 404 on purpose: that is the kept draft's cue.
    problems.allow(/status of 404/);
    const myDraft = 'Trung tâm đặt tại KCN THACO Chu Lai; giai đoạn 1 gồm xưởng khuôn mẫu.';
    await form.getByLabel('Nội dung', { exact: true }).fill(myDraft);
    await removeOverHttp('Trung tâm công nghiệp cơ khí và công nghiệp hỗ trợ');
    await page.waitForTimeout(500);
    expect(await form.isVisible()).toBe(true);

    await form.getByRole('button', { name: 'Lưu' }).click();
    const kept = page.getByRole('region', { name: 'Mục bạn đang sửa đã bị xóa' });
    await kept.getByText(/^Mục «\d+\. Trung tâm công nghiệp cơ khí và công nghiệp hỗ trợ» đã bị người khác xóa/).waitFor();
    expect(await kept.getByLabel('Nội dung', { exact: true }).inputValue()).toBe(myDraft);
    await form.waitFor({ state: 'detached' });
  });

  it('keeps an approver’s comment through a partner’s decision and the round closing under it', async () => {
    const coordinator = await as(demoEmail('coordinator', 'VIOIT'));
    const proposed = await coordinator.call('outline.propose', { projectId, note: 'Dự thảo để THACO-IND góp ý' });
    expect(proposed.status).toBe(200);
    const { version, round } = proposed.data as { version: { id: number }; round: { id: number } };

    const { page } = await loggedIn(demoEmail('approver', 'THACO-IND'));
    const streamOpened = page.waitForRequest((r) => r.url().includes('/trpc/live.projectEvents'));
    await page.goto(`/projects/${projectId}/approvals/outline_version/${version.id}`);
    await streamOpened;
    const roundItem = page.locator(`#round-${round.id}`);
    const comment = roundItem.getByLabel('Ý kiến', { exact: true });
    const myComment = 'THACO-IND đồng ý về nguyên tắc, cần bổ sung mục bố trí mặt bằng.';
    await comment.fill(myComment);

    const moit = await as(demoEmail('approver', 'MOIT'));
    expect((await moit.call('approvals.decide', { projectId, roundId: round.id, decision: 'approve', comment: 'Nhất trí.' })).status).toBe(200);
    await roundItem.getByRole('row', { name: /MOIT/ }).getByText('Nhất trí.').waitFor({ timeout: 3000 });
    expect(await comment.inputValue()).toBe(myComment);

    // An edit of the draft supersedes the round: the form stays, with the comment and a notice.
    const section = await server.database.db.selectFrom('outline_sections').selectAll().where('project_id', '=', projectId).orderBy('id').executeTakeFirstOrThrow();
    const edited = await coordinator.call('outline.updateSection', {
      projectId,
      sectionId: section.id,
      version: section.version,
      title: section.title,
      body: `${section.body}\n\nBổ sung sau góp ý.`,
      ownerOrganizationId: section.owner_organization_id,
    });
    expect(edited.status).toBe(200);
    await roundItem.getByText('Vòng phê duyệt này vừa đóng', { exact: false }).waitFor({ timeout: 3000 });
    expect(await comment.inputValue()).toBe(myComment);
    expect(await roundItem.getByRole('button', { name: 'Đồng ý' }).isDisabled()).toBe(true);
  });
});
