import type { Language, TrialMetric } from '@fleksi/contracts';
import type { Design, Estimate, TrialEvaluation, WeeklyRate } from '@fleksi/read-models';

const METRIC_NAMES: Record<TrialMetric, { id: string; en: string; unit: { id: string; en: string } }> = {
  present: { id: 'Kehadiran', en: 'Attendance', unit: { id: 'poin persentase', en: 'percentage points' } },
  onTime: { id: 'Datang tepat waktu', en: 'On-time arrival', unit: { id: 'poin persentase', en: 'percentage points' } },
  minutesLate: { id: 'Menit keterlambatan', en: 'Minutes late', unit: { id: 'menit', en: 'minutes' } },
  leftEarly: { id: 'Pulang sebelum waktunya', en: 'Early leave', unit: { id: 'poin persentase', en: 'percentage points' } },
  reportCompliant: { id: 'Kepatuhan laporan kinerja harian', en: 'Daily report compliance', unit: { id: 'poin persentase', en: 'percentage points' } },
  activities: { id: 'Kegiatan dilaporkan per hari', en: 'Activities reported per day', unit: { id: 'kegiatan', en: 'activities' } },
  approvedActivities: { id: 'Kegiatan disetujui per hari', en: 'Approved activities per day', unit: { id: 'kegiatan', en: 'activities' } },
  reportedMinutes: { id: 'Menit kerja dilaporkan per hari', en: 'Reported minutes per day', unit: { id: 'menit', en: 'minutes' } },
  lateSubmissions: { id: 'Laporan terlambat per hari', en: 'Late reports per day', unit: { id: 'laporan', en: 'reports' } },
};

const VERDICTS: Record<Estimate['verdict'], { id: string; en: string; tone: string }> = {
  equivalent: { id: 'setara', en: 'equivalent', tone: 'good' },
  better: { id: 'lebih baik', en: 'better', tone: 'good' },
  worse: { id: 'lebih buruk', en: 'worse', tone: 'bad' },
  inconclusive: { id: 'belum dapat disimpulkan', en: 'inconclusive', tone: 'neutral' },
  insufficient_data: { id: 'data belum cukup', en: 'not enough data', tone: 'neutral' },
};

const DESIGNS: Record<Design, { id: string; en: string }> = {
  weekday_matched_did: {
    id: 'Selisih-dari-selisih sehari-sepekan: perubahan hari WFA dari periode dasar ke uji coba dikurangi perubahan hari kerja lain',
    en: 'Weekday-matched difference-in-differences: change on WFA weekdays from baseline to trial minus the change on other weekdays',
  },
  participating_vs_comparison_did: {
    id: 'Selisih-dari-selisih antarunit: perubahan unit peserta dikurangi perubahan unit pembanding pada hari WFA',
    en: 'Difference-in-differences between units: change in participating units minus change in comparison units on WFA weekdays',
  },
  trial_vs_baseline_same_weekdays: {
    id: 'Uji coba dibanding periode dasar pada hari yang sama (tanpa pembanding)',
    en: 'Trial against baseline on the same weekdays (no comparison group)',
  },
  wfa_vs_wfo_within_employee: {
    id: 'Hari WFA dibanding hari WFO selama uji coba, per pegawai (rentan efek hari)',
    en: 'WFA days against WFO days in the trial, within each employee (prone to day-of-week effects)',
  },
};

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function formatNumber(value: number | null, language: Language, digits = 1): string {
  if (value === null) {
    return '–';
  }
  return new Intl.NumberFormat(language === 'id' ? 'id-ID' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(value);
}

/** Writes one sentence a head of agency can read: the size, the interval, the margin and the verdict. */
export function conclusionSentence(estimate: Estimate, language: Language): string {
  const name = METRIC_NAMES[estimate.metric];
  const unit = name.unit[language];
  const verdict = VERDICTS[estimate.verdict][language];
  if (estimate.verdict === 'insufficient_data') {
    return language === 'id'
      ? `${name.id}: data belum cukup untuk menyimpulkan (${estimate.reason ?? 'tanpa alasan'}).`
      : `${name.en}: not enough data to conclude (${estimate.reason ?? 'no reason given'}).`;
  }
  const size = formatNumber(estimate.estimate, language);
  const low = formatNumber(estimate.ciLow, language);
  const high = formatNumber(estimate.ciHigh, language);
  const margin = formatNumber(estimate.margin, language).replace(/^\+/, '');
  const direction = estimate.better === 'higher' ? { id: 'lebih tinggi lebih baik', en: 'higher is better' } : { id: 'lebih rendah lebih baik', en: 'lower is better' };
  const sentence =
    language === 'id'
      ? `${name.id} berubah ${size} ${unit} karena WFA (interval kepercayaan 95%: ${low} s.d. ${high}; ${direction.id}). Dengan batas toleransi ${margin} ${unit}, hasilnya ${verdict}.`
      : `${name.en} changed by ${size} ${unit} under WFA (95% confidence interval ${low} to ${high}; ${direction.en}). Against a margin of ${margin} ${unit}, the result is ${verdict}.`;
  if (estimate.verdict !== 'equivalent' || estimate.differsFromZero !== true) {
    return sentence;
  }
  // Equivalent, but the interval excludes 0: the change is real, only smaller than the margin.
  return language === 'id'
    ? `${sentence} Perubahannya nyata (interval tidak mencakup 0), tetapi lebih kecil dari batas toleransi.`
    : `${sentence} The change is real (the interval excludes 0) but smaller than the margin.`;
}

/** Inline SVG line chart of weekly report compliance on WFA weekdays and other weekdays, Ramadan weeks shaded. */
export function weeklyChart(weekly: readonly WeeklyRate[], language: Language): string {
  const width = 760;
  const height = 260;
  const left = 48;
  const bottom = 36;
  const plotWidth = width - left - 16;
  const plotHeight = height - bottom - 16;
  if (weekly.length === 0) {
    return `<p>${language === 'id' ? 'Belum ada hari kerja yang ditutup.' : 'No closed workdays yet.'}</p>`;
  }
  const step = weekly.length > 1 ? plotWidth / (weekly.length - 1) : 0;
  const x = (index: number): number => left + index * step;
  const y = (value: number): number => 16 + plotHeight - (value / 100) * plotHeight;
  const line = (pick: (week: WeeklyRate) => number | null): string =>
    weekly
      .map((week, index) => ({ index, value: pick(week) }))
      .filter((point): point is { index: number; value: number } => point.value !== null)
      .map((point, order) => `${order === 0 ? 'M' : 'L'}${x(point.index).toFixed(1)},${y(point.value).toFixed(1)}`)
      .join(' ');

  const ramadan = weekly
    .map((week, index) => (week.ramadanDays > 0 ? `<rect x="${(x(index) - step / 2).toFixed(1)}" y="16" width="${Math.max(step, 4).toFixed(1)}" height="${plotHeight}" fill="#f3e8c8"/>` : ''))
    .join('');
  const trialStart = weekly.findIndex((week) => week.period === 'trial');
  const trialMarker =
    trialStart < 0 ? '' : `<line x1="${x(trialStart).toFixed(1)}" y1="16" x2="${x(trialStart).toFixed(1)}" y2="${16 + plotHeight}" stroke="#555" stroke-dasharray="4 3"/><text x="${(x(trialStart) + 4).toFixed(1)}" y="28" font-size="11">${language === 'id' ? 'mulai uji coba' : 'trial starts'}</text>`;
  const grid = [0, 25, 50, 75, 100]
    .map((value) => `<line x1="${left}" y1="${y(value)}" x2="${width - 16}" y2="${y(value)}" stroke="#ddd"/><text x="${left - 6}" y="${y(value) + 4}" font-size="11" text-anchor="end">${value}%</text>`)
    .join('');
  const labels = weekly
    .map((week, index) => (index % Math.max(1, Math.ceil(weekly.length / 12)) === 0 ? `<text x="${x(index).toFixed(1)}" y="${height - 14}" font-size="10" text-anchor="middle">${escapeHtml(week.week.slice(5))}</text>` : ''))
    .join('');
  const title = language === 'id' ? 'Kepatuhan laporan harian per pekan' : 'Weekly daily report compliance';
  const legendWfa = language === 'id' ? 'hari WFA (Kamis–Jumat)' : 'WFA weekdays';
  const legendOther = language === 'id' ? 'hari kerja lain' : 'other weekdays';
  const legendRamadan = language === 'id' ? 'pekan Ramadan' : 'Ramadan weeks';

  return `<svg role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">
<title>${title}</title>${ramadan}${grid}${trialMarker}
<path d="${line((week) => week.wfaWeekdays.reportCompliant)}" fill="none" stroke="#1f6f8b" stroke-width="2.5"/>
<path d="${line((week) => week.otherWeekdays.reportCompliant)}" fill="none" stroke="#c46a1b" stroke-width="2.5" stroke-dasharray="6 3"/>
${labels}
<rect x="${left}" y="${height - 10}" width="10" height="4" fill="#1f6f8b"/><text x="${left + 14}" y="${height - 5}" font-size="11">${legendWfa}</text>
<rect x="${left + 190}" y="${height - 10}" width="10" height="4" fill="#c46a1b"/><text x="${left + 204}" y="${height - 5}" font-size="11">${legendOther}</text>
<rect x="${left + 360}" y="${height - 12}" width="10" height="8" fill="#f3e8c8"/><text x="${left + 374}" y="${height - 5}" font-size="11">${legendRamadan}</text>
</svg>`;
}

/** Renders the evaluation as a self-contained HTML page (no external scripts, fonts or styles), Indonesian by default. */
export function renderReport(evaluation: TrialEvaluation, language: Language): string {
  const text = (id: string, en: string): string => (language === 'id' ? id : en);
  const main = evaluation.estimates.filter((estimate) => estimate.scope === 'all' && estimate.design === 'weekday_matched_did');
  const row = (estimate: Estimate): string => {
    const sensitivity = evaluation.estimates.find(
      (candidate) => candidate.scope === 'all' && candidate.design === 'weekday_matched_did' && candidate.metric === estimate.metric && candidate.excludeRamadan,
    );
    const tone = VERDICTS[estimate.verdict].tone;
    return `<tr><th scope="row">${escapeHtml(METRIC_NAMES[estimate.metric][language])}</th>
<td>${formatNumber(estimate.estimate, language, 2)}</td>
<td>${formatNumber(estimate.ciLow, language, 2)} – ${formatNumber(estimate.ciHigh, language, 2)}</td>
<td>${formatNumber(estimate.margin, language, 2).replace(/^\+/, '±')}</td>
<td class="${tone}">${escapeHtml(VERDICTS[estimate.verdict][language])}</td>
<td>${sensitivity === undefined ? '–' : escapeHtml(VERDICTS[sensitivity.verdict][language])}</td>
<td>${estimate.employees} / ${estimate.days}</td></tr>`;
  };
  const otherDesigns = (['participating_vs_comparison_did', 'trial_vs_baseline_same_weekdays', 'wfa_vs_wfo_within_employee'] as const)
    .map((design) => {
      const rows = evaluation.estimates.filter((estimate) => estimate.scope === 'all' && estimate.design === design && !estimate.excludeRamadan);
      if (rows.length === 0) {
        return '';
      }
      return `<h3>${escapeHtml(DESIGNS[design][language])}</h3><table><thead><tr><th>${text('Ukuran', 'Metric')}</th><th>${text('Perubahan', 'Change')}</th><th>${text('Interval 95%', '95% interval')}</th><th>${text('Batas', 'Margin')}</th><th>${text('Kesimpulan', 'Verdict')}</th><th>${text('Ramadan dikecualikan', 'Without Ramadan')}</th><th>${text('Pegawai / hari', 'Employees / days')}</th></tr></thead><tbody>${rows.map(row).join('')}</tbody></table>`;
    })
    .join('');
  const trial = evaluation.trial;

  return `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(text('Evaluasi uji coba WFA', 'WFA trial evaluation'))}: ${escapeHtml(trial.name)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.5}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f0f0f0}.good{color:#0b6b2c;font-weight:600}.bad{color:#a11a1a;font-weight:600}.neutral{color:#6b5b00;font-weight:600}
.note{font-size:.9rem;color:#444}
</style></head>
<body>
<h1>${escapeHtml(text('Evaluasi uji coba WFA', 'WFA trial evaluation'))}: ${escapeHtml(trial.name)}</h1>
<p>${text('Periode dasar', 'Baseline')} ${trial.baselineStart} – ${trial.baselineEnd}; ${text('uji coba', 'trial')} ${trial.startDate} – ${trial.endDate};
${text('hari WFA', 'WFA weekdays')}: ${escapeHtml(trial.wfaWeekdays.join(', '))}. ${text('Unit peserta', 'Participating units')}: ${evaluation.employees.participating} ${text('pegawai', 'employees')};
${text('unit pembanding', 'comparison units')}: ${evaluation.employees.comparison} ${text('pegawai', 'employees')}. ${text('Hari kerja ditutup terakhir', 'Last closed workday')}: ${evaluation.lastClosedDate ?? '–'}.
${text('Revisi definisi', 'Definition revision')} ${evaluation.revision}.</p>

<h2>${text('Kesimpulan per ukuran', 'Conclusion per metric')}</h2>
<p class="note">${escapeHtml(DESIGNS.weekday_matched_did[language])}. ${text(
    'Cara ini memperhitungkan bahwa hari WFA selalu Kamis dan Jumat: perubahan yang juga terjadi pada Senin–Rabu (misalnya karena Ramadan atau musim) tidak dihitung sebagai efek WFA.',
    'It accounts for WFA days always being Thursday and Friday: a change that also happened on Monday to Wednesday (Ramadan, season) is not counted as an effect of WFA.',
  )}</p>
<ul>${main.filter((estimate) => !estimate.excludeRamadan).map((estimate) => `<li>${escapeHtml(conclusionSentence(estimate, language))}</li>`).join('')}</ul>

<h2>${text('Grafik mingguan', 'Weekly chart')}</h2>
${weeklyChart(evaluation.weekly, language)}

<h2>${text('Rincian', 'Details')}</h2>
<table><thead><tr><th>${text('Ukuran', 'Metric')}</th><th>${text('Perubahan', 'Change')}</th><th>${text('Interval 95%', '95% interval')}</th><th>${text('Batas', 'Margin')}</th><th>${text('Kesimpulan', 'Verdict')}</th><th>${text('Ramadan dikecualikan', 'Without Ramadan')}</th><th>${text('Pegawai / hari', 'Employees / days')}</th></tr></thead>
<tbody>${main.filter((estimate) => !estimate.excludeRamadan).map(row).join('')}</tbody></table>
${otherDesigns}

<h2>${text('Cara membaca', 'How to read this')}</h2>
<p class="note">${text(
    '"Setara" berarti interval kepercayaan 90% berada seluruhnya di dalam batas toleransi (uji dua sisi TOST): WFA tidak mengubah ukuran ini lebih dari batas. "Lebih buruk" atau "lebih baik" berarti interval 95% seluruhnya di satu sisi nol. "Belum dapat disimpulkan" berarti data belum cukup untuk memastikan salah satunya. Interval dihitung dengan bootstrap berkelompok per pegawai',
    '"Equivalent" means the 90% confidence interval lies wholly inside the margin (two one-sided tests): WFA does not change this metric by more than the margin. "Worse" or "better" means the 95% interval lies wholly on one side of zero. "Inconclusive" means the data cannot yet tell. Intervals come from a cluster bootstrap over employees',
  )} (${evaluation.bootstrapSamples} ${text('sampel, benih', 'samples, seed')} ${evaluation.seed}).</p>
</body></html>`;
}
