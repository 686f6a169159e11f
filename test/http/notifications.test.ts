import { afterAll, beforeAll, expect, it } from 'vitest';
import { mentionToken } from '../../shared/mentions.ts';
import { DEMO_PASSWORD, demoEmail } from '../../server/demo/seed.ts';
import { describeEachDialect } from '../support/databases.ts';
import { HttpSession, startTestServer, type TestServer } from '../support/server.ts';

// The notification centre over real HTTP, with cookies and CSRF: each person reaches only their own.

describeEachDialect('notifications over HTTP', (dialect) => {
  let server: TestServer;
  let projectId: number;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    projectId = (await server.database.db.selectFrom('projects').select('id').where('code', '=', 'CHULAI-PILOT').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => server?.stop());

  const as = async (email: string) => {
    const session = new HttpSession(server.url);
    expect((await session.login(email, DEMO_PASSWORD)).status).toBe(200);
    return session;
  };
  const unread = async (s: HttpSession) => (await s.call('notifications.unreadCount', undefined, { method: 'GET' })).data.count as number;

  it('writes a mention with the comment, shows it only to the person mentioned, and refuses anyone else marking it', async () => {
    const db = server.database.db;
    const qn = await db.selectFrom('users').select(['id', 'display_name']).where('email', '=', demoEmail('approver', 'QN-DOIT')).executeTakeFirstOrThrow();
    const task = await db.selectFrom('tasks').select('id').where('project_id', '=', projectId).orderBy('id').executeTakeFirstOrThrow();
    const author = await as(demoEmail('member', 'THACO-IND'));
    const mentioned = await as(demoEmail('approver', 'QN-DOIT'));
    const bystander = await as(demoEmail('member', 'MOIT'));
    const [before, bystanderBefore] = [await unread(mentioned), await unread(bystander)];

    const sent = await author.call('tasks.addComment', { projectId, taskId: task.id, body: `${mentionToken(qn.display_name, qn.id)} xem giúp.` });
    expect(sent.status).toBe(200);
    expect(await unread(mentioned)).toBe(before + 1);
    expect(await unread(bystander)).toBe(bystanderBefore);

    const list = await mentioned.call('notifications.list', { unreadOnly: true, limit: 1 }, { method: 'GET' });
    const [note] = list.data.items;
    expect(note).toMatchObject({ kind: 'mentioned', projectId, taskId: task.id, read: false, actor: { organizationCode: 'THACO-IND' } });

    // Someone else's id: 404 and nothing changes; an anonymous caller: 401; a cross-site POST: 403.
    const refused = await bystander.call('notifications.markRead', { ids: [note.id] });
    expect(refused.status).toBe(404);
    expect(refused.error?.data?.reason).toBe('not_found');
    expect((await new HttpSession(server.url).call('notifications.markRead', { ids: [note.id] })).status).toBe(401);
    const crossSite = new HttpSession(server.url, 'https://evil.example');
    crossSite.cookie = mentioned.cookie;
    expect((await crossSite.call('notifications.markRead', { ids: [note.id] })).status).toBe(403);
    expect(await unread(mentioned)).toBe(before + 1);
    const bystanderSees = await bystander.call('notifications.list', {}, { method: 'GET' });
    expect(bystanderSees.data.items.some((n: { id: number }) => n.id === note.id)).toBe(false);

    expect((await mentioned.call('notifications.markRead', { ids: [note.id] })).data).toEqual({ unread: before });
    expect((await mentioned.call('notifications.markAllRead')).data).toEqual({ unread: 0 });
    expect(await unread(mentioned)).toBe(0);
  });

  it('answers hostile list input with 400, never 500', async () => {
    const member = await as(demoEmail('member', 'THACO-IND'));
    for (const input of [{ cursor: -1 }, { limit: 1000 }, { cursor: 2 ** 40 }, { unreadOnly: 'yes' }]) {
      expect((await member.call('notifications.list', input, { method: 'GET' })).status).toBe(400);
    }
    expect((await member.call('notifications.markRead', { ids: [] })).status).toBe(400);
  });
});
