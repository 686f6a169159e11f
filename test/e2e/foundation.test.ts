import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { assertClientBuilt, describeInBrowser, launchBrowser, watchProblems, type PageProblems } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };

describeInBrowser('the Foundation in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  const opened: { context: BrowserContext; problems: PageProblems }[] = [];

  beforeAll(async () => {
    assertClientBuilt();
    server = await startTestServer('sqlite');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  // Every page must run under the CSP without errors; each test lists what it expects (a 401 for a wrong password).
  afterEach(async () => {
    const problems = opened.flatMap((o) => o.problems.list());
    await Promise.all(opened.splice(0).map((o) => o.context.close()));
    expect(problems).toEqual([]);
  });

  /** A fresh browser profile (no cookie, no saved language), with an English-speaking browser: the app defaults to Vietnamese anyway. */
  async function openPage(viewport = DESKTOP) {
    const context = await browser.newContext({ baseURL: server.url, viewport, locale: 'en-US', timezoneId: 'Europe/Berlin' });
    // Fail on the locator that did not appear, well before the test's own timeout.
    context.setDefaultTimeout(10_000);
    const problems = await watchProblems(context);
    opened.push({ context, problems });
    const page = await context.newPage();
    return { page, problems };
  }

  async function logIn(page: Page, email: string, labels = { email: 'Email', password: 'Mật khẩu', submit: 'Đăng nhập' }) {
    await page.getByLabel(labels.email, { exact: true }).fill(email);
    await page.getByLabel(labels.password, { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: labels.submit, exact: true }).click();
  }

  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

  async function projectId(code: string): Promise<number> {
    const row = await server.database.db.selectFrom('projects').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    return row.id;
  }

  it('a coordinator logs in in Vietnamese, switches to English for good, opens the pilot and logs out', async () => {
    const { page } = await openPage();
    const loginRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('auth.login')) loginRequests.push(request.url());
    });

    await page.goto('/');
    await page.waitForURL(/\/login/);
    await heading(page, 'Đăng nhập').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('vi');

    await logIn(page, 'coordinator.vioit@lienket.demo');
    await page.waitForURL(/\/projects$/);
    await heading(page, 'Đề án của tôi').waitFor();
    const chuLai = page.getByRole('link', { name: /Khu kinh tế mở Chu Lai/ });
    await chuLai.waitFor();
    expect(await page.locator('.project-card').count()).toBe(2);
    expect(await page.locator('.user-name').innerText()).toContain('Nguyễn Thị Minh Anh');
    expect(await page.locator('.user-name').innerText()).toContain('VIOIT');
    // A coordinator is no administrator: no Admin screen in the navigation.
    expect(await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link').allInnerTexts()).toEqual(['Đề án']);
    // login sets a cookie: it travels alone, never in a batch.
    expect(loginRequests).toHaveLength(1);
    expect(loginRequests[0]).toMatch(/\/trpc\/auth\.login$/);

    await page.getByRole('button', { name: 'English' }).click();
    await heading(page, 'My projects').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    // Remembered on the server for the person's other devices…
    await expect
      .poll(async () => (await server.database.db.selectFrom('users').select('locale').where('email', '=', 'coordinator.vioit@lienket.demo').executeTakeFirstOrThrow()).locale)
      .toBe('en');
    // …and on this device across a reload.
    await page.reload();
    await heading(page, 'My projects').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    await page.getByRole('link', { name: /Chu Lai Open Economic Zone/ }).click();
    await page.waitForURL(/\/projects\/\d+$/);
    await heading(page, /^Pilot mechanism to encourage cooperation/).waitFor();
    const parties = page.locator('section[aria-labelledby="parties-title"] tbody tr');
    expect(await parties.locator('th').allInnerTexts()).toEqual(['VIOIT', 'MOIT', 'QN-DOIT', 'THACO-IND']);
    expect(await parties.first().innerText()).toContain('Drafts the outline and the action plan');
    // The Vietnamese name is still there, marked as Vietnamese.
    expect(await page.locator('.other-name [lang="vi"]').innerText()).toContain('Khu kinh tế mở Chu Lai');
    expect(await page.locator('.member-group').count()).toBe(4);
    expect(await page.title()).toContain('Pilot mechanism');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.pathname === '/login' && url.search === '');
    await heading(page, 'Log in').waitFor();
    // The session is gone: a protected page sends us back to log in.
    await page.goto('/projects');
    await page.waitForURL(/\/login\?next=%2Fprojects$/);
    await heading(page, 'Log in').waitFor();
  });

  it('a wrong password shows a translated error; too many failures are refused with their own message', async () => {
    const { page, problems } = await openPage();
    // The browser logs each refused attempt (401, then 429): those are the expected answers.
    problems.allow(/status of (401|429)/);
    await page.goto('/login');
    await page.getByLabel('Email', { exact: true }).fill('member.moit@lienket.demo');
    await page.getByLabel('Mật khẩu', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'Sai email hoặc mật khẩu' }).waitFor();
    expect(page.url()).toMatch(/\/login$/);
    // The password is cleared and focused for the next try.
    expect(await page.getByLabel('Mật khẩu', { exact: true }).inputValue()).toBe('');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password');

    // Field errors appear beside their fields, in Vietnamese, before anything is sent.
    await page.getByLabel('Email', { exact: true }).fill('not-an-email');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByText('Địa chỉ email không hợp lệ.').waitFor();
    await page.getByText('Vui lòng nhập trường này.').waitFor();
    expect(await page.getByLabel('Email', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    for (let attempt = 0; attempt < 5; attempt++) {
      await page.getByLabel('Email', { exact: true }).fill('viewer.moit@lienket.demo');
      await page.getByLabel('Mật khẩu', { exact: true }).fill(`wrong ${attempt}`);
      await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
      await page.getByRole('button', { name: 'Đăng nhập', exact: true }).and(page.locator(':enabled')).waitFor();
    }
    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await alert.filter({ hasText: 'Đăng nhập sai quá nhiều lần' }).waitFor();
    expect(page.url()).toMatch(/\/login$/);
  });

  it('an administrator creates an organization and a user, who can then log in', async () => {
    const { page, problems } = await openPage();
    problems.allow(/status of 409/);
    await page.goto('/login');
    await logIn(page, 'admin@lienket.demo');
    await heading(page, 'Đề án của tôi').waitFor();
    await page.getByRole('link', { name: 'Quản trị', exact: true }).click();
    await heading(page, 'Quản trị hệ thống').waitFor();
    expect(await page.getByRole('tab', { name: 'Tổ chức' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('cell', { name: 'Viện Nghiên cứu Chiến lược, Chính sách Công Thương' }).waitFor();

    await page.getByRole('button', { name: 'Thêm tổ chức' }).click();
    await page.getByLabel('Mã tổ chức', { exact: true }).fill('HN-SIA');
    await page.getByLabel('Tên tiếng Việt', { exact: true }).fill('Hiệp hội Công nghiệp hỗ trợ Hà Nội');
    await page.getByLabel('Tên tiếng Anh', { exact: true }).fill('Hanoi Supporting Industry Association');
    await page.getByRole('button', { name: 'Tạo tổ chức' }).click();
    await page.getByText('Đã tạo tổ chức HN-SIA.').waitFor();
    await page.getByRole('rowheader', { name: 'HN-SIA' }).waitFor();

    // The same code again is refused beside the code field.
    await page.getByRole('button', { name: 'Thêm tổ chức' }).click();
    await page.getByLabel('Mã tổ chức', { exact: true }).fill('hn-sia');
    await page.getByLabel('Tên tiếng Việt', { exact: true }).fill('Trùng mã');
    await page.getByLabel('Tên tiếng Anh', { exact: true }).fill('Duplicate');
    await page.getByRole('button', { name: 'Tạo tổ chức' }).click();
    await page.locator('.field-error', { hasText: 'Mã hoặc email này đã được dùng' }).waitFor();
    await page.getByRole('button', { name: 'Hủy' }).click();

    // Tabs answer the arrow keys, as WAI-ARIA tabs do.
    await page.getByRole('tab', { name: 'Tổ chức' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/tab=users/);
    expect(await page.getByRole('tab', { name: 'Người dùng' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Người dùng');
    await page.getByRole('rowheader', { name: 'Nguyễn Thị Minh Anh' }).waitFor();
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    await page.getByLabel('Email', { exact: true }).fill('tran.van.binh@hnsia.example');
    await page.getByLabel('Họ và tên', { exact: true }).fill('Trần Văn Bình');
    await page.getByLabel('Tổ chức', { exact: true }).selectOption({ label: 'HN-SIA — Hiệp hội Công nghiệp hỗ trợ Hà Nội' });
    await page.getByLabel('Mật khẩu ban đầu', { exact: true }).fill('Binh-2026-an-toan');
    await page.getByRole('button', { name: 'Tạo người dùng' }).click();
    await page.getByText('Đã tạo tài khoản cho Trần Văn Bình (tran.van.binh@hnsia.example).').waitFor();
    await page.getByRole('rowheader', { name: 'Trần Văn Bình' }).waitFor();

    const user = await server.database.db.selectFrom('users').selectAll().where('email', '=', 'tran.van.binh@hnsia.example').executeTakeFirstOrThrow();
    expect(user.display_name).toBe('Trần Văn Bình');
    expect(user.is_admin).toBe(0);

    // The new person logs in and finds no project yet.
    const second = await openPage();
    await second.page.goto('/login');
    await second.page.getByLabel('Email', { exact: true }).fill('tran.van.binh@hnsia.example');
    await second.page.getByLabel('Mật khẩu', { exact: true }).fill('Binh-2026-an-toan');
    await second.page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await second.page.getByRole('heading', { name: 'Bạn chưa tham gia đề án nào' }).waitFor();
    expect(await second.page.locator('.user-name').innerText()).toContain('HN-SIA');
  });

  it('an administrator editing a record someone else just changed is told so, and sees the current values', async () => {
    const { page, problems } = await openPage();
    problems.allow(/status of 409/);
    await page.goto('/admin');
    await logIn(page, 'admin@lienket.demo');
    await page.getByRole('rowheader', { name: 'MOIT', exact: true }).waitFor();
    await page.getByRole('row', { name: /^MOIT/ }).getByRole('button', { name: 'Sửa MOIT' }).click();
    await page.getByLabel('Tên tiếng Anh', { exact: true }).fill('Ministry of Industry and Trade of Viet Nam');

    // Meanwhile another administrator renames it.
    await server.database.db
      .updateTable('organizations')
      .set((eb) => ({ name_en: 'MoIT (renamed elsewhere)', version: eb('version', '+', 1) }))
      .where('code', '=', 'MOIT')
      .execute();
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByText('Bản ghi này vừa được người khác thay đổi.', { exact: false }).waitFor();
    await page.waitForFunction(() => (document.querySelector('input[name="nameEn"]') as HTMLInputElement | null)?.value === 'MoIT (renamed elsewhere)');

    // Saving again, now on the current version, works.
    await page.getByLabel('Tên tiếng Anh', { exact: true }).fill('Ministry of Industry and Trade of Viet Nam');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByText('Đã lưu tổ chức MOIT.').waitFor();
    await page.getByRole('cell', { name: 'Ministry of Industry and Trade of Viet Nam' }).waitFor();
  });

  it('an administrator sets and removes the parties and members of a project', async () => {
    const { page, problems } = await openPage();
    problems.allow(/status of 409/);
    await page.goto('/admin?tab=projects');
    await logIn(page, 'admin@lienket.demo');
    await page.getByRole('button', { name: 'Quản lý BD-MECH-2030' }).click();
    await page.getByRole('heading', { name: 'Thông tin đề án' }).waitFor();
    const parties = page.locator('section[aria-labelledby="parties-heading"]');
    const members = page.locator('section[aria-labelledby="members-heading"]');

    await parties.getByRole('button', { name: 'Thêm bên tham gia' }).click();
    const partyForm = parties.locator('form');
    await partyForm.getByLabel('Tổ chức', { exact: true }).selectOption({ label: 'QN-DOIT — Sở Công Thương tỉnh Quảng Nam' });
    await partyForm.getByLabel('Nhiệm vụ (tiếng Việt)', { exact: true }).fill('Chia sẻ kinh nghiệm triển khai tại Chu Lai');
    await partyForm.getByLabel('Nhiệm vụ (tiếng Anh)', { exact: true }).fill('Shares its experience from Chu Lai');
    await partyForm.getByRole('button', { name: 'Thêm bên tham gia' }).click();
    await page.getByText('Đã thêm QN-DOIT làm bên tham gia.').waitFor();
    await parties.getByRole('cell', { name: 'Chia sẻ kinh nghiệm triển khai tại Chu Lai' }).waitFor();

    await members.getByRole('button', { name: 'Thêm thành viên' }).click();
    const memberForm = members.locator('form');
    await memberForm.getByLabel('Người dùng', { exact: true }).selectOption({ label: 'Ngô Minh Đức · QN-DOIT · member.qn-doit@lienket.demo' });
    await memberForm.getByLabel('Vai trò', { exact: true }).selectOption({ label: 'Theo dõi' });
    await memberForm.getByRole('button', { name: 'Thêm thành viên' }).click();
    await page.getByText('Đã thêm Ngô Minh Đức với vai trò Theo dõi.').waitFor();
    await members.getByRole('rowheader', { name: 'Ngô Minh Đức' }).waitFor();

    // A party with members cannot go: the refusal says why.
    await parties.getByRole('row', { name: /QN-DOIT/ }).getByRole('button', { name: 'Gỡ bỏ' }).click();
    await parties.getByRole('row', { name: /QN-DOIT/ }).getByRole('button', { name: 'Gỡ bỏ' }).click();
    await page.getByText('Tổ chức này vẫn còn thành viên trong đề án.', { exact: false }).waitFor();

    await members.getByRole('row', { name: /Ngô Minh Đức/ }).getByRole('button', { name: 'Gỡ bỏ' }).click();
    await members.getByRole('row', { name: /Ngô Minh Đức/ }).getByRole('button', { name: 'Gỡ bỏ' }).click();
    await page.getByText('Đã gỡ Ngô Minh Đức khỏi đề án.').waitFor();
    await parties.getByRole('row', { name: /QN-DOIT/ }).getByRole('button', { name: 'Gỡ bỏ' }).click();
    await parties.getByRole('row', { name: /QN-DOIT/ }).getByRole('button', { name: 'Gỡ bỏ' }).click();
    await page.getByText('Đã gỡ QN-DOIT khỏi đề án.').waitFor();

    const project = await server.database.db.selectFrom('projects').select('id').where('code', '=', 'BD-MECH-2030').executeTakeFirstOrThrow();
    const partyCodes = await server.database.db
      .selectFrom('project_parties')
      .innerJoin('organizations', 'organizations.id', 'project_parties.organization_id')
      .select('organizations.code')
      .where('project_parties.project_id', '=', project.id)
      .execute();
    expect(partyCodes.map((p) => p.code).sort()).toEqual(['MOIT', 'VIOIT']);
  });

  it('a person who is not an administrator gets "no access" on the admin page', async () => {
    const { page } = await openPage();
    await page.goto('/admin');
    await page.waitForURL(/\/login\?next=%2Fadmin$/);
    await logIn(page, 'approver.moit@lienket.demo');
    await page.waitForURL(/\/admin$/);
    await heading(page, 'Không có quyền truy cập').waitFor();
    expect(await page.getByRole('link', { name: 'Quản trị', exact: true }).count()).toBe(0);
  });

  it('after logging in, a person lands where they wanted to go; a project of others is "not found"', async () => {
    const { page, problems } = await openPage();
    problems.allow(/status of 404/);
    const chuLai = await projectId('CHULAI-PILOT');
    const binhDuong = await projectId('BD-MECH-2030');

    await page.goto(`/projects/${chuLai}`);
    await page.waitForURL(new RegExp(`/login\\?next=%2Fprojects%2F${chuLai}$`));
    await page.getByText('Vui lòng đăng nhập để mở trang này.').waitFor();
    await logIn(page, 'member.qn-doit@lienket.demo');
    await page.waitForURL(new RegExp(`/projects/${chuLai}$`));
    await heading(page, /Khu kinh tế mở Chu Lai/).waitFor();

    // QN-DOIT is no party of the Binh Duong programme: the page does not even say whether it exists.
    await page.goto(`/projects/${binhDuong}`);
    await heading(page, 'Không tìm thấy đề án').waitFor();
    await page.goto('/projects/not-a-number');
    await heading(page, 'Không tìm thấy đề án').waitFor();
    await page.goto('/no/such/page');
    await heading(page, 'Không tìm thấy trang').waitFor();
  });

  it('works on a 360 px phone: no sideways scrolling, the menu folds', async () => {
    const { page } = await openPage(PHONE);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

    await page.goto('/login');
    await heading(page, 'Đăng nhập').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await logIn(page, 'viewer.vioit@lienket.demo');
    await heading(page, 'Đề án của tôi').waitFor();
    await page.locator('.project-card').first().waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);

    // The screens and Logout sit behind the menu button.
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('button', { name: 'Đăng xuất' }).isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByRole('button', { name: 'Đăng xuất' }).isVisible()).toBe(true);
    // Escape closes it and gives focus back to the button.
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('menu-toggle'))).toBe(true);

    // A viewer (leadership) lands on the project's dashboard (issue 7); the overview is a crumb away.
    await page.getByRole('link', { name: /Khu kinh tế mở Chu Lai/ }).click();
    await heading(page, 'Bảng điều hành').waitFor();
    await page.locator('.key-figures').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByRole('navigation', { name: 'Vị trí trang' }).getByRole('link', { name: 'CHULAI-PILOT' }).click();
    await heading(page, /Khu kinh tế mở Chu Lai/).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);

    await menu.click();
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await heading(page, 'Đăng nhập').waitFor();
    await logIn(page, 'admin@lienket.demo');
    await page.locator('.empty-state').waitFor();
    await menu.click();
    await page.getByRole('link', { name: 'Quản trị', exact: true }).click();
    await heading(page, 'Quản trị hệ thống').waitFor();
    // Following a link closes the menu.
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await page.getByRole('rowheader', { name: 'VIOIT' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    for (const tab of ['users', 'projects']) {
      await page.goto(`/admin?tab=${tab}`);
      await page.locator('tbody tr').first().waitFor();
      expect(await overflow(), `admin tab ${tab}`).toBeLessThanOrEqual(0);
    }
    await page.getByRole('button', { name: /^Quản lý/ }).first().click();
    await page.getByRole('heading', { name: 'Thông tin đề án' }).waitFor();
    expect(await overflow(), 'project editor').toBeLessThanOrEqual(0);
  });
});
