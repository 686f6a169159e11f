import { createSignal, For, Show, type JSX } from 'solid-js';
import { t } from '~/i18n/i18n.ts';
import ConfirmButton from './confirm-button.tsx';
import { EditRow } from './form-panel.tsx';

/**
 * A titled list inside the project editor (its parties, its members): an "add" button that opens
 * the form above the table, and per row an edit button that opens the same form under the row,
 * and a remove button that asks first. One row's form is open at a time.
 */
export default function EditableSection<T>(props: {
  id: string;
  title: string;
  empty: string;
  addLabel: string;
  editLabel: string;
  items: T[];
  key: (item: T) => number;
  /** What a screen reader hears after the row's button labels. */
  name: (item: T) => string;
  removeQuestion: (item: T) => string;
  onRemove: (item: T) => Promise<void>;
  /** Column headings, without the actions column. */
  columns: string[];
  /** The row's cells: a `th scope="row"` then its `td`s. */
  cells: (item: T) => JSX.Element;
  rowClass?: (item: T) => Record<string, boolean>;
  /** The add form (no item) or the edit form of an item; `close` after a save or on cancel. */
  form: (item: T | undefined, close: () => void) => JSX.Element;
}): JSX.Element {
  const [editing, setEditing] = createSignal<number>();
  const [adding, setAdding] = createSignal(false);
  const headingId = `${props.id}-heading`;

  return (
    <section class="panel" aria-labelledby={headingId}>
      <div class="tab-toolbar">
        <h3 id={headingId}>
          {props.title} <span class="count">({props.items.length})</span>
        </h3>
        <button type="button" class="button button--secondary button--small" aria-expanded={adding()} onClick={() => setAdding(!adding())}>
          {props.addLabel}
        </button>
      </div>
      <Show when={adding()}>{props.form(undefined, () => setAdding(false))}</Show>
      <Show when={props.items.length > 0} fallback={<p class="muted">{props.empty}</p>}>
        <table class="table table--stack">
          <caption class="visually-hidden">{props.title}</caption>
          <thead>
            <tr>
              <For each={props.columns}>{(label) => <th scope="col">{label}</th>}</For>
              <th scope="col">
                <span class="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.items}>
              {(item) => {
                const key = props.key(item);
                return (
                  <>
                    <tr classList={props.rowClass?.(item) ?? {}}>
                      {props.cells(item)}
                      <td class="row-actions">
                        <button
                          type="button"
                          class="button button--secondary button--small"
                          aria-expanded={editing() === key}
                          onClick={() => setEditing(editing() === key ? undefined : key)}
                        >
                          {props.editLabel}
                          <span class="visually-hidden"> {props.name(item)}</span>
                        </button>
                        <ConfirmButton
                          label={t('common.remove')}
                          confirmLabel={t('common.remove')}
                          question={props.removeQuestion(item)}
                          onConfirm={() => props.onRemove(item)}
                        />
                      </td>
                    </tr>
                    <Show when={editing() === key}>
                      <EditRow columns={props.columns.length + 1}>{props.form(item, () => setEditing(undefined))}</EditRow>
                    </Show>
                  </>
                );
              }}
            </For>
          </tbody>
        </table>
      </Show>
    </section>
  );
}
