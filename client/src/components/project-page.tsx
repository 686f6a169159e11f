import { A, createAsync, useParams } from '@solidjs/router';
import { ErrorBoundary, For, Show, Suspense, type JSX } from 'solid-js';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { t } from '~/i18n/i18n.ts';
import { projectIdOf } from '~/lib/project-id.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import { ProjectNotFound } from '~/pages/project/project-overview.tsx';

export type ProjectSummary = Awaited<ReturnType<typeof trpc.projects.overview.query>>;

/**
 * The frame of a screen inside a project (outline, approvals…): the project from the address,
 * "not found" for someone else's project, a retry on failure, then the screen with the project.
 */
export default function ProjectPage(props: { children: (project: ProjectSummary) => JSX.Element }) {
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
            <ProjectLoader projectId={id}>{props.children}</ProjectLoader>
          </Suspense>
        </ErrorBoundary>
      )}
    </Show>
  );
}

function ProjectLoader(props: { projectId: number; children: (project: ProjectSummary) => JSX.Element }) {
  const project = createAsync(() => trpc.projects.overview.query({ projectId: props.projectId }));
  return <Show when={project()}>{(p) => props.children(p())}</Show>;
}

/** Projects / CODE / … / the current screen. */
export function ProjectBreadcrumb(props: { project: ProjectSummary; trail?: { href: string; label: string }[]; current: string }) {
  return (
    <nav aria-label={t('nav.breadcrumb')} class="breadcrumb">
      <ol>
        <li>
          <A href="/projects">{t('nav.projects')}</A>
        </li>
        <li>
          <A href={`/projects/${props.project.id}`}>{props.project.code}</A>
        </li>
        <For each={props.trail ?? []}>
          {(step) => (
            <li>
              <A href={step.href}>{step.label}</A>
            </li>
          )}
        </For>
        <li aria-current="page">{props.current}</li>
      </ol>
    </nav>
  );
}
