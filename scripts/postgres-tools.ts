import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A PostgreSQL client program: `$PG_BIN/<name>`, else the newest `/usr/lib/postgresql/N/bin/<name>`
 * (Debian installs versions side by side, and pg_dump must be at least as new as the server),
 * else `<name>` on PATH.
 */
export function postgresTool(name: 'pg_dump' | 'pg_restore'): string {
  const fromEnv = process.env.PG_BIN && join(process.env.PG_BIN, name);
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(join(base, v, 'bin', name)))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(base, versions[0], 'bin', name);
  }
  if (spawnSync(name, ['--version']).status === 0) return name;
  throw new Error(`${name} not found: install the PostgreSQL client, or set PG_BIN to the directory that holds it`);
}

/** Runs a PostgreSQL client program, passing its output through; throws unless it exits 0. */
export function runPostgresTool(name: 'pg_dump' | 'pg_restore', args: string[]): void {
  const result = spawnSync(postgresTool(name), args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${name} failed (exit ${result.status ?? result.signal})`);
}
