import { useSearchParams } from '@solidjs/router';
import { createResource, ErrorBoundary, Match, Show, startTransition, Suspense, Switch } from 'solid-js';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { usePageTitle } from '~/components/page-title.ts';
import Tabs from '~/components/tabs.tsx';
import ProjectPage, { ProjectBreadcrumb, type ProjectSummary } from '~/components/project-page.tsx';
import { t, type MessageKey } from '~/i18n/i18n.ts';
import { approvalsChanged } from '~/lib/approvals-count.ts';
import { onProjectChange } from '~/lib/live.ts';
import { reconciled } from '~/lib/reconciled.ts';
import { trpc } from '~/lib/trpc.ts';
import ConsensusPanel from './consensus-panel.tsx';
import OutlineCompare from './outline-compare.tsx';
import OutlineDraft from './outline-draft.tsx';
import OutlineVersions from './outline-versions.tsx';

export type OutlineData = Awaited<ReturnType<typeof trpc.outline.get.query>>;
export type Consensus = Awaited<ReturnType<typeof trpc.outline.consensus.query>>;

const TABS = ['draft', 'versions', 'compare'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS: Record<Tab, MessageKey> = { draft: 'outline.tab.draft', versions: 'outline.tab.versions', compare: 'outline.tab.compare' };

/** The outline (đề cương): consensus at a glance, the draft and its editor, the versions, the diff. */
export default function Outline() {
  usePageTitle(() => t('outline.title'));
  return <ProjectPage>{(project) => <OutlineBody project={project} />}</ProjectPage>;
}

function OutlineBody(props: { project: ProjectSummary }) {
  const [params, setParams] = useSearchParams<{ tab?: string; from?: string; to?: string }>();
  const current = (): Tab => ((TABS as readonly string[]).includes(params.tab ?? '') ? (params.tab as Tab) : 'draft');
  // Reconciled into the shown data and fetched in a transition: a refresh updates sections in place
  // and never swaps the page for a spinner, so an open editor keeps its draft (outline-draft.tsx).
  const [outline, outlineActions] = createResource(() => props.project.id, (projectId) => trpc.outline.get.query({ projectId }), { storage: reconciled });
  const [consensus, consensusActions] = createResource(() => props.project.id, (projectId) => trpc.outline.consensus.query({ projectId }), {
    storage: reconciled,
  });

  /** After any change: the draft, the versions and the rounds may all have moved on. */
  async function reload() {
    await startTransition(() => {
      void outlineActions.refetch();
      void consensusActions.refetch();
    });
    approvalsChanged();
  }
  onProjectChange(() => props.project.id, () => void reload());

  return (
    <article class="outline-page" aria-labelledby="outline-title">
      <ProjectBreadcrumb project={props.project} current={t('outline.title')} />
      <h1 id="outline-title">{t('outline.title')}</h1>
      <ErrorBoundary fallback={(error) => <LoadError error={error} retry={() => void reload()} />}>
        <Suspense fallback={<Loading />}>
          <Show when={outline() && consensus() ? { outline: outline()!, consensus: consensus()! } : null}>
            {(data) => (
              <>
                <ConsensusPanel project={props.project} consensus={data().consensus} outline={data().outline} />
                <Tabs tabs={TABS} labels={TAB_LABELS} current={current()} onSelect={(tab) => setParams({ tab })} labelledBy="outline-title">
                  <Switch>
                    <Match when={current() === 'draft'}>
                      <OutlineDraft project={props.project} outline={data().outline} consensus={data().consensus} onChanged={reload} />
                    </Match>
                    <Match when={current() === 'versions'}>
                      <OutlineVersions project={props.project} outline={data().outline} consensus={data().consensus} onChanged={reload} />
                    </Match>
                    <Match when={current() === 'compare'}>
                      <OutlineCompare
                        project={props.project}
                        outline={data().outline}
                        consensus={data().consensus}
                        from={params.from}
                        to={params.to}
                        onChoose={(from, to) => setParams({ from, to })}
                      />
                    </Match>
                  </Switch>
                </Tabs>
              </>
            )}
          </Show>
        </Suspense>
      </ErrorBoundary>
    </article>
  );
}
