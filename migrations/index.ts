import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';

/** Every migration, by sortable name. Add new ones at the end; never edit a shipped one. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};
