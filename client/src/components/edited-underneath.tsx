import { Show } from 'solid-js';
import { t } from '~/i18n/i18n.ts';

/** Said above a form whose record someone else saved after the person started typing in it. */
export default function EditedUnderneath(props: { when: boolean }) {
  return (
    <Show when={props.when}>
      <p class="notice notice--warning" role="status">
        {t('live.editedUnderneath')}
      </p>
    </Show>
  );
}
