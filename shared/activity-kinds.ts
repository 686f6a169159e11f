// Kept apart from activity-schemas.ts so the client imports these words without zod, whose
// first parse probes `new Function` and so trips the page's Content-Security-Policy.

/** Readable groups of audit actions, for the "kind" filter. */
export const ACTIVITY_KINDS = ['tasks', 'comments', 'plan', 'outline', 'approvals', 'funding', 'people', 'other'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Which action prefixes make up each kind; an action under none of them is `other`. */
export const ACTIVITY_KIND_PREFIXES: Record<Exclude<ActivityKind, 'other'>, readonly string[]> = {
  tasks: ['task.', 'dependency.'],
  comments: ['comment.'],
  plan: ['phase.', 'milestone.', 'baseline.'],
  outline: ['outline_section.', 'outline_version.'],
  approvals: ['approval_round.', 'approval_decision.'],
  funding: ['funding_'],
  people: ['project.', 'party.', 'membership.'],
};

export function activityKindOf(action: string): ActivityKind {
  for (const [kind, prefixes] of Object.entries(ACTIVITY_KIND_PREFIXES)) {
    if (prefixes.some((p) => action.startsWith(p))) return kind as ActivityKind;
  }
  return 'other';
}
