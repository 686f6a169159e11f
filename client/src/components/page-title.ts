import { createEffect } from 'solid-js';
import { t } from '~/i18n/i18n.ts';

/** Keeps the tab title in step with the page and the language: "Dự án của tôi · LienKet". */
export function usePageTitle(title: () => string | undefined): void {
  createEffect(() => {
    const page = title();
    document.title = page ? `${page} · ${t('app.name')}` : t('app.name');
  });
}
