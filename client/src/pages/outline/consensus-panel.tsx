import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { ProjectSummary } from '~/components/project-page.tsx';
import { pick, t } from '~/i18n/i18n.ts';
import { DecisionBadge, RoundStateBadge } from '~/pages/approvals/approval-words.tsx';
import type { Consensus, OutlineData } from './outline.tsx';

/** Which parties approved which version, at a glance: the newest agreed version, what is open, a grid of decisions. */
export default function ConsensusPanel(props: { project: ProjectSummary; consensus: Consensus; outline: OutlineData }) {
  const submitted = () => props.consensus.versions.filter((v) => v.rounds.length > 0);
  const newest = () => props.consensus.versions[0];
  const consensusOnNewest = () => !!newest() && props.consensus.approvedVersion?.id === newest()!.id && !props.outline.draftChangedSinceLatest;
  const href = (versionId: number) => `/projects/${props.project.id}/approvals/outline_version/${versionId}`;
  return (
    <section class="panel consensus" aria-labelledby="consensus-title">
      <h2 id="consensus-title">{t('outline.consensusTitle')}</h2>
      <ul class="consensus-facts" role="list">
        <li classList={{ 'consensus-ok': consensusOnNewest() }}>
          <Show when={props.consensus.approvedVersion} fallback={t('outline.noApprovedVersion')}>
            {(v) => (
              <>
                <span aria-hidden="true">{consensusOnNewest() ? '✓ ' : ''}</span>
                {t(consensusOnNewest() ? 'outline.consensusOnNewest' : 'outline.approvedVersion', { number: v().number })}
              </>
            )}
          </Show>
        </li>
        <Show when={props.consensus.openRound}>
          {(open) => (
            <li>
              <A href={href(open().versionId)}>{t('outline.openRound', { number: open().number })}</A>
            </li>
          )}
        </Show>
        <Show when={props.outline.draftChangedSinceLatest && props.outline.sections.length > 0}>
          <li>{t('outline.draftChanged')}</li>
        </Show>
      </ul>
      <Show when={submitted().length > 0}>
        <div class="table-scroll">
          <table class="table table--stack consensus-grid">
            <caption class="visually-hidden">{t('outline.consensusCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('outline.version')}</th>
                <th scope="col">{t('outline.roundState')}</th>
                <For each={props.project.parties}>
                  {(party) => (
                    <th scope="col" title={pick(party.organization.nameVi, party.organization.nameEn)}>
                      {party.organization.code}
                    </th>
                  )}
                </For>
              </tr>
            </thead>
            <tbody>
              <For each={submitted()}>
                {(version) => {
                  const round = () => version.rounds[0]!;
                  return (
                    <tr>
                      <th scope="row" data-label={t('outline.version')}>
                        <A href={href(version.id)}>v{version.number}</A>
                      </th>
                      <td data-label={t('outline.roundState')}>
                        <RoundStateBadge state={round().state} />
                      </td>
                      <For each={props.project.parties}>
                        {(party) => {
                          const decided = () => round().parties.find((p) => p.organization.id === party.organization.id);
                          return (
                            <td data-label={party.organization.code}>
                              <Show when={decided()} fallback={<span class="muted">{t('outline.notAsked')}</span>}>
                                {(d) => <DecisionBadge decision={d().decision} open={round().state === 'open'} />}
                              </Show>
                            </td>
                          );
                        }}
                      </For>
                    </tr>
                  );
                }}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}
