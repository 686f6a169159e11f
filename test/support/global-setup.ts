import type { TestProject } from 'vitest/node';
import { findPostgresBin, startThrowawayCluster } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the PostgreSQL server for this run, or '' when there is none. */
    pgUrl: string;
  }
}

/** Starts one throwaway PostgreSQL cluster for the whole run (or uses TEST_DATABASE_URL). */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgUrl', process.env.TEST_DATABASE_URL);
    return;
  }
  const bin = findPostgresBin();
  if (!bin) {
    if (process.env.CI === 'true') throw new Error('PostgreSQL server binaries not found: CI runs every database test on PostgreSQL');
    console.warn('\n⚠️  PostgreSQL binaries not found: PostgreSQL tests are SKIPPED (set TEST_DATABASE_URL or install postgresql)\n');
    project.provide('pgUrl', '');
    return;
  }
  const cluster = await startThrowawayCluster(bin);
  project.provide('pgUrl', cluster.url);
  return () => cluster.stop();
}
