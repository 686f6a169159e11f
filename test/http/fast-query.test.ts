import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { describeEachDialect } from '../support/databases.ts';
import { HttpSession, startTestServer, type TestServer } from '../support/server.ts';

// GET queries are answered by server/http/fast-query.ts unless they fail; a `trpc-accept` header
// sends them to tRPC's own handler instead. Both must answer byte for byte the same.

describeEachDialect('GET queries outside tRPC’s HTTP layer', (dialect) => {
  let server: TestServer;
  let member: HttpSession;
  let projectId: number;
  let otherProjectId: number;
  let taskId: number;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    member = new HttpSession(server.url);
    await member.login('member.thaco-ind@lienket.demo', DEMO_PASSWORD);
    const projects = (await member.call('projects.mine', undefined, { method: 'GET' })).data as { id: number }[];
    projectId = projects[0]!.id;
    const all = await server.database.db.selectFrom('projects').select('id').execute();
    otherProjectId = all.find((p) => !projects.some((mine) => mine.id === p.id))?.id ?? 999_999;
    const list = await member.call('tasks.list', { projectId, limit: 5 }, { method: 'GET' });
    taskId = list.data.items[0].id;
  });
  afterAll(() => server.stop());

  async function both(path: string, cookie: string) {
    const get = async (headers: Record<string, string>) => {
      const response = await fetch(`${server.url}/trpc/${path}`, { headers: { cookie, ...headers } });
      return { status: response.status, type: response.headers.get('content-type'), vary: response.headers.get('vary'), body: await response.text() };
    };
    return { fast: await get({}), trpc: await get({ 'trpc-accept': 'application/json' }) };
  }
  const input = (value: unknown) => `input=${encodeURIComponent(JSON.stringify(value))}`;

  it('answers successful queries, single and batched, exactly as tRPC does', async () => {
    const paths = [
      'auth.me',
      'projects.mine',
      `tasks.list?${input({ projectId, limit: 20 })}`,
      `tasks.get?${input({ projectId, taskId })}`,
      `tasks.myWork?${input({ projectId })}`,
      `projects.overview?${input({ projectId })}`,
      `tasks.list,tasks.myWork?batch=1&${input({ 0: { projectId, limit: 3 }, 1: { projectId } })}`,
      `auth.me?batch=1&${input({})}`,
    ];
    for (const path of paths) {
      const { fast, trpc } = await both(path, member.cookie);
      expect(fast.status, path).toBe(200);
      expect(fast, path).toEqual(trpc);
    }
  });

  it('leaves refusals and malformed calls to tRPC: the same codes and bodies', async () => {
    const cases: [string, string][] = [
      [`tasks.list?${input({ projectId: otherProjectId, limit: 5 })}`, member.cookie],
      [`tasks.get?${input({ projectId, taskId: 999_999 })}`, member.cookie],
      [`tasks.list?${input({ projectId, limit: 'many' })}`, member.cookie],
      [`tasks.list?input=%7Bnot-json`, member.cookie],
      [`tasks.list?${input({ projectId, limit: 5 })}`, ''],
      [`tasks.list,nope.nothing?batch=1&${input({ 0: { projectId, limit: 3 } })}`, member.cookie],
      [`tasks.updateWork?${input({ projectId, taskId, version: 1, progress: 5 })}`, member.cookie],
    ];
    for (const [path, cookie] of cases) {
      const { fast, trpc } = await both(path, cookie);
      // A batch with one failing call is 207 (Multi-Status); never a 5xx.
      expect(fast.status, path).toBeGreaterThan(200);
      expect(fast.status, path).toBeLessThan(500);
      // The request id differs between two calls; everything else is the same.
      const withoutId = (body: string) => body.replace(/"requestId":"[^"]+"/g, '');
      expect({ ...fast, body: withoutId(fast.body) }, path).toEqual({ ...trpc, body: withoutId(trpc.body) });
    }
  });
});
