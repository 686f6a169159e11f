import { createEffect, createSignal, For, Show } from 'solid-js';
import { t } from '~/i18n/i18n.ts';
import { describeError } from '~/lib/trpc.ts';
import './conflict-dialog.css';

/** One field of a record as this person wanted it and as it is now on the server. */
export interface ConflictField {
  label: string;
  mine: string;
  theirs: string;
}

export interface Conflict {
  fields: ConflictField[];
  /** Sends this person's values again, against the version that is current now. */
  keepMine: () => Promise<unknown>;
  /** Drops this person's values and shows the current ones. */
  takeTheirs: () => void;
}

/**
 * Someone else saved first: a modal that shows both versions of each field side by side and lets
 * the person choose. Nothing is overwritten until they do; Escape leaves the choice for later.
 */
export default function ConflictDialog(props: { conflict: Conflict | undefined; onClose: () => void }) {
  let dialog: HTMLDialogElement | undefined;
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();

  createEffect(() => {
    if (!dialog) return;
    if (props.conflict && !dialog.open) {
      setError(undefined);
      dialog.showModal();
    } else if (!props.conflict && dialog.open) dialog.close();
  });

  async function keepMine() {
    const conflict = props.conflict;
    if (!conflict || busy()) return;
    setBusy(true);
    setError(undefined);
    try {
      await conflict.keepMine();
      props.onClose();
    } catch (failure) {
      setError(describeError(failure).message);
    } finally {
      setBusy(false);
    }
  }

  function takeTheirs() {
    props.conflict?.takeTheirs();
    props.onClose();
  }

  return (
    <dialog ref={dialog} class="dialog conflict-dialog" aria-labelledby="conflict-title" aria-describedby="conflict-intro" onClose={() => props.onClose()}>
      <h2 id="conflict-title">{t('conflict.title')}</h2>
      <p id="conflict-intro">{t('conflict.intro')}</p>
      <div class="table-scroll">
        <table class="table table--stack conflict-table">
          <caption class="visually-hidden">{t('conflict.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('conflict.field')}</th>
              <th scope="col">{t('conflict.mine')}</th>
              <th scope="col">{t('conflict.theirs')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.conflict?.fields ?? []}>
              {(field) => (
                <tr classList={{ 'conflict-row--differs': field.mine !== field.theirs }}>
                  <th scope="row">{field.label}</th>
                  <td data-label={t('conflict.mine')}>{field.mine || '—'}</td>
                  <td data-label={t('conflict.theirs')}>
                    {field.theirs || '—'}
                    <Show when={field.mine !== field.theirs}>
                      <span class="visually-hidden"> ({t('conflict.differs')})</span>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <div class="form-message" classList={{ 'form-message--shown': !!error() }} role="alert">
        {error()}
      </div>
      <div class="form-actions">
        <button type="button" class="button button--primary" disabled={busy()} onClick={keepMine}>
          {t('conflict.keepMine')}
        </button>
        <button type="button" class="button button--secondary" disabled={busy()} onClick={takeTheirs}>
          {t('conflict.takeTheirs')}
        </button>
      </div>
    </dialog>
  );
}
