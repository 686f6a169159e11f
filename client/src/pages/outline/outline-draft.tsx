import { createEffect, createSignal, For, on, onMount, Show, untrack } from 'solid-js';
import ConflictDialog, { type Conflict } from '~/components/conflict-dialog.tsx';
import EditedUnderneath from '~/components/edited-underneath.tsx';
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

/** What an open edit form holds: title, body and owner as the person has them right now. */
interface DraftValues {
  title: string;
  body: string;
  ownerOrganizationId: number | null;
}

/** The edit form that is open: the section as it was when it opened, and what is in the form now. */
interface OpenDraft {
  section: { id: number; number: string; title: string };
  opened: DraftValues;
  current: DraftValues;
}

/** Text kept after its section was removed by someone else, until the person saves or discards it. */
interface KeptDraft {
  key: number;
  section: { number: string; title: string };
  values: DraftValues;
}

/**
 * The draft: every section with its rendered body. Section owners and coordinators edit text;
 * coordinators also add, move and remove sections. Every change supersedes an open round, so
 * the editor says so before saving.
 */
export default function OutlineDraft(props: { project: ProjectSummary; outline: OutlineData; consensus: Consensus; onChanged: () => Promise<void> }) {
  const notice = createNotice();
  const [editingId, setEditingId] = createSignal<number>();
  const [draft, setDraft] = createSignal<OpenDraft>();
  // A list: a second removal while the first kept draft waits must not replace it.
  const [kept, setKept] = createSignal<KeptDraft[]>([]);
  let keptCount = 0;
  const dropKept = (draftKept: KeptDraft) => setKept((all) => all.filter((k) => k !== draftKept));
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

  function openEditor(section: Section) {
    const values = { title: section.title, body: section.body, ownerOrganizationId: section.owner?.id ?? null };
    setDraft({ section: { id: section.id, number: section.number, title: section.title }, opened: values, current: values });
    setEditingId(section.id);
  }

  function closeEditor() {
    setEditingId(undefined);
    setDraft(undefined);
  }

  /** Only what this person may change counts as typed: the owner select is there for coordinators only. */
  const typed = (open: OpenDraft, values: DraftValues) =>
    values.title.trim() !== open.opened.title.trim() ||
    values.body !== open.opened.body ||
    (props.outline.canEditStructure && values.ownerOrganizationId !== open.opened.ownerOrganizationId);

  /**
   * The section being edited is gone (a coordinator removed it). Nothing typed: close the form and
   * say so. Something typed: keep it in a panel where it can be saved as a new section or copied.
   */
  function editedSectionRemoved(open: OpenDraft, values: DraftValues) {
    closeEditor();
    const label = { number: open.section.number, title: open.section.title };
    if (typed(open, values)) {
      setKept((all) => [{ key: ++keptCount, section: label, values }, ...all]);
    } else {
      notice.info(t('outline.removedWhileOpen', label));
    }
  }

  // A live refresh that no longer has the section being edited: its <For> item, and the form in it,
  // are gone; the draft is not, since it lives here.
  // While it is there, the section's number and title follow it, to name it as last seen.
  createEffect(() => {
    const open = draft();
    if (!open) return;
    const live = props.outline.sections.find((s) => s.id === open.section.id);
    if (!live) untrack(() => editedSectionRemoved(open, open.current));
    else if (live.number !== open.section.number || live.title !== open.section.title) {
      setDraft({ ...open, section: { id: live.id, number: live.number, title: live.title } });
    }
  });

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
      <For each={kept()}>
        {(draftKept) => (
          <KeptDraftPanel
            project={props.project}
            kept={draftKept}
            sections={props.outline.sections}
            ownerOptions={ownerOptions()}
            canAddSections={props.outline.canEditStructure}
            onDiscard={() => dropKept(draftKept)}
            onSaved={async (title) => {
              dropKept(draftKept);
              await props.onChanged();
              notice.success(t('outline.added', { title }));
            }}
          />
        )}
      </For>
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
                            <button type="button" class="button button--small" onClick={() => openEditor(section)}>
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
                    onCancel={closeEditor}
                    onInput={(values) => setDraft((open) => (open && open.section.id === section.id ? { ...open, current: values } : open))}
                    onGone={(values) => {
                      // The refresh may have come first and already kept (or dropped) this draft.
                      const open = draft();
                      if (open?.section.id === section.id) editedSectionRemoved(open, values);
                      void props.onChanged();
                    }}
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
                      closeEditor();
                      await props.onChanged();
                      const saved = t('outline.saved', { title });
                      notice.success(superseding ? `${saved} ${t('outline.roundSuperseded', { number: superseding.number })}` : saved);
                    }}
                    onTheirs={async () => {
                      closeEditor();
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

/**
 * Text whose section someone else removed while it was being written. Coordinators may save it as
 * a new section; others cannot add sections, so they get the text to copy.
 */
function KeptDraftPanel(props: {
  project: ProjectSummary;
  kept: KeptDraft;
  sections: Section[];
  ownerOptions: { value: string; label: string }[];
  canAddSections: boolean;
  onDiscard: () => void;
  onSaved: (title: string) => Promise<void>;
}) {
  const [copied, setCopied] = createSignal(false);
  let headingEl: HTMLHeadingElement | undefined;
  let textEl: HTMLTextAreaElement | undefined;
  const text = () => [props.kept.values.title, props.kept.values.body].filter((part) => part.trim() !== '').join('\n\n');
  // Focus was in the form that went away: bring the person to their text, wherever they were.
  onMount(() => headingEl?.focus());

  async function copy() {
    try {
      await navigator.clipboard.writeText(text());
      setCopied(true);
    } catch {
      // No clipboard (permission, insecure page): the text is selected, ready for Ctrl+C.
      textEl?.focus();
      textEl?.select();
    }
  }

  return (
    <section class="notice notice--warning kept-draft" aria-labelledby={`kept-draft-${props.kept.key}`}>
      <h3 id={`kept-draft-${props.kept.key}`} ref={headingEl} tabindex="-1">
        {t('outline.keptTitle')}
      </h3>
      <p role="alert">{t('outline.keptExplain', { number: props.kept.section.number, title: props.kept.section.title })}</p>
      <Show
        when={props.canAddSections}
        fallback={
          <>
            <p>{t('outline.keptCopyHint')}</p>
            <TextAreaField
              ref={textEl}
              label={t('outline.keptText')}
              name="keptText"
              rows={8}
              readonly
              value={text()}
              onFocus={(event) => event.currentTarget.select()}
            />
            <div class="form-actions">
              <button type="button" class="button button--primary" onClick={() => void copy()}>
                {t('outline.keptCopy')}
              </button>
              <button type="button" class="button button--ghost" onClick={() => props.onDiscard()}>
                {t('outline.keptDiscard')}
              </button>
            </div>
            <p class="live-region" role="status">
              {copied() ? t('outline.keptCopied') : ''}
            </p>
          </>
        }
      >
        <p>{t('outline.keptSaveHint')}</p>
        <SectionForm
          project={props.project}
          sections={props.sections}
          ownerOptions={props.ownerOptions}
          canChangeOwner
          initial={props.kept.values}
          heading={t('outline.keptSaveTitle')}
          saveLabel={t('outline.keptSaveAsNew')}
          cancelLabel={t('outline.keptDiscard')}
          onCancel={() => props.onDiscard()}
          send={(input) => trpc.outline.addSection.mutate({ projectId: props.project.id, ...input })}
          onSaved={props.onSaved}
        />
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
  /** What the form holds, after each change the person makes. */
  onInput?: (values: DraftValues) => void;
  /** The save found the section removed (NOT_FOUND): the form hands over what it held. */
  onGone?: (values: DraftValues) => void;
  /** A new section's starting values (a kept draft), instead of empty fields. */
  initial?: DraftValues;
  heading?: string;
  saveLabel?: string;
  cancelLabel?: string;
}) {
  // The form starts from the section as it was when it opened and never follows it by itself: a
  // partner's edit arriving live must not overwrite what this person is typing. The version it is
  // based on goes with the save, so the server answers CONFLICT and the dialog lets them choose.
  const opened = untrack(() => ({
    title: props.section?.title ?? props.initial?.title ?? '',
    body: props.section?.body ?? props.initial?.body ?? '',
    owner: props.section?.owner ? String(props.section.owner.id) : String(props.initial?.ownerOrganizationId ?? ''),
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

  const gone = (error: unknown) => props.onGone !== undefined && describeError(error).code === 'NOT_FOUND';
  const ownerCode = (id: number | null) => props.project.parties.find((p) => p.organization.id === id)?.organization.code ?? '';
  const form = createSubmit({
    send: async (data) => {
      const input = valuesOf(data);
      try {
        return await props.send(input, baseVersion());
      } catch (error) {
        if (gone(error)) {
          props.onGone?.(input);
          return 'gone' as const;
        }
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
            try {
              await props.send(input, current.version);
            } catch (error) {
              if (!gone(error)) throw error;
              props.onGone?.(input);
              return;
            }
            await props.onSaved(input.title);
          },
          takeTheirs: () => void props.onTheirs?.(),
        });
        return 'conflict' as const;
      }
    },
    onDone: (result, el) => {
      if (result !== 'conflict' && result !== 'gone') void props.onSaved(textOf(new FormData(el), 'title').trim());
    },
  });
  const heading = () => props.heading ?? (props.section ? t('outline.editTitle', { number: props.section.number }) : t('outline.addSection'));
  return (
    <form
      ref={formEl}
      class="form form--panel section-form"
      aria-label={heading()}
      onSubmit={form.onSubmit}
      onInput={() => formEl && props.onInput?.(valuesOf(new FormData(formEl)))}
      novalidate
    >
      <h3>{heading()}</h3>
      <EditedUnderneath when={changedUnderneath()} />
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
          {props.saveLabel ?? t('common.save')}
        </button>
        <button type="button" class="button button--ghost" onClick={() => props.onCancel()}>
          {props.cancelLabel ?? t('common.cancel')}
        </button>
      </div>
      <ConflictDialog conflict={conflict()} onClose={() => setConflict(undefined)} />
    </form>
  );
}
