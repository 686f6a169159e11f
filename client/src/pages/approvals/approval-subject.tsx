import { A, useParams } from '@solidjs/router';
import { createEffect, createResource, createSignal, ErrorBoundary, For, Show, startTransition, Suspense } from 'solid-js';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { usePageTitle } from '~/components/page-title.ts';
import ProjectPage, { ProjectBreadcrumb, type ProjectSummary } from '~/components/project-page.tsx';
import { projectIdOf } from '~/lib/project-id.ts';
import { dateTime, t } from '~/i18n/i18n.ts';
import { approvalsChanged } from '~/lib/approvals-count.ts';
import { onProjectChange } from '~/lib/live.ts';
import { reconciled } from '~/lib/reconciled.ts';
import { me } from '~/lib/session.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import ConfirmButton from '~/pages/admin/confirm-button.tsx';
import { createNotice, Notice } from '~/pages/admin/notice.tsx';
import OutlineSections from '~/pages/outline/outline-sections.tsx';
import {
  closeReasonText,
  DecisionBadge,
  RoundStateBadge,
  SUBJECT_KINDS,
  subjectTitle,
  warningText,
  type SubjectKind,
} from './approval-words.tsx';
import DecisionForm from './decision-form.tsx';
import FundingSnapshotView from './funding-snapshot.tsx';
import MilestoneSnapshotView from './milestone-snapshot.tsx';
import MilestoneSubmit from './milestone-submit.tsx';

type SubjectRounds = Awaited<ReturnType<typeof trpc.approvals.subject.query>>;
type Round = SubjectRounds['rounds'][number];

/** A subject's approval page: every round as a timeline, each party's decisions, the snapshot as submitted. */
export default function ApprovalSubject() {
  const params = useParams<{ kind: string; subjectId: string }>();
  const kind = () => (SUBJECT_KINDS as readonly string[]).includes(params.kind) ? (params.kind as SubjectKind) : null;
  const subjectId = () => projectIdOf(params.subjectId);
  usePageTitle(() => t('approvals.pageTitle'));
  return (
    <ProjectPage>
      {(project) => (
        <Show
          when={kind() && subjectId() ? { kind: kind()!, subjectId: subjectId()! } : null}
          keyed
          fallback={<SubjectNotFound project={project} />}
        >
          {(subject) => <SubjectBody project={project} kind={subject.kind} subjectId={subject.subjectId} />}
        </Show>
      )}
    </ProjectPage>
  );
}

function SubjectNotFound(props: { project: ProjectSummary }) {
  return (
    <section class="notice notice--warning" aria-labelledby="subject-missing">
      <h1 id="subject-missing">{t('approvals.subjectNotFound')}</h1>
      <p>
        <A href={`/projects/${props.project.id}/approvals`}>{t('approvals.backToInbox')}</A>
      </p>
    </section>
  );
}

function SubjectBody(props: { project: ProjectSummary; kind: SubjectKind; subjectId: number }) {
  const notice = createNotice();
  // Reconciled in place and refetched in a transition: a partner's decision updates the rounds
  // without unmounting them, so a decision being written keeps its comment (decision-form.tsx).
  const [subject, { refetch }] = createResource(
    () => ({ projectId: props.project.id, kind: props.kind, subjectId: props.subjectId }),
    (input) => trpc.approvals.subject.query(input),
    { storage: reconciled },
  );
  // An outline version's snapshot is the frozen version itself: shown with its server-rendered bodies
  // (its note is the round's message, already shown in the round).
  const [version] = createResource(
    () => (props.kind === 'outline_version' ? { projectId: props.project.id, versionId: props.subjectId } : false),
    (input) => trpc.outline.version.query(input),
  );
  const latest = () => subject()?.rounds[0];
  const title = () => {
    const round = latest();
    return round ? subjectTitle(props.kind, round.subject.label) : t('approvals.pageTitle');
  };
  usePageTitle(title);
  onProjectChange(() => props.project.id, () => void reload());

  // Links from the inbox end in #round-N: bring that round into view once it is on the page.
  createEffect(() => {
    if (!subject() || !location.hash.startsWith('#round-')) return;
    queueMicrotask(() => document.getElementById(location.hash.slice(1))?.scrollIntoView({ block: 'start' }));
  });

  async function reload(message?: { kind: 'success' | 'error'; text: string }) {
    await startTransition(() => void refetch());
    approvalsChanged();
    if (message) (message.kind === 'success' ? notice.success : notice.error)(message.text);
  }

  return (
    <article class="approval-page" aria-labelledby="approval-title">
      <ProjectBreadcrumb
        project={props.project}
        trail={[{ href: `/projects/${props.project.id}/approvals`, label: t('approvals.title') }]}
        current={title()}
      />
      <ErrorBoundary
        fallback={(error) =>
          describeError(error).code === 'NOT_FOUND' ? <SubjectNotFound project={props.project} /> : <LoadError error={error} retry={() => void refetch()} />
        }
      >
        <Suspense fallback={<Loading />}>
          <Show when={subject()}>
            {(data) => (
              <>
                <header class="overview-header">
                  <div class="card-meta">
                    <Show when={latest()}>{(round) => <RoundStateBadge state={round().state} />}</Show>
                  </div>
                  <h1 id="approval-title">{title()}</h1>
                  <Show when={props.kind === 'outline_version'}>
                    <p class="actions">
                      <A href={`/projects/${props.project.id}/outline`} class="button button--secondary button--small">
                        {t('approvals.openOutline')}
                      </A>
                      <A href={`/projects/${props.project.id}/outline?tab=compare&from=${props.subjectId}&to=draft`} class="button button--secondary button--small">
                        {t('approvals.compareWithDraft')}
                      </A>
                    </p>
                  </Show>
                </header>
                <Notice notice={notice.notice()} onDismiss={notice.clear} />
                <Show when={props.kind === 'milestone' && props.project.myRole === 'coordinator' && latest()?.state !== 'open'}>
                  <MilestoneSubmit
                    projectId={props.project.id}
                    milestoneId={props.subjectId}
                    onSubmitted={(text) => void reload({ kind: 'success', text })}
                  />
                </Show>
                <Show when={data().rounds.length > 0} fallback={<p class="empty-state">{t('approvals.noRounds')}</p>}>
                  <section aria-labelledby="rounds-title">
                    <h2 id="rounds-title">{t('approvals.roundsTitle')}</h2>
                    <ol class="timeline" role="list">
                      <For each={data().rounds}>
                        {(round, i) => (
                          <RoundItem
                            round={round}
                            number={data().rounds.length - i()}
                            projectId={props.project.id}
                            onChanged={reload}
                          />
                        )}
                      </For>
                    </ol>
                  </section>
                  <section class="panel snapshot" aria-labelledby="snapshot-title">
                    <h2 id="snapshot-title">{t('approvals.snapshotTitle')}</h2>
                    <p class="muted">{t('approvals.snapshotIntro')}</p>
                    <Show
                      when={props.kind === 'outline_version'}
                      fallback={
                        <Show
                          when={props.kind === 'milestone'}
                          fallback={
                            <Show
                              when={props.kind === 'funding_estimate'}
                              fallback={<pre class="snapshot-raw">{JSON.stringify(latest()?.snapshot ?? null, null, 2)}</pre>}
                            >
                              <FundingSnapshotView snapshot={latest()?.snapshot} />
                            </Show>
                          }
                        >
                          <MilestoneSnapshotView snapshot={latest()?.snapshot} />
                        </Show>
                      }
                    >
                      <Suspense fallback={<Loading />}>
                        <Show when={version()}>
                          {(v) => <OutlineSections sections={v().sections} />}
                        </Show>
                      </Suspense>
                    </Show>
                  </section>
                </Show>
              </>
            )}
          </Show>
        </Suspense>
      </ErrorBoundary>
    </article>
  );
}

function RoundItem(props: {
  round: Round;
  number: number;
  projectId: number;
  onChanged: (message?: { kind: 'success' | 'error'; text: string }) => Promise<void>;
}) {
  const r = () => props.round;
  const open = () => r().state === 'open';
  const history = () => r().decisions.filter((d) => !d.current);
  // A form with a comment in it stays even if the round closes meanwhile, so nothing typed is lost.
  const [drafting, setDrafting] = createSignal(false);
  const myCurrent = () => r().parties.find((p) => p.organization.code === me()?.organization.code)?.current ?? null;

  async function withdraw() {
    try {
      await trpc.approvals.withdraw.mutate({ projectId: props.projectId, roundId: r().id });
      await props.onChanged({ kind: 'success', text: t('approvals.withdrawn') });
    } catch (error) {
      await props.onChanged({ kind: 'error', text: describeError(error).message });
    }
  }

  return (
    <li id={`round-${r().id}`} class={`timeline-item timeline-item--${r().state}`}>
      <article class="round" aria-labelledby={`round-title-${r().id}`}>
        <header class="round-head">
          <h3 id={`round-title-${r().id}`}>{t('approvals.roundNumber', { number: props.number, label: r().subject.label })}</h3>
          <RoundStateBadge state={r().state} />
        </header>
        <p class="round-meta">
          <Show when={r().submittedBy} fallback={t('approvals.submittedAt', { time: dateTime(r().submittedAt) })}>
            {(person) => t('approvals.submittedByAt', { name: person().displayName, org: person().organizationCode, time: dateTime(r().submittedAt) })}
          </Show>
        </p>
        <Show when={r().message}>
          <div class="round-message markdown" innerHTML={r().messageHtml} />
        </Show>
        <Show when={r().warnings.length > 0}>
          <div class="notice notice--warning">
            <For each={r().warnings}>{(w) => <p>{warningText(w)}</p>}</For>
          </div>
        </Show>
        <Show when={r().state === 'superseded' || r().state === 'withdrawn'}>
          <div class="notice notice--info round-closed" role="note">
            <p>
              <strong>{t(r().state === 'superseded' ? 'approvals.supersededTitle' : 'approvals.withdrawnTitle')}</strong>{' '}
              {r().closeReason ? closeReasonText(r().closeReason!) : ''}
            </p>
            <Show when={r().closedAt}>
              {(at) => (
                <p class="muted">
                  <Show when={r().closedBy} fallback={t('approvals.closedAt', { time: dateTime(at()) })}>
                    {(person) => t('approvals.closedByAt', { name: person().displayName, org: person().organizationCode, time: dateTime(at()) })}
                  </Show>
                </p>
              )}
            </Show>
            <Show when={r().state === 'superseded'}>
              <p>{t('approvals.supersededExplain')}</p>
            </Show>
          </div>
        </Show>

        <table class="table table--stack decisions">
          <caption class="visually-hidden">{t('approvals.partiesDecisions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('org.name')}</th>
              <th scope="col">{t('approvals.decisionColumn')}</th>
              <th scope="col">{t('approvals.byWhomColumn')}</th>
              <th scope="col">{t('approvals.comment')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={r().parties}>
              {(party) => (
                <tr>
                  <th scope="row" class="code" data-label={t('org.name')}>
                    {party.organization.code}
                  </th>
                  <td data-label={t('approvals.decisionColumn')}>
                    <DecisionBadge decision={party.current?.decision ?? null} open={open()} />
                  </td>
                  <td data-label={t('approvals.byWhomColumn')} classList={{ 'cell--empty': !party.current }}>
                    <Show when={party.current} fallback="—">
                      {(d) => (
                        <>
                          {d().user.displayName}
                          <span class="cell-sub">
                            <time datetime={d().decidedAt}>{dateTime(d().decidedAt)}</time>
                          </span>
                        </>
                      )}
                    </Show>
                  </td>
                  <td data-label={t('approvals.comment')} classList={{ 'cell--empty': !party.current?.comment }}>
                    <Show when={party.current?.comment} fallback="—">
                      <div class="markdown comment" innerHTML={party.current!.commentHtml} />
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <p class="round-progress">{t('approvals.approvedCount', { approved: r().approvedCount, total: r().parties.length })}</p>

        <Show when={history().length > 0}>
          <details class="decision-history">
            <summary>{t('approvals.earlierDecisions', { count: history().length })}</summary>
            <ol role="list">
              <For each={history()}>
                {(d) => (
                  <li>
                    <span class="code">{d.organization.code}</span> <DecisionBadge decision={d.decision} /> {d.user.displayName} ·{' '}
                    <time datetime={d.decidedAt}>{dateTime(d.decidedAt)}</time>
                    <Show when={d.comment}>
                      <div class="markdown comment" innerHTML={d.commentHtml} />
                    </Show>
                  </li>
                )}
              </For>
            </ol>
          </details>
        </Show>

        <Show when={r().myOrganization.canDecide || drafting()}>
          <DecisionForm
            projectId={props.projectId}
            roundId={r().id}
            organizationCode={me()?.organization.code ?? ''}
            changing={r().myOrganization.currentDecision !== null}
            open={open()}
            current={myCurrent()}
            onDraft={setDrafting}
            onDecided={(decision) =>
              void props.onChanged({ kind: 'success', text: t(decision === 'approve' ? 'approvals.approvedDone' : 'approvals.changesRequestedDone') })
            }
            onConflict={(text) => void props.onChanged({ kind: 'error', text })}
          />
        </Show>
        <Show when={open() && r().myOrganization.required && !r().myOrganization.canDecide}>
          <p class="muted">{t('approvals.onlyApprovers')}</p>
        </Show>
        <Show when={r().canWithdraw}>
          <div class="actions round-actions">
            <ConfirmButton label={t('approvals.withdraw')} confirmLabel={t('approvals.withdrawConfirm')} question={t('approvals.withdrawQuestion')} onConfirm={withdraw} />
          </div>
        </Show>
      </article>
    </li>
  );
}
