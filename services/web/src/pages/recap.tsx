import { DownloadButton, ErrorNotice, Loading, Section, TableScroll, UnitSelect } from '../components/common.tsx';
import { formatMonth, formatNumber, todayInWita } from '../format.ts';
import { useApp, useLoad } from '../hooks.ts';
import { isMessageKey, useI18n, type MessageKey } from '../i18n.ts';
import { useQueryParameters } from '../router.ts';

type Bands = readonly [number, number, number, number];

interface RecapCounts {
  readonly workingDays: number;
  readonly present: number;
  readonly late: Bands;
  readonly earlyLeave: Bands;
  readonly absences: Readonly<Record<string, number>>;
  readonly absentWithoutLeave: number;
  readonly wfaDaysWorked: number;
}

interface EmployeeRecap extends RecapCounts {
  readonly nip: string;
  readonly name: string;
  readonly unitId: string;
  readonly cutPercent: number;
}

interface UnitRecap extends RecapCounts {
  readonly unitId: string;
  readonly unitName: string;
  readonly employees: number;
  readonly averageCutPercent: number;
}

/** Unit admins and HR: the monthly recap with TL and PSW bands and the TPP allowance cut, per unit and per employee. */
export function RecapPage() {
  const { api } = useApp();
  const { t, locale } = useI18n();
  const [filters, setFilters] = useQueryParameters({ bulan: todayInWita().slice(0, 7), unit: '' });
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(filters.bulan) ? filters.bulan : todayInWita().slice(0, 7);
  const unitId = filters.unit === '' ? undefined : filters.unit;

  const units = useLoad(month, () => api.get<{ items: UnitRecap[] }>('/v1/attendance/monthly/units', { month }));
  // With every unit of a large regency the employee table would run to thousands of rows, so it waits for a unit unless the caller sees only one.
  const singleUnit = units.data?.items.length === 1 ? units.data.items[0]?.unitId : undefined;
  const employeeUnit = unitId ?? singleUnit;
  const employees = useLoad(employeeUnit === undefined ? null : `${month}|${employeeUnit}`, () => api.get<{ items: EmployeeRecap[] }>('/v1/attendance/monthly', { month, unitId: employeeUnit }));
  const shownUnits = (units.data?.items ?? []).filter((unit) => unitId === undefined || unit.unitId === unitId);
  const monthName = formatMonth(locale, month);

  const absenceText = (absences: Readonly<Record<string, number>>): string => {
    const entries = Object.entries(absences).filter(([, days]) => days > 0);
    const total = entries.reduce((sum, [, days]) => sum + days, 0);
    if (total === 0) {
      return formatNumber(locale, 0);
    }
    const parts = entries.map(([type, days]) => `${isMessageKey(`absence_${type}`) ? t(`absence_${type}` as MessageKey) : type} ${formatNumber(locale, days)}`);
    return `${formatNumber(locale, total)} (${parts.join(', ')})`;
  };

  return (
    <div class="page">
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label for="bulan">{t('month')}</label>
        <input id="bulan" type="month" value={month} required onChange={(event) => setFilters({ bulan: (event.currentTarget as HTMLInputElement).value })} />
        <UnitSelect units={units.data?.items ?? []} value={unitId} onChange={(unit) => setFilters({ unit })} />
        <DownloadButton label="downloadRecapXlsx" download={() => api.download('/v1/exports/monthly-recap.xlsx', { month, unitId }, `rekap-presensi-${month}.xlsx`)} />
      </form>
      <p class="hint">{t('bandsHint')}</p>

      <Section title={t('unitRecapCaption', { month: monthName })} id="rekap-unit">
        {units.loading ? <Loading /> : null}
        <ErrorNotice error={units.error} />
        {units.data === undefined ? null : shownUnits.length === 0 ? (
          <p>{t('noData')}</p>
        ) : (
          <TableScroll label={t('unitRecapCaption', { month: monthName })}>
            <table class="data-table recap">
              <caption class="visually-hidden">{t('unitRecapCaption', { month: monthName })}</caption>
              <RecapHead first="unit" extra="employees" cut="averageAllowanceCut" />
              <tbody>
                {shownUnits.map((unit) => (
                  <tr key={unit.unitId}>
                    <th scope="row">{unit.unitName}</th>
                    <td class="number">{formatNumber(locale, unit.employees)}</td>
                    <RecapCells row={unit} absences={absenceText(unit.absences)} />
                    <td class="number">{formatNumber(locale, unit.averageCutPercent, 2)}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </Section>

      <Section title={t('employeeRecapCaption', { month: monthName })} id="rekap-pegawai">
        {employeeUnit === undefined ? <p class="hint">{t('chooseUnitForEmployees')}</p> : null}
        {employees.loading ? <Loading /> : null}
        <ErrorNotice error={employees.error} />
        {employees.data === undefined ? null : employees.data.items.length === 0 ? (
          <p>{t('noData')}</p>
        ) : (
          <TableScroll label={t('employeeRecapCaption', { month: monthName })}>
            <table class="data-table recap">
              <caption class="visually-hidden">{t('employeeRecapCaption', { month: monthName })}</caption>
              <RecapHead first="name" extra="nip" cut="allowanceCut" />
              <tbody>
                {employees.data.items.map((row) => (
                  <tr key={row.nip} class={row.cutPercent > 0 ? 'has-cut' : undefined}>
                    <th scope="row">{row.name}</th>
                    <td>{row.nip}</td>
                    <RecapCells row={row} absences={absenceText(row.absences)} />
                    <td class="number">{formatNumber(locale, row.cutPercent, 2)}%</td>
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

/** Two header rows: the TL and PSW groups span their four bands. */
function RecapHead({ first, extra, cut }: { first: MessageKey; extra: MessageKey; cut: MessageKey }) {
  const { t } = useI18n();
  const bands = (prefix: string) => [1, 2, 3, 4].map((band) => <th scope="col" key={`${prefix}${band}`}>{`${prefix}${band}`}</th>);
  return (
    <thead>
      <tr>
        <th scope="col" rowSpan={2}>
          {t(first)}
        </th>
        <th scope="col" rowSpan={2}>
          {t(extra)}
        </th>
        <th scope="col" rowSpan={2}>
          {t('workingDays')}
        </th>
        <th scope="col" rowSpan={2}>
          {t('present')}
        </th>
        <th scope="colgroup" colSpan={4}>
          {t('lateBands')}
        </th>
        <th scope="colgroup" colSpan={4}>
          {t('earlyBands')}
        </th>
        <th scope="col" rowSpan={2}>
          {t('leave')}
        </th>
        <th scope="col" rowSpan={2}>
          {t('absentWithoutLeave')}
        </th>
        <th scope="col" rowSpan={2}>
          {t('wfaDays')}
        </th>
        <th scope="col" rowSpan={2}>
          {t(cut)}
        </th>
      </tr>
      <tr>
        {bands('TL')}
        {bands('PSW')}
      </tr>
    </thead>
  );
}

function RecapCells({ row, absences }: { row: RecapCounts; absences: string }) {
  const { locale } = useI18n();
  return (
    <>
      <td class="number">{formatNumber(locale, row.workingDays)}</td>
      <td class="number">{formatNumber(locale, row.present)}</td>
      {row.late.map((days, index) => (
        <td class="number" key={`tl${index}`}>
          {formatNumber(locale, days)}
        </td>
      ))}
      {row.earlyLeave.map((days, index) => (
        <td class="number" key={`psw${index}`}>
          {formatNumber(locale, days)}
        </td>
      ))}
      <td>{absences}</td>
      <td class="number">{formatNumber(locale, row.absentWithoutLeave)}</td>
      <td class="number">{formatNumber(locale, row.wfaDaysWorked)}</td>
    </>
  );
}
