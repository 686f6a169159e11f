import { onMount, Show, type JSX, type ParentProps } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { FormMessage } from '~/components/field.tsx';
import { t } from '~/i18n/i18n.ts';
import type { createSubmit } from '~/lib/forms.ts';

type Submit = Pick<ReturnType<typeof createSubmit>, 'onSubmit' | 'message' | 'pending'>;

/**
 * The frame every admin form shares: a titled panel, the server's answer on top, the fields, then
 * submit and (when it can be closed) cancel. The first field named by `focus` takes the focus when
 * the panel opens, so a keyboard user lands where they type.
 */
export default function FormPanel(
  props: ParentProps<{
    id: string;
    title: string;
    /** h3 for a tab's own form, h4 for one inside a section. */
    heading?: 'h3' | 'h4';
    submit: Submit;
    submitLabel: string;
    focus?: string;
    onCancel?: () => void;
  }>,
): JSX.Element {
  let form!: HTMLFormElement;
  onMount(() => {
    if (props.focus) form.querySelector<HTMLElement>(props.focus)?.focus();
  });
  return (
    <form ref={form} class="form form--panel" novalidate onSubmit={(event) => props.submit.onSubmit(event)} aria-labelledby={props.id}>
      <Dynamic component={props.heading ?? 'h3'} id={props.id}>
        {props.title}
      </Dynamic>
      <FormMessage message={props.submit.message()} />
      {props.children}
      <div class="form-actions">
        <button type="submit" class="button button--primary" disabled={props.submit.pending()}>
          {props.submitLabel}
        </button>
        <Show when={props.onCancel}>
          {(cancel) => (
            <button type="button" class="button button--ghost" onClick={() => cancel()()}>
              {t('common.cancel')}
            </button>
          )}
        </Show>
      </div>
    </form>
  );
}

/** The row under a table row that holds that row's open form. */
export function EditRow(props: ParentProps<{ columns: number }>): JSX.Element {
  return (
    <tr class="edit-row">
      <td colspan={props.columns}>{props.children}</td>
    </tr>
  );
}
