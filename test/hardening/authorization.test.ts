import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appRouter } from '../../server/router.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { AUTHORIZATION_MATRIX, expectedOutcome, type MatrixEntry, type Outcome } from './authorization-matrix.ts';
import { fingerprint } from './support/fingerprint.ts';
import { CALLERS, createMatrixWorlds, PROJECTS, type Caller, type MatrixWorld } from './support/matrix-world.ts';

// Every procedure × every kind of caller, through createCaller on both dialects: the router's own
// rules, with no HTTP in the way. The table is authorization-matrix.ts.

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>;
const routerPaths = Object.keys(procedures).sort();
const matrixPaths = Object.keys(AUTHORIZATION_MATRIX).sort();

it('has an entry for every procedure of the router, and none for procedures that are gone', () => {
  const missing = routerPaths.filter((p) => !(p in AUTHORIZATION_MATRIX));
  const gone = matrixPaths.filter((p) => !(p in procedures));
  expect(
    missing,
    `These procedures are not in the authorization matrix. Add each to test/hardening/authorization-matrix.ts ` +
      `(who may call it, and an input builder): ${missing.join(', ')}`,
  ).toEqual([]);
  expect(gone, `Remove these entries from test/hardening/authorization-matrix.ts: ${gone.join(', ')}`).toEqual([]);
});

interface CallResult {
  outcome: Outcome;
  message?: string;
  data?: unknown;
}

async function invoke(caller: Caller, path: string, input: unknown): Promise<CallResult> {
  const procedure = path.split('.').reduce<any>((node, key) => node[key], caller) as (input: unknown) => Promise<unknown>;
  try {
    const data = await procedure(input);
    // A subscription answers with a stream: close it, only its authorization is asked here.
    const stream = data as { [Symbol.asyncIterator]?: unknown; return?: () => Promise<unknown> } | null;
    if (stream && typeof stream === 'object' && Symbol.asyncIterator in stream) await stream.return?.();
    return { outcome: 'ok', data };
  } catch (error) {
    if (error instanceof TRPCError) return { outcome: error.code, message: error.message };
    throw error;
  }
}

/** Input keys that name a record belonging to one project (organizations and people are global). */
function projectObjectKeys(input: unknown): string[] {
  if (!input || typeof input !== 'object') return [];
  return Object.entries(input as Record<string, unknown>)
    .filter(([key, value]) => typeof value === 'number' && (/^(from|to)$/.test(key) || (/Id$/.test(key) && !/^(project|user|assignee)Id$|rganization/.test(key))))
    .map(([key]) => key);
}

describeEachDialect('authorization matrix', (dialect) => {
  let database: TestDatabase;
  let worlds: { chuLai: MatrixWorld; binhDuong: MatrixWorld };
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    worlds = await createMatrixWorlds(database.db);
  });
  afterAll(() => database?.destroy());

  for (const path of matrixPaths.filter((p) => p in procedures)) {
    const entry: MatrixEntry = AUTHORIZATION_MATRIX[path]!;

    it(`${path}: each caller is allowed or refused as the matrix says, and a refusal changes nothing`, async () => {
      const w = worlds.chuLai;
      const problems: string[] = [];
      let input: unknown;
      let needsFreshInput = true;
      for (const caller of CALLERS) {
        // A refused call leaves its subject as it was, so the next caller gets the same one.
        if (needsFreshInput) input = await entry.input?.(w);
        needsFreshInput = false;
        const expected = expectedOutcome(entry, caller);
        const before = expected === 'ok' ? undefined : await fingerprint(w.db);
        const result = await invoke(w.as(caller), path, input);
        if (result.outcome === 'ok') needsFreshInput = true;
        if (result.outcome !== expected) {
          problems.push(`${caller}: expected ${expected}, got ${result.outcome}${result.message ? ` (${result.message})` : ''}`);
        }
        if (before && result.outcome !== 'ok') {
          const after = await fingerprint(w.db);
          if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`${caller}: refused with ${result.outcome} but the database changed`);
        }
      }
      expect(problems.join('\n'), `${path} with input ${JSON.stringify(input)}`).toBe('');
    });
  }

  // IDOR (ASVS V4.2.1): a record of project B named in a call on project A is refused, even for a
  // person who may do exactly that in project B and is a member of A with the same role.
  const idorPaths = matrixPaths.filter((p) => {
    const e = AUTHORIZATION_MATRIX[p]!;
    return p in procedures && e.access.kind === 'project' && e.input !== undefined;
  });
  it('refuses an id from another project in every project procedure that names a record', async () => {
    const { chuLai, binhDuong } = worlds;
    const problems: string[] = [];
    let checked = 0;
    for (const path of idorPaths) {
      const entry = AUTHORIZATION_MATRIX[path]!;
      if (entry.access.kind !== 'project') continue;
      const input = (await entry.input!(binhDuong)) as Record<string, unknown>;
      if (projectObjectKeys(input).length === 0) continue;
      checked++;
      // The same person (VIOIT or MOIT) holds the same role in both demo projects.
      const caller = binhDuong.as(entry.access.allow[0]!);
      const before = await fingerprint(chuLai.db);
      const crossed = await invoke(caller, path, { ...input, projectId: chuLai.projectId });
      const type = procedures[path]!._def.type;
      if (crossed.outcome === 'ok') {
        const leaked = JSON.stringify(crossed.data ?? null).includes(PROJECTS.binhDuong.tag);
        if (type === 'mutation') problems.push(`${path}: a ${PROJECTS.binhDuong.code} record was changed through ${PROJECTS.chuLai.code}`);
        else if (leaked) problems.push(`${path}: ${PROJECTS.binhDuong.code} data was returned through ${PROJECTS.chuLai.code}`);
      } else if (crossed.outcome !== 'NOT_FOUND') {
        problems.push(`${path}: expected NOT_FOUND, got ${crossed.outcome} (${crossed.message})`);
      }
      if (JSON.stringify(await fingerprint(chuLai.db)) !== JSON.stringify(before)) problems.push(`${path}: the cross-project call changed the database`);
      // The control: in its own project the very same call is allowed, so the refusal above was the project check.
      const own = await invoke(caller, path, input);
      if (own.outcome !== 'ok') problems.push(`${path}: the control call in its own project failed: ${own.outcome} (${own.message})`);
    }
    expect(problems.join('\n')).toBe('');
    expect(checked).toBeGreaterThan(10);
  });
});
