import { useNavigate, useSearchParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, onMount, Show, startTransition } from 'solid-js';
import { SelectField, TextField } from '~/components/field.tsx';
import { usePageTitle } from '~/components/page-title.ts';
import ProjectPage, { ProjectBreadcrumb, type ProjectSummary } from '~/components/project-page.tsx';
import { breaksFinishToStart } from '../../../../shared/schedule.ts';
import { date, pick, t } from '~/i18n/i18n.ts';
import { downloadBlob } from '~/lib/download.ts';
import { onProjectChange } from '~/lib/live.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import { createNotice, Notice } from '~/pages/admin/notice.tsx';
import { assigneeOptions, idOf, TASK_STATUS_KEY, TASK_STATUSES, type TaskStatus } from '~/pages/plan/plan-data.ts';
import CalendarFeed from './calendar-feed.tsx';
import { timelinePng } from './export.ts';
import Gantt from './gantt.tsx';
import { createMoveQueue, type QueuedMove } from './move-queue.ts';
import TimelineTable from './timeline-table.tsx';
import { buildRows, chartSpan, ORG_TONES, ZOOMS, type TaskDates, type Timeline, type TimelineTask, type Zoom } from './timeline-data.ts';
import './timeline.css';

type Search = { org?: string; phase?: string; status?: string; assignee?: string; zoom?: string; group?: string; baseline?: string; critical?: string; view?: string };

const ZOOM_KEY = { week: 'timeline.zoomWeek', month: 'timeline.zoomMonth', quarter: 'timeline.zoomQuarter', year: 'timeline.zoomYear' } as const;
const MILESTONE_STATES = ['none', 'open', 'approved', 'changes_requested'] as const;
const MILESTONE_STATE_KEY = {
  none: 'timeline.signoffNone',
  open: 'timeline.signoffOpen',
  approved: 'timeline.signoffApproved',
  changes_requested: 'timeline.signoffChanges',
} as const;

/** The timeline (Gantt) of a project's plan: phases, tasks, milestones, dependencies, baselines and the critical path. */
export default function TimelinePage() {
  usePageTitle(() => t('timeline.title'));
  return <ProjectPage>{(project) => <TimelineBody project={project} />}</ProjectPage>;
}

function TimelineBody(props: { project: ProjectSummary }) {
  const [search, setSearch] = useSearchParams<Search>();
  const navigate = useNavigate();
  const notice = createNotice();
  const coordinator = () => props.project.myRole === 'coordinator';
  const zoom = (): Zoom => ((ZOOMS as string[]).includes(search.zoom ?? '') ? (search.zoom as Zoom) : 'month');
  const group = () => (search.group === 'org' ? 'organization' : 'phase');
  const showCritical = () => search.critical === '1';
  const tableView = () => search.view === 'table';
  const baselineChoice = () => (search.baseline === 'none' ? 'none' : (idOf(search.baseline) ?? undefined));

  const [timeline, { refetch }] = createResource(
    () => ({ projectId: props.project.id, critical: showCritical(), baseline: baselineChoice() }),
    async (input) => {
      const data = await trpc.timeline.get.query({
        projectId: input.projectId,
        critical: input.critical,
        ...(typeof input.baseline === 'number' ? { baselineId: input.baseline } : {}),
      });
      performance.mark('timeline:data');
      return data;
    },
  );
  const [baselines, { refetch: refetchBaselines }] = createResource(() => props.project.id, (projectId) => trpc.timeline.baselines.query({ projectId }));

  // Saved moves, drawn at once and kept until the server's data has caught up with them.
  const [saved, setSaved] = createSignal<ReadonlyMap<number, TaskDates & { version: number }>>(new Map());
  const setSavedDates = (id: number, value: (TaskDates & { version: number }) | undefined) =>
    setSaved((map) => {
      const next = new Map(map);
      if (value) next.set(id, value);
      else next.delete(id);
      return next;
    });
  const datesOf = (task: TimelineTask): TaskDates => {
    const mine = saved().get(task.id);
    return mine && mine.version >= task.version ? mine : task;
  };
  const versionOf = (task: TimelineTask) => {
    const mine = saved().get(task.id);
    return mine && mine.version >= task.version ? mine.version : task.version;
  };

  const organizationIds = createMemo(() => props.project.parties.map((p) => p.organization.id));
  const toneOf = (organizationId: number | undefined) => {
    if (organizationId === undefined) return 'none';
    const i = organizationIds().indexOf(organizationId);
    return i < 0 ? 'none' : String(i % ORG_TONES);
  };
  const orgCode = (id: number, code: string) => props.project.parties.find((p) => p.organization.id === id)?.organization.code ?? code;

  const filter = () => ({
    organizationId: idOf(search.org) ?? undefined,
    phaseId: idOf(search.phase) ?? undefined,
    status: (TASK_STATUSES as string[]).includes(search.status ?? '') ? (search.status as TaskStatus) : undefined,
    assigneeId: idOf(search.assignee) ?? undefined,
  });
  const rows = createMemo(() => {
    const data = timeline.latest;
    if (!data) return [];
    return buildRows(data, filter(), group(), { noOrganization: t('timeline.noLead'), milestones: t('timeline.milestones'), organizationName: orgCode });
  });
  const span = createMemo(() => (timeline.latest ? chartSpan(timeline.latest) : { first: 0, last: 0 }));
  const floats = createMemo(() => {
    const critical = timeline.latest?.critical;
    return critical ? new Map(critical.tasks.map((x) => [x.id, x.totalFloat])) : null;
  });
  const taskById = createMemo(() => new Map((timeline.latest?.tasks ?? []).map((x) => [x.id, x])));

  // ── moving tasks: drawn at once, saved together (move-queue.ts), all put back on a refusal ──
  const queue = createMoveQueue<TimelineTask>(saveMoves);

  /** What each dependency of this task would say at these dates, under the one rule (shared/schedule.ts). */
  function dependencyConflicts(task: TimelineTask, dates: TaskDates): string[] {
    const data = timeline.latest;
    if (!data) return [];
    const byId = taskById();
    const out: string[] = [];
    for (const d of data.dependencies) {
      if (d.predecessorId === task.id) {
        const s = byId.get(d.successorId);
        if (s && breaksFinishToStart(dates.dueDate, datesOf(s).startDate)) out.push(t('timeline.conflictSuccessor', { successor: s.title, predecessor: task.title }));
      } else if (d.successorId === task.id) {
        const p = byId.get(d.predecessorId);
        if (p && breaksFinishToStart(datesOf(p).dueDate, dates.startDate)) out.push(t('timeline.conflictSuccessor', { successor: task.title, predecessor: p.title }));
      }
    }
    return out;
  }
  const showConflicts = (conflicts: string[]) => notice.error(conflicts.slice(0, 3).join(' '));

  function move(task: TimelineTask, dates: TaskDates) {
    const version = versionOf(task);
    setSavedDates(task.id, { ...dates, version });
    const conflicts = dependencyConflicts(task, dates);
    if (conflicts.length > 0) showConflicts(conflicts);
    queue.add(task, dates, version);
  }

  async function saveMoves(batch: QueuedMove<TimelineTask>[]) {
    try {
      const result = await trpc.timeline.reschedule.mutate({
        projectId: props.project.id,
        moves: batch.map(({ task, dates, version }) => ({ taskId: task.id, version, ...dates })),
      });
      for (const saved of result.tasks) setSavedDates(saved.id, { ...(queue.saved(saved.id, saved.version) ?? saved), version: saved.version });
      const conflicts = batch.flatMap(({ task }) => dependencyConflicts(task, datesOf(task)));
      if (conflicts.length > 0) showConflicts(conflicts);
      else if (batch.length === 1) {
        const [only] = result.tasks;
        notice.success(t('timeline.moved', { title: batch[0]!.task.title, start: date(only!.startDate), due: date(only!.dueDate) }));
      } else notice.success(t('timeline.movedMany', { count: batch.length }));
    } catch (error) {
      // All or nothing: every bar of the request goes back, with any later move of the same bars.
      for (const { task } of batch) {
        queue.drop(task.id);
        setSavedDates(task.id, undefined);
      }
      notice.error(movedBackMessage(batch, error));
      refresh();
    }
  }

  /** Why the bars went back: for a CONFLICT, which tasks someone else changed and where they are now. */
  function movedBackMessage(batch: QueuedMove<TimelineTask>[], error: unknown): string {
    const described = describeError(error);
    const changed = (described.current as { tasks?: { title: string; startDate: string; dueDate: string }[] } | undefined)?.tasks;
    if (described.code === 'CONFLICT' && changed?.length) {
      const tasks = changed.map((x) => t('timeline.changedTask', { title: x.title, start: date(x.startDate), due: date(x.dueDate) })).join('; ');
      return t('timeline.movedBackChanged', { tasks });
    }
    return t('timeline.movedBack', { title: batch.map(({ task }) => task.title).join('; '), reason: described.message });
  }

  // ── live: others' changes redraw the bars in place, but never under a drag in progress ──
  const [dragging, setDragging] = createSignal(false);
  let refreshAfterDrag = false;
  const refresh = () =>
    void startTransition(() => {
      void refetch();
      void refetchBaselines();
    });
  onProjectChange(
    () => props.project.id,
    () => {
      if (dragging()) refreshAfterDrag = true;
      else refresh();
    },
  );
  const onDragChange = (on: boolean) => {
    setDragging(on);
    queue.hold(on);
    if (!on && refreshAfterDrag) {
      refreshAfterDrag = false;
      refresh();
    }
  };

  // ── export and print ──
  let canvas: SVGSVGElement | undefined;
  const [exporting, setExporting] = createSignal(false);
  async function exportPng() {
    if (!canvas || exporting()) return;
    setExporting(true);
    try {
      const today = timeline.latest?.today ?? '';
      const caption = `${t('timeline.title')} · ${pick(props.project.nameVi, props.project.nameEn)} · ${date(today)}`;
      downloadBlob(await timelinePng(canvas, caption), `${props.project.code}-${t('timeline.fileName')}-${today}.png`);
    } catch {
      notice.error(t('timeline.exportFailed'));
    } finally {
      setExporting(false);
    }
  }

  // ── baselines ──
  const [baselineName, setBaselineName] = createSignal('');
  const [savingBaseline, setSavingBaseline] = createSignal(false);
  async function saveBaseline(event: SubmitEvent) {
    event.preventDefault();
    const name = baselineName().trim();
    if (!name || savingBaseline()) return;
    setSavingBaseline(true);
    try {
      const baseline = await trpc.timeline.saveBaseline.mutate({ projectId: props.project.id, name });
      setBaselineName('');
      notice.success(t('timeline.baselineSaved', { name: baseline.name }));
      setSearch({ baseline: String(baseline.id) });
      void refetchBaselines();
    } catch (error) {
      notice.error(describeError(error).message);
    } finally {
      setSavingBaseline(false);
    }
  }

  onMount(() => performance.mark('timeline:mount'));
  const rendered = () => {
    // After the first frame that shows the chart: what the benchmark reads.
    requestAnimationFrame(() => {
      performance.mark('timeline:rendered');
      try {
        performance.measure('timeline:render', 'timeline:data', 'timeline:rendered');
      } catch {
        // No data mark (a re-render from a filter): nothing to measure against.
      }
    });
    return null;
  };

  const phaseOptions = () => (timeline.latest?.phases ?? []).map((p, i) => ({ value: String(p.id), label: `${i + 1}. ${p.name}` }));
  const partyOptions = () => props.project.parties.map((p) => ({ value: String(p.organization.id), label: p.organization.code }));
  const statusOptions = () => TASK_STATUSES.map((s) => ({ value: s, label: t(TASK_STATUS_KEY[s]) }));
  const baselineOptions = () => [
    { value: 'none', label: t('timeline.baselineHidden') },
    ...(baselines.latest ?? []).map((b) => ({ value: String(b.id), label: `${b.name} · ${date(b.createdAt)}` })),
  ];
  const baselineValue = () => (search.baseline === 'none' ? 'none' : search.baseline ?? (timeline.latest?.baseline ? String(timeline.latest.baseline.id) : 'none'));

  return (
    <article class="timeline-page" aria-labelledby="timeline-title">
      <ProjectBreadcrumb project={props.project} current={t('timeline.title')} />
      <header class="page-header">
        <h1 id="timeline-title">{t('timeline.title')}</h1>
        <p class="muted">{pick(props.project.nameVi, props.project.nameEn)}</p>
      </header>
      <Notice notice={notice.notice()} onDismiss={notice.clear} />

      <form class="timeline-filters" role="search" aria-label={t('plan.filters')} onSubmit={(e) => e.preventDefault()}>
        <SelectField name="org" label={t('plan.filterOrg')} placeholder={t('plan.all')} options={partyOptions()} value={search.org ?? ''} onChange={(e) => setSearch({ org: e.currentTarget.value || undefined })} />
        <SelectField name="phase" label={t('plan.filterPhase')} placeholder={t('plan.all')} options={phaseOptions()} value={search.phase ?? ''} onChange={(e) => setSearch({ phase: e.currentTarget.value || undefined })} />
        <SelectField name="status" label={t('task.status')} placeholder={t('plan.all')} options={statusOptions()} value={search.status ?? ''} onChange={(e) => setSearch({ status: e.currentTarget.value || undefined })} />
        <SelectField
          name="assignee"
          label={t('plan.filterAssignee')}
          placeholder={t('plan.all')}
          options={assigneeOptions(props.project)}
          value={search.assignee ?? ''}
          onChange={(e) => setSearch({ assignee: e.currentTarget.value || undefined })}
        />
        <SelectField
          name="group"
          label={t('timeline.groupBy')}
          options={[
            { value: 'phase', label: t('timeline.groupPhase') },
            { value: 'org', label: t('timeline.groupOrganization') },
          ]}
          value={search.group === 'org' ? 'org' : 'phase'}
          onChange={(e) => setSearch({ group: e.currentTarget.value === 'org' ? 'org' : undefined })}
        />
        <SelectField name="baseline" label={t('timeline.baseline')} options={baselineOptions()} value={baselineValue()} onChange={(e) => setSearch({ baseline: e.currentTarget.value })} />
      </form>

      <div class="timeline-toolbar">
        <div class="segmented" role="group" aria-label={t('timeline.zoom')}>
          <For each={ZOOMS}>
            {(z) => (
              <button type="button" class="segmented-button" aria-pressed={zoom() === z} onClick={() => setSearch({ zoom: z === 'month' ? undefined : z })}>
                {t(ZOOM_KEY[z])}
              </button>
            )}
          </For>
        </div>
        <button type="button" class="button button--secondary button--small" aria-pressed={showCritical()} onClick={() => setSearch({ critical: showCritical() ? undefined : '1' })}>
          {t('timeline.criticalPath')}
        </button>
        <button type="button" class="button button--secondary button--small" aria-pressed={tableView()} onClick={() => setSearch({ view: tableView() ? undefined : 'table' })}>
          {t('timeline.tableView')}
        </button>
        <Show when={!tableView()}>
          <button type="button" class="button button--secondary button--small" disabled={exporting() || rows().length === 0} onClick={() => void exportPng()}>
            {t('timeline.exportPng')}
          </button>
        </Show>
        <button type="button" class="button button--secondary button--small" onClick={() => window.print()}>
          {t('timeline.print')}
        </button>
        <Show when={coordinator()}>
          <form class="baseline-form" onSubmit={saveBaseline}>
            <TextField name="baselineName" label={t('timeline.baselineName')} value={baselineName()} maxLength={200} required onInput={(e) => setBaselineName(e.currentTarget.value)} />
            <button type="submit" class="button button--primary button--small" disabled={savingBaseline() || !baselineName().trim()}>
              {t('timeline.saveBaseline')}
            </button>
          </form>
        </Show>
      </div>

      <Show when={timeline.error}>
        <p class="notice notice--error" role="alert">
          {describeError(timeline.error).message}{' '}
          <button type="button" class="button button--small" onClick={() => void refetch()}>
            {t('common.retry')}
          </button>
        </p>
      </Show>

      <Show when={timeline.latest} fallback={<p class="loading" role="status">{t('common.loading')}</p>}>
        {(data) => (
          <>
            <Legend project={props.project} timeline={data()} toneOf={toneOf} critical={showCritical()} />
            <p class="muted timeline-summary" aria-live="polite">
              {t('timeline.summary', { tasks: rows().filter((r) => r.kind === 'task').length, today: date(data().today) })}
              <Show when={showCritical() && data().critical?.span}>
                {(s) => <> · {t('timeline.criticalSpan', { days: s().days, end: date(s().end) })}</>}
              </Show>
              <Show when={queue.count() > 0}>
                {' · '}
                <span class="timeline-saving">{t('timeline.savingMoves', { count: queue.count() })}</span>
              </Show>
            </p>
            <Show when={rows().length > 0} fallback={<div class="empty-state"><p>{t('plan.noMatch')}</p></div>}>
              <Show
                when={!tableView()}
                fallback={<TimelineTable project={props.project} timeline={data()} rows={rows()} datesOf={datesOf} floats={floats()} showBaseline={baselineValue() !== 'none'} />}
              >
                <Gantt
                  timeline={data()}
                  rows={rows()}
                  zoom={zoom()}
                  span={span()}
                  coordinator={coordinator()}
                  showBaseline={baselineValue() !== 'none'}
                  floats={floats()}
                  datesOf={datesOf}
                  toneOf={(id) => (toneOf(id) === 'none' ? -1 : Number(toneOf(id)))}
                  onMove={move}
                  onOpen={(task) => navigate(`/projects/${props.project.id}/tasks/${task.id}`)}
                  onDragChange={onDragChange}
                  canvasRef={(svg) => (canvas = svg)}
                />
                {rendered()}
              </Show>
            </Show>
          </>
        )}
      </Show>

      <CalendarFeed />
    </article>
  );
}

function Legend(props: { project: ProjectSummary; timeline: Timeline; toneOf: (id: number | undefined) => string; critical: boolean }) {
  const leads = createMemo(() => {
    const seen = new Set<number>();
    for (const x of props.timeline.tasks) if (x.leadOrganization) seen.add(x.leadOrganization.id);
    return props.project.parties.filter((p) => seen.has(p.organization.id));
  });
  return (
    <ul class="timeline-legend" aria-label={t('timeline.legend')}>
      <For each={leads()}>
        {(party) => (
          <li>
            <svg class="legend-swatch" viewBox="0 0 10 10" aria-hidden="true">
              <rect class={`org-tone-${props.toneOf(party.organization.id)} legend-fill`} width="10" height="10" rx="2" />
            </svg>
            <span title={pick(party.organization.nameVi, party.organization.nameEn)}>{party.organization.code}</span>
          </li>
        )}
      </For>
      <For each={MILESTONE_STATES}>
        {(state) => (
          <li>
            <svg class="legend-swatch" viewBox="0 0 12 12" aria-hidden="true">
              <path class={`gantt-milestone gantt-milestone--${state}`} d="M6,0L12,6L6,12L0,6Z" />
            </svg>
            {t(MILESTONE_STATE_KEY[state])}
          </li>
        )}
      </For>
      <li>
        <svg class="legend-swatch legend-swatch--wide" viewBox="0 0 20 10" aria-hidden="true">
          <rect class="gantt-baseline" y="3" width="20" height="5" rx="1" />
        </svg>
        {t('timeline.baseline')}
      </li>
      <Show when={props.critical}>
        <li>
          <svg class="legend-swatch legend-swatch--wide" viewBox="0 0 20 10" aria-hidden="true">
            <rect class="legend-critical" x="1" y="1" width="18" height="8" rx="2" />
          </svg>
          {t('timeline.criticalTask')}
        </li>
      </Show>
      <li>
        <svg class="legend-swatch" viewBox="0 0 10 10" aria-hidden="true">
          <line class="gantt-today" x1="5" x2="5" y1="0" y2="10" />
        </svg>
        {t('timeline.today')}
      </li>
    </ul>
  );
}
