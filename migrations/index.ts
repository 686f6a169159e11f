import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_plan.ts';
import * as m0003 from './0003_approvals_outline.ts';
import * as m0004 from './0004_funding.ts';
import * as m0005 from './0005_baselines.ts';
import * as m0006 from './0006_calendar_feeds.ts';
import * as m0007 from './0007_notifications.ts';
import * as m0008 from './0008_email_outbox.ts';

/** Every migration, by sortable name. Add new ones at the end; never edit a shipped one. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_plan': m0002,
  '0003_approvals_outline': m0003,
  '0004_funding': m0004,
  '0005_baselines': m0005,
  '0006_calendar_feeds': m0006,
  '0007_notifications': m0007,
  '0008_email_outbox': m0008,
};
