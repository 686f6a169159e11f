import { createSignal, For, Show } from 'solid-js';
import { FormMessage } from '~/components/field.tsx';
import { locale, money, t } from '~/i18n/i18n.ts';
import { downloadBlob } from '~/lib/download.ts';
import { sessionEnded } from '~/lib/session.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import { columnName, rowErrorText } from './funding-data.ts';

type Preview = Awaited<ReturnType<typeof trpc.funding.importPreview.mutate>>;
type Format = 'xlsx' | 'csv';

/** Bytes as base64, in chunks so a large file never overflows the call stack. */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Hands the person a file the server built. */
function download(file: { filename: string; mimeType: string; base64: string }) {
  const binary = atob(file.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  downloadBlob(new Blob([bytes], { type: file.mimeType }), file.filename);
}

/**
 * Export of the version on screen (XLSX or CSV, headers in the current language) and, for those
 * who may edit it, import: a preview with every row's problems, committed only when all are valid.
 */
export default function SpreadsheetPanel(props: {
  projectId: number;
  estimateId: number;
  canImport: boolean;
  onImported: (message: string) => Promise<void>;
}) {
  const [exporting, setExporting] = createSignal<Format>();
  const [message, setMessage] = createSignal<string>();
  const [preview, setPreview] = createSignal<{ preview: Preview; format: Format; data: string; fileName: string }>();
  const [busy, setBusy] = createSignal(false);
  let fileInput: HTMLInputElement | undefined;
  let modeSelect: HTMLSelectElement | undefined;

  function failed(error: unknown) {
    const described = describeError(error);
    if (described.code === 'UNAUTHORIZED') sessionEnded();
    setMessage(described.message);
  }

  async function exportAs(format: Format) {
    setExporting(format);
    setMessage(undefined);
    try {
      download(await trpc.funding.export.query({ projectId: props.projectId, estimateId: props.estimateId, format, locale: locale() }));
    } catch (error) {
      failed(error);
    } finally {
      setExporting(undefined);
    }
  }

  async function onPreview(event: SubmitEvent) {
    event.preventDefault();
    setMessage(undefined);
    setPreview(undefined);
    const file = fileInput?.files?.[0];
    if (!file) {
      setMessage(t('fundingImport.chooseFile'));
      fileInput?.focus();
      return;
    }
    const format: Format = /\.csv$/i.test(file.name) ? 'csv' : 'xlsx';
    setBusy(true);
    try {
      const data = toBase64(new Uint8Array(await file.arrayBuffer()));
      const mode = modeSelect?.value === 'replace' ? 'replace' : 'append';
      const result = await trpc.funding.importPreview.mutate({ projectId: props.projectId, estimateId: props.estimateId, format, data, mode });
      setPreview({ preview: result, format, data, fileName: file.name });
    } catch (error) {
      failed(error);
    } finally {
      setBusy(false);
    }
  }

  async function commit() {
    const p = preview();
    if (!p || p.preview.errorRows > 0) return;
    setBusy(true);
    setMessage(undefined);
    try {
      const result = await trpc.funding.importCommit.mutate({
        projectId: props.projectId,
        estimateId: props.estimateId,
        format: p.format,
        data: p.data,
        mode: p.preview.mode,
        version: p.preview.estimate.version,
      });
      setPreview(undefined);
      if (fileInput) fileInput.value = '';
      await props.onImported(t('fundingImport.done', { count: result.imported }));
    } catch (error) {
      failed(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="spreadsheet-panel">
      <div class="actions">
        <button type="button" class="button button--secondary" disabled={!!exporting()} onClick={() => void exportAs('xlsx')}>
          {t('funding.exportXlsx')}
        </button>
        <button type="button" class="button button--secondary" disabled={!!exporting()} onClick={() => void exportAs('csv')}>
          {t('funding.exportCsv')}
        </button>
      </div>
      <Show when={props.canImport}>
        <form class="form import-form" novalidate onSubmit={onPreview}>
          <h3>{t('fundingImport.title')}</h3>
          <p class="muted">{t('fundingImport.intro')}</p>
          <div class="form-grid">
            <div class="field">
              <label for="import-file">{t('fundingImport.file')}</label>
              <input id="import-file" ref={fileInput} type="file" name="file" accept=".xlsx,.csv" onChange={() => setPreview(undefined)} />
            </div>
            <div class="field">
              <label for="import-mode">{t('fundingImport.mode')}</label>
              <select id="import-mode" ref={modeSelect} name="mode" onChange={() => setPreview(undefined)}>
                <option value="append">{t('fundingImport.append')}</option>
                <option value="replace">{t('fundingImport.replace')}</option>
              </select>
            </div>
          </div>
          <div class="form-actions">
            <button type="submit" class="button button--secondary" disabled={busy()}>
              {t('fundingImport.preview')}
            </button>
          </div>
        </form>
      </Show>
      <FormMessage message={message()} />
      <Show when={preview()}>
        {(p) => (
          <section class="import-preview" aria-labelledby="import-preview-title">
            <h3 id="import-preview-title">{t('fundingImport.previewTitle', { file: p().fileName })}</h3>
            <p role="status" classList={{ 'gap--short': p().preview.errorRows > 0 }}>
              {p().preview.errorRows > 0
                ? t('fundingImport.hasErrors', { errors: p().preview.errorRows, rows: p().preview.rows.length })
                : t('fundingImport.allValid', { rows: p().preview.validRows, total: money(p().preview.total) })}
            </p>
            <div class="grid-scroll">
              <table class="table table--stack import-table">
                <caption class="visually-hidden">{t('fundingImport.previewTitle', { file: p().fileName })}</caption>
                <thead>
                  <tr>
                    <th scope="col" class="numeric">{t('fundingImport.column.row')}</th>
                    <th scope="col">{t('funding.col.description')}</th>
                    <th scope="col" class="numeric">{t('funding.col.amount')}</th>
                    <th scope="col">{t('fundingImport.problems')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={p().preview.rows}>
                    {(row) => (
                      <tr classList={{ 'import-row--invalid': row.errors.length > 0 }}>
                        <th scope="row" class="numeric" data-label={t('fundingImport.column.row')}>{row.row}</th>
                        <td data-label={t('funding.col.description')}>{row.line?.description ?? '—'}</td>
                        <td class="numeric" data-label={t('funding.col.amount')}>{row.line ? money(row.line.amount) : '—'}</td>
                        <td data-label={t('fundingImport.problems')}>
                          <Show when={row.errors.length > 0} fallback={<span class="muted">{t('fundingImport.rowOk')}</span>}>
                            <ul class="row-errors" role="list">
                              <For each={row.errors}>{(e) => <li>{`${columnName(e.field)}: ${rowErrorText(e)}`}</li>}</For>
                            </ul>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <div class="form-actions">
              <button type="button" class="button button--primary" disabled={busy() || p().preview.errorRows > 0} onClick={() => void commit()}>
                {t('fundingImport.commit', { count: p().preview.validRows })}
              </button>
              <button type="button" class="button button--secondary" onClick={() => setPreview(undefined)}>
                {t('common.cancel')}
              </button>
            </div>
          </section>
        )}
      </Show>
    </div>
  );
}
