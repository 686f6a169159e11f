import { z } from 'zod';
import { zId, zRequiredText, zRowVersion, zText } from './schemas.ts';

/** Zod schemas of the approval engine and the outline (đề cương), shared by server and client. */

// ---------------------------------------------------------------------------------------------
// Approvals

/**
 * What an approval round can be about. Every kind goes through the one engine; a kind whose
 * module is not built yet is refused with BAD_REQUEST `unsupported_subject_kind`.
 */
export const zApprovalSubjectKind = z.enum(['outline_version', 'milestone', 'funding_estimate']);
export const zApprovalDecision = z.enum(['approve', 'request_changes']);
export const zApprovalRoundState = z.enum(['open', 'approved', 'changes_requested', 'withdrawn', 'superseded']);

/** The organizations that must decide: at least one, all parties of the project, no repeats needed. */
const zRequiredOrganizationIds = z.array(zId).min(1).max(50);

export const zApprovalSubmit = z.object({
  kind: zApprovalSubjectKind,
  subjectId: zId,
  /** Omitted: the subject's default (the project's parties, or a milestone's sign-off organizations). */
  requiredOrganizationIds: zRequiredOrganizationIds.optional(),
  message: zText(2000).default(''),
});

export const zApprovalDecide = z
  .object({
    roundId: zId,
    decision: zApprovalDecision,
    comment: zText(4000).default(''),
  })
  .refine((d) => d.decision === 'approve' || d.comment.length > 0, {
    path: ['comment'],
    message: 'Say what should change',
  });

export const zApprovalWithdraw = z.object({ roundId: zId, reason: zText(1000).default('') });
export const zApprovalRoundInput = z.object({ roundId: zId });
export const zApprovalSubjectInput = z.object({ kind: zApprovalSubjectKind, subjectId: zId });

// ---------------------------------------------------------------------------------------------
// Outline

/** Bounds that keep a tree readable and a diff fast. */
export const OUTLINE_LIMITS = { maxSections: 200, maxDepth: 4, maxPosition: 10_000 } as const;

const zSectionTitle = zRequiredText(300);
const zSectionBody = zText(20_000);
const zPosition = z.number().int().min(0).max(OUTLINE_LIMITS.maxPosition);

export const zOutlineSectionCreate = z.object({
  parentId: zId.nullable().default(null),
  /** 0-based among the new siblings; omitted or past the end appends. */
  position: zPosition.optional(),
  title: zSectionTitle,
  body: zSectionBody.default(''),
  ownerOrganizationId: zId.nullable().default(null),
});

/** Every field is required, so a forgotten owner never silently clears it. */
export const zOutlineSectionUpdate = z.object({
  sectionId: zId,
  version: zRowVersion,
  title: zSectionTitle,
  body: zSectionBody,
  ownerOrganizationId: zId.nullable(),
});

export const zOutlineSectionMove = z.object({
  sectionId: zId,
  version: zRowVersion,
  parentId: zId.nullable(),
  position: zPosition,
});

export const zOutlineSectionDelete = z.object({ sectionId: zId, version: zRowVersion });

export const zOutlinePropose = z.object({
  requiredOrganizationIds: zRequiredOrganizationIds.optional(),
  note: zText(2000).default(''),
});

export const zOutlineVersionInput = z.object({ versionId: zId });

/** A frozen version by id, or the current draft. */
export const zOutlineRef = z.union([z.literal('draft'), zId]);
export const zOutlineCompare = z.object({ from: zOutlineRef, to: zOutlineRef });

export type ApprovalSubjectKind = z.infer<typeof zApprovalSubjectKind>;
export type ApprovalDecisionKind = z.infer<typeof zApprovalDecision>;
export type ApprovalRoundState = z.infer<typeof zApprovalRoundState>;
export type ApprovalSubmitInput = z.infer<typeof zApprovalSubmit>;
export type ApprovalDecideInput = z.infer<typeof zApprovalDecide>;
export type ApprovalWithdrawInput = z.infer<typeof zApprovalWithdraw>;
export type OutlineSectionCreateInput = z.infer<typeof zOutlineSectionCreate>;
export type OutlineSectionUpdateInput = z.infer<typeof zOutlineSectionUpdate>;
export type OutlineSectionMoveInput = z.infer<typeof zOutlineSectionMove>;
export type OutlineSectionDeleteInput = z.infer<typeof zOutlineSectionDelete>;
export type OutlineProposeInput = z.infer<typeof zOutlinePropose>;
export type OutlineRef = z.infer<typeof zOutlineRef>;

/** One run of a word-level diff: text shown as added, removed or unchanged. */
export interface WordChange {
  op: 'added' | 'removed' | 'unchanged';
  text: string;
}

/** A section as frozen in an outline version (and as the draft is compared): numbered, with its owner. */
export interface FrozenSection {
  id: number;
  parentId: number | null;
  position: number;
  /** "1", "4.2": the place in the tree, computed from parent and position. */
  number: string;
  depth: number;
  title: string;
  body: string;
  owner: { id: number; code: string; nameVi: string; nameEn: string } | null;
}

/** The snapshot an `outline_version` round holds: the version exactly as proposed. */
export interface OutlineSnapshot {
  versionId: number;
  number: number;
  note: string;
  sections: FrozenSection[];
}
