import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Language = 'id' | 'en';

const STORAGE_KEY = 'fleksi.language';

/**
 * Every text of the interface in Indonesian and English. `{name}` placeholders are
 * filled by `translate`. Indonesian is the default because the users work in it.
 */
const MESSAGES = {
  appName: { id: 'Fleksi', en: 'Fleksi' },
  appTagline: { id: 'Presensi dan laporan kinerja harian ASN', en: 'Attendance and daily performance reports of civil servants' },
  skipToContent: { id: 'Langsung ke isi halaman', en: 'Skip to main content' },
  mainNavigation: { id: 'Menu utama', en: 'Main menu' },
  switchLanguage: { id: 'English', en: 'Bahasa Indonesia' },
  switchLanguageLabel: { id: 'Ganti bahasa ke English', en: 'Switch language to Bahasa Indonesia' },
  signOut: { id: 'Keluar', en: 'Sign out' },
  signedInAs: { id: 'Masuk sebagai {subject}', en: 'Signed in as {subject}' },
  loading: { id: 'Memuat data…', en: 'Loading data…' },
  noData: { id: 'Tidak ada data.', en: 'No data.' },
  refresh: { id: 'Muat ulang', en: 'Reload' },
  show: { id: 'Tampilkan', en: 'Show' },
  allUnits: { id: 'Semua unit', en: 'All units' },
  unit: { id: 'Unit', en: 'Unit' },
  date: { id: 'Tanggal', en: 'Date' },
  month: { id: 'Bulan', en: 'Month' },
  nip: { id: 'NIP', en: 'NIP' },
  name: { id: 'Nama', en: 'Name' },
  employee: { id: 'Pegawai', en: 'Employee' },
  downloading: { id: 'Mengunduh…', en: 'Downloading…' },
  downloadFailed: { id: 'Unduhan gagal', en: 'Download failed' },
  errorHeading: { id: 'Permintaan gagal', en: 'Request failed' },
  errorCode: { id: 'Kode: {code}', en: 'Code: {code}' },
  networkError: { id: 'Server tidak dapat dihubungi. Periksa koneksi, lalu coba lagi.', en: 'The server could not be reached. Check the connection and try again.' },
  sessionExpired: { id: 'Sesi Anda berakhir atau token ditolak. Silakan masuk lagi.', en: 'Your session ended or the token was rejected. Please sign in again.' },
  notAllowed: { id: 'Peran Anda tidak dapat membuka halaman ini.', en: 'Your role cannot open this page.' },
  notFoundPage: { id: 'Halaman tidak ditemukan.', en: 'Page not found.' },
  noPages: {
    id: 'Token ini tidak memiliki peran untuk halaman mana pun di aplikasi web. Pegawai memakai aplikasi seluler untuk presensi.',
    en: 'This token has no role for any page of the web app. Employees use the mobile app for attendance.',
  },
  choosePage: { id: 'Pilih halaman', en: 'Choose a page' },

  // Roles
  role_employee: { id: 'Pegawai', en: 'Employee' },
  role_supervisor: { id: 'Atasan langsung', en: 'Supervisor' },
  role_unit_admin: { id: 'Admin unit', en: 'Unit admin' },
  role_tenant_admin: { id: 'Admin kepegawaian', en: 'HR administrator' },
  role_auditor: { id: 'Auditor', en: 'Auditor' },
  role_evaluator: { id: 'Evaluator', en: 'Evaluator' },
  role_system: { id: 'Sistem', en: 'System' },

  // Sign-in
  signInTitle: { id: 'Masuk ke Fleksi', en: 'Sign in to Fleksi' },
  signInWithOidc: { id: 'Masuk dengan akun instansi', en: 'Sign in with your agency account' },
  signInOidcHint: { id: 'Anda akan diarahkan ke halaman masuk {issuer}.', en: 'You will be taken to the sign-in page of {issuer}.' },
  orPasteToken: { id: 'Atau tempel token akses', en: 'Or paste an access token' },
  signInWithToken: { id: 'Masuk dengan token akses', en: 'Sign in with an access token' },
  tokenLabel: { id: 'Token akses', en: 'Access token' },
  tokenHint: {
    id: 'Token diberikan oleh administrator. Di komputer pengembang, buat dengan perintah npx fleksi token --tenant demo --role tenant_admin.',
    en: 'Your administrator gives you the token. On a developer machine, create one with npx fleksi token --tenant demo --role tenant_admin.',
  },
  signIn: { id: 'Masuk', en: 'Sign in' },
  tokenEmpty: { id: 'Tempel token akses terlebih dahulu.', en: 'Paste an access token first.' },
  tokenMalformed: { id: 'Teks ini bukan token JWT: harus terdiri atas tiga bagian yang dipisahkan titik.', en: 'This text is not a JWT: it must have three parts separated by dots.' },
  tokenExpired: { id: 'Token ini sudah kedaluwarsa pada {time}. Minta token baru.', en: 'This token expired at {time}. Ask for a new one.' },
  tokenNoRoles: { id: 'Token ini tidak memuat peran yang dikenal.', en: 'This token holds no known role.' },
  oidcFailed: { id: 'Masuk dengan akun instansi gagal: {message}', en: 'Signing in with the agency account failed: {message}' },
  oidcCompleting: { id: 'Menyelesaikan proses masuk…', en: 'Completing sign-in…' },
  oidcUnavailable: { id: 'Masuk dengan akun instansi belum diatur di server ini.', en: 'Sign-in with an agency account is not configured on this server.' },
  configFailed: { id: 'Pengaturan aplikasi tidak dapat dimuat: {message}', en: 'The app settings could not be loaded: {message}' },

  // Pages
  page_evaluation: { id: 'Evaluasi uji coba WFA', en: 'WFA trial evaluation' },
  page_compliance: { id: 'Kepatuhan laporan harian', en: 'Daily report compliance' },
  page_recap: { id: 'Rekap presensi bulanan', en: 'Monthly attendance recap' },
  page_audit: { id: 'Riwayat audit', en: 'Audit history' },
  page_system: { id: 'Status sistem', en: 'System status' },

  // Evaluation
  trial: { id: 'Uji coba', en: 'Trial' },
  noTrials: { id: 'Belum ada uji coba WFA yang ditetapkan.', en: 'No WFA trial has been defined yet.' },
  trialPeriod: { id: 'Masa uji coba', en: 'Trial period' },
  baselinePeriod: { id: 'Periode dasar', en: 'Baseline period' },
  participatingEmployees: { id: 'Pegawai unit peserta', en: 'Employees in participating units' },
  comparisonEmployees: { id: 'Pegawai unit pembanding', en: 'Employees in comparison units' },
  employeeDays: { id: 'Hari-pegawai dianalisis', en: 'Employee-days analysed' },
  lastClosedDate: { id: 'Hari kerja terakhir yang ditutup', en: 'Last closed workday' },
  range: { id: '{from} s.d. {to}', en: '{from} to {to}' },
  design: { id: 'Desain perbandingan', en: 'Comparison design' },
  design_weekday_matched_did: { id: 'Selisih-dari-selisih per hari (utama)', en: 'Weekday-matched difference-in-differences (main)' },
  design_participating_vs_comparison_did: { id: 'Selisih-dari-selisih unit peserta dan pembanding', en: 'Difference-in-differences, participating against comparison units' },
  design_trial_vs_baseline_same_weekdays: { id: 'Uji coba dibanding periode dasar, hari yang sama', en: 'Trial against baseline, same weekdays' },
  design_wfa_vs_wfo_within_employee: { id: 'Hari WFA dibanding hari WFO per pegawai', en: 'WFA days against WFO days within each employee' },
  excludeRamadan: { id: 'Tanpa hari-hari Ramadan', en: 'Without Ramadan days' },
  resultsCaption: { id: 'Perkiraan efek WFA per ukuran kinerja, seluruh unit peserta', en: 'Estimated WFA effect per measure, all participating units' },
  metric: { id: 'Ukuran', en: 'Measure' },
  estimate: { id: 'Perkiraan efek', en: 'Estimated effect' },
  interval: { id: 'Interval kepercayaan 95%', en: '95% confidence interval' },
  margin: { id: 'Batas toleransi', en: 'Margin' },
  verdict: { id: 'Kesimpulan', en: 'Verdict' },
  employeesAndDays: { id: 'Pegawai / hari', en: 'Employees / days' },
  unitPoints: { id: 'poin', en: 'pts' },
  unitMinutes: { id: 'menit', en: 'min' },
  betterHigher: { id: 'lebih tinggi lebih baik', en: 'higher is better' },
  betterLower: { id: 'lebih rendah lebih baik', en: 'lower is better' },
  verdict_equivalent: { id: 'Setara', en: 'Equivalent' },
  equivalentButReal: { id: 'berubah nyata, masih dalam batas', en: 'a real change, within the margin' },
  verdict_better: { id: 'Lebih baik', en: 'Better' },
  verdict_worse: { id: 'Lebih buruk', en: 'Worse' },
  verdict_inconclusive: { id: 'Belum dapat disimpulkan', en: 'Inconclusive' },
  verdict_insufficient_data: { id: 'Data belum cukup', en: 'Not enough data' },
  metric_present: { id: 'Kehadiran (%)', en: 'Attendance (%)' },
  metric_onTime: { id: 'Datang tepat waktu (%)', en: 'On-time arrival (%)' },
  metric_minutesLate: { id: 'Menit keterlambatan', en: 'Minutes late' },
  metric_leftEarly: { id: 'Pulang sebelum waktunya (%)', en: 'Early leave (%)' },
  metric_reportCompliant: { id: 'Kepatuhan laporan harian (%)', en: 'Daily report compliance (%)' },
  metric_activities: { id: 'Kegiatan dilaporkan per hari', en: 'Activities reported per day' },
  metric_approvedActivities: { id: 'Kegiatan disetujui per hari', en: 'Approved activities per day' },
  metric_reportedMinutes: { id: 'Menit kerja dilaporkan per hari', en: 'Reported minutes per day' },
  metric_lateSubmissions: { id: 'Laporan terlambat per hari', en: 'Late reports per day' },
  chartHeading: { id: 'Tingkat mingguan unit peserta', en: 'Weekly rates of participating units' },
  chartMetric: { id: 'Ukuran pada grafik', en: 'Measure in the chart' },
  chartReportCompliant: { id: 'Kepatuhan laporan harian', en: 'Daily report compliance' },
  chartPresent: { id: 'Kehadiran', en: 'Attendance' },
  chartLabel: {
    id: '{metric} per pekan pada hari WFA (Kamis–Jumat) dan hari kerja lain, periode dasar dan uji coba',
    en: '{metric} per week on WFA weekdays (Thursday–Friday) and other weekdays, baseline and trial',
  },
  legendWfa: { id: 'Hari WFA (Kamis–Jumat)', en: 'WFA weekdays (Thursday–Friday)' },
  legendOther: { id: 'Hari kerja lain (WFO)', en: 'Other weekdays (WFO)' },
  legendRamadan: { id: 'Pekan dengan hari Ramadan', en: 'Weeks with Ramadan days' },
  legendHoliday: { id: 'Pekan dengan hari libur atau cuti bersama', en: 'Weeks with a holiday or collective leave day' },
  legendTrial: { id: 'Mulai uji coba', en: 'Trial starts' },
  holidayInferred: {
    id: 'Pekan libur ditandai dari turunnya jumlah hari-pegawai pada pekan itu.',
    en: 'Holiday weeks are marked where the week has markedly fewer employee-days.',
  },
  chartTable: { id: 'Angka grafik dalam bentuk tabel', en: 'Chart values as a table' },
  week: { id: 'Pekan', en: 'Week' },
  period: { id: 'Periode', en: 'Period' },
  period_baseline: { id: 'Dasar', en: 'Baseline' },
  period_trial: { id: 'Uji coba', en: 'Trial' },
  wfaWeekdays: { id: 'Hari WFA', en: 'WFA weekdays' },
  otherWeekdays: { id: 'Hari lain', en: 'Other weekdays' },
  marks: { id: 'Keterangan', en: 'Notes' },
  ramadanDays: { id: 'Ramadan {count} hari', en: 'Ramadan {count} days' },
  holidayWeek: { id: 'ada hari libur', en: 'holiday' },
  perUnitHeading: { id: 'Rincian per unit peserta', en: 'Breakdown per participating unit' },
  perUnitCaption: { id: '{metric}, desain {design}', en: '{metric}, design {design}' },
  downloadsHeading: { id: 'Unduhan', en: 'Downloads' },
  downloadReport: { id: 'Unduh laporan evaluasi (HTML)', en: 'Download the evaluation report (HTML)' },
  downloadCsv: { id: 'Unduh angka evaluasi (CSV)', en: 'Download the estimates (CSV)' },
  downloadXlsx: { id: 'Unduh angka evaluasi (Excel)', en: 'Download the estimates (Excel)' },
  evaluationComputing: { id: 'Menghitung evaluasi; dapat memerlukan beberapa detik…', en: 'Computing the evaluation; this can take a few seconds…' },

  // Compliance
  complianceSummaryCaption: { id: 'Kepatuhan laporan per unit, {date}', en: 'Report compliance per unit, {date}' },
  expected: { id: 'Wajib lapor', en: 'Expected to report' },
  compliant: { id: 'Patuh', en: 'Compliant' },
  rate: { id: 'Persentase', en: 'Rate' },
  pendingReview: { id: 'Menunggu pemeriksaan', en: 'Awaiting review' },
  notReportedHeading: { id: 'Belum melapor', en: 'Not reported' },
  notReportedNone: { id: 'Semua pegawai yang wajib lapor sudah mengirim laporan.', en: 'Everyone expected to report has sent a report.' },
  lateHeading: { id: 'Terlambat melapor', en: 'Reported late' },
  lateNone: { id: 'Tidak ada laporan yang terlambat.', en: 'No late reports.' },
  activitiesCount: { id: 'Kegiatan', en: 'Activities' },
  lateCount: { id: 'Terlambat', en: 'Late' },
  reviewHeading: { id: 'Kegiatan menunggu pemeriksaan', en: 'Activities awaiting review' },
  reviewNone: { id: 'Tidak ada kegiatan yang menunggu pemeriksaan.', en: 'No activities await review.' },
  reviewReadOnly: { id: 'Hanya atasan langsung yang dapat menyetujui atau menolak kegiatan.', en: 'Only the direct supervisor can approve or reject activities.' },
  activity: { id: 'Kegiatan', en: 'Activity' },
  output: { id: 'Keluaran', en: 'Output' },
  minutes: { id: 'Menit', en: 'Minutes' },
  submittedAt: { id: 'Dikirim', en: 'Submitted' },
  lateBadge: { id: 'terlambat', en: 'late' },
  actions: { id: 'Tindakan', en: 'Actions' },
  reviewNote: { id: 'Catatan untuk {name}', en: 'Note for {name}' },
  approve: { id: 'Setujui', en: 'Approve' },
  requestRevision: { id: 'Minta perbaikan', en: 'Request revision' },
  reject: { id: 'Tolak', en: 'Reject' },
  noteRequired: { id: 'Tulis catatan sebelum menolak atau meminta perbaikan.', en: 'Write a note before rejecting or requesting a revision.' },
  reviewDone_approved: { id: 'Kegiatan {name} disetujui.', en: 'The activity of {name} was approved.' },
  reviewDone_rejected: { id: 'Kegiatan {name} ditolak.', en: 'The activity of {name} was rejected.' },
  reviewDone_revision_requested: { id: 'Perbaikan kegiatan {name} diminta.', en: 'A revision of the activity of {name} was requested.' },
  reviewRefused: { id: 'Pemeriksaan kegiatan {name} tidak dapat disimpan', en: 'The review of the activity of {name} could not be saved' },

  // Monthly recap
  unitRecapCaption: { id: 'Rekap per unit, {month}', en: 'Recap per unit, {month}' },
  employeeRecapCaption: { id: 'Rekap per pegawai, {month}', en: 'Recap per employee, {month}' },
  employees: { id: 'Pegawai', en: 'Employees' },
  workingDays: { id: 'Hari kerja', en: 'Workdays' },
  present: { id: 'Hadir', en: 'Present' },
  lateBands: { id: 'Terlambat (TL)', en: 'Late arrival (TL)' },
  earlyBands: { id: 'Pulang sebelum waktunya (PSW)', en: 'Early leave (PSW)' },
  leave: { id: 'Cuti, sakit, izin', en: 'Leave' },
  absentWithoutLeave: { id: 'Tanpa keterangan (TK)', en: 'Absent without leave (TK)' },
  wfaDays: { id: 'Hari WFA', en: 'WFA days' },
  allowanceCut: { id: 'Potongan TPP', en: 'TPP allowance cut' },
  averageAllowanceCut: { id: 'Rata-rata potongan TPP', en: 'Average TPP allowance cut' },
  bandsHint: {
    id: 'TL1–TL4 dan PSW1–PSW4 adalah jumlah hari per golongan lama keterlambatan atau kepulangan dini; golongan yang lebih tinggi memotong TPP lebih besar.',
    en: 'TL1–TL4 and PSW1–PSW4 count the days in each band of lateness or early leave; higher bands cut the TPP allowance more.',
  },
  chooseUnitForEmployees: { id: 'Pilih unit untuk melihat rekap per pegawai.', en: 'Choose a unit to see the recap per employee.' },
  absence_cuti_tahunan: { id: 'cuti tahunan', en: 'annual leave' },
  absence_cuti_sakit: { id: 'cuti sakit', en: 'sick leave' },
  absence_cuti_besar: { id: 'cuti besar', en: 'long service leave' },
  absence_cuti_melahirkan: { id: 'cuti melahirkan', en: 'maternity leave' },
  absence_cuti_alasan_penting: { id: 'cuti karena alasan penting', en: 'compassionate leave' },
  absence_cuti_bersama: { id: 'cuti bersama', en: 'collective leave' },
  absence_cltn: { id: 'cuti di luar tanggungan negara', en: 'unpaid leave' },
  absence_dinas_luar: { id: 'dinas luar', en: 'official travel' },
  absence_tugas_belajar: { id: 'tugas belajar', en: 'study assignment' },
  absence_izin: { id: 'izin', en: 'permitted absence' },
  downloadRecapXlsx: { id: 'Unduh rekap (Excel)', en: 'Download the recap (Excel)' },

  // Audit
  auditQueryHeading: { id: 'Riwayat pegawai', en: 'Employee history' },
  from: { id: 'Dari tanggal', en: 'From' },
  to: { id: 'Sampai tanggal', en: 'To' },
  nipHint: { id: '18 angka, tanpa spasi', en: '18 digits, no spaces' },
  nipInvalid: { id: 'NIP harus terdiri atas 18 angka.', en: 'The NIP must have 18 digits.' },
  showHistory: { id: 'Tampilkan riwayat', en: 'Show history' },
  timelineCaption: { id: 'Riwayat {nip}, {from} s.d. {to}: {count} peristiwa', en: 'History of {nip}, {from} to {to}: {count} events' },
  timelineEmpty: { id: 'Tidak ada peristiwa pada rentang ini.', en: 'No events in this range.' },
  receivedAt: { id: 'Diterima server', en: 'Received' },
  recordedAt: { id: 'Disimpan', en: 'Stored' },
  deviceTime: { id: 'Waktu perangkat {time}', en: 'Device time {time}' },
  actor: { id: 'Pelaku', en: 'Actor' },
  source: { id: 'Sumber', en: 'Source' },
  correctionBadge: { id: 'Koreksi', en: 'Correction' },
  rejectedBadge: { id: 'Percobaan ditolak', en: 'Rejected attempt' },
  eventDetails: { id: 'Rincian data', en: 'Data' },
  countsCorrections: { id: '{count} koreksi', en: '{count} corrections' },
  countsRejected: { id: '{count} percobaan ditolak', en: '{count} rejected attempts' },
  onlyHighlighted: { id: 'Hanya koreksi dan percobaan ditolak', en: 'Only corrections and rejected attempts' },
  asOfHeading: { id: 'Perbandingan keadaan pada suatu waktu', en: 'State as known at a moment' },
  asOfDate: { id: 'Hari kerja', en: 'Workday' },
  asOfAt: { id: 'Keadaan per (waktu WITA)', en: 'As known at (WITA time)' },
  compare: { id: 'Bandingkan', en: 'Compare' },
  asOfCaption: { id: 'Hari {date}: keadaan per {at} dibanding sekarang', en: 'Day {date}: as known at {at} against now' },
  asOfField: { id: 'Data', en: 'Field' },
  asOfThen: { id: 'Saat itu', en: 'Then' },
  asOfNow: { id: 'Sekarang', en: 'Now' },
  asOfChanged: { id: 'Catatan hari ini berubah setelah waktu tersebut.', en: 'The record of this day changed after that moment.' },
  asOfUnchanged: { id: 'Catatan hari ini tidak berubah sejak waktu tersebut.', en: 'The record of this day has not changed since that moment.' },
  laterEvents: { id: 'Peristiwa sesudahnya', en: 'Later events' },
  field_status: { id: 'Status', en: 'Status' },
  field_checkIn: { id: 'Jam masuk', en: 'Check-in' },
  field_checkOut: { id: 'Jam pulang', en: 'Check-out' },
  field_minutesLate: { id: 'Menit terlambat', en: 'Minutes late' },
  field_lateBand: { id: 'Golongan TL', en: 'TL band' },
  field_earlyBand: { id: 'Golongan PSW', en: 'PSW band' },
  field_cut: { id: 'Potongan TPP', en: 'TPP cut' },
  field_reportCompliant: { id: 'Laporan harian tepat waktu', en: 'Daily report on time' },
  field_reason: { id: 'Keterangan', en: 'Reason' },
  yes: { id: 'ya', en: 'yes' },
  no: { id: 'tidak', en: 'no' },
  verifyHeading: { id: 'Verifikasi integritas log', en: 'Log integrity verification' },
  verifyRun: { id: 'Periksa integritas', en: 'Verify integrity' },
  verifyOk: { id: 'Utuh: tidak ada perubahan pada {events} peristiwa di {streams} aliran dan {checkpoints} titik periksa.', en: 'Intact: no change found in {events} events of {streams} streams and {checkpoints} checkpoints.' },
  verifyBroken: { id: 'Ditemukan {count} kerusakan pada {events} peristiwa yang diperiksa.', en: '{count} breaks found in {events} events checked.' },
  breakKind: { id: 'Jenis', en: 'Kind' },
  stream: { id: 'Aliran', en: 'Stream' },
  position: { id: 'Posisi', en: 'Position' },
  detail: { id: 'Rincian', en: 'Detail' },
  auditLogged: { id: 'Setiap pencarian di halaman ini tercatat di log audit atas nama Anda.', en: 'Every query on this page is recorded in the audit log under your name.' },

  event_CheckedIn: { id: 'Presensi masuk', en: 'Check-in' },
  event_CheckedOut: { id: 'Presensi pulang', en: 'Check-out' },
  event_AttendanceCorrected: { id: 'Koreksi presensi', en: 'Attendance correction' },
  event_AttendanceAttemptRejected: { id: 'Percobaan presensi ditolak', en: 'Rejected attendance attempt' },
  event_ActivitySubmitted: { id: 'Kegiatan dikirim', en: 'Activity submitted' },
  event_ActivityRevised: { id: 'Kegiatan diperbaiki', en: 'Activity revised' },
  event_ActivityWithdrawn: { id: 'Kegiatan ditarik', en: 'Activity withdrawn' },
  event_ActivityReviewed: { id: 'Kegiatan diperiksa atasan', en: 'Activity reviewed' },
  event_AbsenceRecorded: { id: 'Cuti atau izin dicatat', en: 'Leave recorded' },
  event_AbsenceCancelled: { id: 'Cuti atau izin dibatalkan', en: 'Leave cancelled' },
  event_WFADayAssigned: { id: 'Hari WFA ditetapkan', en: 'WFA day assigned' },
  event_WFADayRevoked: { id: 'Hari WFA dicabut', en: 'WFA day revoked' },
  event_EmployeeRegistered: { id: 'Pegawai didaftarkan', en: 'Employee registered' },
  event_EmployeeTransferred: { id: 'Pegawai dipindahkan', en: 'Employee transferred' },
  event_EmployeeDomicileChanged: { id: 'Domisili pegawai diubah', en: 'Employee domicile changed' },
  event_WorkdayClosed: { id: 'Hari kerja ditutup', en: 'Workday closed' },

  // System
  projectionsCaption: { id: 'Proyeksi (model baca) dan ketertinggalannya', en: 'Projections (read models) and their lag' },
  projection: { id: 'Proyeksi', en: 'Projection' },
  generation: { id: 'Generasi', en: 'Generation' },
  status: { id: 'Status', en: 'Status' },
  eventsApplied: { id: 'Peristiwa diterapkan', en: 'Events applied' },
  lagEvents: { id: 'Tertinggal (peristiwa)', en: 'Lag (events)' },
  lagSeconds: { id: 'Tertinggal (detik)', en: 'Lag (seconds)' },
  lastError: { id: 'Kesalahan terakhir', en: 'Last error' },
  status_active: { id: 'aktif', en: 'active' },
  status_building: { id: 'sedang dibangun', en: 'building' },
  kafkaHeading: { id: 'Kafka', en: 'Kafka' },
  kafkaInactive: { id: 'Kafka tidak aktif', en: 'Kafka is not active' },
  kafkaInactiveHint: { id: 'Server ini tidak diatur dengan KAFKA_BROKERS, sehingga proyeksi membaca log langsung dari PostgreSQL.', en: 'This server has no KAFKA_BROKERS setting, so projections read the log directly from PostgreSQL.' },
  kafkaError: { id: 'Ketertinggalan Kafka tidak dapat dibaca: {message}', en: 'Kafka lag could not be read: {message}' },
  relayCaption: { id: 'Relai log ke topik {topic}', en: 'Log relay to topic {topic}' },
  relayNone: { id: 'Relai belum pernah mengirim ke topik {topic}.', en: 'The relay has not published to topic {topic} yet.' },
  checkpoint: { id: 'Titik periksa', en: 'Checkpoint' },
  eventsPublished: { id: 'Peristiwa terkirim', en: 'Events published' },
  consumerCaption: { id: 'Ketertinggalan konsumen per partisi', en: 'Consumer lag per partition' },
  partition: { id: 'Partisi', en: 'Partition' },
  storedOffset: { id: 'Offset tersimpan', en: 'Stored offset' },
  endOffset: { id: 'Offset akhir', en: 'End offset' },
  lagMessages: { id: 'Tertinggal (pesan)', en: 'Lag (messages)' },
  checkedAt: { id: 'Diperiksa {time}', en: 'Checked at {time}' },
} as const satisfies Record<string, { id: string; en: string }>;

export type MessageKey = keyof typeof MESSAGES;

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(MESSAGES, key);
}

/** Fills `{name}` placeholders of a message in the given language. */
export function translate(language: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  return MESSAGES[key][language].replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in values ? String(values[name]) : placeholder));
}

/** Returns the stored language choice, else Indonesian. */
export function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

export function storeLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage can be disabled; the choice then lasts until the page is reloaded.
  }
  document.documentElement.lang = language;
}

export interface I18n {
  readonly language: Language;
  readonly t: (key: MessageKey, values?: Record<string, string | number>) => string;
  readonly locale: string;
}

export function createI18n(language: Language): I18n {
  return { language, t: (key, values) => translate(language, key, values), locale: language === 'id' ? 'id-ID' : 'en-GB' };
}

export const I18nContext = createContext<I18n>(createI18n('id'));

export function useI18n(): I18n {
  return useContext(I18nContext);
}
