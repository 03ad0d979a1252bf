import { useState } from 'preact/hooks';

import { ErrorNotice, Loading, Section, TableScroll } from '../components/common.tsx';
import { formatDate, formatInstant, formatNumber, todayInWita, witaLocalToInstant } from '../format.ts';
import { useApp, useLoad } from '../hooks.ts';
import { isMessageKey, useI18n, type MessageKey } from '../i18n.ts';
import { useQueryParameters } from '../router.ts';

interface HistoryEntry {
  readonly position: string;
  readonly streamId: string;
  readonly eventId: string;
  readonly type: string;
  readonly date: string | null;
  readonly actor: { readonly subject: string; readonly role: string };
  readonly command: string | null;
  readonly source: string | null;
  readonly receivedAt: string | null;
  readonly deviceTime: string | null;
  readonly recordedAt: string;
  readonly rejected: boolean;
  readonly data: unknown;
}

interface ReplayedDay {
  readonly attendance: {
    readonly status: string;
    readonly checkInLocal: string | null;
    readonly checkOutLocal: string | null;
    readonly minutesLate: number;
    readonly lateBand: number | null;
    readonly earlyBand: number | null;
    readonly cutPercent: number;
  } | null;
  readonly compliance: { readonly expected: boolean; readonly compliant: boolean } | null;
  readonly reason: string | null;
}

interface AsOfComparison {
  readonly date: string;
  readonly asOf: string;
  readonly then: ReplayedDay;
  readonly now: ReplayedDay;
  readonly changed: boolean;
  readonly laterEvents: ReadonlyArray<Pick<HistoryEntry, 'position' | 'type' | 'recordedAt' | 'actor' | 'command' | 'data'>>;
}

interface VerificationReport {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly streamsChecked: number;
  readonly checkpointsChecked: number;
  readonly breaks: ReadonlyArray<{ kind: string; streamId: string | null; position: string | null; detail: string }>;
}

const NIP_PATTERN = /^\d{18}$/;

/** Tells whether an event changes an earlier record (a correction), which inspectors look for first. */
function isCorrection(entry: Pick<HistoryEntry, 'type'>): boolean {
  return entry.type === 'AttendanceCorrected' || entry.type === 'AbsenceCancelled' || entry.type === 'WFADayRevoked' || entry.type === 'ActivityWithdrawn';
}

/** Marks rejected attempts and corrections; later events of an as-of comparison carry no `rejected` flag, so the type decides there. */
function timelineClass(entry: Pick<HistoryEntry, 'type'> & { rejected?: boolean }): string {
  if (entry.rejected === true || entry.type === 'AttendanceAttemptRejected') {
    return 'timeline-rejected';
  }
  return isCorrection(entry) ? 'timeline-correction' : 'timeline-normal';
}

/** Auditors: an employee's event timeline, the state of a day as known at an instant, and the integrity check of the log. */
export function AuditPage() {
  const { api } = useApp();
  const { t } = useI18n();
  const today = todayInWita();
  const [query, setQuery] = useQueryParameters({ nip: '', dari: `${today.slice(0, 8)}01`, sampai: today });
  const [draft, setDraft] = useState({ nip: query.nip, from: query.dari, to: query.sampai });
  const [nipProblem, setNipProblem] = useState(false);
  const employees = useLoad('employees', () => api.get<{ items: Array<{ nip: string; name: string }> }>('/v1/employees'));

  const submit = (event: Event): void => {
    event.preventDefault();
    if (!NIP_PATTERN.test(draft.nip.trim())) {
      setNipProblem(true);
      return;
    }
    setNipProblem(false);
    setQuery({ nip: draft.nip.trim(), dari: draft.from, sampai: draft.to });
  };

  return (
    <div class="page">
      <p class="hint">{t('auditLogged')}</p>
      <Section title={t('auditQueryHeading')} id="riwayat">
        <form class="filters" onSubmit={submit} noValidate>
          <label for="nip">{t('nip')}</label>
          <input
            id="nip"
            inputMode="numeric"
            list="daftar-pegawai"
            value={draft.nip}
            size={22}
            aria-describedby={nipProblem ? 'nip-petunjuk nip-galat' : 'nip-petunjuk'}
            aria-invalid={nipProblem}
            onInput={(event) => setDraft({ ...draft, nip: (event.currentTarget as HTMLInputElement).value })}
          />
          <span id="nip-petunjuk" class="hint-inline">
            {t('nipHint')}
          </span>
          <datalist id="daftar-pegawai">
            {(employees.data?.items ?? []).map((employee) => (
              <option key={employee.nip} value={employee.nip}>
                {employee.name}
              </option>
            ))}
          </datalist>
          <label for="dari">{t('from')}</label>
          <input id="dari" type="date" value={draft.from} required onInput={(event) => setDraft({ ...draft, from: (event.currentTarget as HTMLInputElement).value })} />
          <label for="sampai">{t('to')}</label>
          <input id="sampai" type="date" value={draft.to} required onInput={(event) => setDraft({ ...draft, to: (event.currentTarget as HTMLInputElement).value })} />
          <button type="submit" class="button-primary">
            {t('showHistory')}
          </button>
          {nipProblem ? (
            <p id="nip-galat" class="field-error" role="alert">
              {t('nipInvalid')}
            </p>
          ) : null}
        </form>
        {NIP_PATTERN.test(query.nip) ? <Timeline nip={query.nip} from={query.dari} to={query.sampai} /> : null}
      </Section>

      {NIP_PATTERN.test(query.nip) ? <AsOfSection key={query.nip} nip={query.nip} defaultDate={query.dari} /> : null}
      <VerifySection />
    </div>
  );
}

function Timeline({ nip, from, to }: { nip: string; from: string; to: string }) {
  const { api } = useApp();
  const { t, locale } = useI18n();
  const [onlyHighlighted, setOnlyHighlighted] = useState(false);
  const history = useLoad(`${nip}|${from}|${to}`, () => api.get<{ items: HistoryEntry[] }>('/v1/audit/history', { nip, from, to }));

  if (history.loading) {
    return <Loading />;
  }
  if (history.error !== undefined) {
    return <ErrorNotice error={history.error} />;
  }
  const entries = history.data?.items ?? [];
  const corrections = entries.filter(isCorrection).length;
  const rejected = entries.filter((entry) => entry.rejected).length;
  const shown = onlyHighlighted ? entries.filter((entry) => entry.rejected || isCorrection(entry)) : entries;

  return (
    <div class="timeline-block">
      <p class="summary-line">
        <strong>{t('timelineCaption', { nip, from: formatDate(locale, from), to: formatDate(locale, to), count: formatNumber(locale, entries.length) })}</strong>{' '}
        <span class="badge badge-warn">{t('countsCorrections', { count: formatNumber(locale, corrections) })}</span>{' '}
        <span class="badge badge-bad">{t('countsRejected', { count: formatNumber(locale, rejected) })}</span>
      </p>
      <label class="checkbox">
        <input type="checkbox" checked={onlyHighlighted} onChange={(event) => setOnlyHighlighted((event.currentTarget as HTMLInputElement).checked)} />
        {t('onlyHighlighted')}
      </label>
      {shown.length === 0 ? (
        <p>{t('timelineEmpty')}</p>
      ) : (
        <ol class="timeline">
          {shown.map((entry) => {
            const kind = entry.rejected ? 'rejected' : isCorrection(entry) ? 'correction' : 'normal';
            return (
              <li key={entry.eventId} class={`timeline-entry timeline-${kind}`}>
                <div class="timeline-head">
                  <span class="timeline-type">{eventLabel(t, entry.type)}</span>
                  {kind === 'rejected' ? <span class="badge badge-bad">{t('rejectedBadge')}</span> : null}
                  {kind === 'correction' ? <span class="badge badge-warn">{t('correctionBadge')}</span> : null}
                  {entry.date === null ? null : <span class="timeline-date">{formatDate(locale, entry.date)}</span>}
                </div>
                <dl class="timeline-facts">
                  {entry.receivedAt === null ? null : (
                    <div>
                      <dt>{t('receivedAt')}</dt>
                      <dd>
                        <time dateTime={entry.receivedAt}>{formatInstant(locale, entry.receivedAt)}</time>
                        {entry.deviceTime === null ? null : <span class="hint-inline">{t('deviceTime', { time: formatInstant(locale, entry.deviceTime) })}</span>}
                      </dd>
                    </div>
                  )}
                  <div>
                    <dt>{t('recordedAt')}</dt>
                    <dd>
                      <time dateTime={entry.recordedAt}>{formatInstant(locale, entry.recordedAt)}</time>
                    </dd>
                  </div>
                  <div>
                    <dt>{t('actor')}</dt>
                    <dd>
                      {entry.actor.subject} ({roleLabel(t, entry.actor.role)})
                    </dd>
                  </div>
                  {entry.source === null ? null : (
                    <div>
                      <dt>{t('source')}</dt>
                      <dd>{entry.source}</dd>
                    </div>
                  )}
                  <div>
                    <dt>{t('position')}</dt>
                    <dd>
                      <code>{entry.position}</code>
                    </dd>
                  </div>
                </dl>
                <details>
                  <summary>{t('eventDetails')}</summary>
                  <pre>{JSON.stringify(entry.data, null, 2)}</pre>
                </details>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

function AsOfSection({ nip, defaultDate }: { nip: string; defaultDate: string }) {
  const { api } = useApp();
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState({ date: defaultDate, at: `${defaultDate}T23:59` });
  const [submitted, setSubmitted] = useState<{ date: string; at: string } | undefined>(undefined);
  const comparison = useLoad(submitted === undefined ? null : `${nip}|${submitted.date}|${submitted.at}`, () =>
    api.get<AsOfComparison>('/v1/audit/as-of', { nip, date: submitted?.date, at: submitted?.at }),
  );

  const submit = (event: Event): void => {
    event.preventDefault();
    const at = witaLocalToInstant(draft.at);
    if (at !== undefined) {
      setSubmitted({ date: draft.date, at });
    }
  };

  const yesNo = (value: boolean | undefined): string => {
    if (value === undefined) {
      return '–';
    }
    return value ? t('yes') : t('no');
  };
  const rows: Array<[MessageKey, (day: ReplayedDay) => string]> = [
    ['field_status', (day) => day.attendance?.status.replace(/_/g, ' ') ?? '–'],
    ['field_checkIn', (day) => day.attendance?.checkInLocal ?? '–'],
    ['field_checkOut', (day) => day.attendance?.checkOutLocal ?? '–'],
    ['field_minutesLate', (day) => formatNumber(locale, day.attendance?.minutesLate)],
    ['field_lateBand', (day) => (day.attendance?.lateBand === null || day.attendance === null ? '–' : `TL${day.attendance.lateBand}`)],
    ['field_earlyBand', (day) => (day.attendance?.earlyBand === null || day.attendance === null ? '–' : `PSW${day.attendance.earlyBand}`)],
    ['field_cut', (day) => (day.attendance === null ? '–' : `${formatNumber(locale, day.attendance.cutPercent, 2)}%`)],
    ['field_reportCompliant', (day) => yesNo(day.compliance?.expected === false ? undefined : day.compliance?.compliant)],
    ['field_reason', (day) => day.reason ?? '–'],
  ];
  const data = comparison.data;

  return (
    <Section title={t('asOfHeading')} id="per-waktu">
      <form class="filters" onSubmit={submit}>
        <label for="tanggal-asof">{t('asOfDate')}</label>
        <input id="tanggal-asof" type="date" value={draft.date} required onInput={(event) => setDraft({ ...draft, date: (event.currentTarget as HTMLInputElement).value })} />
        <label for="waktu-asof">{t('asOfAt')}</label>
        <input id="waktu-asof" type="datetime-local" step={1} value={draft.at} required onInput={(event) => setDraft({ ...draft, at: (event.currentTarget as HTMLInputElement).value })} />
        <button type="submit" class="button-primary">
          {t('compare')}
        </button>
      </form>
      {comparison.loading ? <Loading /> : null}
      <ErrorNotice error={comparison.error} />
      {data === undefined ? null : (
        <>
          <p class={data.changed ? 'notice notice-warn' : 'notice'} role="status">
            {data.changed ? t('asOfChanged') : t('asOfUnchanged')}
          </p>
          <TableScroll label={t('asOfHeading')}>
            <table class="data-table compact">
              <caption>{t('asOfCaption', { date: formatDate(locale, data.date), at: formatInstant(locale, data.asOf) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('asOfField')}</th>
                  <th scope="col">{t('asOfThen')}</th>
                  <th scope="col">{t('asOfNow')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(([label, pick]) => {
                  const then = pick(data.then);
                  const now = pick(data.now);
                  return (
                    <tr key={label} class={then === now ? undefined : 'changed-row'}>
                      <th scope="row">{t(label)}</th>
                      <td>{then}</td>
                      <td>{now}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
          {data.laterEvents.length === 0 ? null : (
            <>
              <h3>{t('laterEvents')}</h3>
              <ol class="timeline">
                {data.laterEvents.map((entry) => (
                  <li key={entry.position} class={`timeline-entry ${timelineClass(entry)}`}>
                    <span class="timeline-type">{eventLabel(t, entry.type)}</span> · {formatInstant(locale, entry.recordedAt)} · {entry.actor.subject} ({roleLabel(t, entry.actor.role)})
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
    </Section>
  );
}

function VerifySection() {
  const { api } = useApp();
  const { t, locale } = useI18n();
  const [round, setRound] = useState(0);
  const report = useLoad(round === 0 ? null : `verify-${round}`, () => api.get<VerificationReport>('/v1/audit/verify'));
  const data = report.data;

  return (
    <Section title={t('verifyHeading')} id="verifikasi">
      <button type="button" class="button-primary" onClick={() => setRound(round + 1)} disabled={report.loading}>
        {t('verifyRun')}
      </button>
      {report.loading ? <Loading /> : null}
      <ErrorNotice error={report.error} />
      {data === undefined ? null : (
        <div role="status" class={data.ok ? 'notice notice-success' : 'notice notice-error'}>
          <p>
            {data.ok
              ? t('verifyOk', { events: formatNumber(locale, data.eventsChecked), streams: formatNumber(locale, data.streamsChecked), checkpoints: formatNumber(locale, data.checkpointsChecked) })
              : t('verifyBroken', { count: formatNumber(locale, data.breaks.length), events: formatNumber(locale, data.eventsChecked) })}
          </p>
        </div>
      )}
      {data === undefined || data.breaks.length === 0 ? null : (
        <TableScroll label={t('verifyHeading')}>
          <table class="data-table compact">
            <caption>{t('verifyHeading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('breakKind')}</th>
                <th scope="col">{t('stream')}</th>
                <th scope="col">{t('position')}</th>
                <th scope="col">{t('detail')}</th>
              </tr>
            </thead>
            <tbody>
              {data.breaks.map((entry, index) => (
                <tr key={index}>
                  <th scope="row">{entry.kind}</th>
                  <td>{entry.streamId ?? '–'}</td>
                  <td>{entry.position ?? '–'}</td>
                  <td>{entry.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Section>
  );
}

/** Returns the Indonesian or English name of an event type, or the stored type name when there is none. */
function eventLabel(t: (key: MessageKey) => string, type: string): string {
  const key = `event_${type}`;
  return isMessageKey(key) ? t(key) : type;
}

function roleLabel(t: (key: MessageKey) => string, role: string): string {
  const key = `role_${role}`;
  return isMessageKey(key) ? t(key) : role;
}
