import { A, createAsync, useParams } from '@solidjs/router';
import { ErrorBoundary, Show, Suspense } from 'solid-js';
import { RoleBadge, StatusBadge } from '~/components/badge.tsx';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { usePageTitle } from '~/components/page-title.ts';
import { dateRange, locale, pick, pickLang, t } from '~/i18n/i18n.ts';
import { projectIdOf } from '~/lib/project-id.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import MembersByOrganization from './members-by-organization.tsx';
import PartiesTable from './parties-table.tsx';

export type Overview = Awaited<ReturnType<typeof trpc.projects.overview.query>>;

/** One project at a glance: names, summary, zone, dates, status, the parties and their part, the members. */
export default function ProjectOverview() {
  const params = useParams<{ projectId: string }>();
  const projectId = () => projectIdOf(params.projectId);
  return (
    <Show when={projectId()} keyed fallback={<ProjectNotFound />}>
      {(id) => (
        <ErrorBoundary
          fallback={(error, retry) =>
            describeError(error).code === 'NOT_FOUND' ? <ProjectNotFound /> : <LoadError error={error} retry={retry} />
          }
        >
          <Suspense fallback={<Loading />}>
            <OverviewLoader projectId={id} />
          </Suspense>
        </ErrorBoundary>
      )}
    </Show>
  );
}

function OverviewLoader(props: { projectId: number }) {
  const overview = createAsync(() => trpc.projects.overview.query({ projectId: props.projectId }));
  usePageTitle(() => {
    const project = overview();
    return project ? pick(project.nameVi, project.nameEn) : t('project.title');
  });
  return <Show when={overview()}>{(project) => <OverviewBody project={project()} />}</Show>;
}

function OverviewBody(props: { project: Overview }) {
  const p = () => props.project;
  const otherLocale = () => (locale() === 'vi' ? 'en' : 'vi');
  const otherName = () => (locale() === 'vi' ? p().nameEn : p().nameVi);
  const summary = () => pick(p().summaryVi, p().summaryEn);
  return (
    <article class="overview" aria-labelledby="project-title">
      <nav aria-label={t('nav.breadcrumb')} class="breadcrumb">
        <ol>
          <li>
            <A href="/projects">{t('nav.projects')}</A>
          </li>
          <li aria-current="page">{p().code}</li>
        </ol>
      </nav>
      <header class="overview-header">
        <div class="card-meta">
          <span class="code">{p().code}</span>
          <StatusBadge status={p().status} />
        </div>
        <h1 id="project-title" lang={pickLang(p().nameVi, p().nameEn)}>
          {pick(p().nameVi, p().nameEn)}
        </h1>
        <Show when={otherName() && otherName() !== pick(p().nameVi, p().nameEn)}>
          <p class="other-name">
            <span class="visually-hidden">{t(otherLocale() === 'en' ? 'project.nameEn' : 'project.nameVi')}: </span>
            <span lang={otherLocale()}>{otherName()}</span>
          </p>
        </Show>
      </header>

      <dl class="facts facts--wide">
        <div>
          <dt>{t('project.status')}</dt>
          <dd>
            <StatusBadge status={p().status} />
          </dd>
        </div>
        <div>
          <dt>{t('project.dates')}</dt>
          <dd>{dateRange(p().startDate, p().endDate)}</dd>
        </div>
        <Show when={p().zone}>
          <div>
            <dt>{t('project.zone')}</dt>
            <dd>{p().zone}</dd>
          </div>
        </Show>
        <div>
          <dt>{t('project.myRole')}</dt>
          <dd>
            <RoleBadge role={p().myRole} />
          </dd>
        </div>
      </dl>

      <nav class="project-areas" aria-label={t('project.areas')}>
        <A href={`/projects/${p().id}/dashboard`} class="button button--primary">
          {t('dashboard.title')}
        </A>
        <A href={`/projects/${p().id}/plan`} class="button button--secondary">
          {t('plan.title')}
        </A>
        <A href={`/projects/${p().id}/timeline`} class="button button--secondary">
          {t('timeline.title')}
        </A>
        <A href={`/projects/${p().id}/my-work`} class="button button--secondary">
          {t('myWork.title')}
        </A>
        <A href={`/projects/${p().id}/outline`} class="button button--secondary">
          {t('outline.title')}
        </A>
        <A href={`/projects/${p().id}/approvals`} class="button button--secondary">
          {t('approvals.title')}
        </A>
        <A href={`/projects/${p().id}/funding`} class="button button--secondary">
          {t('funding.title')}
        </A>
      </nav>

      <Show when={summary()}>
        <section class="panel" aria-labelledby="summary-title">
          <h2 id="summary-title">{t('project.summary')}</h2>
          <p class="summary" lang={pickLang(p().summaryVi, p().summaryEn)}>
            {summary()}
          </p>
        </section>
      </Show>

      <section class="panel" aria-labelledby="parties-title">
        <h2 id="parties-title">
          {t('project.parties')} <span class="count">({p().parties.length})</span>
        </h2>
        <PartiesTable parties={p().parties} />
      </section>

      <section class="panel" aria-labelledby="members-title">
        <h2 id="members-title">
          {t('project.members')} <span class="count">({p().members.length})</span>
        </h2>
        <MembersByOrganization members={p().members} parties={p().parties} />
      </section>
    </article>
  );
}

export function ProjectNotFound() {
  usePageTitle(() => t('project.notFoundTitle'));
  return (
    <section class="notice notice--warning not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t('project.notFoundTitle')}</h1>
      <p>{t('project.notFoundBody')}</p>
      <p>
        <A href="/projects" class="button button--primary">
          {t('nav.backToProjects')}
        </A>
      </p>
    </section>
  );
}
