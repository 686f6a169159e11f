import { A, useSearchParams } from '@solidjs/router';
import { createEffect, createSignal, For, Match, on, Show, Switch, untrack } from 'solid-js';
import { createStore } from 'solid-js/store';
import { ACTIVITY_KINDS, type ActivityKind } from '../../../../shared/activity-kinds.ts';
import type { ActivityFilter } from '../../../../shared/activity-schemas.ts';
import { SelectField, TextField } from '~/components/field.tsx';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { usePageTitle } from '~/components/page-title.ts';
import ProjectPage, { ProjectBreadcrumb, type ProjectSummary } from '~/components/project-page.tsx';
import { activitySentence, kindKey, type ActivityEventView, type ActivityTarget } from '../../../../shared/activity-sentence.ts';
import { dateTime, locale, pick, t } from '~/i18n/i18n.ts';
import { downloadBlob } from '~/lib/download.ts';
import { onProjectChange } from '~/lib/live.ts';
import { me } from '~/lib/session.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import ChainCheck from './chain-check.tsx';
import './activity.css';

/** The project's activity: who did what, when, as sentences; filterable, paged, live, exportable. */
export default function Activity() {
  usePageTitle(() => t('activity.title'));
  return <ProjectPage>{(project) => <ActivityBody project={project} />}</ProjectPage>;
}

type Search = { org?: string; person?: string; kind?: string; from?: string; to?: string };

const idParam = (value: string | undefined) => (value && /^\d{1,9}$/.test(value) ? Number(value) : null);
const dateParam = (value: string | undefined) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null);

/** The filters live in the address, so a filtered stream can be linked to and survives a reload. */
function filterOf(search: Search): ActivityFilter {
  return {
    organizationId: idParam(search.org),
    userId: idParam(search.person),
    kind: (ACTIVITY_KINDS as readonly string[]).includes(search.kind ?? '') ? (search.kind as ActivityKind) : null,
    from: dateParam(search.from),
    to: dateParam(search.to),
  };
}

export function targetHref(projectId: number, target: ActivityTarget | null): string | null {
  const base = `/projects/${projectId}`;
  switch (target?.page) {
    case 'task':
      return `${base}/tasks/${target.taskId}`;
    case 'approval':
      return `${base}/approvals/${target.kind}/${target.subjectId}${target.roundId ? `#round-${target.roundId}` : ''}`;
    case 'outline':
      return `${base}/outline${target.sectionId ? `#section-${target.sectionId}` : ''}`;
    case 'plan':
    case 'timeline':
    case 'funding':
      return `${base}/${target.page}`;
    default:
      return null;
  }
}

function ActivityBody(props: { project: ProjectSummary }) {
  const [search, setSearch] = useSearchParams<Search>();
  const filter = () => filterOf(search);
  const filtered = () => Object.values(filter()).some((v) => v !== null);
  const [events, setEvents] = createStore<ActivityEventView[]>([]);
  const [cursor, setCursor] = createSignal<number | null>(null);
  const [state, setState] = createSignal<'loading' | 'ready' | 'failed'>('loading');
  const [loadError, setLoadError] = createSignal<unknown>();
  const [moreBusy, setMoreBusy] = createSignal(false);
  const [moreError, setMoreError] = createSignal<string>();
  const [arrived, setArrived] = createSignal('');
  const [exporting, setExporting] = createSignal(false);
  const [exportError, setExportError] = createSignal<string>();
  // Decided once: after that the person opens and closes the box themselves.
  const filtersOpen = window.matchMedia('(min-width: 48rem)').matches || untrack(filtered);
  // Each load carries a ticket: an answer for filters that have since changed is dropped.
  let ticket = 0;

  const query = (extra: { before?: number; after?: number }) => trpc.activity.list.query({ projectId: props.project.id, filter: filter(), ...extra });

  async function loadFirst() {
    const mine = ++ticket;
    setState('loading');
    try {
      const page = await query({});
      if (mine !== ticket) return;
      setEvents(page.events);
      setCursor(page.nextCursor);
      setState('ready');
    } catch (error) {
      if (mine !== ticket) return;
      setLoadError(error);
      setState('failed');
    }
  }

  async function loadMore() {
    const before = cursor();
    if (before === null || moreBusy()) return;
    const mine = ticket;
    setMoreBusy(true);
    setMoreError(undefined);
    try {
      const page = await query({ before });
      if (mine !== ticket) return;
      setEvents((shown) => [...shown, ...page.events]);
      setCursor(page.nextCursor);
    } catch (error) {
      setMoreError(describeError(error).message);
    } finally {
      setMoreBusy(false);
    }
  }

  /** A partner changed something: what the filters let through goes on top; nothing shown moves or reloads. */
  async function loadArrived() {
    if (state() !== 'ready') return;
    const newest = events[0]?.seq;
    if (newest === undefined) return void loadFirst();
    const mine = ticket;
    try {
      const page = await query({ after: newest });
      if (mine !== ticket || page.events.length === 0) return;
      // More than a page arrived at once: start again from the top rather than leave a gap.
      if (page.nextCursor !== null) return void loadFirst();
      setEvents((shown) => [...page.events.filter((e) => e.seq > (shown[0]?.seq ?? 0)), ...shown]);
      setArrived(t('activity.newArrived', { count: page.events.length }));
    } catch {
      // The next change tries again; a failed refresh is not worth an error on screen.
    }
  }

  createEffect(on(() => JSON.stringify(filter()), () => void loadFirst()));
  onProjectChange(() => props.project.id, () => void loadArrived());

  async function exportCsv() {
    setExporting(true);
    setExportError(undefined);
    try {
      const file = await trpc.activity.export.query({ projectId: props.project.id, filter: filter(), locale: locale() });
      downloadBlob(new Blob([file.text], { type: file.mimeType }), file.filename);
    } catch (error) {
      setExportError(describeError(error).message);
    } finally {
      setExporting(false);
    }
  }

  const organizationOptions = () => props.project.parties.map((p) => ({ value: String(p.organization.id), label: `${p.organization.code} — ${pick(p.organization.nameVi, p.organization.nameEn)}` }));
  const chosenOrgCode = () => props.project.parties.find((p) => p.organization.id === filter().organizationId)?.organization.code;
  const personOptions = () =>
    props.project.members
      .filter((m) => !chosenOrgCode() || m.organizationCode === chosenOrgCode())
      .map((m) => ({ value: String(m.userId), label: `${m.displayName} (${m.organizationCode})` }));
  const kindOptions = () => ACTIVITY_KINDS.map((k) => ({ value: k, label: t(kindKey(k)) }));
  const set = (key: keyof Search) => (event: Event & { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
    setSearch({ [key]: event.currentTarget.value || undefined });

  return (
    <article class="activity-page" aria-labelledby="activity-title">
      <ProjectBreadcrumb project={props.project} current={t('activity.title')} />
      <div class="tab-toolbar">
        <h1 id="activity-title">{t('activity.title')}</h1>
        <button type="button" class="button button--secondary" disabled={exporting()} onClick={() => void exportCsv()}>
          {exporting() ? t('activity.exporting') : t('activity.export')}
        </button>
      </div>
      <p class="muted">{t('activity.intro')}</p>
      <Show when={exportError()}>
        <p class="notice notice--error" role="alert">
          {exportError()}
        </p>
      </Show>

      {/* Folded on a phone, where five fields would fill the first screen, unless a filter is set. */}
      <details class="activity-filter-box" open={filtersOpen}>
        <summary>{t('activity.filters')}</summary>
        <form class="activity-filters" role="search" aria-label={t('activity.filters')} onSubmit={(e) => e.preventDefault()}>
          <SelectField
            name="org"
            label={t('activity.filter.organization')}
            placeholder={t('activity.filter.all')}
            options={organizationOptions()}
            value={search.org ?? ''}
            onChange={(e) => setSearch({ org: e.currentTarget.value || undefined, person: undefined })}
          />
          <SelectField name="person" label={t('activity.filter.person')} placeholder={t('activity.filter.all')} options={personOptions()} value={search.person ?? ''} onChange={set('person')} />
          <SelectField name="kind" label={t('activity.filter.kind')} placeholder={t('activity.filter.all')} options={kindOptions()} value={search.kind ?? ''} onChange={set('kind')} />
          <TextField name="from" type="date" label={t('activity.filter.from')} value={search.from ?? ''} max={search.to} onChange={set('from')} />
          <TextField name="to" type="date" label={t('activity.filter.to')} value={search.to ?? ''} min={search.from} onChange={set('to')} />
          <Show when={filtered()}>
            <button type="button" class="button button--ghost clear-filters" onClick={() => setSearch({ org: undefined, person: undefined, kind: undefined, from: undefined, to: undefined })}>
              {t('activity.filter.clear')}
            </button>
          </Show>
        </form>
      </details>

      <p class="visually-hidden" aria-live="polite">
        {arrived()}
      </p>
      <Switch>
        <Match when={state() === 'failed'}>
          <LoadError error={loadError()} retry={() => void loadFirst()} />
        </Match>
        <Match when={state() === 'loading' && events.length === 0}>
          <Loading />
        </Match>
        <Match when={events.length === 0}>
          <p class="empty-state">{filtered() ? t('activity.emptyFiltered') : t('activity.empty')}</p>
        </Match>
        <Match when={true}>
          <ol class="activity-list" aria-label={t('activity.listLabel')} aria-busy={state() === 'loading'}>
            <For each={events}>{(event) => <ActivityItem project={props.project} event={event} />}</For>
          </ol>
          <div class="activity-more">
            <Show when={cursor() !== null} fallback={<p class="muted">{t('activity.end')}</p>}>
              <button type="button" class="button button--secondary" disabled={moreBusy()} onClick={() => void loadMore()}>
                {t('activity.loadMore')}
              </button>
            </Show>
            <Show when={moreError()}>
              <p class="field-error" role="alert">
                {moreError()}
              </p>
            </Show>
          </div>
        </Match>
      </Switch>

      <Show when={me()?.isAdmin}>
        <ChainCheck />
      </Show>
    </article>
  );
}

function ActivityItem(props: { project: ProjectSummary; event: ActivityEventView }) {
  const sentence = () => activitySentence(props.event, t, locale());
  const href = () => targetHref(props.project.id, props.event.target);
  return (
    <li class={`activity-item activity-item--${props.event.kind}`}>
      <p class="activity-sentence">
        <Show when={href()} fallback={sentence()}>
          {(to) => <A href={to()}>{sentence()}</A>}
        </Show>
      </p>
      <p class="activity-meta">
        <span class="badge badge--plain">{t(kindKey(props.event.kind))}</span>
        <Show when={props.event.actor.name}>
          <span class="activity-actor">
            {props.event.actor.name}
            <Show when={props.event.actor.organizationCode}>
              {(code) => <span class="code"> ({code()})</span>}
            </Show>
          </span>
        </Show>
        <time datetime={props.event.at}>{dateTime(props.event.at)}</time>
      </p>
    </li>
  );
}
