import { createResource, For, Show, Suspense, ErrorBoundary, createSignal, createUniqueId } from 'solid-js';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import type { ProjectSummary } from '~/components/project-page.tsx';
import { t, type MessageKey } from '~/i18n/i18n.ts';
import { trpc } from '~/lib/trpc.ts';
import type { WordChange } from '../../../../shared/approval-schemas.ts';
import type { Consensus, OutlineData } from './outline.tsx';

type Comparison = Awaited<ReturnType<typeof trpc.outline.compare.query>>;
type SectionDiff = Comparison['sections'][number];
type Ref = number | 'draft';

const STATUS_LABELS: Record<SectionDiff['status'], MessageKey> = {
  added: 'diff.status.added',
  removed: 'diff.status.removed',
  changed: 'diff.status.changed',
  unchanged: 'diff.status.unchanged',
};

function refOf(raw: string | undefined): Ref | null {
  if (raw === 'draft') return 'draft';
  return raw && /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : null;
}

/**
 * Two versions (or a version and the draft) side by side in one column: each section with its
 * word-level changes. Added words are underlined, removed ones struck through, and both are
 * announced as such to screen readers, so nothing rests on colour alone.
 */
export default function OutlineCompare(props: {
  project: ProjectSummary;
  outline: OutlineData;
  consensus: Consensus;
  from: string | undefined;
  to: string | undefined;
  onChoose: (from: string, to: string) => void;
}) {
  const [showUnchanged, setShowUnchanged] = createSignal(false);
  const unchangedId = createUniqueId();
  const versions = () => props.outline.versions;
  // By default: what changed since the newest agreed version (or the newest), up to the draft.
  const defaultFrom = (): Ref | null => props.consensus.approvedVersion?.id ?? versions()[0]?.id ?? null;
  const from = () => refOf(props.from) ?? defaultFrom();
  const to = () => refOf(props.to) ?? 'draft';
  const options = () => [
    { value: 'draft', label: t('diff.draft') },
    ...versions().map((v) => ({ value: String(v.id), label: t('outline.versionNumber', { number: v.number }) })),
  ];
  const [comparison, { refetch }] = createResource(
    () => {
      const a = from();
      return a === null ? false : { projectId: props.project.id, from: a, to: to() };
    },
    (input) => trpc.outline.compare.query(input),
  );
  const refLabel = (ref: Comparison['from']) => (ref.kind === 'draft' ? t('diff.draft') : t('outline.versionNumber', { number: ref.number ?? 0 }));

  function onChange(event: Event) {
    const form = (event.currentTarget as HTMLSelectElement).form!;
    const data = new FormData(form);
    props.onChoose(String(data.get('from')), String(data.get('to')));
  }

  return (
    <section aria-labelledby="compare-title">
      <h2 id="compare-title">{t('diff.title')}</h2>
      <Show when={versions().length > 0} fallback={<p class="empty-state">{t('outline.noVersions')}</p>}>
        <form class="compare-choice" aria-label={t('diff.choose')} onSubmit={(e) => e.preventDefault()}>
          <div class="field">
            <label for="compare-from">{t('diff.from')}</label>
            <select id="compare-from" name="from" onChange={onChange}>
              <For each={options()}>{(o) => <option value={o.value} selected={String(from()) === o.value}>{o.label}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for="compare-to">{t('diff.to')}</label>
            <select id="compare-to" name="to" onChange={onChange}>
              <For each={options()}>{(o) => <option value={o.value} selected={String(to()) === o.value}>{o.label}</option>}</For>
            </select>
          </div>
          <div class="field field--checkbox">
            <input id={unchangedId} type="checkbox" checked={showUnchanged()} onChange={(e) => setShowUnchanged(e.currentTarget.checked)} />
            <label for={unchangedId}>{t('diff.showUnchanged')}</label>
          </div>
        </form>
        <p class="diff-legend muted">
          {t('diff.legend')} <ins class="diff-ins">{t('diff.legendAdded')}</ins> <del class="diff-del">{t('diff.legendRemoved')}</del>
        </p>
        <ErrorBoundary fallback={(error) => <LoadError error={error} retry={() => void refetch()} />}>
          <Suspense fallback={<Loading />}>
            <Show when={comparison()}>
              {(c) => (
                <div class="diff" aria-live="polite">
                  <p class="diff-summary">
                    <strong>
                      {refLabel(c().from)} → {refLabel(c().to)}:
                    </strong>{' '}
                    {t('diff.summary', { changed: c().summary.changed, added: c().summary.added, removed: c().summary.removed, unchanged: c().summary.unchanged })}
                  </p>
                  <Show
                    when={c().summary.changed + c().summary.added + c().summary.removed > 0 || showUnchanged()}
                    fallback={<p class="empty-state">{t('diff.identical')}</p>}
                  >
                    <ol class="diff-sections" role="list">
                      <For each={c().sections.filter((s) => showUnchanged() || s.status !== 'unchanged')}>{(s) => <SectionChange section={s} />}</For>
                    </ol>
                  </Show>
                </div>
              )}
            </Show>
          </Suspense>
        </ErrorBoundary>
      </Show>
    </section>
  );
}

function SectionChange(props: { section: SectionDiff }) {
  const s = () => props.section;
  const number = () => s().to?.number ?? s().from?.number ?? '';
  return (
    <li class={`diff-section diff-section--${s().status}`}>
      <div class="outline-section-head">
        <h3 class="section-title">
          <span class="section-number">{number()}.</span> <Words changes={s().title} />
        </h3>
        <span class={`badge badge--diff-${s().status}`}>{t(STATUS_LABELS[s().status])}</span>
      </div>
      <Show when={s().from && s().to && s().from!.number !== s().to!.number}>
        <p class="muted">{t('diff.renumbered', { from: s().from!.number, to: s().to!.number })}</p>
      </Show>
      <Show when={s().ownerChanged}>
        <p class="muted">{t('diff.ownerChanged', { from: s().from?.owner?.code ?? '—', to: s().to?.owner?.code ?? '—' })}</p>
      </Show>
      <Show when={s().body.length > 0}>
        <p class="diff-body">
          <Words changes={s().body} />
        </p>
      </Show>
    </li>
  );
}

/** Runs of text as plain text nodes (never HTML), added ones in <ins>, removed ones in <del>. */
function Words(props: { changes: WordChange[] }) {
  return (
    <For each={props.changes}>
      {(change) =>
        change.op === 'added' ? (
          <ins class="diff-ins">
            <span class="visually-hidden">[{t('diff.addedStart')}] </span>
            {change.text}
            <span class="visually-hidden"> [{t('diff.addedEnd')}]</span>
          </ins>
        ) : change.op === 'removed' ? (
          <del class="diff-del">
            <span class="visually-hidden">[{t('diff.removedStart')}] </span>
            {change.text}
            <span class="visually-hidden"> [{t('diff.removedEnd')}]</span>
          </del>
        ) : (
          <span>{change.text}</span>
        )
      }
    </For>
  );
}
