import { A, createAsync } from '@solidjs/router';
import { ErrorBoundary, For, Show, Suspense } from 'solid-js';
import BarChart from '~/components/bar-chart.tsx';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { usePageTitle } from '~/components/page-title.ts';
import ProjectPage, { ProjectBreadcrumb, type ProjectSummary } from '~/components/project-page.tsx';
import { date, money, pick, pickLang, t } from '~/i18n/i18n.ts';
import { trpc } from '~/lib/trpc.ts';
import { RoundStateBadge } from '~/pages/approvals/approval-words.tsx';
import { GapText } from '~/pages/funding/funding-totals.tsx';
import { TASK_STATUS_KEY } from '~/pages/plan/plan-data.ts';
import './dashboard.css';

type Summary = Awaited<ReturnType<typeof trpc.dashboard.summary.query>>;
type Org = { code: string; nameVi: string; nameEn: string } | null;

const orgName = (org: Org) => (org ? org.code : t('dashboard.noOrganization'));
const percent = (value: number | bigint) => `${value}%`;

/** The leadership dashboard: one screen a vice-minister reads in a minute. */
export default function Dashboard() {
  usePageTitle(() => t('dashboard.title'));
  return <ProjectPage>{(project) => <DashboardBody project={project} />}</ProjectPage>;
}

function DashboardBody(props: { project: ProjectSummary }) {
  const summary = createAsync(() => trpc.dashboard.summary.query({ projectId: props.project.id }));
  return (
    <article class="dashboard" aria-labelledby="dashboard-title">
      <ProjectBreadcrumb project={props.project} current={t('dashboard.title')} />
      <header class="overview-header">
        <div class="card-meta">
          <span class="code">{props.project.code}</span>
        </div>
        <h1 id="dashboard-title">{t('dashboard.title')}</h1>
        <p class="other-name" lang={pickLang(props.project.nameVi, props.project.nameEn)}>
          {pick(props.project.nameVi, props.project.nameEn)}
        </p>
      </header>
      <ErrorBoundary fallback={(error, retry) => <LoadError error={error} retry={retry} />}>
        <Suspense fallback={<Loading />}>
          <Show when={summary()}>{(s) => <DashboardContent project={props.project} summary={s()} />}</Show>
        </Suspense>
      </ErrorBoundary>
    </article>
  );
}

function DashboardContent(props: { project: ProjectSummary; summary: Summary }) {
  const s = () => props.summary;
  const f = () => s().funding;
  const p = () => s().progress.total;
  // A source short of its share is a gap even when another source pledged more than it needs:
  // leadership sees what is missing, and from whom.
  const shortSources = () => f().bySource.filter((x) => x.gap > 0);
  const shortfall = () => shortSources().reduce((sum, x) => sum + BigInt(x.gap), 0n);
  return (
    <>
      <p class="muted">{t('dashboard.asOf', { date: date(s().today) })}</p>
      <ul class="key-figures" aria-label={t('dashboard.keyFigures')}>
        <li class="key-figure">
          <span class="key-label">{t('dashboard.progress')}</span>
          <span class="key-value">{percent(p().averageProgress)}</span>
          <span class="key-sub">{t('dashboard.tasksDone', { done: p().counts.done, total: p().counts.total })}</span>
        </li>
        <li class="key-figure" classList={{ 'key-figure--alert': s().overdue.total > 0 }}>
          <span class="key-label">{t('dashboard.overdue')}</span>
          <span class="key-value">{s().overdue.total}</span>
          <span class="key-sub">{t('dashboard.overdueTasks')}</span>
        </li>
        <li class="key-figure key-figure--money">
          <span class="key-label">{t('dashboard.estimated')}</span>
          <span class="key-value key-value--money" data-testid="dashboard-estimated">{money(f().estimated)}</span>
          <span class="key-sub">
            <Show when={f().basis} fallback={t('dashboard.noEstimate')}>
              {(b) => t(b().kind === 'baseline' ? 'dashboard.basisBaseline' : 'dashboard.basisLatest', { number: b().number })}
            </Show>
          </span>
        </li>
        <li class="key-figure key-figure--money" classList={{ 'key-figure--alert': shortSources().length > 0 }}>
          <span class="key-label">{t('dashboard.gap')}</span>
          <span class="key-value key-value--money" data-testid="dashboard-gap">{money(shortfall())}</span>
          <span class="key-sub">
            <Show when={shortSources().length > 0} fallback={<GapText gap={f().gap} />}>
              {t('dashboard.shortSources', { sources: shortSources().map((x) => x.source.code).join(', ') })}
            </Show>
          </span>
        </li>
      </ul>

      <div class="dashboard-grid">
        <section class="panel dashboard-funding" aria-labelledby="funding-glance-title">
          <h2 id="funding-glance-title">{t('dashboard.fundingTitle')}</h2>
          <Show when={f().inReview}>
            {(r) => (
              <p class="notice notice--info">
                {t('dashboard.inReview', { number: r().number })}{' '}
                <A href={`/projects/${props.project.id}/approvals/funding_estimate/${r().estimateId}`}>{t('dashboard.openApproval')}</A>
              </p>
            )}
          </Show>
          <dl class="facts facts--wide funding-facts">
            <div>
              <dt>{t('dashboard.estimated')}</dt>
              <dd>{money(f().estimated)}</dd>
            </div>
            <div>
              <dt>{t('dashboard.pledged')}</dt>
              <dd>{money(f().pledged)}</dd>
            </div>
            <div>
              <dt>{t('dashboard.disbursed')}</dt>
              <dd>{money(f().disbursed)}</dd>
            </div>
            <div>
              <dt>{t('dashboard.overall')}</dt>
              <dd>
                <GapText gap={f().gap} />
              </dd>
            </div>
          </dl>
          <div class="funding-split">
            <div>
              <h3>{t('dashboard.bySource')}</h3>
              <BarChart
                series={[
                  { label: t('dashboard.estimated'), tone: 'estimated' },
                  { label: t('dashboard.pledged'), tone: 'pledged' },
                  { label: t('dashboard.disbursed'), tone: 'disbursed' },
                ]}
                groups={f().bySource.map((x) => ({ label: pick(x.source.nameVi, x.source.nameEn), values: [x.estimated, x.pledged, x.disbursed] }))}
                format={money}
                kind="money"
              />
            </div>
            <div>
              <h3>{t('dashboard.byCategory')}</h3>
              <BarChart
                series={[
                  { label: t('dashboard.estimated'), tone: 'estimated' },
                  { label: t('dashboard.disbursed'), tone: 'disbursed' },
                ]}
                groups={f().byCategory.map((x) => ({ label: pick(x.category.nameVi, x.category.nameEn), values: [x.estimated, x.disbursed] }))}
                format={money}
                kind="money"
                table={{ caption: t('dashboard.byCategory'), head: t('funding.col.category') }}
              />
            </div>
          </div>
          <div class="grid-scroll">
            <table class="table table--stack">
              <caption class="visually-hidden">{t('dashboard.bySource')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('funding.col.source')}</th>
                  <th scope="col" class="numeric">{t('dashboard.estimated')}</th>
                  <th scope="col" class="numeric">{t('dashboard.pledged')}</th>
                  <th scope="col" class="numeric">{t('dashboard.disbursed')}</th>
                  <th scope="col" class="numeric">{t('dashboard.gap')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={f().bySource}>
                  {(x) => (
                    <tr>
                      <th scope="row" data-label={t('funding.col.source')}>
                        <span class="code">{x.source.code}</span>
                      </th>
                      <td class="numeric" data-label={t('dashboard.estimated')}>{money(x.estimated)}</td>
                      <td class="numeric" data-label={t('dashboard.pledged')}>{money(x.pledged)}</td>
                      <td class="numeric" data-label={t('dashboard.disbursed')}>{money(x.disbursed)}</td>
                      <td class="numeric" data-label={t('dashboard.gap')} classList={{ 'gap--short': x.gap > 0 }}>
                        <GapText gap={x.gap} />
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
          <p>
            <A href={`/projects/${props.project.id}/funding`}>{t('dashboard.openFunding')}</A>
          </p>
        </section>

        <section class="panel" aria-labelledby="progress-title">
          <h2 id="progress-title">{t('dashboard.progressTitle')}</h2>
          <h3>{t('dashboard.byPhase')}</h3>
          <ProgressChart rows={s().progress.byPhase.map((x) => ({ label: `${x.phase.position}. ${x.phase.name}`, ...x }))} caption={t('dashboard.byPhase')} head={t('dashboard.phase')} />
          <h3>{t('dashboard.byOrganization')}</h3>
          <ProgressChart rows={s().progress.byOrganization.map((x) => ({ label: orgName(x.organization), ...x }))} caption={t('dashboard.byOrganization')} head={t('dashboard.organization')} />
        </section>

        <section class="panel" aria-labelledby="overdue-title">
          <h2 id="overdue-title">{t('dashboard.overdueTitle')}</h2>
          <Show when={s().overdue.byOrganization.length > 0} fallback={<p class="empty-state">{t('dashboard.noOverdue')}</p>}>
            <ul class="overdue-list" role="list">
              <For each={s().overdue.byOrganization}>
                {(o) => (
                  <li>
                    <h3>
                      <span class="code">{orgName(o.organization)}</span> <span class="badge badge--overdue">{t('dashboard.overdueCount', { count: o.count })}</span>
                    </h3>
                    <ul role="list" class="overdue-tasks">
                      <For each={o.tasks.slice(0, 5)}>
                        {(task) => (
                          <li>
                            <A href={`/projects/${props.project.id}/tasks/${task.id}`}>{task.title}</A>
                            <span class="cell-sub">
                              {t('dashboard.daysOverdue', { days: task.daysOverdue, date: date(task.dueDate) })} · {t(TASK_STATUS_KEY[task.status])} · {task.progress}%
                            </span>
                          </li>
                        )}
                      </For>
                    </ul>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>

        <section class="panel" aria-labelledby="slip-title">
          <h2 id="slip-title">{t('dashboard.slipTitle')}</h2>
          <Show
            when={s().slip}
            fallback={
              <p class="empty-state">
                {t('dashboard.noBaseline')} <A href={`/projects/${props.project.id}/timeline`}>{t('dashboard.openTimeline')}</A>
              </p>
            }
          >
            {(slip) => (
              <>
                <p>
                  {t('dashboard.slipSummary', {
                    name: slip().baseline.name,
                    date: date(slip().baseline.createdAt.slice(0, 10)),
                    slipped: slip().tasks.slipped,
                    compared: slip().tasks.compared,
                    max: slip().tasks.maxSlipDays,
                  })}
                </p>
                <div class="table-scroll">
                  <table class="table table--stack">
                    <caption class="visually-hidden">{t('dashboard.slipTitle')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('dashboard.organization')}</th>
                        <th scope="col" class="numeric">{t('dashboard.slipSlipped')}</th>
                        <th scope="col" class="numeric">{t('dashboard.slipMax')}</th>
                        <th scope="col" class="numeric">{t('dashboard.slipAverage')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={slip().byOrganization}>
                        {(row) => (
                          <tr>
                            <th scope="row" data-label={t('dashboard.organization')}>
                              {orgName(row.organization)}
                            </th>
                            <td class="numeric" data-label={t('dashboard.slipSlipped')}>
                              {row.slipped}/{row.compared}
                            </td>
                            <td class="numeric" data-label={t('dashboard.slipMax')}>
                              {row.maxSlipDays}
                            </td>
                            <td class="numeric" data-label={t('dashboard.slipAverage')}>
                              {row.averageSlipDays}
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </Show>
        </section>

        <section class="panel" aria-labelledby="milestones-title">
          <h2 id="milestones-title">{t('dashboard.milestonesTitle')}</h2>
          <Show when={s().upcomingMilestones.length > 0} fallback={<p class="empty-state">{t('dashboard.noMilestones')}</p>}>
            <table class="table table--stack">
              <caption class="visually-hidden">{t('dashboard.milestonesTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.milestone')}</th>
                  <th scope="col">{t('dashboard.date')}</th>
                  <th scope="col">{t('dashboard.signoff')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={s().upcomingMilestones}>
                  {(m) => (
                    <tr>
                      <th scope="row" data-label={t('dashboard.milestone')}>
                        {m.name}
                        <span class="cell-sub">{m.signoffOrganizations.map((o) => o.code).join(', ') || '—'}</span>
                      </th>
                      <td data-label={t('dashboard.date')}>
                        {date(m.date)}
                        <span class="cell-sub">{t('dashboard.inDays', { days: m.daysUntil })}</span>
                      </td>
                      <td data-label={t('dashboard.signoff')}>
                        <Show when={m.approval} fallback={<span class="muted">{t('dashboard.notSubmitted')}</span>}>
                          {(a) => (
                            <A href={`/projects/${props.project.id}/approvals/milestone/${m.id}`} class="signoff-link">
                              <RoundStateBadge state={a().state} />
                              <span class="cell-sub">{t('dashboard.approvedOf', { approved: a().approvedCount, total: a().requiredCount })}</span>
                            </A>
                          )}
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        </section>
      </div>
    </>
  );
}

type ProgressRow = { label: string; counts: { done: number; total: number }; averageProgress: number; overdue: number };

/** Average progress per row as bars, with done / total and overdue in a table for screen readers. */
function ProgressChart(props: { rows: ProgressRow[]; caption: string; head: string }) {
  return (
    <Show when={props.rows.length > 0} fallback={<p class="empty-state">{t('dashboard.noTasks')}</p>}>
      <BarChart series={[{ label: t('dashboard.averageProgress'), tone: 'progress' }]} groups={props.rows.map((r) => ({ label: r.label, values: [r.averageProgress] }))} format={percent} kind="percent" max={100} />
      <div class="visually-hidden">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.head}</th>
            <th scope="col">{t('dashboard.averageProgress')}</th>
            <th scope="col">{t('dashboard.done')}</th>
            <th scope="col">{t('dashboard.overdue')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(r) => (
              <tr>
                <th scope="row">{r.label}</th>
                <td>{percent(r.averageProgress)}</td>
                <td>{t('dashboard.tasksDone', { done: r.counts.done, total: r.counts.total })}</td>
                <td>{r.overdue}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      </div>
    </Show>
  );
}
