/** Time comes in through this, so tests can set it and expiry rules can be checked. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
