import { createSignal } from 'solid-js';

// The navigation's "waiting for us" count is fetched by the header; screens that change approvals
// (a decision, a proposal, a draft edit that supersedes a round) say so here and it fetches again.
const [approvalsRevision, setApprovalsRevision] = createSignal(0);

export { approvalsRevision };

/** Tells the navigation badge that rounds or decisions changed. */
export function approvalsChanged(): void {
  setApprovalsRevision((n) => n + 1);
}
