import { z } from 'zod';
import { zId } from './schemas.ts';

/** At most this many messages in one page of the administrators' e-mail delivery list, and in one retry. */
export const EMAIL_DELIVERY_MAX_PAGE = 100;

export const zEmailDeliveryListInput = z.object({
  /** The id of the last message of the previous page; null or absent for the first page. */
  cursor: zId.nullish(),
  limit: z.number().int().min(1).max(EMAIL_DELIVERY_MAX_PAGE).default(25),
});

export const zEmailRetryInput = z.object({
  ids: z.array(zId).min(1).max(EMAIL_DELIVERY_MAX_PAGE),
});

export type EmailDeliveryListInput = z.input<typeof zEmailDeliveryListInput>;
export type EmailRetryInput = z.infer<typeof zEmailRetryInput>;
