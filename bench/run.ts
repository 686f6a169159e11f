/**
 * `npm run bench`: builds a large project on a fresh database, starts the real server and a floor
 * server on loopback, drives both with autocannon, and prints throughput, latency and the ratio to
 * the floor. Writes bench/results.json. Targets live here, never in timed unit tests.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { openSqlite } from '../server/db/connect.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { DEMO_PASSWORD, seedDemo } from '../server/demo/seed.ts';
import { freePort } from '../test/support/postgres.ts';
import { generateAuditEvents, generateBudgetLines, generatePlan, generateUsers, SIZES } from './generate.ts';
import { HOT_PATHS, type BenchContext } from './hot-paths.ts';
import { measureTimeline } from './timeline.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 50;
const TARGET_RATIO = 0.8;
const TARGET_P99_MS = 25;
const TARGET_WRITES_PER_SECOND = 1000;

interface Row {
  path: string;
  rps: number;
  p50: number;
  p99: number;
  floorRps: number | null;
  floorP99: number | null;
  ratio: number | null;
  errors: number;
}

function startChild(script: string, args: string[], env: Record<string, string>, profile = false): ChildProcess {
  // BENCH_PROFILE=1 writes a CPU profile of the app server to bench/profiles/ when it stops.
  const execArgv = ['--import', 'tsx', ...(profile ? ['--cpu-prof', '--cpu-prof-dir=bench/profiles'] : [])];
  return fork(script, args, { execArgv, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
}

async function waitFor(url: string, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    try {
      if ((await fetch(url)).ok) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

async function load(url: string, options: { method?: 'GET' | 'POST'; headers?: Record<string, string>; nextBody?: () => string } = {}) {
  const { nextBody } = options;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    method: options.method ?? 'GET',
    headers: options.headers,
    ...(nextBody ? { requests: [{ setupRequest: (req: any) => ({ ...req, body: nextBody() }) }] } : {}),
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

/** Reads: ≥ 80 % of the floor with p99 < 25 ms. Writes: ≥ 1,000 durable updates/s. Never an error. */
function targetMet(r: Row): boolean {
  if (r.errors) return false;
  if (r.path.startsWith('task update')) return r.rps >= TARGET_WRITES_PER_SECOND;
  return (r.ratio === null || r.ratio >= TARGET_RATIO) && r.p99 < TARGET_P99_MS;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** Gzipped size of the JS the first screen loads: the entry script and what it preloads. */
function firstScreenJsGzip(): number | null {
  if (!existsSync('dist/client/index.html')) return null;
  const html = readFileSync('dist/client/index.html', 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  return files.reduce((sum, f) => sum + gzipSync(readFileSync(join('dist/client', f))).length, 0);
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'lienket-bench-'));
  const file = join(dir, 'lienket.sqlite');
  console.log(`Generating a large project in ${file} …`);
  const generated = performance.now();
  const { db } = openSqlite(file);
  await migrateToLatest(db);
  await seedDemo(db, new Date());
  const project = await db.selectFrom('projects').select('id').where('code', '=', 'CHULAI-PILOT').executeTakeFirstOrThrow();
  const org = await db.selectFrom('organizations').select('id').where('code', '=', 'THACO-IND').executeTakeFirstOrThrow();
  await generateUsers(db, project.id);
  await generatePlan(db, project.id, new Date());
  await generateBudgetLines(db, project.id);
  await generateAuditEvents(db, project.id);
  // The task page's subject: one of THACO-IND's tasks with links both ways.
  const linked = await db
    .selectFrom('tasks')
    .innerJoin('task_dependencies as d', 'd.successor_id', 'tasks.id')
    .select('tasks.id')
    .where('tasks.project_id', '=', project.id)
    .where('tasks.lead_organization_id', '=', org.id)
    .orderBy('tasks.id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  // The write path updates the progress of THACO-IND's accepted tasks, each in turn.
  const writable = await db
    .selectFrom('tasks')
    .select(['id', 'version'])
    .where('project_id', '=', project.id)
    .where('lead_organization_id', '=', org.id)
    .where('assignment_state', '=', 'accepted')
    .where('status', '=', 'in_progress')
    .orderBy('id')
    .execute();
  await db.destroy();
  console.log(`  generated in ${Math.round(performance.now() - generated)} ms (${JSON.stringify(SIZES)})`);

  const appPort = await freePort();
  const floorPort = await freePort();
  const spawned = performance.now();
  const app = startChild('server/main.ts', [], { PORT: String(appPort), HOST: '127.0.0.1', DATA_DIR: dir, DEMO: '0', LOG_LEVEL: 'info' }, process.env.BENCH_PROFILE === '1');
  const coldStartMs = await waitFor(`http://127.0.0.1:${appPort}/healthz`);
  void spawned;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  const floor = startChild('bench/floor.ts', [file, String(floorPort), today], {});
  await new Promise<void>((resolve) => floor.once('message', () => resolve()));

  try {
    const appUrl = `http://127.0.0.1:${appPort}`;
    const login = await fetch(`${appUrl}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: appUrl },
      body: JSON.stringify({ email: 'member.thaco-ind@lienket.demo', password: DEMO_PASSWORD }),
    });
    if (!login.ok) throw new Error(`bench login failed: ${login.status}`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const ctx: BenchContext = { projectId: project.id, organizationId: org.id, taskId: linked.id, today };
    let sent = 0;
    const nextUpdate = () => {
      const task = writable[sent % writable.length]!;
      const version = task.version + Math.floor(sent / writable.length);
      sent++;
      return JSON.stringify({ projectId: project.id, taskId: task.id, version, progress: sent % 100 });
    };

    const rows: Row[] = [];
    // BENCH_ONLY=substring runs just the matching hot paths (for profiling one of them).
    const only = process.env.BENCH_ONLY;
    for (const hot of HOT_PATHS.filter((h) => !only || h.name.includes(only))) {
      const request = hot.app(ctx);
      const measured = await load(`${appUrl}${request.path}`, {
        method: request.method,
        headers: { cookie, origin: appUrl, 'content-type': 'application/json' },
        ...(hot.write ? { nextBody: nextUpdate } : {}),
      });
      const floorResult = hot.floor ? await load(`http://127.0.0.1:${floorPort}${hot.floor(ctx)}`) : null;
      rows.push({
        path: hot.name,
        ...measured,
        floorRps: floorResult?.rps ?? null,
        floorP99: floorResult?.p99 ?? null,
        ratio: floorResult ? measured.rps / floorResult.rps : null,
      });
    }

    const memoryMb = rssMb(app.pid!);
    const timeline = process.env.BENCH_ONLY ? null : await measureTimeline(appUrl, project.id);
    const jsGzip = firstScreenJsGzip();
    console.log('\nLienKet benchmark (SQLite, synchronous=FULL), %d connections, %d s per run\n', CONNECTIONS, DURATION);
    console.table(
      rows.map((r) => ({
        path: r.path,
        'req/s': Math.round(r.rps),
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        'floor req/s': r.floorRps === null ? '—' : Math.round(r.floorRps),
        'floor p99': r.floorP99 ?? '—',
        'ratio': r.ratio === null ? '—' : `${Math.round(r.ratio * 100)} %`,
        errors: r.errors,
        target: targetMet(r) ? 'ok' : 'MISS',
      })),
    );
    console.log(`cold start to /healthz ready: ${Math.round(coldStartMs)} ms`);
    console.log(`server memory (RSS) after load: ${memoryMb} MB`);
    console.log(`first-screen JS, gzipped: ${jsGzip === null ? 'client not built' : `${(jsGzip / 1024).toFixed(1)} kB`} (target < 80 kB)`);
    if (timeline) {
      console.log(
        `timeline at ${SIZES.tasks} tasks: first render ${timeline.firstRenderMs.toFixed(1)} ms after data (target < 300 ms); ` +
          `timeline.get ${Math.round(timeline.dataMs)} ms; scroll ${timeline.scroll.dropped}/${timeline.scroll.frames} frames over 25 ms ` +
          `(longest ${timeline.scroll.longestMs.toFixed(1)} ms); zoom to year ${Math.round(timeline.zoom.toYearMs)} ms, to week ${Math.round(timeline.zoom.toWeekMs)} ms`,
      );
    } else {
      console.log('timeline: not measured (no Chromium, or BENCH_ONLY set)');
    }
    writeFileSync('bench/results.json', `${JSON.stringify({ at: new Date().toISOString(), durationSeconds: DURATION, connections: CONNECTIONS, sizes: SIZES, rows, coldStartMs, memoryMb, firstScreenJsGzipBytes: jsGzip, timeline }, null, 2)}\n`);
  } finally {
    floor.kill('SIGTERM');
    await new Promise<void>((resolve) => {
      app.once('exit', () => resolve());
      app.kill('SIGTERM');
    });
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
