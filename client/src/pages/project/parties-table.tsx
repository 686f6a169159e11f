import { For, Show } from 'solid-js';
import { pick, pickLang, t } from '~/i18n/i18n.ts';
import type { Overview } from './project-overview.tsx';

/** The organizations in the project and what each one does in it, in the current language. */
export default function PartiesTable(props: { parties: Overview['parties'] }) {
  return (
    <Show when={props.parties.length > 0} fallback={<p class="muted">{t('project.noParties')}</p>}>
      <table class="table table--stack">
        <caption class="visually-hidden">{t('project.parties')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('org.code')}</th>
            <th scope="col">{t('org.name')}</th>
            <th scope="col">{t('project.part')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.parties}>
            {(party) => (
              <tr>
                <th scope="row" data-label={t('org.code')} class="code">
                  {party.organization.code}
                </th>
                <td data-label={t('org.name')} lang={pickLang(party.organization.nameVi, party.organization.nameEn)}>
                  {pick(party.organization.nameVi, party.organization.nameEn)}
                </td>
                <td data-label={t('project.part')} lang={pickLang(party.partVi, party.partEn)}>
                  {pick(party.partVi, party.partEn) || '—'}
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </Show>
  );
}
