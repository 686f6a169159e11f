import { z } from 'zod';
import { ACTIVITY_KINDS } from './activity-kinds.ts';
import { zCalendarDate, zId, zLocale } from './schemas.ts';

export * from './activity-kinds.ts';

/**
 * The activity stream (the project's audit events as readable sentences), shared by server and
 * client. Every procedure also takes `projectId`, added by `projectProcedure`.
 */

export const ACTIVITY_PAGE_SIZE = 50;
/** An export larger than this is refused: narrow the dates instead of waiting for a huge file. */
export const ACTIVITY_EXPORT_MAX = 50_000;

/** An event seq: the stream's cursor. */
const zSeq = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const zActivityFilter = z
  .object({
    organizationId: zId.nullish(),
    userId: zId.nullish(),
    kind: z.enum(ACTIVITY_KINDS).nullish(),
    /** Calendar dates in Vietnam's time zone, both included. */
    from: zCalendarDate.nullish(),
    to: zCalendarDate.nullish(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'The end date is before the start date', path: ['to'] });
export type ActivityFilter = z.infer<typeof zActivityFilter>;

export const zActivityListInput = z.object({
  filter: zActivityFilter.default({}),
  /** Newest first: the page of events older than this seq (the previous page's `nextCursor`). */
  before: zSeq.nullish(),
  /** Only events newer than this seq (what arrived since the newest one shown), newest first. */
  after: zSeq.nullish(),
  limit: z.number().int().min(1).max(200).default(ACTIVITY_PAGE_SIZE),
});
export type ActivityListInput = z.input<typeof zActivityListInput>;

export const zActivityExportInput = z.object({ filter: zActivityFilter.default({}), locale: zLocale.default('vi') });
