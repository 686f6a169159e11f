import { createEffect, createSignal, For, on, Show, untrack } from 'solid-js';
import ConflictDialog, { type Conflict } from '~/components/conflict-dialog.tsx';
import { FormMessage, SelectField, TextAreaField, TextField } from '~/components/field.tsx';
import type { ProjectSummary } from '~/components/project-page.tsx';
import { dateTime, t } from '~/i18n/i18n.ts';
import { createSubmit, textOf } from '~/lib/forms.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import ConfirmButton from '~/pages/admin/confirm-button.tsx';
import { createNotice, Notice } from '~/pages/admin/notice.tsx';
import { OwnerBadge, SectionHeading } from './outline-sections.tsx';
import type { Consensus, OutlineData } from './outline.tsx';

type Section = OutlineData['sections'][number];

/**
 * The draft: every section with its rendered body. Section owners and coordinators edit text;
 * coordinators also add, move and remove sections. Every change supersedes an open round, so
 * the editor says so before saving.
 */
export default function OutlineDraft(props: { project: ProjectSummary; outline: OutlineData; consensus: Consensus; onChanged: () => Promise<void> }) {
  const notice = createNotice();
  const [editingId, setEditingId] = createSignal<number>();
  const [adding, setAdding] = createSignal(false);
  const ownerOptions = () => props.project.parties.map((p) => ({ value: String(p.organization.id), label: p.organization.code }));
  const siblings = (s: Section) => props.outline.sections.filter((x) => x.parentId === s.parentId);

  /** Runs one change; on success reloads and says what happened, on refusal says why (CONFLICT reloads too). */
  async function change(run: () => Promise<unknown>, success: string) {
    const superseding = props.consensus.openRound;
    try {
      await run();
      await props.onChanged();
      notice.success(superseding ? `${success} ${t('outline.roundSuperseded', { number: superseding.number })}` : success);
    } catch (error) {
      const described = describeError(error);
      notice.error(described.message);
      if (described.code === 'CONFLICT' || described.code === 'NOT_FOUND') await props.onChanged();
    }
  }

  const move = (s: Section, parentId: number | null, position: number) =>
    change(() => trpc.outline.moveSection.mutate({ projectId: props.project.id, sectionId: s.id, version: s.version, parentId, position }), t('outline.moved', { title: s.title }));

  function indent(s: Section) {
    const previous = siblings(s).find((x) => x.position === s.position - 1);
    if (!previous) return;
    const children = props.outline.sections.filter((x) => x.parentId === previous.id).length;
    void move(s, previous.id, children);
  }

  function outdent(s: Section) {
    const parent = props.outline.sections.find((x) => x.id === s.parentId);
    if (!parent) return;
    void move(s, parent.parentId, parent.position + 1);
  }

  return (
    <section aria-labelledby="draft-title">
      <div class="tab-toolbar">
        <h2 id="draft-title">{t('outline.draftTitle')}</h2>
        <Show when={props.outline.canEditStructure}>
          <button type="button" class="button button--primary" aria-expanded={adding()} onClick={() => setAdding(!adding())}>
            {t('outline.addSection')}
          </button>
        </Show>
      </div>
      <Show when={props.consensus.openRound}>
        {(open) => (
          <Show when={props.outline.sections.some((s) => s.canEdit)}>
            <p class="notice notice--warning">{t('outline.editSupersedes', { number: open().number })}</p>
          </Show>
        )}
      </Show>
      <Notice notice={notice.notice()} onDismiss={notice.clear} />
      <Show when={adding()}>
        <SectionForm
          project={props.project}
          sections={props.outline.sections}
          ownerOptions={ownerOptions()}
          canChangeOwner
          onCancel={() => setAdding(false)}
          send={(input) => trpc.outline.addSection.mutate({ projectId: props.project.id, ...input })}
          onSaved={async (title) => {
            setAdding(false);
            await props.onChanged();
            notice.success(t('outline.added', { title }));
          }}
        />
      </Show>
      <Show when={props.outline.sections.length > 0} fallback={<p class="empty-state">{t('outline.emptyDraft')}</p>}>
        <ol class="outline-sections" role="list">
          <For each={props.outline.sections}>
            {(section) => (
              <li class={`outline-section outline-section--depth-${Math.min(section.depth, 3)}`}>
                <Show
                  when={editingId() === section.id}
                  fallback={
                    <>
                      <div class="outline-section-head">
                        <SectionHeading section={section} level={3} id={`section-${section.id}`} />
                        <OwnerBadge owner={section.owner} />
                      </div>
                      <div class="markdown" innerHTML={section.bodyHtml} />
                      <p class="section-updated muted">{t('outline.updatedAt', { time: dateTime(section.updatedAt) })}</p>
                      <Show when={section.canEdit || props.outline.canEditStructure}>
                        <div class="actions section-actions" role="group" aria-labelledby={`section-${section.id}`}>
                          <Show when={section.canEdit}>
                            <button type="button" class="button button--small" onClick={() => setEditingId(section.id)}>
                              {t('common.edit')}
                              <span class="visually-hidden"> {section.number}. {section.title}</span>
                            </button>
                          </Show>
                          <Show when={props.outline.canEditStructure}>
                            <button type="button" class="button button--small button--ghost" disabled={section.position === 0} onClick={() => void move(section, section.parentId, section.position - 1)}>
                              <span aria-hidden="true">↑ </span>
                              {t('outline.moveUp')}
                            </button>
                            <button
                              type="button"
                              class="button button--small button--ghost"
                              disabled={section.position >= siblings(section).length - 1}
                              onClick={() => void move(section, section.parentId, section.position + 1)}
                            >
                              <span aria-hidden="true">↓ </span>
                              {t('outline.moveDown')}
                            </button>
                            <button type="button" class="button button--small button--ghost" disabled={section.position === 0} onClick={() => indent(section)}>
                              <span aria-hidden="true">→ </span>
                              {t('outline.indent')}
                            </button>
                            <button type="button" class="button button--small button--ghost" disabled={section.parentId === null} onClick={() => outdent(section)}>
                              <span aria-hidden="true">← </span>
                              {t('outline.outdent')}
                            </button>
                            <ConfirmButton
                              label={t('common.remove')}
                              confirmLabel={t('outline.removeConfirm')}
                              question={t('outline.removeQuestion', { number: section.number })}
                              onConfirm={() =>
                                change(
                                  () => trpc.outline.deleteSection.mutate({ projectId: props.project.id, sectionId: section.id, version: section.version }),
                                  t('outline.removed', { title: section.title }),
                                )
                              }
                            />
                          </Show>
                        </div>
                      </Show>
                    </>
                  }
                >
                  <SectionForm
                    project={props.project}
                    section={section}
                    sections={props.outline.sections}
                    ownerOptions={ownerOptions()}
                    canChangeOwner={props.outline.canEditStructure}
                    onCancel={() => setEditingId(undefined)}
                    send={(input, version) =>
                      trpc.outline.updateSection.mutate({
                        projectId: props.project.id,
                        sectionId: section.id,
                        version: version ?? section.version,
                        title: input.title,
                        body: input.body,
                        ownerOrganizationId: props.outline.canEditStructure ? input.ownerOrganizationId : (section.owner?.id ?? null),
                      })
                    }
                    onSaved={async (title) => {
                      const superseding = props.consensus.openRound;
                      setEditingId(undefined);
                      await props.onChanged();
                      const saved = t('outline.saved', { title });
                      notice.success(superseding ? `${saved} ${t('outline.roundSuperseded', { number: superseding.number })}` : saved);
                    }}
                    onTheirs={async () => {
                      setEditingId(undefined);
                      await props.onChanged();
                      notice.success(t('conflict.reloaded'));
                    }}
                  />
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}

interface SectionInput {
  title: string;
  body: string;
  ownerOrganizationId: number | null;
  parentId: number | null;
}

/** Title, Markdown body, owner (coordinators) and, for a new section, where it goes. */
function SectionForm(props: {
  project: ProjectSummary;
  section?: Section;
  sections: Section[];
  ownerOptions: { value: string; label: string }[];
  canChangeOwner: boolean;
  /** `version`: the section's version this person's text is based on (edits only). */
  send: (input: SectionInput, version?: number) => Promise<unknown>;
  onSaved: (title: string) => Promise<void>;
  onCancel: () => void;
  /** The person chose the other person's text in the conflict dialog. */
  onTheirs?: () => Promise<void>;
}) {
  // The form starts from the section as it was when it opened and never follows it by itself: a
  // partner's edit arriving live must not overwrite what this person is typing. The version it is
  // based on goes with the save, so the server answers CONFLICT and the dialog lets them choose.
  const opened = untrack(() => ({
    title: props.section?.title ?? '',
    body: props.section?.body ?? '',
    owner: props.section?.owner ? String(props.section.owner.id) : '',
    parents: props.sections.filter((s) => s.depth < 3).map((s) => ({ value: String(s.id), label: `${s.number}. ${s.title}` })),
    owners: props.ownerOptions,
  }));
  const [baseVersion, setBaseVersion] = createSignal(untrack(() => props.section?.version));
  const [conflict, setConflict] = createSignal<Conflict>();
  let formEl: HTMLFormElement | undefined;

  const valuesOf = (data: FormData): SectionInput => {
    const owner = textOf(data, 'ownerOrganizationId');
    const parent = textOf(data, 'parentId');
    return {
      title: textOf(data, 'title').trim(),
      body: textOf(data, 'body'),
      ownerOrganizationId: owner ? Number(owner) : null,
      parentId: parent ? Number(parent) : null,
    };
  };
  const untouched = () => {
    if (!formEl) return true;
    const now = valuesOf(new FormData(formEl));
    return now.title === opened.title.trim() && now.body === opened.body && String(now.ownerOrganizationId ?? '') === opened.owner;
  };
  const changedUnderneath = () => props.section !== undefined && baseVersion() !== undefined && props.section.version !== baseVersion();

  // Someone else saved this section while the form is open. Nothing typed yet: simply take their
  // text. Something typed: keep it, and say that the save will meet their change.
  createEffect(
    on(
      () => props.section?.version,
      () => {
        const section = props.section;
        if (!section || !formEl || !changedUnderneath() || !untouched()) return;
        const set = (name: string, value: string) => {
          const control = formEl!.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null;
          if (control) control.value = value;
        };
        set('title', section.title);
        set('body', section.body);
        set('ownerOrganizationId', section.owner ? String(section.owner.id) : '');
        Object.assign(opened, { title: section.title, body: section.body, owner: section.owner ? String(section.owner.id) : '' });
        setBaseVersion(section.version);
      },
      { defer: true },
    ),
  );

  const ownerCode = (id: number | null) => props.project.parties.find((p) => p.organization.id === id)?.organization.code ?? '';
  const form = createSubmit({
    send: async (data) => {
      const input = valuesOf(data);
      try {
        return await props.send(input, baseVersion());
      } catch (error) {
        const described = describeError(error);
        const current = described.current as (Section & { version: number }) | undefined;
        if (described.code !== 'CONFLICT' || !current || !props.section) throw error;
        const ownerId = props.canChangeOwner ? input.ownerOrganizationId : (current.owner?.id ?? null);
        setConflict({
          fields: [
            { label: t('outline.sectionTitle'), mine: input.title, theirs: current.title },
            { label: t('outline.sectionBody'), mine: input.body, theirs: current.body },
            { label: t('outline.owner'), mine: ownerCode(ownerId), theirs: current.owner?.code ?? '' },
          ],
          keepMine: async () => {
            await props.send(input, current.version);
            await props.onSaved(input.title);
          },
          takeTheirs: () => void props.onTheirs?.(),
        });
        return 'conflict' as const;
      }
    },
    onDone: (result, el) => {
      if (result !== 'conflict') void props.onSaved(textOf(new FormData(el), 'title').trim());
    },
  });
  const heading = () => (props.section ? t('outline.editTitle', { number: props.section.number }) : t('outline.addSection'));
  return (
    <form ref={formEl} class="form form--panel section-form" aria-label={heading()} onSubmit={form.onSubmit} novalidate>
      <h3>{heading()}</h3>
      <Show when={changedUnderneath()}>
        <p class="notice notice--warning" role="status">
          {t('live.editedUnderneath')}
        </p>
      </Show>
      <TextField label={t('outline.sectionTitle')} name="title" required maxLength={300} value={opened.title} error={form.fieldErrors().title} />
      <TextAreaField label={t('outline.sectionBody')} name="body" rows={8} maxLength={20000} hint={t('outline.bodyHint')} value={opened.body} error={form.fieldErrors().body} />
      <Show when={props.canChangeOwner}>
        <SelectField
          label={t('outline.owner')}
          name="ownerOrganizationId"
          options={opened.owners}
          placeholder={t('outline.noOwner')}
          value={opened.owner}
          error={form.fieldErrors().ownerOrganizationId}
        />
      </Show>
      <Show when={!props.section}>
        <SelectField label={t('outline.parent')} name="parentId" options={opened.parents} placeholder={t('outline.topLevel')} value="" error={form.fieldErrors().parentId} />
      </Show>
      <FormMessage message={form.message()} />
      <div class="form-actions">
        <button type="submit" class="button button--primary" disabled={form.pending()}>
          {t('common.save')}
        </button>
        <button type="button" class="button button--ghost" onClick={() => props.onCancel()}>
          {t('common.cancel')}
        </button>
      </div>
      <ConflictDialog conflict={conflict()} onClose={() => setConflict(undefined)} />
    </form>
  );
}
