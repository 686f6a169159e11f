import { openSqlite } from './server/db/connect.ts';
import { migrateToLatest } from './server/db/migrate.ts';
import { seedDemo } from './server/demo/seed.ts';
import { generatePlan } from './bench/generate.ts';
import { dashboardSummary } from './server/dashboard/dashboard.ts';
import { getEstimate, fundingOverview } from './server/funding/queries.ts';
import { mkdtempSync } from 'node:fs';
const dir = mkdtempSync('/tmp/lkperf-');
const { db } = openSqlite(dir + '/x.sqlite');
await migrateToLatest(db);
const now = new Date();
await seedDemo(db, now);
const p = await db.selectFrom('projects').select('id').where('code', '=', 'CHULAI-PILOT').executeTakeFirstOrThrow();
await generatePlan(db, p.id, now);
console.log('tasks', (await db.selectFrom('tasks').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const m = { projectId: p.id, role: 'viewer' as const, organizationId: 1 };
for (let i = 0; i < 3; i++) {
  let t = performance.now();
  await dashboardSummary(db, p.id, now.toISOString().slice(0, 10));
  console.log('dashboard ms', (performance.now() - t).toFixed(1));
  t = performance.now();
  const o = await fundingOverview(db, m);
  await getEstimate(db, m, o.estimates[0]!.id);
  console.log('funding ms', (performance.now() - t).toFixed(1));
}
await db.destroy();
