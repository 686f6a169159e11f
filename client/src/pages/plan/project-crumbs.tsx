import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { t } from '~/i18n/i18n.ts';

/** Projects › CODE › (page) › current, with the project's own screens one tab away. */
export default function ProjectCrumbs(props: { project: { id: number; code: string }; parent?: { href: string; label: string }; current: string }) {
  return (
    <nav aria-label={t('nav.breadcrumb')} class="breadcrumb">
      <ol>
        <li>
          <A href="/projects">{t('nav.projects')}</A>
        </li>
        <li>
          <A href={`/projects/${props.project.id}`}>{props.project.code}</A>
        </li>
        <Show when={props.parent}>
          {(parent) => (
            <li>
              <A href={parent().href}>{parent().label}</A>
            </li>
          )}
        </Show>
        <li aria-current="page">{props.current}</li>
      </ol>
    </nav>
  );
}
