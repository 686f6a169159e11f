import type { Kysely } from 'kysely';
import type { FrozenSection, OutlineSnapshot } from '../../shared/approval-schemas.ts';
import type { Database, OutlineVersion } from '../db/schema.ts';
import { badRequest, notFound } from '../errors.ts';
import type { ApprovalSubject } from '../approvals/subjects.ts';

// The outline's side of the approval seam, kept free of engine imports so the subject registry
// can import it without a cycle. outline.ts builds the draft editing on top of it.

export type { FrozenSection };

export interface OutlineCounters {
  draftRevision: number;
  lastVersionNumber: number;
}

/**
 * Writes the project's outline row (creating it on first use) and returns its counters. Every draft
 * change and every proposal calls this first, so on PostgreSQL they hold the same row lock and run
 * one after another; `bumpDraft` marks the draft as changed since the last version.
 */
export async function lockOutline(tx: Kysely<Database>, projectId: number, at: string, bumpDraft = false): Promise<OutlineCounters> {
  await tx
    .insertInto('outlines')
    .values({ project_id: projectId, updated_at: at })
    .onConflict((oc) => oc.column('project_id').doNothing())
    .execute();
  const row = await tx
    .updateTable('outlines')
    .set((eb) => ({ draft_revision: eb('draft_revision', '+', bumpDraft ? 1 : 0), ...(bumpDraft ? { updated_at: at } : {}) }))
    .where('project_id', '=', projectId)
    .returning(['draft_revision', 'last_version_number'])
    .executeTakeFirstOrThrow();
  return { draftRevision: row.draft_revision, lastVersionNumber: row.last_version_number };
}

/** Orders sections depth-first by position and numbers them "1", "1.1", "2"… */
export function numberSections<T extends { id: number; parent_id: number | null; position: number }>(
  rows: T[],
): (T & { number: string; depth: number })[] {
  const children = new Map<number | null, T[]>();
  for (const row of rows) {
    const list = children.get(row.parent_id) ?? [];
    list.push(row);
    children.set(row.parent_id, list);
  }
  const out: (T & { number: string; depth: number })[] = [];
  const walk = (parentId: number | null, prefix: string, depth: number) => {
    const list = (children.get(parentId) ?? []).sort((a, b) => a.position - b.position || a.id - b.id);
    list.forEach((row, i) => {
      const number = prefix ? `${prefix}.${i + 1}` : String(i + 1);
      out.push({ ...row, number, depth });
      walk(row.id, number, depth + 1);
    });
  };
  walk(null, '', 0);
  return out;
}

/** The draft as it stands, numbered, in reading order. */
export async function loadDraftSections(db: Kysely<Database>, projectId: number) {
  const rows = await db
    .selectFrom('outline_sections as s')
    .leftJoin('organizations as o', 'o.id', 's.owner_organization_id')
    .selectAll('s')
    .select(['o.code as ownerCode', 'o.name_vi as ownerNameVi', 'o.name_en as ownerNameEn'])
    .where('s.project_id', '=', projectId)
    .execute();
  return numberSections(rows);
}

export type DraftSectionRow = Awaited<ReturnType<typeof loadDraftSections>>[number];

export function freezeSection(s: DraftSectionRow): FrozenSection {
  return {
    id: s.id,
    parentId: s.parent_id,
    position: s.position,
    number: s.number,
    depth: s.depth,
    title: s.title,
    body: s.body,
    owner:
      s.owner_organization_id === null
        ? null
        : { id: s.owner_organization_id, code: s.ownerCode ?? '', nameVi: s.ownerNameVi ?? '', nameEn: s.ownerNameEn ?? '' },
  };
}

export async function findVersion(db: Kysely<Database>, projectId: number, versionId: number): Promise<OutlineVersion> {
  const version = await db
    .selectFrom('outline_versions')
    .selectAll()
    .where('id', '=', versionId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!version) throw notFound('Outline version');
  return version;
}

export function versionSections(version: OutlineVersion): FrozenSection[] {
  return JSON.parse(version.sections_json) as FrozenSection[];
}

/**
 * Outline versions as approval subjects. Only the newest version can be (re)submitted, and only
 * while the draft still equals it: otherwise the parties would approve text already replaced.
 * Draft edits supersede open rounds of every version (see outline.ts).
 */
export const outlineVersionSubject: ApprovalSubject = {
  async load(tx, projectId, versionId) {
    const version = await findVersion(tx, projectId, versionId);
    // The outline row exists once a version does; the timestamp is only for its first creation.
    const counters = await lockOutline(tx, projectId, version.created_at);
    if (version.number !== counters.lastVersionNumber) {
      throw badRequest('not_latest_version', `Version ${version.number} is not the newest version of the outline`);
    }
    if (version.draft_revision !== counters.draftRevision) {
      throw badRequest('draft_changed', `The draft changed after version ${version.number}: propose a new version instead`);
    }
    const snapshot: OutlineSnapshot = { versionId: version.id, number: version.number, note: version.note, sections: versionSections(version) };
    return { revision: version.number, label: `v${version.number}`, snapshot };
  },
};
