import { t } from '~/i18n/i18n.ts';

/** A quiet placeholder while data arrives; announced politely to screen readers. */
export default function Loading() {
  return (
    <p class="loading" role="status">
      <span class="loading-spinner" aria-hidden="true" />
      {t('common.loading')}
    </p>
  );
}
