import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, demoEmail } from '../../../server/demo/seed.ts';
import { freePort } from '../../support/postgres.ts';
import { HttpSession } from '../../support/server.ts';

/** The repository root: child processes run from there, as `npm run serve` does. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const children = new Set<ChildProcess>();
// A test that throws before its afterAll, or a worker that exits, must not leave servers behind.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export interface ChildServer {
  url: string;
  origin: string;
  process: ChildProcess;
  /** The last lines the process wrote to stderr, for failure messages. */
  stderr(): string;
}

/** Environment for a child: PATH and friends, never the test runner's own NODE_OPTIONS or loaders. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) if (process.env[key] !== undefined) env[key] = process.env[key];
  return { ...env, ...extra };
}

/** Runs a TypeScript entry point of this repository with tsx, as `npm run …` would. */
export function spawnTs(entry: string, args: string[], env: Record<string, string>, stdio: 'pipe' | 'ignore' = 'pipe'): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: REPO_ROOT,
    env: childEnv(env),
    stdio: ['ignore', stdio, stdio],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/**
 * The real server (server/main.ts) as a child process on a free loopback port, with the demo data;
 * resolves once /healthz answers. `env` is DATA_DIR or DATABASE_URL.
 */
export async function startChildServer(env: Record<string, string>, timeoutMs = 60_000): Promise<ChildServer> {
  const port = await freePort();
  const child = spawnTs('server/main.ts', [], { PORT: String(port), HOST: '127.0.0.1', DEMO: '1', LOG_LEVEL: 'warn', ...env });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.stdout!.resume();
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${stderr}`);
    }
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await kill(child);
      throw new Error(`server not ready after ${timeoutMs} ms:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, origin: url, process: child, stderr: () => stderr };
}

/** Sends `signal` (SIGKILL unless told) and waits until the process is gone. */
export async function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

/** Every child this worker started and that still runs. */
export async function killAllChildren(): Promise<void> {
  await Promise.all([...children].map((child) => kill(child)));
}

/** A session of the demo administrator (or another demo account) on `server`. */
export async function loggedIn(server: { url: string; origin: string }, email = demoEmail('admin')): Promise<HttpSession> {
  const session = new HttpSession(server.url, server.origin);
  const answer = await session.login(email, DEMO_PASSWORD);
  if (answer.status !== 200) throw new Error(`cannot log in as ${email}: ${answer.status} ${JSON.stringify(answer.error)}`);
  return session;
}

/** The same session (cookie) against another server, e.g. after a restart on a new port. */
export function sameSessionOn(session: HttpSession, server: { url: string; origin: string }): HttpSession {
  const moved = new HttpSession(server.url, server.origin);
  moved.cookie = session.cookie;
  return moved;
}
