import { useEffect, useRef, useState } from 'preact/hooks';

import { ErrorNotice, Loading, Section, TableScroll, UnitSelect } from '../components/common.tsx';
import { formatDate, formatInstant, formatNumber, formatShare, todayInWita } from '../format.ts';
import { useApp, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { useQueryParameters } from '../router.ts';

interface UnitCompliance {
  readonly unitId: string;
  readonly unitName: string;
  readonly expected: number;
  readonly compliant: number;
  readonly rate: number | null;
  readonly pendingReview: number;
}

interface EmployeeCompliance {
  readonly nip: string;
  readonly name: string;
  readonly unitId: string;
  readonly expected: boolean;
  readonly submitted: number;
  readonly onTime: number;
  readonly late: number;
  readonly compliant: boolean;
  readonly lateOnly: boolean;
}

interface Activity {
  readonly nip: string;
  readonly name: string;
  readonly date: string;
  readonly activityId: string;
  readonly late: boolean;
  readonly minutes: number;
  readonly description: string;
  readonly outputQuantity: number;
  readonly outputUnit: string;
  readonly submittedAt: string;
}

type Decision = 'approved' | 'revision_requested' | 'rejected';

/** Supervisors and unit admins: who has not reported or reported late on a date, and the activities awaiting review. */
export function CompliancePage() {
  const { api, session } = useApp();
  const { t, locale } = useI18n();
  const [filters, setFilters] = useQueryParameters({ tanggal: todayInWita(), unit: '' });
  // The log position of the last review, so the next reads wait until the read model has it.
  const [position, setPosition] = useState<string | undefined>(undefined);
  const [outcome, setOutcome] = useState<{ message: string } | { error: unknown; name: string } | undefined>(undefined);

  const date = /^\d{4}-\d{2}-\d{2}$/.test(filters.tanggal) ? filters.tanggal : todayInWita();
  const unitId = filters.unit === '' ? undefined : filters.unit;
  const key = `${date}|${unitId ?? ''}|${position ?? ''}`;
  const units = useLoad(`${date}|${position ?? ''}`, () => api.get<{ items: UnitCompliance[] }>('/v1/compliance/units', { date, minPosition: position }));
  const daily = useLoad(key, () => api.get<{ items: EmployeeCompliance[] }>('/v1/compliance/daily', { date, unitId, minPosition: position }));
  const activities = useLoad(key, () => api.get<{ items: Activity[] }>('/v1/activities', { date, unitId, status: 'submitted', minPosition: position }));

  const unitNames = new Map((units.data?.items ?? []).map((unit) => [unit.unitId, unit.unitName]));
  const shownUnits = (units.data?.items ?? []).filter((unit) => unitId === undefined || unit.unitId === unitId);
  const expected = (daily.data?.items ?? []).filter((row) => row.expected);
  const notReported = expected.filter((row) => row.submitted === 0);
  const lateOnly = expected.filter((row) => row.lateOnly);
  const canReview = session.claims.roles.includes('supervisor');
  const outcomeRegion = useRef<HTMLDivElement>(null);

  // The reviewed row leaves the table, so focus moves to the result instead of being lost.
  useEffect(() => {
    if (outcome !== undefined) {
      outcomeRegion.current?.focus();
    }
  }, [outcome]);

  const review = async (activity: Activity, decision: Decision, note: string): Promise<boolean> => {
    setOutcome(undefined);
    try {
      const result = await api.command<{ position: string }>('review-activity', { nip: activity.nip, date: activity.date, activityId: activity.activityId, decision, note: note.trim() === '' ? null : note.trim() });
      setOutcome({ message: t(`reviewDone_${decision}`, { name: activity.name }) });
      setPosition(result.position);
      return true;
    } catch (error) {
      setOutcome({ error, name: activity.name });
      return false;
    }
  };

  return (
    <div class="page">
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label for="tanggal">{t('date')}</label>
        <input id="tanggal" type="date" value={date} required onChange={(event) => setFilters({ tanggal: (event.currentTarget as HTMLInputElement).value })} />
        <UnitSelect units={units.data?.items ?? []} value={unitId} onChange={(unit) => setFilters({ unit })} />
      </form>

      <Section title={t('complianceSummaryCaption', { date: formatDate(locale, date) })} id="ringkasan-kepatuhan">
        {units.loading ? <Loading /> : null}
        <ErrorNotice error={units.error} />
        {units.data === undefined ? null : shownUnits.length === 0 ? (
          <p>{t('noData')}</p>
        ) : (
          <TableScroll label={t('complianceSummaryCaption', { date: formatDate(locale, date) })}>
            <table class="data-table">
              <caption class="visually-hidden">{t('complianceSummaryCaption', { date: formatDate(locale, date) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('unit')}</th>
                  <th scope="col">{t('expected')}</th>
                  <th scope="col">{t('compliant')}</th>
                  <th scope="col">{t('rate')}</th>
                  <th scope="col">{t('pendingReview')}</th>
                </tr>
              </thead>
              <tbody>
                {shownUnits.map((unit) => (
                  <tr key={unit.unitId}>
                    <th scope="row">{unit.unitName}</th>
                    <td class="number">{formatNumber(locale, unit.expected)}</td>
                    <td class="number">{formatNumber(locale, unit.compliant)}</td>
                    <td class="number">{formatShare(locale, unit.rate)}</td>
                    <td class="number">{formatNumber(locale, unit.pendingReview)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </Section>

      <div class="two-columns">
        <Section title={`${t('notReportedHeading')} (${daily.data === undefined ? '…' : formatNumber(locale, notReported.length)})`} id="belum-melapor">
          {daily.loading ? <Loading /> : null}
          <ErrorNotice error={daily.error} />
          {daily.data === undefined ? null : notReported.length === 0 ? <p>{t('notReportedNone')}</p> : <PeopleTable rows={notReported} caption={t('notReportedHeading')} unitNames={unitNames} />}
        </Section>
        <Section title={`${t('lateHeading')} (${daily.data === undefined ? '…' : formatNumber(locale, lateOnly.length)})`} id="terlambat-melapor">
          {daily.data === undefined ? null : lateOnly.length === 0 ? <p>{t('lateNone')}</p> : <PeopleTable rows={lateOnly} caption={t('lateHeading')} unitNames={unitNames} showCounts />}
        </Section>
      </div>

      <Section title={`${t('reviewHeading')} (${activities.data === undefined ? '…' : formatNumber(locale, activities.data.items.length)})`} id="menunggu-pemeriksaan">
        <div aria-live="polite" class="live-region" ref={outcomeRegion} tabIndex={-1}>
          {outcome !== undefined && 'message' in outcome ? (
            <p class="notice notice-success" role="status">
              {outcome.message}
            </p>
          ) : null}
          {outcome !== undefined && 'error' in outcome ? <ErrorNotice error={outcome.error} heading={t('reviewRefused', { name: outcome.name })} /> : null}
        </div>
        {canReview ? null : <p class="hint">{t('reviewReadOnly')}</p>}
        {activities.loading ? <Loading /> : null}
        <ErrorNotice error={activities.error} />
        {activities.data === undefined ? null : activities.data.items.length === 0 ? (
          <p>{t('reviewNone')}</p>
        ) : (
          <TableScroll label={t('reviewHeading')}>
            <table class="data-table">
              <caption class="visually-hidden">{t('reviewHeading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('employee')}</th>
                  <th scope="col">{t('activity')}</th>
                  <th scope="col">{t('output')}</th>
                  <th scope="col">{t('minutes')}</th>
                  <th scope="col">{t('submittedAt')}</th>
                  {canReview ? <th scope="col">{t('actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {activities.data.items.map((activity) => (
                  <tr key={`${activity.nip}-${activity.activityId}`} data-activity={activity.activityId}>
                    <th scope="row">
                      {activity.name}
                      <span class="hint-inline">{activity.nip}</span>
                    </th>
                    <td>{activity.description}</td>
                    <td>
                      {formatNumber(locale, activity.outputQuantity)} {activity.outputUnit}
                    </td>
                    <td class="number">{formatNumber(locale, activity.minutes)}</td>
                    <td>
                      {formatInstant(locale, activity.submittedAt)}
                      {activity.late ? <span class="badge badge-bad">{t('lateBadge')}</span> : null}
                    </td>
                    {canReview ? (
                      <td>{activity.nip === session.claims.nip ? null : <ReviewControls activity={activity} onReview={review} />}</td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </Section>
    </div>
  );
}

function PeopleTable({ rows, caption, unitNames, showCounts = false }: { rows: readonly EmployeeCompliance[]; caption: string; unitNames: ReadonlyMap<string, string>; showCounts?: boolean }) {
  const { t, locale } = useI18n();
  return (
    <TableScroll label={caption}>
      <table class="data-table compact">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('nip')}</th>
            <th scope="col">{t('unit')}</th>
            {showCounts ? <th scope="col">{t('lateCount')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.nip}>
              <th scope="row">{row.name}</th>
              <td>{row.nip}</td>
              <td>{unitNames.get(row.unitId) ?? row.unitId}</td>
              {showCounts ? <td class="number">{formatNumber(locale, row.late)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function ReviewControls({ activity, onReview }: { activity: Activity; onReview: (activity: Activity, decision: Decision, note: string) => Promise<boolean> }) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [noteMissing, setNoteMissing] = useState(false);
  const inputId = `catatan-${activity.nip}-${activity.activityId}`;

  const decide = async (decision: Decision): Promise<void> => {
    if (decision !== 'approved' && note.trim() === '') {
      setNoteMissing(true);
      document.getElementById(inputId)?.focus();
      return;
    }
    setNoteMissing(false);
    setBusy(true);
    await onReview(activity, decision, note);
    setBusy(false);
  };

  return (
    <div class="review-controls">
      <label for={inputId} class="small-label">
        {t('reviewNote', { name: activity.name })}
      </label>
      <input
        id={inputId}
        type="text"
        value={note}
        maxLength={1000}
        aria-invalid={noteMissing}
        aria-describedby={noteMissing ? `${inputId}-galat` : undefined}
        onInput={(event) => setNote((event.currentTarget as HTMLInputElement).value)}
      />
      {noteMissing ? (
        <p id={`${inputId}-galat`} class="field-error">
          {t('noteRequired')}
        </p>
      ) : null}
      <div class="button-row">
        <button type="button" class="button-primary" disabled={busy} onClick={() => void decide('approved')}>
          {t('approve')}
        </button>
        <button type="button" class="button-secondary" disabled={busy} onClick={() => void decide('revision_requested')}>
          {t('requestRevision')}
        </button>
        <button type="button" class="button-danger" disabled={busy} onClick={() => void decide('rejected')}>
          {t('reject')}
        </button>
      </div>
    </div>
  );
}
