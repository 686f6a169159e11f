import { createEffect, createSignal, on, type JSX } from 'solid-js';
import ConflictDialog, { type Conflict, type ConflictField } from '~/components/conflict-dialog.tsx';
import { FormMessage } from '~/components/field.tsx';
import { t } from '~/i18n/i18n.ts';
import { createSubmit } from '~/lib/forms.ts';

/**
 * A form that creates or edits one versioned record (a funding source, a disbursement): the usual
 * checked submit, and when the record was changed by someone else since the form opened, a
 * conflict to show both versions and save this person's values again against the current one.
 */
export function createRecordForm<Values, Current extends { version: number }>(options: {
  /** The form's values, or the problems to show beside its fields. */
  read: (data: FormData) => { values: Values } | { errors: Record<string, string> };
  /** Creates the record when `version` is null, else updates that version of it. */
  save: (values: Values, version: number | null) => Promise<unknown>;
  version: number | null;
  conflictFields: (mine: Values, theirs: Current) => ConflictField[];
  onSaved: () => Promise<void>;
  /** The person drops their values: show the current record. */
  onTheirs: () => void;
}) {
  const [conflict, setConflict] = createSignal<Conflict>();
  let sent: Values | undefined;
  const form = createSubmit({
    check: (data) => {
      const read = options.read(data);
      return 'errors' in read ? read.errors : {};
    },
    send: (data) => {
      sent = (options.read(data) as { values: Values }).values;
      return options.save(sent, options.version);
    },
    onDone: () => void options.onSaved(),
    onFailed: (error) => {
      if (error.reason !== 'stale_version' || !error.current || sent === undefined) return;
      const [mine, theirs] = [sent, error.current as Current];
      setConflict({
        fields: options.conflictFields(mine, theirs),
        keepMine: async () => {
          await options.save(mine, theirs.version);
          await options.onSaved();
        },
        takeTheirs: options.onTheirs,
      });
    },
  });
  return { form, conflict, closeConflict: () => setConflict(undefined) };
}

/**
 * The frame of such a form: its title, fields, message, Save (or `submitLabel`) and Cancel, and its
 * conflict dialog. Escape cancels, unless the dialog is open (Escape is then the dialog's).
 */
export function RecordForm(props: {
  record: ReturnType<typeof createRecordForm>;
  class: string;
  title: string;
  submitLabel?: string;
  onCancel: () => void;
  children: JSX.Element;
}) {
  const form = () => props.record.form;
  return (
    <form class={`form form--panel ${props.class}`} novalidate onSubmit={(e) => form().onSubmit(e)} onKeyDown={(e) => e.key === 'Escape' && !props.record.conflict() && props.onCancel()}>
      <h3>{props.title}</h3>
      {props.children}
      <FormMessage message={form().message()} />
      <div class="form-actions">
        <button type="submit" class="button button--primary" disabled={form().pending()}>
          {props.submitLabel ?? t('common.save')}
        </button>
        <button type="button" class="button button--secondary" onClick={() => props.onCancel()}>
          {t('common.cancel')}
        </button>
      </div>
      <ConflictDialog conflict={props.record.conflict()} onClose={props.record.closeConflict} />
    </form>
  );
}

/**
 * A record's Edit and Delete buttons in its table row, named after it for screen readers. When the
 * record's form (`open`) closes, focus comes back to Edit, where the keyboard user left.
 */
export function EditDeleteButtons(props: { editLabel: string; deleteLabel: string; open: boolean; onEdit: () => void; onDelete: () => void }) {
  let edit: HTMLButtonElement | undefined;
  createEffect(on(() => props.open, (open, wasOpen) => wasOpen && !open && edit?.focus(), { defer: true }));
  return (
    <div class="row-buttons">
      <button type="button" class="button button--secondary button--small" ref={edit} aria-expanded={props.open} aria-label={props.editLabel} onClick={() => props.onEdit()}>
        {t('common.edit')}
      </button>
      <button type="button" class="button button--ghost button--small" aria-label={props.deleteLabel} onClick={() => props.onDelete()}>
        {t('funding.delete')}
      </button>
    </div>
  );
}
