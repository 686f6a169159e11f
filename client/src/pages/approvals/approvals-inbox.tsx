import { A } from '@solidjs/router';
import { createResource, ErrorBoundary, For, Show, Suspense } from 'solid-js';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { usePageTitle } from '~/components/page-title.ts';
import ProjectPage, { ProjectBreadcrumb, type ProjectSummary } from '~/components/project-page.tsx';
import { dateTime, t, type MessageKey } from '~/i18n/i18n.ts';
import { approvalsRevision } from '~/lib/approvals-count.ts';
import { useProjectRevision } from '~/lib/live.ts';
import { trpc } from '~/lib/trpc.ts';
import { DecisionBadge, roundHref, RoundStateBadge, subjectTitle, type RoundView } from './approval-words.tsx';

/** The Approvals inbox: what waits for my organization's decision, what we submitted, what was decided lately. */
export default function ApprovalsInbox() {
  usePageTitle(() => t('approvals.title'));
  return <ProjectPage>{(project) => <InboxBody project={project} />}</ProjectPage>;
}

function InboxBody(props: { project: ProjectSummary }) {
  // Partners' decisions arrive live: the inbox holds no input, so it simply reloads.
  const liveRevision = useProjectRevision(() => props.project.id);
  const [inbox, { refetch }] = createResource(
    () => ({ projectId: props.project.id, revision: approvalsRevision(), live: liveRevision() }),
    ({ projectId }) => trpc.approvals.inbox.query({ projectId }),
  );
  return (
    <article class="approvals-inbox" aria-labelledby="inbox-title">
      <ProjectBreadcrumb project={props.project} current={t('approvals.title')} />
      <h1 id="inbox-title">{t('approvals.title')}</h1>
      <p class="muted">{t('approvals.inboxIntro')}</p>
      <p>
        <A href={`/projects/${props.project.id}/outline`}>{t('outline.title')}</A>
      </p>
      <ErrorBoundary fallback={(error) => <LoadError error={error} retry={() => void refetch()} />}>
        <Suspense fallback={<Loading />}>
          <Show when={inbox()}>
            {(data) => (
              <>
                <InboxSection
                  id="waiting"
                  title="approvals.waitingTitle"
                  empty="approvals.waitingEmpty"
                  count={data().waitingCount}
                  rounds={data().waiting}
                  projectId={props.project.id}
                />
                <InboxSection id="submitted" title="approvals.submittedTitle" empty="approvals.submittedEmpty" rounds={data().submittedByUs} projectId={props.project.id} />
                <InboxSection id="decided" title="approvals.decidedTitle" empty="approvals.decidedEmpty" rounds={data().recentlyDecided} projectId={props.project.id} />
              </>
            )}
          </Show>
        </Suspense>
      </ErrorBoundary>
    </article>
  );
}

function InboxSection(props: { id: string; title: MessageKey; empty: MessageKey; rounds: RoundView[]; projectId: number; count?: number }) {
  return (
    <section class="panel inbox-section" aria-labelledby={`inbox-${props.id}`}>
      <h2 id={`inbox-${props.id}`}>
        {t(props.title)} <span class="count">({props.count ?? props.rounds.length})</span>
      </h2>
      <Show when={props.rounds.length > 0} fallback={<p class="muted empty-line">{t(props.empty)}</p>}>
        <ul class="round-list" role="list">
          <For each={props.rounds}>{(round) => <RoundSummary round={round} projectId={props.projectId} />}</For>
        </ul>
      </Show>
    </section>
  );
}

/** One round in a list: what it is about, its state, who submitted it, and where each party stands. */
export function RoundSummary(props: { round: RoundView; projectId: number }) {
  const r = () => props.round;
  return (
    <li class="round-summary">
      <div class="round-summary-head">
        <A href={roundHref(props.projectId, r())} class="round-summary-title">
          {subjectTitle(r().subject.kind, r().subject.label)}
        </A>
        <RoundStateBadge state={r().state} />
      </div>
      <p class="round-summary-meta">
        <Show when={r().submittedBy} fallback={t('approvals.submittedAt', { time: dateTime(r().submittedAt) })}>
          {(person) =>
            t('approvals.submittedByAt', { name: person().displayName, org: person().organizationCode, time: dateTime(r().submittedAt) })
          }
        </Show>
        {' · '}
        {t('approvals.approvedCount', { approved: r().approvedCount, total: r().parties.length })}
      </p>
      <ul class="party-chips" role="list" aria-label={t('approvals.partiesDecisions')}>
        <For each={r().parties}>
          {(party) => (
            <li class="party-chip">
              <span class="code">{party.organization.code}</span> <DecisionBadge decision={party.current?.decision ?? null} open={r().state === 'open'} />
            </li>
          )}
        </For>
      </ul>
    </li>
  );
}
