import { DownloadButton, ErrorNotice, Loading, Section, TableScroll } from '../components/common.tsx';
import { WeeklyChart, type ChartMetric } from '../components/weekly-chart.tsx';
import { DESIGNS, METRIC_UNITS, METRICS, type Design, type Estimate, type Metric, type TrialDefinition, type TrialEvaluation } from '../evaluation-types.ts';
import { formatDate, formatNumber } from '../format.ts';
import { useApp, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { useQueryParameters } from '../router.ts';

const VERDICT_TONE: Record<Estimate['verdict'], string> = {
  equivalent: 'good',
  better: 'good',
  worse: 'bad',
  inconclusive: 'neutral',
  insufficient_data: 'neutral',
};

/** Evaluators and the tenant admin: estimates with intervals and verdicts, weekly rates, per-unit results and downloads. */
export function EvaluationPage() {
  const { api } = useApp();
  const { t, locale } = useI18n();
  const [filters, setFilters] = useQueryParameters({ uji: '', desain: 'weekday_matched_did', ramadan: 'ikut', grafik: 'reportCompliant', ukuran: 'reportCompliant' });

  const trials = useLoad('trials', () => api.get<{ items: TrialDefinition[] }>('/v1/trials'));
  const trialId = filters.uji !== '' ? filters.uji : trials.data?.items[0]?.trialId;
  const evaluation = useLoad(trialId ?? null, () => api.get<TrialEvaluation>(`/v1/trials/${encodeURIComponent(trialId ?? '')}/evaluation`));
  const startDate = evaluation.data?.trial.startDate;
  const units = useLoad(startDate ?? null, () =>
    api.get<{ items: Array<{ unitId: string; unitName: string }> }>('/v1/compliance/units', { date: startDate }).then((result) => new Map(result.items.map((unit) => [unit.unitId, unit.unitName]))),
  );

  if (trials.loading) {
    return <Loading />;
  }
  if (trials.error !== undefined) {
    return <ErrorNotice error={trials.error} />;
  }
  if (trials.data === undefined || trials.data.items.length === 0 || trialId === undefined) {
    return <p>{t('noTrials')}</p>;
  }

  const design = (DESIGNS as readonly string[]).includes(filters.desain) ? (filters.desain as Design) : 'weekday_matched_did';
  const excludeRamadan = filters.ramadan === 'tanpa';
  const chartMetric: ChartMetric = filters.grafik === 'present' ? 'present' : 'reportCompliant';
  const unitMetric = (METRICS as readonly string[]).includes(filters.ukuran) ? (filters.ukuran as Metric) : 'reportCompliant';
  const data = evaluation.data;
  const selected = data?.estimates.filter((estimate) => estimate.design === design && estimate.excludeRamadan === excludeRamadan) ?? [];
  const overall = METRICS.map((metric) => selected.find((estimate) => estimate.metric === metric && estimate.scope === 'all')).filter((estimate) => estimate !== undefined);
  const perUnit = selected.filter((estimate) => estimate.scope !== 'all' && estimate.metric === unitMetric);

  return (
    <div class="page">
      {trials.data.items.length > 1 ? (
        <div class="filters">
          <label for="pilih-uji">{t('trial')}</label>
          <select id="pilih-uji" value={trialId} onChange={(event) => setFilters({ uji: (event.currentTarget as HTMLSelectElement).value })}>
            {trials.data.items.map((trial) => (
              <option key={trial.trialId} value={trial.trialId}>
                {trial.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}

      {evaluation.loading ? <Loading message={t('evaluationComputing')} /> : null}
      <ErrorNotice error={evaluation.error} />
      {data === undefined ? null : (
        <>
          <Section title={data.trial.name} id="ringkasan-uji">
            <dl class="facts">
              <div>
                <dt>{t('trialPeriod')}</dt>
                <dd>{t('range', { from: formatDate(locale, data.trial.startDate), to: formatDate(locale, data.trial.endDate) })}</dd>
              </div>
              <div>
                <dt>{t('baselinePeriod')}</dt>
                <dd>{t('range', { from: formatDate(locale, data.trial.baselineStart), to: formatDate(locale, data.trial.baselineEnd) })}</dd>
              </div>
              <div>
                <dt>{t('participatingEmployees')}</dt>
                <dd>{formatNumber(locale, data.employees.participating)}</dd>
              </div>
              <div>
                <dt>{t('comparisonEmployees')}</dt>
                <dd>{formatNumber(locale, data.employees.comparison)}</dd>
              </div>
              <div>
                <dt>{t('employeeDays')}</dt>
                <dd>{formatNumber(locale, data.days)}</dd>
              </div>
              <div>
                <dt>{t('lastClosedDate')}</dt>
                <dd>{formatDate(locale, data.lastClosedDate)}</dd>
              </div>
            </dl>
          </Section>

          <Section title={t('resultsCaption')} id="hasil">
            <div class="filters">
              <label for="desain">{t('design')}</label>
              <select id="desain" value={design} onChange={(event) => setFilters({ desain: (event.currentTarget as HTMLSelectElement).value })}>
                {DESIGNS.map((option) => (
                  <option key={option} value={option}>
                    {t(`design_${option}`)}
                  </option>
                ))}
              </select>
              <label class="checkbox">
                <input type="checkbox" checked={excludeRamadan} onChange={(event) => setFilters({ ramadan: (event.currentTarget as HTMLInputElement).checked ? 'tanpa' : '' })} />
                {t('excludeRamadan')}
              </label>
            </div>
            <EstimateTable estimates={overall} caption={`${t('resultsCaption')} (${t(`design_${design}`)})`} first="metric" />
          </Section>

          <Section title={t('chartHeading')} id="grafik">
            <div class="filters">
              <label for="ukuran-grafik">{t('chartMetric')}</label>
              <select id="ukuran-grafik" value={chartMetric} onChange={(event) => setFilters({ grafik: (event.currentTarget as HTMLSelectElement).value })}>
                <option value="reportCompliant">{t('chartReportCompliant')}</option>
                <option value="present">{t('chartPresent')}</option>
              </select>
            </div>
            <WeeklyChart weekly={data.weekly} metric={chartMetric} />
          </Section>

          <Section title={t('perUnitHeading')} id="per-unit">
            <div class="filters">
              <label for="ukuran-unit">{t('metric')}</label>
              <select id="ukuran-unit" value={unitMetric} onChange={(event) => setFilters({ ukuran: (event.currentTarget as HTMLSelectElement).value })}>
                {METRICS.map((metric) => (
                  <option key={metric} value={metric}>
                    {t(`metric_${metric}`)}
                  </option>
                ))}
              </select>
            </div>
            <EstimateTable
              estimates={perUnit}
              caption={t('perUnitCaption', { metric: t(`metric_${unitMetric}`), design: t(`design_${design}`) })}
              first="unit"
              unitNames={units.data}
            />
          </Section>

          <Section title={t('downloadsHeading')} id="unduhan">
            <div class="button-row">
              <DownloadButton label="downloadReport" download={() => api.download(`/v1/trials/${encodeURIComponent(trialId)}/report`, {}, `laporan-evaluasi-${trialId}.html`)} />
              <DownloadButton label="downloadCsv" download={() => api.download(`/v1/trials/${encodeURIComponent(trialId)}/evaluation.csv`, {}, `evaluasi-${trialId}.csv`)} />
              <DownloadButton label="downloadXlsx" download={() => api.download(`/v1/trials/${encodeURIComponent(trialId)}/evaluation.xlsx`, {}, `evaluasi-${trialId}.xlsx`)} />
            </div>
          </Section>
        </>
      )}
    </div>
  );
}

interface EstimateTableProps {
  readonly estimates: readonly Estimate[];
  readonly caption: string;
  /** Content of the first column: the metric, or the unit of a per-unit breakdown. */
  readonly first: 'metric' | 'unit';
  readonly unitNames?: ReadonlyMap<string, string> | undefined;
}

function EstimateTable({ estimates, caption, first, unitNames }: EstimateTableProps) {
  const { t, locale } = useI18n();
  if (estimates.length === 0) {
    return <p>{t('noData')}</p>;
  }
  const withUnit = (estimate: Estimate, value: number | null, signed: boolean): string => {
    const unit = METRIC_UNITS[estimate.metric];
    const digits = unit === 'count' ? 2 : 1;
    const number = formatNumber(locale, value, digits, signed);
    if (value === null || unit === 'count') {
      return number;
    }
    return `${number} ${t(unit === 'points' ? 'unitPoints' : 'unitMinutes')}`;
  };
  return (
    <TableScroll label={caption}>
      <table class="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first === 'metric' ? t('metric') : t('unit')}</th>
            <th scope="col">{t('estimate')}</th>
            <th scope="col">{t('interval')}</th>
            <th scope="col">{t('margin')}</th>
            <th scope="col">{t('verdict')}</th>
            <th scope="col">{t('employeesAndDays')}</th>
          </tr>
        </thead>
        <tbody>
          {estimates.map((estimate) => (
            <tr key={`${estimate.metric}-${estimate.scope}`}>
              <th scope="row">
                {first === 'metric' ? t(`metric_${estimate.metric}`) : (unitNames?.get(estimate.scope) ?? estimate.scope)}
                <span class="hint-inline">{estimate.better === 'higher' ? t('betterHigher') : t('betterLower')}</span>
              </th>
              <td class="number">{withUnit(estimate, estimate.estimate, true)}</td>
              <td class="number">{estimate.ciLow === null || estimate.ciHigh === null ? '–' : t('range', { from: withUnit(estimate, estimate.ciLow, true), to: withUnit(estimate, estimate.ciHigh, true) })}</td>
              <td class="number">±{withUnit(estimate, estimate.margin, false)}</td>
              <td>
                <span class={`badge badge-${VERDICT_TONE[estimate.verdict]}`}>{t(`verdict_${estimate.verdict}`)}</span>
                {estimate.reason === null ? null : <span class="hint-inline">{estimate.reason}</span>}
                {estimate.verdict === 'equivalent' && estimate.differsFromZero === true ? <span class="hint-inline">{t('equivalentButReal')}</span> : null}
              </td>
              <td class="number">
                {formatNumber(locale, estimate.employees)} / {formatNumber(locale, estimate.days)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
