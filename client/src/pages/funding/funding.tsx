import { A, useSearchParams } from '@solidjs/router';
import { createEffect, createResource, createSignal, ErrorBoundary, For, Show, startTransition, Suspense } from 'solid-js';
import { TextAreaField } from '~/components/field.tsx';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { usePageTitle } from '~/components/page-title.ts';
import ProjectPage, { ProjectBreadcrumb, type ProjectSummary } from '~/components/project-page.tsx';
import { money, t } from '~/i18n/i18n.ts';
import { approvalsChanged } from '~/lib/approvals-count.ts';
import { onProjectChange } from '~/lib/live.ts';
import { sessionEnded } from '~/lib/session.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import { createNotice, Notice } from '~/pages/admin/notice.tsx';
import { RoundStateBadge } from '~/pages/approvals/approval-words.tsx';
import { idOf } from '~/pages/plan/plan-data.ts';
import DisbursementsPanel from './disbursements-panel.tsx';
import EstimateGrid, { type GridRow } from './estimate-grid.tsx';
import { CategoryChart, PhaseYearCharts } from './funding-charts.tsx';
import type { EstimateDetail, EstimateVersion, FundingOverview } from './funding-data.ts';
import { CategoryTable } from './funding-totals.tsx';
import SourcesPanel from './sources-panel.tsx';
import SpreadsheetPanel from './spreadsheet-panel.tsx';
import './funding.css';

/** The project's funding estimate: versions and their approval, the lines, sources and the gap, actuals, spreadsheets. */
export default function Funding() {
  usePageTitle(() => t('funding.title'));
  return <ProjectPage>{(project) => <FundingBody project={project} />}</ProjectPage>;
}

function FundingBody(props: { project: ProjectSummary }) {
  const [search, setSearch] = useSearchParams<{ v?: string }>();
  const notice = createNotice();
  const [overview, { refetch: refetchOverview }] = createResource(() => props.project.id, (projectId) => trpc.funding.overview.query({ projectId }));
  // The version on screen stays on screen when a partner adds a newer one, until the person picks.
  const [shown, setShown] = createSignal<number>();
  const selected = (): EstimateVersion | undefined => {
    const list = overview.latest?.estimates ?? [];
    const wanted = idOf(search.v) ?? shown();
    return list.find((e) => e.id === wanted) ?? list[0];
  };
  createEffect(() => setShown(selected()?.id));
  const [detail, { refetch: refetchDetail }] = createResource(
    () => (selected() ? { projectId: props.project.id, estimateId: selected()!.id } : false),
    (input) => trpc.funding.estimate.query(input),
  );
  const [revision, setRevision] = createSignal(0);

  // In a transition: the page stays as it is (focus included) until the new numbers are in, rather
  // than giving way to the loading state.
  const refetchAll = () => startTransition(() => void Promise.all([refetchOverview(), refetchDetail()]));
  async function reload(message?: string) {
    await refetchAll();
    setRevision((n) => n + 1);
    approvalsChanged();
    if (message) notice.success(message);
  }
  // A partner's change: new numbers in place, without a new revision, so the grid keeps what is
  // being typed in it.
  onProjectChange(() => props.project.id, () => void refetchAll());

  return (
    <article class="funding-page" aria-labelledby="funding-title">
      <ProjectBreadcrumb project={props.project} current={t('funding.title')} />
      <header class="overview-header">
        <h1 id="funding-title">{t('funding.title')}</h1>
        <p class="muted">{t('funding.intro')}</p>
      </header>
      <Notice notice={notice.notice()} onDismiss={notice.clear} />
      <ErrorBoundary fallback={(error) => <LoadError error={error} retry={() => void reload()} />}>
        <Suspense fallback={<Loading />}>
          <Show when={overview()}>
            {(o) => (
              <Show when={o().estimates.length > 0} fallback={<NoEstimate project={props.project} overview={o()} onCreated={reload} onError={notice.error} />}>
                <VersionPicker project={props.project} overview={o()} selectedId={selected()?.id} />
                <Show when={detail.latest}>
                  {(d) => (
                    <EstimateBody
                      project={props.project}
                      overview={o()}
                      detail={d()}
                      revision={revision()}
                      onChanged={reload}
                      onError={notice.error}
                      onCreated={async (id, message) => {
                        setSearch({ v: String(id) });
                        await reload(message);
                      }}
                    />
                  )}
                </Show>
              </Show>
            )}
          </Show>
        </Suspense>
      </ErrorBoundary>
    </article>
  );
}

function NoEstimate(props: { project: ProjectSummary; overview: FundingOverview; onCreated: (message: string) => Promise<void>; onError: (m: string) => void }) {
  return (
    <section class="empty-state">
      <h2>{t('funding.emptyTitle')}</h2>
      <p>{t('funding.emptyBody')}</p>
      <Show when={props.overview.can.edit}>
        <NewVersionButton projectId={props.project.id} copyFrom={null} onCreated={(_id, m) => props.onCreated(m)} onError={props.onError} />
      </Show>
    </section>
  );
}

function NewVersionButton(props: {
  projectId: number;
  copyFrom: { id: number; number: number } | null;
  onCreated: (id: number, message: string) => Promise<void>;
  onError: (message: string) => void;
}) {
  const [busy, setBusy] = createSignal(false);
  async function create() {
    setBusy(true);
    try {
      const created = await trpc.funding.createEstimate.mutate({ projectId: props.projectId, copyFromEstimateId: props.copyFrom?.id ?? null });
      await props.onCreated(created.id, t('funding.versionCreated', { number: created.number }));
    } catch (error) {
      const described = describeError(error);
      if (described.code === 'UNAUTHORIZED') sessionEnded();
      props.onError(described.message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <button type="button" class="button button--secondary" disabled={busy()} onClick={() => void create()}>
      {props.copyFrom ? t('funding.newVersionFrom', { number: props.copyFrom.number }) : t('funding.newVersion')}
    </button>
  );
}

/** Every version with its approval state and total; the one on screen is marked as current. */
function VersionPicker(props: { project: ProjectSummary; overview: FundingOverview; selectedId: number | undefined }) {
  return (
    <nav class="version-picker" aria-label={t('funding.versions')}>
      <ul role="list">
        <For each={props.overview.estimates}>
          {(e) => (
            <li classList={{ 'version-pill--current': e.id === props.selectedId }}>
              {/* A plain link: the router's <A> marks every ?v= link current, since they share a path. */}
              <a href={`/projects/${props.project.id}/funding?v=${e.id}`} class="version-pill" aria-current={e.id === props.selectedId ? 'page' : undefined}>
                <strong>v{e.number}</strong>
                <Show when={e.approval} fallback={<span class="badge badge--draft">{t('funding.draft')}</span>}>
                  {(a) => <RoundStateBadge state={a().state} />}
                </Show>
                <Show when={e.isBaseline}>
                  <span class="badge badge--baseline">{t('funding.baseline')}</span>
                </Show>
                <span class="version-total">{money(e.total)}</span>
              </a>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}

function EstimateBody(props: {
  project: ProjectSummary;
  overview: FundingOverview;
  detail: EstimateDetail;
  revision: number;
  onChanged: (message?: string) => Promise<void>;
  onError: (message: string) => void;
  onCreated: (id: number, message: string) => Promise<void>;
}) {
  const e = () => props.detail.estimate;
  const [rows, setRows] = createSignal<readonly GridRow[]>([], { equals: false });
  const newest = () => props.overview.estimates[0]!;
  const approvalHref = () => `/projects/${props.project.id}/approvals/funding_estimate/${e().id}`;
  const inReview = () => e().approval?.state === 'open';
  const canSubmit = () => props.overview.can.submit && !e().approved && !inReview();
  const baselineNumber = () => props.overview.estimates.find((x) => x.isBaseline)?.number ?? null;

  return (
    <>
      <section class="panel estimate-head" aria-labelledby="estimate-title">
        <div class="estimate-head-row">
          <h2 id="estimate-title">{t('funding.versionTitle', { number: e().number })}</h2>
          <Show when={e().approval} fallback={<span class="badge badge--draft">{t('funding.draft')}</span>}>
            {(a) => <RoundStateBadge state={a().state} />}
          </Show>
          <Show when={e().isBaseline}>
            <span class="badge badge--baseline">{t('funding.baseline')}</span>
          </Show>
        </div>
        <Show when={e().note}>
          <p class="pre-line">{e().note}</p>
        </Show>
        <div class="actions">
          <Show when={e().approval}>
            <A href={approvalHref()} class="button button--secondary button--small">
              {t('funding.openApproval')}
            </A>
          </Show>
          <Show when={props.overview.can.edit && newest().id === e().id && (e().approved || inReview())}>
            <NewVersionButton projectId={props.project.id} copyFrom={{ id: e().id, number: e().number }} onCreated={props.onCreated} onError={props.onError} />
          </Show>
        </div>
        <Show when={e().approved}>
          <p class="notice notice--info">{t('funding.approvedReadOnly')}</p>
        </Show>
        <Show when={e().editable && inReview()}>
          <p class="notice notice--warning">{t('funding.editSupersedes')}</p>
        </Show>
        <Show when={canSubmit()}>
          <SubmitForm projectId={props.project.id} estimateId={e().id} number={e().number} onSubmitted={props.onChanged} />
        </Show>
      </section>

      <section class="panel" aria-labelledby="lines-title">
        <h2 id="lines-title">
          {t('funding.linesTitle')} <span class="count">({props.detail.lines.length})</span>
        </h2>
        <Show keyed when={`${e().id}:${props.revision}`}>
          <EstimateGrid
            projectId={props.project.id}
            overview={props.overview}
            detail={props.detail}
            editable={e().editable}
            onRowsChange={(r) => setRows(r)}
            onSaved={(message) => props.onChanged(message)}
            onError={props.onError}
          />
        </Show>
      </section>

      <div class="funding-columns">
        <section class="panel" aria-labelledby="sources-title">
          <h2 id="sources-title">{t('funding.sourcesTitle')}</h2>
          <p class="muted">{t('funding.sourcesIntro')}</p>
          <SourcesPanel project={props.project} overview={props.overview} detail={props.detail} rows={rows()} onChanged={props.onChanged} onError={props.onError} />
        </section>
        <section class="panel" aria-labelledby="categories-title">
          <h2 id="categories-title">{t('funding.categoriesTitle')}</h2>
          <CategoryChart overview={props.overview} detail={props.detail} rows={rows()} />
          <CategoryTable overview={props.overview} detail={props.detail} rows={rows()} />
        </section>
      </div>

      <section class="panel" aria-labelledby="phase-year-title">
        <h2 id="phase-year-title">{t('funding.phaseYearTitle')}</h2>
        <PhaseYearCharts overview={props.overview} detail={props.detail} rows={rows()} />
      </section>

      <section class="panel" aria-labelledby="disbursements-title">
        <h2 id="disbursements-title">{t('funding.disbursementsTitle')}</h2>
        <DisbursementsPanel
          projectId={props.project.id}
          baseline={e().isBaseline ? props.detail : null}
          baselineNumber={baselineNumber()}
          canRecord={props.overview.can.edit}
          revision={props.revision}
          onChanged={props.onChanged}
          onError={props.onError}
        />
      </section>

      <section class="panel" aria-labelledby="spreadsheet-title">
        <h2 id="spreadsheet-title">{t('funding.spreadsheetTitle')}</h2>
        <SpreadsheetPanel projectId={props.project.id} estimateId={e().id} canImport={e().editable} onImported={(message) => props.onChanged(message)} />
      </section>
    </>
  );
}

function SubmitForm(props: { projectId: number; estimateId: number; number: number; onSubmitted: (message: string) => Promise<void> }) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const message = String(new FormData(form).get('message') ?? '');
    setBusy(true);
    setError(undefined);
    try {
      await trpc.funding.submitEstimate.mutate({ projectId: props.projectId, estimateId: props.estimateId, message });
      form.reset();
      await props.onSubmitted(t('funding.submitted', { number: props.number }));
    } catch (failure) {
      const described = describeError(failure);
      if (described.code === 'UNAUTHORIZED') sessionEnded();
      setError(described.message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="form submit-estimate" novalidate onSubmit={onSubmit}>
      <TextAreaField label={t('funding.submitMessage')} name="message" rows={2} maxLength={2000} hint={t('funding.submitHint')} />
      <Show when={error()}>
        <p class="form-message form-message--shown" role="alert">
          {error()}
        </p>
      </Show>
      <div class="form-actions">
        <button type="submit" class="button button--primary" disabled={busy()}>
          {t('funding.submit', { number: props.number })}
        </button>
      </div>
    </form>
  );
}
