import { createHash } from 'node:crypto';
import { diffWordsWithSpace } from 'diff';
import type { Kysely } from 'kysely';
import {
  OUTLINE_LIMITS,
  type OutlineProposeInput,
  type OutlineRef,
  type OutlineSectionCreateInput,
  type OutlineSectionDeleteInput,
  type OutlineSectionMoveInput,
  type OutlineSectionUpdateInput,
  type WordChange,
} from '../../shared/approval-schemas.ts';
import { listProjectRounds, submitRound, supersedeOpenRounds, type CloseReason } from '../approvals/approvals.ts';
import { recordAudit, type Action } from '../audit/audit.ts';
import type { Database } from '../db/schema.ts';
import { badRequest, conflict, forbidden, notFound } from '../errors.ts';
import { renderMarkdown } from '../markdown.ts';
import { requireRole, type Membership } from '../trpc.ts';
import {
  findVersion,
  freezeSection,
  loadDraftSections,
  lockOutline,
  versionSections,
  type DraftSectionRow,
  type FrozenSection,
} from './outline-subject.ts';

// The outline (đề cương, DESIGN.md §4): a draft tree of sections, frozen into numbered versions
// that go through the approval engine.
// - Every draft change first writes the project's `outlines` row (lockOutline), so changes and
//   proposals on PostgreSQL run one after another, and sibling positions stay dense (0..n-1).
// - Every draft change supersedes the open outline round in the same transaction: the parties
//   would otherwise approve a version the coordinator has already moved on from.
// - A save that changes nothing writes nothing (no event, no supersession).

// ---------------------------------------------------------------------------------------------
// Views

function ownerOf(s: DraftSectionRow) {
  return freezeSection(s).owner;
}

/** Coordinators edit every section; an owning organization's approvers and members edit theirs. */
function canEditSection(membership: Membership, ownerOrganizationId: number | null): boolean {
  if (membership.role === 'coordinator') return true;
  return (membership.role === 'approver' || membership.role === 'member') && ownerOrganizationId === membership.organizationId;
}

function sectionView(s: DraftSectionRow, membership: Membership) {
  return {
    id: s.id,
    number: s.number,
    depth: s.depth,
    parentId: s.parent_id,
    position: s.position,
    title: s.title,
    body: s.body,
    bodyHtml: renderMarkdown(s.body),
    owner: ownerOf(s),
    version: s.version,
    updatedAt: s.updated_at,
    canEdit: canEditSection(membership, s.owner_organization_id),
  };
}

function frozenView(s: FrozenSection) {
  return { ...s, bodyHtml: renderMarkdown(s.body) };
}

async function latestVersion(db: Kysely<Database>, projectId: number) {
  return db
    .selectFrom('outline_versions')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
}

async function draftRevision(db: Kysely<Database>, projectId: number): Promise<number> {
  const row = await db.selectFrom('outlines').select('draft_revision').where('project_id', '=', projectId).executeTakeFirst();
  return row?.draft_revision ?? 0;
}

/** The outline page: the draft tree, the versions with their latest round, what the caller may do. */
export async function getOutline(db: Kysely<Database>, membership: Membership) {
  const { projectId } = membership;
  const sections = await loadDraftSections(db, projectId);
  const revision = await draftRevision(db, projectId);
  const versions = await db
    .selectFrom('outline_versions as v')
    .leftJoin('users as u', 'u.id', 'v.created_by_user_id')
    .select(['v.id', 'v.number', 'v.note', 'v.created_at', 'v.draft_revision', 'u.id as userId', 'u.display_name'])
    .where('v.project_id', '=', projectId)
    .orderBy('v.number', 'desc')
    .execute();
  const rounds = await db
    .selectFrom('approval_rounds')
    .select(['id', 'subject_id', 'state'])
    .where('project_id', '=', projectId)
    .where('subject_kind', '=', 'outline_version')
    .orderBy('id', 'desc')
    .execute();
  const latest = versions[0];
  const draftChanged = latest ? latest.draft_revision !== revision : sections.length > 0;
  return {
    sections: sections.map((s) => sectionView(s, membership)),
    draftRevision: revision,
    versions: versions.map((v) => {
      const round = rounds.find((r) => r.subject_id === v.id);
      return {
        id: v.id,
        number: v.number,
        note: v.note,
        createdAt: v.created_at,
        createdBy: v.userId === null ? null : { id: v.userId, displayName: v.display_name ?? '' },
        latestRound: round ? { id: round.id, state: round.state } : null,
      };
    }),
    latestVersion: latest ? { id: latest.id, number: latest.number } : null,
    draftChangedSinceLatest: draftChanged,
    canEditStructure: membership.role === 'coordinator',
    canPropose: membership.role === 'coordinator' && sections.length > 0 && draftChanged,
  };
}

/** One frozen version, exactly as it was proposed, with its approval rounds. */
export async function getVersion(db: Kysely<Database>, membership: Membership, versionId: number) {
  const version = await findVersion(db, membership.projectId, versionId);
  const creator = version.created_by_user_id
    ? await db.selectFrom('users').select(['id', 'display_name']).where('id', '=', version.created_by_user_id).executeTakeFirst()
    : undefined;
  const rounds = (await listProjectRounds(db, membership, 'outline_version')).filter((r) => r.subject.id === version.id);
  return {
    id: version.id,
    number: version.number,
    note: version.note,
    createdAt: version.created_at,
    createdBy: creator ? { id: creator.id, displayName: creator.display_name } : null,
    sections: versionSections(version).map(frozenView),
    rounds,
  };
}

// ---------------------------------------------------------------------------------------------
// Compare

/** Word-level changes beyond this many edits are shown as "all removed, all added": it stays fast. */
const MAX_WORD_EDITS = 1000;

/** Word-level changes from `before` to `after` (jsdiff's diffWordsWithSpace), as runs. */
export function diffText(before: string, after: string): WordChange[] {
  if (before === after) return before ? [{ op: 'unchanged', text: before }] : [];
  const changes = diffWordsWithSpace(before, after, { maxEditLength: MAX_WORD_EDITS });
  if (!changes) {
    const out: WordChange[] = [];
    if (before) out.push({ op: 'removed', text: before });
    if (after) out.push({ op: 'added', text: after });
    return out;
  }
  return changes.map((c) => ({ op: c.added ? 'added' : c.removed ? 'removed' : 'unchanged', text: c.value }));
}

function sectionDiff(a: FrozenSection | null, b: FrozenSection | null) {
  const side = (s: FrozenSection | null) => (s ? { number: s.number, depth: s.depth, title: s.title, owner: s.owner } : null);
  const ownerChanged = !!a && !!b && (a.owner?.id ?? null) !== (b.owner?.id ?? null);
  const moved = !!a && !!b && a.parentId !== b.parentId;
  const status = !a
    ? 'added'
    : !b
      ? 'removed'
      : a.title !== b.title || a.body !== b.body || ownerChanged || moved
        ? 'changed'
        : 'unchanged';
  return {
    sectionId: (a ?? b)!.id,
    status: status as 'added' | 'removed' | 'changed' | 'unchanged',
    from: side(a),
    to: side(b),
    title: diffText(a?.title ?? '', b?.title ?? ''),
    body: diffText(a?.body ?? '', b?.body ?? ''),
    ownerChanged,
    moved,
  };
}

/**
 * Section-by-section comparison, matched by section id (a retitled section is the same section).
 * Sections appear in the newer side's order; a removed one right after the section it followed.
 */
export function diffSections(from: FrozenSection[], to: FrozenSection[]) {
  const fromById = new Map(from.map((s) => [s.id, s]));
  const toById = new Map(to.map((s) => [s.id, s]));
  const order = to.map((s) => s.id);
  from.forEach((s, i) => {
    if (toById.has(s.id)) return;
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const k = order.indexOf(from[j]!.id);
      if (k >= 0) {
        at = k + 1;
        break;
      }
    }
    order.splice(at, 0, s.id);
  });
  return order.map((id) => sectionDiff(fromById.get(id) ?? null, toById.get(id) ?? null));
}

async function sectionsAt(db: Kysely<Database>, projectId: number, ref: OutlineRef) {
  if (ref === 'draft') {
    const sections = await loadDraftSections(db, projectId);
    return { ref: { kind: 'draft' as const, versionId: null, number: null }, sections: sections.map(freezeSection) };
  }
  const version = await findVersion(db, projectId, ref);
  return { ref: { kind: 'version' as const, versionId: version.id, number: version.number }, sections: versionSections(version) };
}

/** Compares two versions, or a version and the draft, section by section with word-level changes. */
export async function compareOutline(db: Kysely<Database>, membership: Membership, from: OutlineRef, to: OutlineRef) {
  const a = await sectionsAt(db, membership.projectId, from);
  const b = await sectionsAt(db, membership.projectId, to);
  const sections = diffSections(a.sections, b.sections);
  const count = (status: string) => sections.filter((s) => s.status === status).length;
  return {
    from: a.ref,
    to: b.ref,
    sections,
    summary: { added: count('added'), removed: count('removed'), changed: count('changed'), unchanged: count('unchanged') },
  };
}

// ---------------------------------------------------------------------------------------------
// Consensus

/** Per version, newest first: its rounds and which parties approved, plus the newest approved version. */
export async function outlineConsensus(db: Kysely<Database>, membership: Membership) {
  const versions = await db
    .selectFrom('outline_versions')
    .select(['id', 'number', 'note', 'created_at'])
    .where('project_id', '=', membership.projectId)
    .orderBy('number', 'desc')
    .execute();
  const rounds = await listProjectRounds(db, membership, 'outline_version');
  const view = versions.map((v) => {
    const own = rounds.filter((r) => r.subject.id === v.id).reverse();
    return {
      id: v.id,
      number: v.number,
      note: v.note,
      createdAt: v.created_at,
      /** The state of the version's latest round, or null if it was never submitted. */
      state: own[0]?.state ?? null,
      rounds: own.map((r) => ({
        id: r.id,
        state: r.state,
        submittedAt: r.submittedAt,
        closedAt: r.closedAt,
        closeReason: r.closeReason,
        parties: r.parties.map((p) => ({
          organization: p.organization,
          decision: p.current?.decision ?? null,
          decidedAt: p.current?.decidedAt ?? null,
          decidedBy: p.current?.user ?? null,
        })),
      })),
    };
  });
  const approved = view.find((v) => v.rounds.some((r) => r.state === 'approved'));
  const open = rounds.find((r) => r.state === 'open');
  return {
    versions: view,
    approvedVersion: approved ? { id: approved.id, number: approved.number } : null,
    openRound: open ? { id: open.id, versionId: open.subject.id, number: open.subject.revision } : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Draft changes

function staleVersion(current: unknown) {
  return conflict('stale_version', 'The section was changed by someone else. Review the current text and try again.', current);
}

function findSection(sections: DraftSectionRow[], sectionId: number): DraftSectionRow {
  const section = sections.find((s) => s.id === sectionId);
  if (!section) throw notFound('Outline section');
  return section;
}

function findParent(sections: DraftSectionRow[], parentId: number | null): DraftSectionRow | null {
  if (parentId === null) return null;
  const parent = sections.find((s) => s.id === parentId);
  if (!parent) throw notFound('Parent section');
  return parent;
}

async function assertParty(tx: Kysely<Database>, projectId: number, organizationId: number | null) {
  if (organizationId === null) return;
  const party = await tx
    .selectFrom('project_parties')
    .select('id')
    .where('project_id', '=', projectId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!party) {
    const message = 'A section can only be owned by a party of the project';
    throw badRequest('not_a_party', message, { ownerOrganizationId: [message] });
  }
}

function tooDeep(): never {
  const message = `Sections nest at most ${OUTLINE_LIMITS.maxDepth} levels deep`;
  throw badRequest('too_deep', message, { parentId: [message] });
}

/** Moves siblings at or after `from` by `delta`, leaving out `exceptId` (the section being moved). */
async function shiftSiblings(tx: Kysely<Database>, projectId: number, parentId: number | null, from: number, delta: 1 | -1, exceptId = 0) {
  let query = tx
    .updateTable('outline_sections')
    .set((eb) => ({ position: eb('position', '+', delta) }))
    .where('project_id', '=', projectId)
    .where('position', '>=', from)
    .where('id', '!=', exceptId);
  query = parentId === null ? query.where('parent_id', 'is', null) : query.where('parent_id', '=', parentId);
  await query.execute();
}

function siblingCount(sections: DraftSectionRow[], parentId: number | null, exceptId = 0) {
  return sections.filter((s) => s.parent_id === parentId && s.id !== exceptId).length;
}

/** Marks the draft changed and supersedes the open outline round, with why. */
async function draftChanged(tx: Kysely<Database>, action: Action, projectId: number, reason: CloseReason) {
  await lockOutline(tx, projectId, action.at, true);
  await supersedeOpenRounds(tx, action, { projectId, kind: 'outline_version' }, reason);
}

const sectionLabel = (s: { number: string; title: string }) => `${s.number}. ${s.title}`;

async function currentSection(tx: Kysely<Database>, membership: Membership, sectionId: number) {
  return sectionView(findSection(await loadDraftSections(tx, membership.projectId), sectionId), membership);
}

/** Adds a section to the draft (coordinators). Its owner, if any, must be a party. */
export async function addSection(tx: Kysely<Database>, action: Action, membership: Membership, input: OutlineSectionCreateInput) {
  requireRole(membership, ['coordinator'], 'add outline sections');
  const { projectId } = membership;
  await lockOutline(tx, projectId, action.at);
  const sections = await loadDraftSections(tx, projectId);
  if (sections.length >= OUTLINE_LIMITS.maxSections) {
    throw badRequest('too_many_sections', `An outline has at most ${OUTLINE_LIMITS.maxSections} sections`);
  }
  const parent = findParent(sections, input.parentId);
  if (parent && parent.depth + 1 >= OUTLINE_LIMITS.maxDepth) tooDeep();
  await assertParty(tx, projectId, input.ownerOrganizationId);
  const position = Math.min(input.position ?? Number.MAX_SAFE_INTEGER, siblingCount(sections, input.parentId));
  await shiftSiblings(tx, projectId, input.parentId, position, 1);
  const row = await tx
    .insertInto('outline_sections')
    .values({
      project_id: projectId,
      parent_id: input.parentId,
      position,
      title: input.title,
      body: input.body,
      owner_organization_id: input.ownerOrganizationId,
      created_at: action.at,
      updated_at: action.at,
      updated_by_user_id: action.actor?.userId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const after = await currentSection(tx, membership, row.id);
  await draftChanged(tx, action, projectId, { code: 'section_added', detail: sectionLabel(after) });
  await recordAudit(tx, action, {
    projectId,
    action: 'outline_section.created',
    subject: { type: 'outline_section', id: row.id },
    after: { number: after.number, title: after.title, body: after.body, ownerOrganizationId: after.owner?.id ?? null },
  });
  return after;
}

/**
 * Edits a section's title, body and owner. Coordinators edit any section; the owning organization's
 * approvers and members edit its text but may not hand it to someone else. Stale versions are refused.
 */
export async function updateSection(tx: Kysely<Database>, action: Action, membership: Membership, input: OutlineSectionUpdateInput) {
  requireRole(membership, ['coordinator', 'approver', 'member'], 'edit the outline');
  const { projectId } = membership;
  await lockOutline(tx, projectId, action.at);
  const section = findSection(await loadDraftSections(tx, projectId), input.sectionId);
  if (!canEditSection(membership, section.owner_organization_id)) {
    throw forbidden('not_section_owner', 'Only coordinators and the organization that owns this section may edit it');
  }
  const before = sectionView(section, membership);
  if (section.version !== input.version) throw staleVersion(before);
  const ownerChanges = section.owner_organization_id !== input.ownerOrganizationId;
  if (ownerChanges && membership.role !== 'coordinator') {
    throw forbidden('owner_change_not_allowed', 'Only coordinators may change who owns a section');
  }
  if (!ownerChanges && section.title === input.title && section.body === input.body) return before;
  if (ownerChanges) await assertParty(tx, projectId, input.ownerOrganizationId);
  const updated = await tx
    .updateTable('outline_sections')
    .set((eb) => ({
      title: input.title,
      body: input.body,
      owner_organization_id: input.ownerOrganizationId,
      updated_at: action.at,
      updated_by_user_id: action.actor?.userId ?? null,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', section.id)
    .where('version', '=', input.version)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw staleVersion(await currentSection(tx, membership, section.id));
  await draftChanged(tx, action, projectId, { code: 'section_edited', detail: sectionLabel(section) });
  const after = await currentSection(tx, membership, section.id);
  const audited = (s: typeof before) => ({ title: s.title, body: s.body, ownerOrganizationId: s.owner?.id ?? null });
  await recordAudit(tx, action, {
    projectId,
    action: 'outline_section.updated',
    subject: { type: 'outline_section', id: section.id },
    before: audited(before),
    after: audited(after),
  });
  return after;
}

/** Moves a section (with its subsections) under another parent and/or to another position (coordinators). */
export async function moveSection(tx: Kysely<Database>, action: Action, membership: Membership, input: OutlineSectionMoveInput) {
  requireRole(membership, ['coordinator'], 'reorder the outline');
  const { projectId } = membership;
  await lockOutline(tx, projectId, action.at);
  const sections = await loadDraftSections(tx, projectId);
  const section = findSection(sections, input.sectionId);
  const before = sectionView(section, membership);
  if (section.version !== input.version) throw staleVersion(before);
  const parent = findParent(sections, input.parentId);

  // The subtree is the section and every row after it in reading order that is deeper.
  const start = sections.indexOf(section);
  let end = start + 1;
  while (end < sections.length && sections[end]!.depth > section.depth) end++;
  const subtree = sections.slice(start, end);
  if (parent && subtree.includes(parent)) {
    const message = 'A section cannot move under itself';
    throw badRequest('cycle', message, { parentId: [message] });
  }
  const height = Math.max(...subtree.map((s) => s.depth)) - section.depth;
  if ((parent ? parent.depth + 1 : 0) + height >= OUTLINE_LIMITS.maxDepth) tooDeep();

  const position = Math.min(input.position, siblingCount(sections, input.parentId, section.id));
  if (input.parentId === section.parent_id && position === section.position) return before;
  await shiftSiblings(tx, projectId, section.parent_id, section.position + 1, -1, section.id);
  await shiftSiblings(tx, projectId, input.parentId, position, 1, section.id);
  await tx
    .updateTable('outline_sections')
    .set((eb) => ({
      parent_id: input.parentId,
      position,
      updated_at: action.at,
      updated_by_user_id: action.actor?.userId ?? null,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', section.id)
    .execute();
  await draftChanged(tx, action, projectId, { code: 'section_moved', detail: sectionLabel(section) });
  const after = await currentSection(tx, membership, section.id);
  await recordAudit(tx, action, {
    projectId,
    action: 'outline_section.moved',
    subject: { type: 'outline_section', id: section.id },
    before: { number: before.number, parentId: before.parentId, position: before.position },
    after: { number: after.number, parentId: after.parentId, position: after.position },
  });
  return after;
}

/** Removes a section that has no subsections (coordinators); move or remove those first. */
export async function deleteSection(tx: Kysely<Database>, action: Action, membership: Membership, input: OutlineSectionDeleteInput) {
  requireRole(membership, ['coordinator'], 'remove outline sections');
  const { projectId } = membership;
  await lockOutline(tx, projectId, action.at);
  const sections = await loadDraftSections(tx, projectId);
  const section = findSection(sections, input.sectionId);
  const before = sectionView(section, membership);
  if (section.version !== input.version) throw staleVersion(before);
  if (sections.some((s) => s.parent_id === section.id)) {
    throw badRequest('section_has_children', 'Move or remove its subsections first');
  }
  await tx.deleteFrom('outline_sections').where('id', '=', section.id).execute();
  await shiftSiblings(tx, projectId, section.parent_id, section.position + 1, -1);
  await draftChanged(tx, action, projectId, { code: 'section_deleted', detail: sectionLabel(section) });
  await recordAudit(tx, action, {
    projectId,
    action: 'outline_section.deleted',
    subject: { type: 'outline_section', id: section.id },
    before: { number: before.number, title: before.title, body: before.body, ownerOrganizationId: before.owner?.id ?? null },
  });
  return { id: section.id };
}

/**
 * Freezes the draft as the next numbered version and opens an approval round on it (coordinators).
 * Refused when the draft is empty or has not changed since the newest version.
 */
export async function proposeOutline(tx: Kysely<Database>, action: Action, membership: Membership, input: OutlineProposeInput) {
  requireRole(membership, ['coordinator'], 'propose the outline');
  const { projectId } = membership;
  const counters = await lockOutline(tx, projectId, action.at);
  const latest = await latestVersion(tx, projectId);
  if (latest && latest.draft_revision === counters.draftRevision) {
    throw badRequest('no_changes', `The draft has not changed since version ${latest.number}`);
  }
  const sections = (await loadDraftSections(tx, projectId)).map(freezeSection);
  if (sections.length === 0) throw badRequest('empty_outline', 'Add at least one section before proposing the outline');

  const number = counters.lastVersionNumber + 1;
  await tx.updateTable('outlines').set({ last_version_number: number }).where('project_id', '=', projectId).execute();
  const sectionsJson = JSON.stringify(sections);
  const version = await tx
    .insertInto('outline_versions')
    .values({
      project_id: projectId,
      number,
      draft_revision: counters.draftRevision,
      sections_json: sectionsJson,
      note: input.note,
      created_at: action.at,
      created_by_user_id: action.actor?.userId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(tx, action, {
    projectId,
    action: 'outline_version.created',
    subject: { type: 'outline_version', id: version.id },
    // The hash ties the audit chain to the frozen text, so a later edit of the row is detectable.
    after: { number, sections: sections.length, note: input.note, sectionsSha256: createHash('sha256').update(sectionsJson).digest('hex') },
  });
  const round = await submitRound(tx, action, membership, {
    kind: 'outline_version',
    subjectId: version.id,
    requiredOrganizationIds: input.requiredOrganizationIds,
    message: input.note,
  });
  return { version: { id: version.id, number, note: input.note, createdAt: action.at }, round };
}
