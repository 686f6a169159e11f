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
import { sql, type Kysely } from 'kysely';
import { openPostgres, openSqlite } from '../server/db/connect.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import type { Database } from '../server/db/schema.ts';
import { DEMO_PASSWORD, seedDemo } from '../server/demo/seed.ts';
import { findPostgresBin, freePort, startThrowawayCluster } from '../test/support/postgres.ts';
import { generateAuditEvents, generateBudgetLines, generatePlan, generateUsers, SIZES } from './generate.ts';
import { HOT_PATHS, type BenchContext } from './hot-paths.ts';
import { durableCommitsPerSecond } from './durability.ts';
import { measureFanout, type FanoutResult } from './fanout.ts';
import { measureTimeline } from './timeline.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
/**
 * Load before each measured run, on the app and on the floor alike: a server fresh from start runs
 * unoptimized code for its first seconds (the app's more of it, for longer), and the figures are
 * meant to be what a running server does, not its warm-up.
 */
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CONNECTIONS = 50;
const TARGET_RATIO = 0.8;
const TARGET_P99_MS = 25;
const TARGET_WRITES_PER_SECOND = 1000;
const TARGET_FANOUT_P99_MS = 200;

interface Row {
  path: string;
  rps: number;
  p50: number;
  p99: number;
  floorRps: number | null;
  floorP99: number | null;
  ratio: number | null;
  errors: number;
  /** CPU time the server spent per request (µs), from /proc: steadier than req/s when other work shares the cores. */
  cpuUs: number | null;
  floorCpuUs: number | null;
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

/** CPU time (user + system) a process has used so far, in µs. */
function cpuTimeUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100; // clock ticks of 1/100 s
}

interface LoadOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  nextBody?: () => string;
  onAnswer?: (status: number, body: string) => void;
  pid?: number;
}

/** Measured runs per path, app and floor taking turns (see measure). */
const ROUNDS = 4;

/** One autocannon run of `seconds` on `url`, with the server's CPU time per request. */
async function load(url: string, options: LoadOptions, seconds: number) {
  const { nextBody, onAnswer, pid } = options;
  const cpuBefore = pid ? cpuTimeUs(pid) : 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    method: options.method ?? 'GET',
    headers: options.headers,
    ...(nextBody
      ? { requests: [{ setupRequest: (req: any) => ({ ...req, body: nextBody() }), onResponse: (status: number, body: string) => onAnswer?.(status, body) }] }
      : {}),
  });
  const cpuUs = pid ? cpuTimeUs(pid) - cpuBefore : 0;
  return { requests: result.requests.total, seconds: result.duration, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx, cpuUs };
}

type Measured = { rps: number; p50: number; p99: number; errors: number; cpuUs: number | null };

/**
 * Each target warmed up, then DURATION seconds each in ROUNDS turns (app, floor, app, floor …), so
 * a slowdown of the shared machine during the measurement falls on both rather than on one. Per
 * target: requests/s and CPU µs per request over all its turns, the median turn's p50 and the worst
 * turn's p99.
 */
async function measure(targets: { url: string; options: LoadOptions }[]): Promise<Measured[]> {
  if (WARMUP > 0) for (const t of targets) await load(t.url, t.options, WARMUP);
  const turns = targets.map(() => [] as Awaited<ReturnType<typeof load>>[]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, t] of targets.entries()) turns[i]!.push(await load(t.url, t.options, DURATION / ROUNDS));
  }
  return turns.map((runs, i) => {
    const requests = runs.reduce((sum, r) => sum + r.requests, 0);
    const p50s = runs.map((r) => r.p50).sort((a, b) => a - b);
    return {
      rps: requests / runs.reduce((sum, r) => sum + r.seconds, 0),
      p50: p50s[Math.floor(p50s.length / 2)]!,
      p99: Math.max(...runs.map((r) => r.p99)),
      errors: runs.reduce((sum, r) => sum + r.errors, 0),
      cpuUs: targets[i]!.options.pid && requests ? runs.reduce((sum, r) => sum + r.cpuUs, 0) / requests : null,
    };
  });
}

/**
 * Which targets a row misses, named: reads must reach 80 % of their floor with p99 under 25 ms,
 * the update 1,000 durable writes/s, and nothing may fail. Empty when all are met.
 */
function misses(r: Row): string {
  const missed: string[] = [];
  if (r.errors) missed.push('errors');
  if (r.path.startsWith('task update')) {
    if (r.rps < TARGET_WRITES_PER_SECOND) missed.push(`< ${TARGET_WRITES_PER_SECOND}/s`);
  } else {
    if (r.ratio !== null && r.ratio < TARGET_RATIO) missed.push(`ratio < ${TARGET_RATIO * 100} %`);
    if (r.p99 >= TARGET_P99_MS) missed.push(`p99 ≥ ${TARGET_P99_MS} ms`);
  }
  return missed.join(', ');
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** Gzipped size of the JS the first screen loads: the entry script and what it preloads. */
function firstScreenJsGzip(): number | null {
  // The build `npm run bench` just made: CLIENT_DIR when set, as vite.config.ts and the server use.
  const clientDir = process.env.CLIENT_DIR ?? 'dist/client';
  if (!existsSync(join(clientDir, 'index.html'))) return null;
  const html = readFileSync(join(clientDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  return files.reduce((sum, f) => sum + gzipSync(readFileSync(join(clientDir, f))).length, 0);
}

/** The bench's subjects in a freshly generated project: THACO-IND, one of its linked tasks, its tasks in progress. */
async function generateProject(db: Kysely<Database>) {
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
  return { projectId: project.id, organizationId: org.id, taskId: linked.id, writable };
}

type Generated = Awaited<ReturnType<typeof generateProject>>;

/** The app server and the floor on loopback over one database (`appEnv` says which), until stop(). */
async function startServers(appEnv: Record<string, string>, floorTarget: string, today: string) {
  const appPort = await freePort();
  const floorPort = await freePort();
  const app = startChild(
    'server/main.ts',
    [],
    { PORT: String(appPort), HOST: '127.0.0.1', DEMO: '0', LOG_LEVEL: 'info', DUE_SCAN_MINUTES: '0', ...appEnv },
    process.env.BENCH_PROFILE === '1',
  );
  const coldStartMs = await waitFor(`http://127.0.0.1:${appPort}/healthz`);
  const floor = startChild('bench/floor.ts', [floorTarget, String(floorPort), today], {});
  await new Promise<void>((resolve) => floor.once('message', () => resolve()));
  return {
    app,
    floor,
    appUrl: `http://127.0.0.1:${appPort}`,
    floorUrl: `http://127.0.0.1:${floorPort}`,
    coldStartMs,
    stopped: undefined as Promise<void> | undefined,
    /** Stops both once; later calls wait for the same. */
    stop() {
      this.stopped ??= new Promise<void>((resolve) => {
        floor.kill('SIGTERM');
        app.once('exit', () => resolve());
        app.kill('SIGTERM');
      });
      return this.stopped;
    },
  };
}

type Servers = Awaited<ReturnType<typeof startServers>>;

/** BENCH_ONLY=substring[,substring…] runs just the matching hot paths (for profiling one of them). */
const only = process.env.BENCH_ONLY;

/** Drives every hot path (BENCH_ONLY's) on the app, then its floor, one after the other. */
async function measureHotPaths(servers: Servers, generated: Generated, today: string) {
  const { appUrl } = servers;
  const login = await fetch(`${appUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: appUrl },
    body: JSON.stringify({ email: 'member.thaco-ind@lienket.demo', password: DEMO_PASSWORD }),
  });
  if (!login.ok) throw new Error(`bench login failed: ${login.status}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { projectId, organizationId, taskId, writable } = generated;
  const ctx: BenchContext = { projectId, organizationId, taskId, today };
  // Each update names the version the server last answered for its task, so no update is stale
  // even when autocannon builds a request it never sends. A refusal is printed, not hidden.
  // A task whose last update has no answer yet is skipped, so two updates never race on one task.
  const versions = new Map(writable.map((t) => [t.id, t.version]));
  const unanswered = new Set<number>();
  let sent = 0;
  const nextUpdate = () => {
    let task = writable[sent++ % writable.length]!;
    for (let tries = 0; unanswered.has(task.id) && tries < writable.length; tries++) task = writable[sent++ % writable.length]!;
    unanswered.add(task.id);
    return JSON.stringify({ projectId, taskId: task.id, version: versions.get(task.id), progress: sent % 100 });
  };
  let refusalsShown = 0;
  type Task = { id: number; version: number };
  const onUpdateAnswer = (status: number, body: string) => {
    const answer = JSON.parse(body) as { result?: { data: Task }; error?: { data?: { current?: Task } } };
    // A CONFLICT carries the current state: the next update of that task names its version.
    const task = answer.result?.data ?? answer.error?.data?.current;
    if (task) {
      versions.set(task.id, task.version);
      unanswered.delete(task.id);
    }
    if (status !== 200 && refusalsShown++ < 3) console.log(`task update answered ${status}: ${body.slice(0, 300)}`);
  };

  const rows: Row[] = [];
  for (const hot of HOT_PATHS.filter((h) => !only || only.split(',').some((o) => h.name.includes(o)))) {
    const request = hot.app(ctx);
    const app = {
      url: `${appUrl}${request.path}`,
      options: {
        method: request.method,
        headers: { cookie, origin: appUrl, 'content-type': 'application/json' },
        ...(hot.write ? { nextBody: nextUpdate, onAnswer: onUpdateAnswer } : {}),
        pid: servers.app.pid!,
      },
    };
    const floor = hot.floor ? { url: `${servers.floorUrl}${hot.floor(ctx)}`, options: { pid: servers.floor.pid! } } : null;
    const [measured, floorResult] = await measure(floor ? [app, floor] : [app]);
    rows.push({
      path: hot.name,
      ...measured!,
      floorRps: floorResult?.rps ?? null,
      floorP99: floorResult?.p99 ?? null,
      ratio: floorResult ? measured!.rps / floorResult.rps : null,
      floorCpuUs: floorResult?.cpuUs ?? null,
    });
  }
  // Live fan-out, with tasks the update load did not reach last (their versions as last answered).
  const fanout =
    !only || only.includes('fanout')
      ? await measureFanout({
          appUrl,
          cookie,
          projectId,
          tasks: writable.slice(-200).map((t) => ({ id: t.id, version: versions.get(t.id)! })),
          rssKb: () => rssMb(servers.app.pid!) * 1024,
          cpuUs: () => cpuTimeUs(servers.app.pid!),
        })
      : null;
  return { rows, fanout };
}

function printFanout(fanout: FanoutResult | null) {
  if (!fanout) return;
  console.log(
    `live fan-out: ${fanout.subscribers} SSE subscribers on one project, ${fanout.updates} task updates ${fanout.intervalMs} ms apart: ` +
      `update sent → event received p50 ${fanout.p50Ms.toFixed(0)} ms, p99 ${fanout.p99Ms.toFixed(0)} ms (target < ${TARGET_FANOUT_P99_MS} ms), ` +
      `max ${fanout.maxMs.toFixed(0)} ms; ${fanout.delivered}/${fanout.expected} delivered; ` +
      `server memory ${fanout.rssPerSubscriberKb.toFixed(0)} kB RSS per subscriber; server CPU ${fanout.cpuUsPerDelivery.toFixed(0)} µs per event delivered to one subscriber`,
  );
}

function printRows(title: string, rows: Row[]) {
  console.log(`\n${title}, %d connections, %d s per target in %d turns after %d s of warm-up\n`, CONNECTIONS, DURATION, ROUNDS, WARMUP);
  console.table(
    rows.map((r) => ({
      path: r.path,
      'req/s': Math.round(r.rps),
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      'floor req/s': r.floorRps === null ? '—' : Math.round(r.floorRps),
      'floor p99': r.floorP99 ?? '—',
      'ratio': r.ratio === null ? '—' : `${Math.round(r.ratio * 100)} %`,
      'cpu µs/req': r.cpuUs === null ? '—' : Math.round(r.cpuUs),
      'cpu ratio': r.cpuUs && r.floorCpuUs ? `${Math.round((r.floorCpuUs / r.cpuUs) * 100)} %` : '—',
      errors: r.errors,
      target: misses(r) || 'ok',
    })),
  );
}

/**
 * The same project, reads and task update on PostgreSQL, with a node-postgres floor. A throwaway
 * cluster like the tests' (test/support/postgres.ts), but durable: fsync and synchronous_commit on.
 * BENCH_POSTGRES=0 skips it; so does a machine without PostgreSQL.
 */
async function benchPostgres(today: string) {
  const bin = findPostgresBin();
  if (process.env.BENCH_POSTGRES === '0' || !bin || only === 'timeline') return null;
  const cluster = await startThrowawayCluster(bin, { durable: true });
  try {
    console.log('\nGenerating the same project on PostgreSQL …');
    const started = performance.now();
    const { db } = openPostgres(cluster.url);
    const generated = await generateProject(db);
    await sql`analyze`.execute(db);
    await db.destroy();
    console.log(`  generated in ${Math.round(performance.now() - started)} ms`);
    const servers = await startServers({ DATABASE_URL: cluster.url }, cluster.url, today);
    try {
      const { rows, fanout } = await measureHotPaths(servers, generated, today);
      return { rows, fanout, coldStartMs: servers.coldStartMs, memoryMb: rssMb(servers.app.pid!) };
    } finally {
      await servers.stop();
    }
  } finally {
    cluster.stop();
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'lienket-bench-'));
  const file = join(dir, 'lienket.sqlite');
  console.log(`Generating a large project in ${file} …`);
  const generatedAt = performance.now();
  const { db } = openSqlite(file);
  const generated = await generateProject(db);
  await db.destroy();
  console.log(`  generated in ${Math.round(performance.now() - generatedAt)} ms (${JSON.stringify(SIZES)})`);

  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  const servers = await startServers({ DATA_DIR: dir }, file, today);
  const { appUrl, coldStartMs } = servers;
  try {
    const { rows, fanout } = await measureHotPaths(servers, generated, today);
    const memoryMb = rssMb(servers.app.pid!);
    const commitCeiling = !only || only.includes('update') ? durableCommitsPerSecond(dir) : null;
    // BENCH_ONLY=timeline measures the timeline alone.
    const timeline = !only || only === 'timeline' ? await measureTimeline(appUrl, generated.projectId) : null;
    const jsGzip = firstScreenJsGzip();
    await servers.stop();
    printRows('LienKet benchmark (SQLite, synchronous=FULL)', rows);
    printFanout(fanout);
    if (commitCeiling !== null) {
      console.log(
        `disk ceiling: ${Math.round(commitCeiling)} durable commits/s (raw better-sqlite3, WAL, synchronous=FULL, one fsync each); ` +
          `task updates target ${TARGET_WRITES_PER_SECOND}/s`,
      );
    }
    console.log(`cold start to /healthz ready: ${Math.round(coldStartMs)} ms`);
    console.log(`server memory (RSS) after load: ${memoryMb} MB`);
    console.log(`first-screen JS, gzipped: ${jsGzip === null ? 'client not built' : `${(jsGzip / 1024).toFixed(1)} kB`} (target < 80 kB)`);
    if (timeline) {
      console.log(
        `timeline at ${SIZES.tasks} tasks: first render ${timeline.firstRenderMs.toFixed(1)} ms after data (target < 300 ms); ` +
          `timeline.get ${Math.round(timeline.dataMs)} ms; scroll ${timeline.scroll.dropped}/${timeline.scroll.frames} frames over 25 ms ` +
          `(longest ${timeline.scroll.longestMs.toFixed(1)} ms); zoom to year ${Math.round(timeline.zoom.toYearMs)} ms, to week ${Math.round(timeline.zoom.toWeekMs)} ms; ` +
          `drag feedback ${timeline.drag.medianMs.toFixed(1)} ms median, ${timeline.drag.longestMs.toFixed(1)} ms slowest to the next frame over ${timeline.drag.moves} moves, ${timeline.drag.late} later than one frame`,
      );
    } else {
      console.log('timeline: not measured (no Chromium, or BENCH_ONLY names something else)');
    }
    const postgres = await benchPostgres(today);
    if (postgres) {
      printRows('LienKet benchmark (PostgreSQL 15, fsync and synchronous_commit on)', postgres.rows);
      printFanout(postgres.fanout);
      console.log(`PostgreSQL: cold start to /healthz ready ${Math.round(postgres.coldStartMs)} ms; server memory (RSS) after load ${postgres.memoryMb} MB`);
    } else {
      console.log('PostgreSQL: not measured (BENCH_POSTGRES=0, no PostgreSQL binaries, or BENCH_ONLY=timeline)');
    }
    // A partial run (BENCH_ONLY) must not replace the full figures.
    if (!only) {
      const results = { at: new Date().toISOString(), durationSeconds: DURATION, warmupSeconds: WARMUP, connections: CONNECTIONS, sizes: SIZES, rows, coldStartMs, memoryMb, firstScreenJsGzipBytes: jsGzip, durableCommitsPerSecondCeiling: commitCeiling, fanout, timeline, postgres };
      writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
    }
  } finally {
    await servers.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
