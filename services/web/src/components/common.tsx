import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

import { ApiError } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.ts';

/** Shows a failed request as an alert, which screen readers read out as it appears. */
export function ErrorNotice({ error, heading }: { error: unknown; heading?: string }) {
  const { t } = useI18n();
  if (error === undefined || error === null) {
    return null;
  }
  const apiError = error instanceof ApiError ? error : undefined;
  let message = error instanceof Error ? error.message : String(error);
  if (apiError?.status === 0) {
    message = t('networkError');
  }
  return (
    <div class="notice notice-error" role="alert">
      <p class="notice-title">{heading ?? apiError?.title ?? t('errorHeading')}</p>
      <p>{message}</p>
      {apiError?.code ? <p class="notice-code">{t('errorCode', { code: apiError.code })}</p> : null}
    </div>
  );
}

export function Loading({ message }: { message?: string }) {
  const { t } = useI18n();
  return (
    <p class="loading" role="status">
      {message ?? t('loading')}
    </p>
  );
}

/** Renders a button that downloads a file with the user's token and shows progress and failure beside it. */
export function DownloadButton({ label, download }: { label: MessageKey; download: () => Promise<unknown> }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const start = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await download();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="download">
      <button type="button" class="button-secondary" onClick={() => void start()} disabled={busy} aria-busy={busy}>
        {busy ? t('downloading') : t(label)}
      </button>
      {error === undefined ? null : <ErrorNotice error={error} heading={t('downloadFailed')} />}
    </span>
  );
}

export function Section({ title, children, id }: { title: string; children: ComponentChildren; id?: string }) {
  const headingId = `${id ?? title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-judul`;
  return (
    <section class="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

/** Keeps wide tables usable at 1366 px: the table scrolls inside a focusable region instead of the page. */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** Renders the unit filter of a report page: each unit the report lists, or all of them. */
export function UnitSelect({ units, value, onChange }: { units: readonly { unitId: string; unitName: string }[]; value: string | undefined; onChange: (unitId: string) => void }) {
  const { t } = useI18n();
  return (
    <>
      <label for="unit">{t('unit')}</label>
      <select id="unit" value={value ?? ''} onChange={(event) => onChange((event.currentTarget as HTMLSelectElement).value)}>
        <option value="">{t('allUnits')}</option>
        {units.map((unit) => (
          <option key={unit.unitId} value={unit.unitId}>
            {unit.unitName}
          </option>
        ))}
      </select>
    </>
  );
}
