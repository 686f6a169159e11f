import { createEffect, createMemo, createSignal, For, Index, on, Show } from 'solid-js';
import { createStore, produce, reconcile, unwrap } from 'solid-js/store';
import ConflictDialog, { type Conflict } from '~/components/conflict-dialog.tsx';
import { locale, money, t } from '~/i18n/i18n.ts';
import { formatMoneyInput, parseMoneyInput, sumMoney } from '~/lib/money-input.ts';
import { sessionEnded } from '~/lib/session.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import { categoryName, quantityMilli, quantityText, rowAmount, sourceName, type EstimateDetail, type FundingOverview, type GridColumn as Column, type GridRow } from './funding-data.ts';

export type { GridRow };

type Line = EstimateDetail['lines'][number];

/** The editable columns, in keyboard order. */
// The amount follows quantity × unit cost, so it stays in view on a laptop; the optional phase comes last.
const COLUMNS: readonly Column[] = ['category', 'description', 'quantity', 'unit', 'unitCost', 'sourceId', 'year', 'phaseId'];

let nextUid = 1;

function rowOf(line: Line): GridRow {
  return {
    uid: nextUid++,
    id: line.id,
    version: line.version,
    category: line.category,
    description: line.description,
    phaseId: line.phaseId === null ? '' : String(line.phaseId),
    taskId: line.taskId,
    quantity: quantityText(line.quantity),
    unit: line.unit,
    unitCost: formatMoneyInput(line.unitCost, locale()),
    sourceId: String(line.sourceId),
    year: String(line.year),
    note: line.note,
    disbursed: line.disbursed,
    dirty: false,
    changedUnderneath: false,
    errors: {},
  };
}

/** What the server needs for a row, or the problems to show in its cells. */
function checkRow(row: GridRow) {
  const errors: Partial<Record<Column, string>> = {};
  if (!row.category) errors.category = t('validation.choose');
  if (!row.description.trim()) errors.description = t('validation.required');
  if (quantityMilli(row.quantity) === null) errors.quantity = t('funding.invalidQuantity');
  if (!row.unit.trim()) errors.unit = t('validation.required');
  const cost = parseMoneyInput(row.unitCost, locale());
  if ('error' in cost) errors.unitCost = t(cost.error);
  if (!row.sourceId) errors.sourceId = t('validation.choose');
  if (!/^\d{4}$/.test(row.year.trim())) errors.year = t('funding.invalidYear');
  if (Object.keys(errors).length === 0 && rowAmount(row) === null) errors.quantity = t('error.amount_not_whole');
  if (Object.keys(errors).length > 0) return { errors };
  return {
    values: {
      category: row.category,
      description: row.description.trim(),
      phaseId: row.phaseId ? Number(row.phaseId) : null,
      taskId: row.taskId,
      quantity: row.quantity.trim(),
      unit: row.unit.trim(),
      unitCost: (cost as { value: number }).value,
      sourceId: Number(row.sourceId),
      year: Number(row.year.trim()),
      note: row.note,
    },
  };
}

/**
 * The estimate as a grid. Those who may edit type into cells (arrow keys and Enter move between
 * them), see amounts and totals follow at once (exact, in BigInt), add and remove lines, and save
 * the changed rows together. Someone else's newer save is shown side by side to choose from.
 * Partners' saves arriving meanwhile (a new `detail`) update the rows nobody is editing here.
 */
export default function EstimateGrid(props: {
  projectId: number;
  overview: FundingOverview;
  detail: EstimateDetail;
  editable: boolean;
  onRowsChange: (rows: readonly GridRow[]) => void;
  onSaved: (message: string) => Promise<void>;
  onError: (message: string) => void;
}) {
  const [rows, setRows] = createStore<GridRow[]>(props.detail.lines.map(rowOf));
  const [saving, setSaving] = createSignal(false);
  const [conflict, setConflict] = createSignal<Conflict>();
  let table: HTMLTableElement | undefined;
  props.onRowsChange(rows);

  // The estimate's version this grid has seen, its own saves included: an older `detail` (fetched
  // before one of them) is ignored rather than undoing the save on screen.
  let knownVersion = props.detail.estimate.version;
  const seen = (estimateVersion: number) => (knownVersion = Math.max(knownVersion, estimateVersion));
  createEffect(
    on(
      () => [props.detail, saving()] as const,
      ([detail, busy]) => {
        if (busy || detail.estimate.version < knownVersion) return;
        seen(detail.estimate.version);
        mergeSaved(detail.lines);
      },
      { defer: true },
    ),
  );

  /**
   * Rows nobody touched here take the saved lines (new ones appear, removed ones go); a row being
   * edited keeps its draft, marked when its line was changed or removed underneath, so that its
   * save meets the usual CONFLICT. Focus stays in the cell the person is typing in.
   */
  function mergeSaved(lines: readonly Line[]) {
    const current = unwrap(rows);
    const byId = new Map(current.filter((r) => r.id !== null).map((r) => [r.id!, r]));
    const saved = new Set(lines.map((l) => l.id));
    const merged = lines.map((line): GridRow => {
      const row = byId.get(line.id);
      if (!row) return rowOf(line);
      if (row.dirty) return line.version > row.version && !row.changedUnderneath ? { ...row, changedUnderneath: true } : row;
      return line.version > row.version || line.disbursed !== row.disbursed ? { ...rowOf(line), uid: row.uid } : row;
    });
    const kept = current.filter((r) => r.id === null || (r.dirty && !saved.has(r.id))).map((r) => (r.id === null || r.changedUnderneath ? r : { ...r, changedUnderneath: true }));
    const focus = focusedCell();
    setRows(reconcile([...merged, ...kept], { key: 'uid' }));
    props.onRowsChange(rows);
    if (focus) restoreFocus(focus);
  }

  function focusedCell() {
    const el = document.activeElement;
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement) || !table?.contains(el) || el.dataset.row === undefined) return undefined;
    const caret = el instanceof HTMLInputElement ? [el.selectionStart, el.selectionEnd] : [null, null];
    return { uid: rows[Number(el.dataset.row)]?.uid, row: Number(el.dataset.row), col: Number(el.dataset.col), caret };
  }

  function restoreFocus(focus: NonNullable<ReturnType<typeof focusedCell>>) {
    const index = rows.findIndex((r) => r.uid === focus.uid);
    if (index < 0 || index === focus.row) return;
    const cell = table?.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-row="${index}"][data-col="${focus.col}"]`);
    cell?.focus();
    const [start, end] = focus.caret;
    if (cell instanceof HTMLInputElement && start != null && end != null) cell.setSelectionRange(start, end);
  }

  const underneath = () => rows.flatMap((r, i) => (r.changedUnderneath ? [i + 1] : []));
  const dirtyCount = () => rows.filter((r) => r.dirty).length;
  const total = createMemo(() => sumMoney(rows.map((r) => rowAmount(r) ?? 0n)));
  const unknownAmounts = () => rows.filter((r) => rowAmount(r) === null).length;
  const phases = () => props.overview.phases;

  function edit(index: number, column: Column, value: string) {
    setRows(index, produce((row) => {
      row[column] = value;
      row.dirty = true;
      delete row.errors[column];
    }));
    props.onRowsChange(rows);
  }

  function addRow() {
    const last = rows[rows.length - 1];
    setRows(rows.length, {
      uid: nextUid++,
      id: null,
      version: 0,
      category: last?.category ?? props.overview.categories[0]?.code ?? '',
      description: '',
      phaseId: last?.phaseId ?? '',
      taskId: null,
      quantity: '1',
      unit: '',
      unitCost: '',
      sourceId: last?.sourceId ?? String(props.overview.sources[0]?.id ?? ''),
      year: last?.year ?? String(new Date().getFullYear()),
      note: '',
      disbursed: 0,
      dirty: true,
      changedUnderneath: false,
      errors: {},
    });
    props.onRowsChange(rows);
    queueMicrotask(() => focusCell(rows.length - 1, 1));
  }

  async function removeRow(index: number) {
    const row = rows[index];
    if (!row) return;
    if (row.id !== null) {
      if (!window.confirm(t('funding.removeQuestion', { line: row.description || String(index + 1) }))) return;
      try {
        seen((await trpc.funding.deleteLine.mutate({ projectId: props.projectId, lineId: row.id, version: row.version })).estimateVersion);
      } catch (error) {
        failed(error);
        return;
      }
    }
    setRows((list) => list.filter((r) => r.uid !== row.uid));
    props.onRowsChange(rows);
    if (row.id !== null) await props.onSaved(t('funding.lineRemoved'));
  }

  function failed(error: unknown) {
    const described = describeError(error);
    if (described.code === 'UNAUTHORIZED') sessionEnded();
    props.onError(described.message);
  }

  function focusCell(row: number, col: number) {
    const cell = table?.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-row="${row}"][data-col="${col}"]`);
    if (!cell) return false;
    cell.focus();
    if (cell instanceof HTMLInputElement) cell.select();
    return true;
  }

  // Spreadsheet keys: ↑ ↓ and Enter (Shift+Enter up) between rows; ← → between cells at the text's edge.
  function onKeyDown(event: KeyboardEvent) {
    const el = event.target as HTMLInputElement | HTMLSelectElement;
    if (el.dataset?.row === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    let [r, c] = [Number(el.dataset.row), Number(el.dataset.col)];
    const caretAt = el instanceof HTMLInputElement ? [el.selectionStart ?? 0, el.selectionEnd ?? 0] : null;
    if (event.key === 'ArrowUp') r--;
    else if (event.key === 'ArrowDown') r++;
    else if (event.key === 'Enter') r += event.shiftKey ? -1 : 1;
    else if (event.key === 'ArrowLeft' && (!caretAt || (caretAt[0] === 0 && caretAt[1] === 0))) c--;
    else if (event.key === 'ArrowRight' && (!caretAt || caretAt[0] === el.value.length)) c++;
    else return;
    event.preventDefault();
    focusCell(r, c);
  }

  async function save() {
    if (saving()) return;
    const changed = rows.map((row, index) => ({ row, index })).filter((x) => x.row.dirty);
    let firstInvalid: { index: number; column: Column } | undefined;
    const checked = changed.map(({ row, index }) => {
      const result = checkRow(row);
      setRows(index, 'errors', result.errors ?? {});
      if (result.errors && !firstInvalid) firstInvalid = { index, column: Object.keys(result.errors)[0] as Column };
      return { row, index, values: result.values };
    });
    if (firstInvalid) {
      props.onError(t('form.fixErrors'));
      focusCell(firstInvalid.index, COLUMNS.indexOf(firstInvalid.column));
      return;
    }
    setSaving(true);
    try {
      for (const { row, values } of checked) {
        if (!values) continue;
        try {
          const result =
            row.id === null
              ? await trpc.funding.addLine.mutate({ projectId: props.projectId, estimateId: props.detail.estimate.id, ...values })
              : await trpc.funding.updateLine.mutate({ projectId: props.projectId, lineId: row.id, version: row.version, ...values });
          // Saved: should a later row fail, this one is not sent again nor taken for a partner's change.
          seen(result.estimateVersion);
          const at = rows.findIndex((r) => r.uid === row.uid);
          if (at >= 0) setRows(at, { id: result.line.id, version: result.line.version, dirty: false, changedUnderneath: false });
        } catch (error) {
          const described = describeError(error);
          if (described.code === 'CONFLICT' && row.id !== null && described.current) {
            offerConflict(row, values, described.current as Line);
            return;
          }
          failed(error);
          return;
        }
      }
      await props.onSaved(t('funding.saved', { count: checked.length }));
    } finally {
      setSaving(false);
    }
  }

  function offerConflict(row: GridRow, mine: NonNullable<ReturnType<typeof checkRow>['values']>, theirs: Line) {
    const lines = (a: string | number, b: string | number) => ({ mine: String(a), theirs: String(b) });
    setConflict({
      fields: [
        { label: t('funding.col.category'), ...lines(categoryName(props.overview.categories, mine.category), categoryName(props.overview.categories, theirs.category)) },
        { label: t('funding.col.description'), ...lines(mine.description, theirs.description) },
        { label: t('funding.col.quantity'), ...lines(quantityText(mine.quantity), quantityText(theirs.quantity)) },
        { label: t('funding.col.unit'), ...lines(mine.unit, theirs.unit) },
        { label: t('funding.col.unitCost'), ...lines(money(mine.unitCost), money(theirs.unitCost)) },
        { label: t('funding.col.source'), ...lines(sourceName(props.overview.sources, mine.sourceId), sourceName(props.overview.sources, theirs.sourceId)) },
        { label: t('funding.col.year'), ...lines(mine.year, theirs.year) },
      ],
      keepMine: async () => {
        await trpc.funding.updateLine.mutate({ projectId: props.projectId, lineId: theirs.id, version: theirs.version, ...mine });
        await props.onSaved(t('funding.saved', { count: 1 }));
      },
      takeTheirs: () => void props.onSaved(t('funding.reloaded')),
    });
    props.onError(t('funding.conflict', { line: row.description }));
  }

  const cellLabel = (index: number, column: Column) => `row-${rows[index]?.uid} col-${column}`;

  return (
    <div class="estimate-grid">
      <Show when={props.editable}>
        <p class="muted grid-hint" id="grid-hint">
          {t('funding.gridHint')}
        </p>
      </Show>
      <div class="live-region" aria-live="polite">
        <Show when={underneath().length > 0}>
          <p class="notice notice--info grid-underneath">{t('funding.changedUnderneath', { lines: underneath().join(', ') })}</p>
        </Show>
      </div>
      <div class="grid-scroll" tabindex="-1">
        <table class="table funding-grid" ref={table} onKeyDown={onKeyDown} aria-describedby={props.editable ? 'grid-hint' : undefined}>
          <caption class="visually-hidden">{t('funding.linesCaption', { number: props.detail.estimate.number })}</caption>
          <thead>
            <tr>
              <th scope="col" class="numeric">#</th>
              <th scope="col" id="col-category">{t('funding.col.category')}</th>
              <th scope="col" id="col-description">{t('funding.col.description')}</th>
              <th scope="col" id="col-quantity" class="numeric">{t('funding.col.quantity')}</th>
              <th scope="col" id="col-unit">{t('funding.col.unit')}</th>
              <th scope="col" id="col-unitCost" class="numeric">{t('funding.col.unitCost')}</th>
              <th scope="col" class="numeric">{t('funding.col.amount')}</th>
              <th scope="col" id="col-sourceId">{t('funding.col.source')}</th>
              <th scope="col" id="col-year" class="numeric">{t('funding.col.year')}</th>
              <th scope="col" id="col-phaseId">{t('funding.col.phase')}</th>
              <th scope="col" class="numeric">{t('funding.col.disbursed')}</th>
              <Show when={props.editable}>
                <th scope="col">
                  <span class="visually-hidden">{t('common.actions')}</span>
                </th>
              </Show>
            </tr>
          </thead>
          <tbody>
            <Index each={rows} fallback={<tr><td colspan="12" class="empty-state">{t('funding.noLines')}</td></tr>}>
              {(row, index) => {
                const amount = () => rowAmount(row());
                const cellProps = (column: Column, extra = '') => ({
                  'data-row': index,
                  'data-col': COLUMNS.indexOf(column),
                  'aria-labelledby': cellLabel(index, column),
                  'aria-invalid': row().errors[column] ? ('true' as const) : undefined,
                  title: row().errors[column],
                  class: `cell-input ${extra}${row().errors[column] ? ' cell-input--invalid' : ''}`,
                });
                const phaseLabel = (id: string) => {
                  const phase = phases().find((p) => String(p.id) === id);
                  return phase ? `${phase.position}. ${phase.name}` : '—';
                };
                return (
                  <tr classList={{ 'grid-row--dirty': row().dirty, 'grid-row--underneath': row().changedUnderneath }}>
                    <th scope="row" id={`row-${row().uid}`} class="numeric">
                      <span class="visually-hidden">{t('funding.line')} </span>
                      {index + 1}
                    </th>
                    <Show
                      when={props.editable}
                      fallback={
                        <>
                          <td class="grid-category">{categoryName(props.overview.categories, row().category)}</td>
                          <td class="grid-description">{row().description}</td>
                          <td class="numeric">{row().quantity}</td>
                          <td>{row().unit}</td>
                          <td class="numeric">{row().unitCost}</td>
                          <td class="numeric grid-amount">{amount() === null ? '—' : formatMoneyInput(amount()!, locale())}</td>
                          <td class="code">{props.overview.sources.find((s) => String(s.id) === row().sourceId)?.code ?? '—'}</td>
                          <td class="numeric">{row().year}</td>
                          <td class="grid-phase">
                            <Show when={phases().find((p) => String(p.id) === row().phaseId)} fallback="—">
                              {(phase) => <abbr title={phaseLabel(row().phaseId)}>{t('funding.phaseShort', { n: phase().position })}</abbr>}
                            </Show>
                          </td>
                          <td class="numeric grid-amount">{formatMoneyInput(row().disbursed, locale())}</td>
                        </>
                      }
                    >
                      <td>
                        <select {...cellProps('category', 'cell-input--category')} onChange={(e) => edit(index, 'category', e.currentTarget.value)}>
                          <For each={props.overview.categories}>
                            {(c) => (
                              <option value={c.code} selected={c.code === row().category}>
                                {categoryName(props.overview.categories, c.code)}
                              </option>
                            )}
                          </For>
                        </select>
                      </td>
                      <td class="grid-description">
                        <input {...cellProps('description')} value={row().description} maxLength={500} onInput={(e) => edit(index, 'description', e.currentTarget.value)} />
                      </td>
                      <td class="numeric">
                        <input {...cellProps('quantity', 'cell-input--number')} inputMode="decimal" value={row().quantity} onInput={(e) => edit(index, 'quantity', e.currentTarget.value)} />
                      </td>
                      <td>
                        <input {...cellProps('unit', 'cell-input--unit')} value={row().unit} maxLength={40} onInput={(e) => edit(index, 'unit', e.currentTarget.value)} />
                      </td>
                      <td class="numeric">
                        <input
                          {...cellProps('unitCost', 'cell-input--money')}
                          inputMode="numeric"
                          value={row().unitCost}
                          onInput={(e) => edit(index, 'unitCost', e.currentTarget.value)}
                          onBlur={(e) => {
                            const parsed = parseMoneyInput(e.currentTarget.value, locale());
                            if ('value' in parsed) setRows(index, 'unitCost', formatMoneyInput(parsed.value, locale()));
                          }}
                        />
                      </td>
                      <td class="numeric grid-amount">{amount() === null ? '—' : formatMoneyInput(amount()!, locale())}</td>
                      <td>
                        <select {...cellProps('sourceId', 'cell-input--source')} onChange={(e) => edit(index, 'sourceId', e.currentTarget.value)}>
                          <For each={props.overview.sources}>
                            {(s) => (
                              <option value={String(s.id)} selected={String(s.id) === row().sourceId}>
                                {s.code}
                              </option>
                            )}
                          </For>
                        </select>
                      </td>
                      <td class="numeric">
                        <input {...cellProps('year', 'cell-input--year')} inputMode="numeric" maxLength={4} value={row().year} onInput={(e) => edit(index, 'year', e.currentTarget.value)} />
                      </td>
                      <td>
                        <select {...cellProps('phaseId', 'cell-input--phase')} onChange={(e) => edit(index, 'phaseId', e.currentTarget.value)}>
                          <option value="" selected={row().phaseId === ''}>
                            —
                          </option>
                          <For each={phases()}>
                            {(p) => (
                              <option value={String(p.id)} selected={String(p.id) === row().phaseId}>
                                {`${p.position}. ${p.name}`}
                              </option>
                            )}
                          </For>
                        </select>
                      </td>
                      <td class="numeric grid-amount">{formatMoneyInput(row().disbursed, locale())}</td>
                      <td>
                        <button type="button" class="button button--ghost button--small" aria-label={t('funding.removeLine', { n: index + 1 })} onClick={() => void removeRow(index)}>
                          <span aria-hidden="true">×</span>
                        </button>
                      </td>
                    </Show>
                  </tr>
                );
              }}
            </Index>
          </tbody>
          <tfoot>
            <tr class="grid-total">
              <th scope="row" colspan="6">
                {t('funding.total')}
                <Show when={unknownAmounts() > 0}>
                  <span class="cell-sub">{t('funding.unknownAmounts', { count: unknownAmounts() })}</span>
                </Show>
              </th>
              <td class="numeric" data-testid="grid-total">
                <output aria-live="polite">{money(total())}</output>
              </td>
              <td colspan={props.editable ? 5 : 4} />
            </tr>
          </tfoot>
        </table>
      </div>
      <Show when={rows.some((r) => Object.keys(r.errors).length > 0)}>
        <ul class="grid-errors" role="list">
          <Index each={rows}>
            {(row, index) => (
              <For each={Object.entries(row().errors)}>
                {([column, message]) => (
                  <li>
                    {t('funding.lineError', { n: index + 1, column: t(`funding.col.${column === 'phaseId' ? 'phase' : column === 'sourceId' ? 'source' : column}` as 'funding.col.category') })}: {message}
                  </li>
                )}
              </For>
            )}
          </Index>
        </ul>
      </Show>
      <Show when={props.editable}>
        <div class="actions grid-actions">
          <button type="button" class="button button--secondary" onClick={addRow}>
            {t('funding.addLine')}
          </button>
          <button type="button" class="button button--primary" disabled={saving() || dirtyCount() === 0} onClick={() => void save()}>
            {saving() ? t('funding.saving') : t('funding.saveChanges', { count: dirtyCount() })}
          </button>
        </div>
      </Show>
      <ConflictDialog conflict={conflict()} onClose={() => setConflict(undefined)} />
    </div>
  );
}
