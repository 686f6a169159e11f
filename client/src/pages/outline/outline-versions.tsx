import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { FormMessage, TextAreaField } from '~/components/field.tsx';
import type { ProjectSummary } from '~/components/project-page.tsx';
import { dateTime, t } from '~/i18n/i18n.ts';
import { createSubmit, textOf } from '~/lib/forms.ts';
import { trpc } from '~/lib/trpc.ts';
import { createNotice, Notice } from '~/pages/admin/notice.tsx';
import { RoundStateBadge } from '~/pages/approvals/approval-words.tsx';
import type { Consensus, OutlineData } from './outline.tsx';

/** The frozen versions, newest first, with their round's state; coordinators propose the draft as the next one. */
export default function OutlineVersions(props: { project: ProjectSummary; outline: OutlineData; consensus: Consensus; onChanged: () => Promise<void> }) {
  const notice = createNotice();
  const nextNumber = () => (props.outline.latestVersion?.number ?? 0) + 1;
  const base = () => `/projects/${props.project.id}`;
  const propose = createSubmit({
    send: (data) => trpc.outline.propose.mutate({ projectId: props.project.id, note: textOf(data, 'note').trim() }),
    onDone: (result, form) => {
      form.reset();
      void props.onChanged().then(() => notice.success(t('outline.proposed', { number: result.version.number })));
    },
  });
  return (
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">{t('outline.versionsTitle')}</h2>
      <Notice notice={notice.notice()} onDismiss={notice.clear} />
      <Show when={props.outline.canPropose}>
        <form class="form form--panel" aria-labelledby="propose-title" onSubmit={propose.onSubmit} novalidate>
          <h3 id="propose-title">{t('outline.proposeTitle', { number: nextNumber() })}</h3>
          <p class="muted">{t('outline.proposeExplain')}</p>
          <TextAreaField label={t('outline.note')} name="note" maxLength={2000} rows={3} error={propose.fieldErrors().note} />
          <FormMessage message={propose.message()} />
          <div class="form-actions">
            <button type="submit" class="button button--primary" disabled={propose.pending()}>
              {t('outline.propose', { number: nextNumber() })}
            </button>
          </div>
        </form>
      </Show>
      <Show when={props.outline.canEditStructure && !props.outline.canPropose && props.outline.latestVersion}>
        {(latest) => <p class="muted">{t('outline.nothingToPropose', { number: latest().number })}</p>}
      </Show>
      <Show when={props.outline.versions.length > 0} fallback={<p class="empty-state">{t('outline.noVersions')}</p>}>
        <ol class="version-list" role="list">
          <For each={props.outline.versions}>
            {(version, i) => {
              const previous = () => props.outline.versions[i() + 1];
              return (
                <li class="card version-card">
                  <div class="card-meta">
                    <h3 class="version-number">{t('outline.versionNumber', { number: version.number })}</h3>
                    <Show when={version.latestRound} fallback={<span class="badge badge--muted">{t('outline.notSubmitted')}</span>}>
                      {(round) => <RoundStateBadge state={round().state} />}
                    </Show>
                  </div>
                  <p class="muted">
                    <Show when={version.createdBy} fallback={dateTime(version.createdAt)}>
                      {(person) => t('outline.createdByAt', { name: person().displayName, time: dateTime(version.createdAt) })}
                    </Show>
                  </p>
                  <Show when={version.note}>
                    <p class="version-note">{version.note}</p>
                  </Show>
                  <p class="actions">
                    <A href={`${base()}/approvals/outline_version/${version.id}`} class="button button--small">
                      {t('outline.viewApprovals')}
                    </A>
                    <Show when={previous()}>
                      {(prev) => (
                        <A href={`${base()}/outline?tab=compare&from=${prev().id}&to=${version.id}`} class="button button--small button--ghost">
                          {t('outline.compareWithPrevious', { number: prev().number })}
                        </A>
                      )}
                    </Show>
                    <A href={`${base()}/outline?tab=compare&from=${version.id}&to=draft`} class="button button--small button--ghost">
                      {t('outline.compareWithDraft')}
                    </A>
                  </p>
                </li>
              );
            }}
          </For>
        </ol>
      </Show>
    </section>
  );
}
