import { useSearchParams } from '@solidjs/router';
import { createResource, ErrorBoundary, For, Match, Show, Suspense, Switch } from 'solid-js';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { usePageTitle } from '~/components/page-title.ts';
import ProjectPage, { ProjectBreadcrumb, type ProjectSummary } from '~/components/project-page.tsx';
import { t, type MessageKey } from '~/i18n/i18n.ts';
import { approvalsChanged } from '~/lib/approvals-count.ts';
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
  const [outline, outlineActions] = createResource(() => props.project.id, (projectId) => trpc.outline.get.query({ projectId }));
  const [consensus, consensusActions] = createResource(() => props.project.id, (projectId) => trpc.outline.consensus.query({ projectId }));
  const tabButtons: HTMLButtonElement[] = [];

  /** After any change: the draft, the versions and the rounds may all have moved on. */
  async function reload() {
    await Promise.all([outlineActions.refetch(), consensusActions.refetch()]);
    approvalsChanged();
  }

  function select(tab: Tab, focus = false) {
    setParams({ tab });
    if (focus) tabButtons[TABS.indexOf(tab)]?.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    const index = TABS.indexOf(current());
    const last = TABS.length - 1;
    const next =
      event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : -1;
    if (next < 0) return;
    event.preventDefault();
    select(TABS[next]!, true);
  }

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
                <div class="tabs" role="tablist" aria-labelledby="outline-title" onKeyDown={onKeyDown}>
                  <For each={TABS}>
                    {(tab, i) => (
                      <button
                        ref={(el) => (tabButtons[i()] = el)}
                        type="button"
                        role="tab"
                        id={`tab-${tab}`}
                        class="tab"
                        aria-selected={current() === tab}
                        aria-controls={current() === tab ? `panel-${tab}` : undefined}
                        tabindex={current() === tab ? 0 : -1}
                        onClick={() => select(tab)}
                      >
                        {t(TAB_LABELS[tab])}
                      </button>
                    )}
                  </For>
                </div>
                <div class="tab-panel" role="tabpanel" id={`panel-${current()}`} aria-labelledby={`tab-${current()}`}>
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
                </div>
              </>
            )}
          </Show>
        </Suspense>
      </ErrorBoundary>
    </article>
  );
}
