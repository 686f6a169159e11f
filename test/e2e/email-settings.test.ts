import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { browserSuite, describeInBrowser } from '../support/browser.ts';
import { HttpSession, type TestServer } from '../support/server.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { until } from '../hardening/support/writers.ts';

const THACO_MEMBER = 'member.thaco-ind@lienket.demo';
const PHONE = { width: 360, height: 740 };

describeInBrowser('e-mail notification settings in a browser', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.close();
  });
  // The real server with its sender loop, sending to a real SMTP server on loopback.
  const suite = browserSuite({ server: () => ({ smtpUrl: sink.url, mailFrom: 'LienKet <lienket@lienket.test>', publicUrl: 'https://lienket.example.gov.vn' }) });
  let server: TestServer;
  beforeAll(() => void ({ server } = suite));

  const personLogsIn = async (email: string, viewport = PHONE) => (await suite.logIn(email, { viewport })).page;

  it('a person turns on e-mail for assignments from the menu, by keyboard, on a phone; it persists and the next assignment arrives by e-mail', async () => {
    const page = await personLogsIn(THACO_MEMBER);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Cài đặt thông báo' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thông báo qua e-mail' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);

    // Off by default: every box unchecked.
    const boxes = page.getByRole('checkbox');
    expect(await boxes.count()).toBe(8);
    for (const box of await boxes.all()) expect(await box.isChecked()).toBe(false);

    const assigned = page.getByRole('checkbox', { name: 'Tổ chức của tôi được giao một công việc' });
    await assigned.focus();
    await page.keyboard.press('Space');
    expect(await assigned.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Lưu' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Đã lưu lựa chọn nhận e-mail.' }).waitFor();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Thông báo qua e-mail' }).waitFor();
    await expect.poll(() => page.getByRole('checkbox', { name: 'Tổ chức của tôi được giao một công việc' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Có người nhắc đến tôi trong bình luận' }).isChecked()).toBe(false);

    // A coordinator assigns a task to THACO-IND: the e-mail reaches this person through the server's sender.
    const db = server.database.db;
    const project = await db.selectFrom('projects').select('id').where('code', '=', 'CHULAI-PILOT').executeTakeFirstOrThrow();
    const phase = await db.selectFrom('phases').select('id').where('project_id', '=', project.id).orderBy('id').limit(1).executeTakeFirstOrThrow();
    const thaco = await db.selectFrom('organizations').select('id').where('code', '=', 'THACO-IND').executeTakeFirstOrThrow();
    const coordinator = new HttpSession(server.url);
    await coordinator.login('coordinator.vioit@lienket.demo', DEMO_PASSWORD);
    const created = await coordinator.call('tasks.create', { projectId: project.id, title: 'Rà soát dây chuyền sơn', phaseId: phase.id, milestoneId: null, startDate: '2026-12-01', dueDate: '2026-12-20' });
    expect(created.status).toBe(200);
    const assignedCall = await coordinator.call('tasks.assign', { projectId: project.id, taskId: created.data.id, version: created.data.version, organizationId: thaco.id });
    expect(assignedCall.status).toBe(200);

    await until(() => sink.received.some((m) => m.to.includes(THACO_MEMBER)), 'the e-mail arrived', 15_000);
    const mails = sink.received.filter((m) => m.to.includes(THACO_MEMBER));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('[CHULAI-PILOT] Công việc mới giao cho THACO-IND: Rà soát dây chuyền sơn');
    expect(mails[0]!.text).toContain(`https://lienket.example.gov.vn/projects/${project.id}/tasks/${created.data.id}`);
    // THACO-IND's approver is told in the app but never chose e-mail.
    expect(sink.received.filter((m) => m.to.includes('approver.thaco-ind@lienket.demo'))).toEqual([]);
  });
});
