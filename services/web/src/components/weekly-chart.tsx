import { useId } from 'preact/hooks';

import { holidayWeeks, type WeeklyRate } from '../evaluation-types.ts';
import { formatNumber } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { TableScroll } from './common.tsx';

export type ChartMetric = 'reportCompliant' | 'present';

const WIDTH = 900;
const HEIGHT = 300;
const MARGIN = { top: 28, right: 16, bottom: 34, left: 48 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;

/**
 * Weekly rates of participating employees on WFA weekdays and on the other weekdays,
 * baseline and trial, as an inline SVG line chart. Ramadan weeks and holiday weeks are
 * shaded, the start of the trial is a dashed line, and the same numbers follow as a table.
 */
export function WeeklyChart({ weekly, metric }: { weekly: readonly WeeklyRate[]; metric: ChartMetric }) {
  const { t, locale } = useI18n();
  const titleId = useId();
  if (weekly.length === 0) {
    return <p>{t('noData')}</p>;
  }

  const holidays = holidayWeeks(weekly);
  const step = PLOT_WIDTH / weekly.length;
  const x = (index: number): number => MARGIN.left + step * (index + 0.5);
  const y = (value: number): number => MARGIN.top + PLOT_HEIGHT - (Math.max(0, Math.min(100, value)) / 100) * PLOT_HEIGHT;
  const points = (pick: (week: WeeklyRate) => number | null) =>
    weekly.flatMap((week, index) => {
      const value = pick(week);
      return value === null ? [] : [{ index, value, week }];
    });
  const wfa = points((week) => week.wfaWeekdays[metric]);
  const other = points((week) => week.otherWeekdays[metric]);
  const path = (list: ReturnType<typeof points>): string =>
    list.map((point, order) => `${order === 0 || point.index !== list[order - 1]!.index + 1 ? 'M' : 'L'}${x(point.index).toFixed(1)},${y(point.value).toFixed(1)}`).join(' ');
  const trialStart = weekly.findIndex((week) => week.period === 'trial');
  const labelEvery = Math.max(1, Math.ceil(weekly.length / 14));
  const metricName = t(metric === 'reportCompliant' ? 'chartReportCompliant' : 'chartPresent');
  const label = t('chartLabel', { metric: metricName });
  const percent = (value: number | null): string => (value === null ? '–' : `${formatNumber(locale, value, 1)}%`);

  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={titleId} class="chart-svg">
        <title id={titleId}>{label}</title>
        <defs>
          <pattern id="arsir-libur" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="8" height="8" fill="#eef1f5" />
            <line x1="0" y1="0" x2="0" y2="8" stroke="#7b8794" stroke-width="2" />
          </pattern>
        </defs>
        {weekly.map((week, index) =>
          week.ramadanDays > 0 ? <rect key={`r${index}`} class="band-ramadan" x={x(index) - step / 2} y={MARGIN.top} width={step} height={PLOT_HEIGHT} /> : null,
        )}
        {weekly.map((week, index) =>
          holidays.has(index) ? (
            <rect key={`h${index}`} x={x(index) - step / 2} y={MARGIN.top + PLOT_HEIGHT - 14} width={step} height={14} fill="url(#arsir-libur)">
              <title>{`${week.week}: ${t('legendHoliday')}`}</title>
            </rect>
          ) : null,
        )}
        {[0, 25, 50, 75, 100].map((value) => (
          <g key={value}>
            <line class="grid" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(value)} y2={y(value)} />
            <text class="axis" x={MARGIN.left - 6} y={y(value) + 4} text-anchor="end">
              {`${value}%`}
            </text>
          </g>
        ))}
        {trialStart > 0 ? (
          <g>
            <line class="trial-start" x1={x(trialStart) - step / 2} x2={x(trialStart) - step / 2} y1={MARGIN.top - 12} y2={MARGIN.top + PLOT_HEIGHT} />
            <text class="axis" x={x(trialStart) - step / 2 + 4} y={MARGIN.top - 4}>
              {t('legendTrial')}
            </text>
            <text class="axis" x={MARGIN.left + 2} y={MARGIN.top - 4}>
              {t('baselinePeriod')}
            </text>
          </g>
        ) : null}
        <path class="line-other" d={path(other)} />
        <path class="line-wfa" d={path(wfa)} />
        {other.map((point) => (
          <rect key={`o${point.index}`} class="point-other" x={x(point.index) - 3} y={y(point.value) - 3} width={6} height={6}>
            <title>{`${point.week.week} · ${t('legendOther')}: ${percent(point.value)}`}</title>
          </rect>
        ))}
        {wfa.map((point) => (
          <circle key={`w${point.index}`} class="point-wfa" cx={x(point.index)} cy={y(point.value)} r={3.5}>
            <title>{`${point.week.week} · ${t('legendWfa')}: ${percent(point.value)}`}</title>
          </circle>
        ))}
        {weekly.map((week, index) =>
          index % labelEvery === 0 ? (
            <text key={`l${index}`} class="axis" x={x(index)} y={HEIGHT - 12} text-anchor="middle">
              {week.week.replace(/^\d{4}-/, '')}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption>
        <ul class="legend">
          <li>
            <span class="swatch swatch-wfa" aria-hidden="true" />
            {t('legendWfa')}
          </li>
          <li>
            <span class="swatch swatch-other" aria-hidden="true" />
            {t('legendOther')}
          </li>
          <li>
            <span class="swatch swatch-ramadan" aria-hidden="true" />
            {t('legendRamadan')}
          </li>
          <li>
            <span class="swatch swatch-holiday" aria-hidden="true" />
            {t('legendHoliday')}
          </li>
        </ul>
        {weekly.some((week) => week.holidayDays !== undefined) ? null : <p class="hint">{t('holidayInferred')}</p>}
      </figcaption>
      <details>
        <summary>{t('chartTable')}</summary>
        <TableScroll label={t('chartTable')}>
          <table class="data-table compact">
            <caption>{label}</caption>
            <thead>
              <tr>
                <th scope="col">{t('week')}</th>
                <th scope="col">{t('period')}</th>
                <th scope="col">{t('wfaWeekdays')}</th>
                <th scope="col">{t('otherWeekdays')}</th>
                <th scope="col">{t('marks')}</th>
              </tr>
            </thead>
            <tbody>
              {weekly.map((week, index) => (
                <tr key={week.week}>
                  <th scope="row">{week.week}</th>
                  <td>{t(`period_${week.period}`)}</td>
                  <td class="number">{percent(week.wfaWeekdays[metric])}</td>
                  <td class="number">{percent(week.otherWeekdays[metric])}</td>
                  <td>
                    {[week.ramadanDays > 0 ? t('ramadanDays', { count: week.ramadanDays }) : '', holidays.has(index) ? t('holidayWeek') : ''].filter((text) => text !== '').join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </figure>
  );
}
