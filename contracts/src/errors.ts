/**
 * Every error a Fleksi API client can receive, with its HTTP status and its message
 * in Indonesian and English.
 *
 * Status rule: 400 malformed or invalid input, 401 no valid token, 403 role or scope
 * not allowed, 404 a named record does not exist, 409 the request conflicts with a
 * record as it stands (already checked in, already reviewed, NIP taken, overlapping
 * leave, concurrent change), 422 the request is valid but a policy forbids it
 * (outside the geofence, no WFA assignment, weekly WFA limit, holiday, offline
 * window), 429 rate limit, 503 a dependency is down.
 */

type Params = Record<string, string | number | undefined>;
type Message = (params: Params) => string;

export interface ErrorDefinition {
  readonly status: number;
  readonly id: Message;
  readonly en: Message;
}

const p = (params: Params, key: string): string => String(params[key] ?? '?');

export const ERROR_CATALOGUE = {
  // 400
  VALIDATION_FAILED: {
    status: 400,
    id: () => 'Data permintaan tidak valid. Periksa kolom yang disebutkan lalu kirim ulang.',
    en: () => 'The request data is invalid. Check the fields listed and send it again.',
  },
  MALFORMED_JSON: {
    status: 400,
    id: () => 'Isi permintaan bukan JSON yang valid.',
    en: () => 'The request body is not valid JSON.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    id: (x) => `Jenis konten ${p(x, 'contentType')} tidak didukung; kirim application/json.`,
    en: (x) => `Content type ${p(x, 'contentType')} is not supported; send application/json.`,
  },
  BODY_TOO_LARGE: {
    status: 413,
    id: (x) => `Isi permintaan melebihi batas ${p(x, 'limit')} bita.`,
    en: (x) => `The request body exceeds the limit of ${p(x, 'limit')} bytes.`,
  },
  NIP_INVALID: {
    status: 400,
    id: (x) => `NIP ${p(x, 'nip')} tidak valid: ${nipProblemId(p(x, 'problem'))}.`,
    en: (x) => `NIP ${p(x, 'nip')} is invalid: ${nipProblemEn(p(x, 'problem'))}.`,
  },
  POSITION_INVALID: {
    status: 400,
    id: (x) => `Posisi log ${p(x, 'position')} tidak valid; gunakan nilai dari jawaban perintah, misalnya 812-10240.`,
    en: (x) => `Log position ${p(x, 'position')} is invalid; use the value a command returned, such as 812-10240.`,
  },
  // 401 and 403
  AUTH_TOKEN_MISSING: {
    status: 401,
    id: () => 'Token akses tidak ada. Kirim header Authorization: Bearer <token>.',
    en: () => 'The access token is missing. Send an Authorization: Bearer <token> header.',
  },
  AUTH_TOKEN_INVALID: {
    status: 401,
    id: () => 'Token akses tidak valid atau kedaluwarsa. Masuk lagi untuk mendapat token baru.',
    en: () => 'The access token is invalid or expired. Sign in again to get a new one.',
  },
  FORBIDDEN_ROLE: {
    status: 403,
    id: (x) => `Peran Anda tidak boleh melakukan ini; dibutuhkan salah satu peran: ${p(x, 'roles')}.`,
    en: (x) => `Your role may not do this; it needs one of the roles: ${p(x, 'roles')}.`,
  },
  FORBIDDEN_SCOPE: {
    status: 403,
    id: () => 'Anda tidak berwenang atas pegawai atau unit ini.',
    en: () => 'You have no authority over this employee or unit.',
  },
  DEVICE_KEY_MISSING: {
    status: 401,
    id: () => 'Kunci perangkat tidak ada. Kirim header X-Device-Key atau Authorization: Device <kunci>.',
    en: () => 'The device key is missing. Send an X-Device-Key or Authorization: Device <key> header.',
  },
  DEVICE_KEY_INVALID: {
    status: 401,
    id: (x) => `Kunci perangkat ${p(x, 'serial')} salah. Periksa kunci yang tersimpan di mesin presensi.`,
    en: (x) => `The key of device ${p(x, 'serial')} is wrong. Check the key stored on the attendance terminal.`,
  },
  // 404
  NOT_FOUND: {
    status: 404,
    id: (x) => `Alamat ${p(x, 'path')} tidak ditemukan.`,
    en: (x) => `Path ${p(x, 'path')} was not found.`,
  },
  DEVICE_NOT_FOUND: {
    status: 404,
    id: (x) => `Mesin presensi dengan nomor seri ${p(x, 'serial')} belum terdaftar.`,
    en: (x) => `No attendance terminal with serial number ${p(x, 'serial')} is registered.`,
  },
  TENANT_NOT_FOUND: {
    status: 404,
    id: (x) => `Pemerintah daerah ${p(x, 'tenantId')} belum terdaftar.`,
    en: (x) => `Tenant ${p(x, 'tenantId')} is not registered.`,
  },
  UNIT_NOT_FOUND: {
    status: 404,
    id: (x) => `Unit (OPD) ${p(x, 'unitId')} tidak ditemukan.`,
    en: (x) => `Unit ${p(x, 'unitId')} was not found.`,
  },
  EMPLOYEE_NOT_FOUND: {
    status: 404,
    id: (x) => `Pegawai dengan NIP ${p(x, 'nip')} tidak ditemukan.`,
    en: (x) => `No employee with NIP ${p(x, 'nip')} was found.`,
  },
  ACTIVITY_NOT_FOUND: {
    status: 404,
    id: (x) => `Kegiatan ${p(x, 'activityId')} tidak ditemukan pada laporan tanggal ${p(x, 'date')}.`,
    en: (x) => `Activity ${p(x, 'activityId')} was not found in the report of ${p(x, 'date')}.`,
  },
  ABSENCE_NOT_FOUND: {
    status: 404,
    id: (x) => `Catatan ketidakhadiran ${p(x, 'absenceId')} tidak ditemukan.`,
    en: (x) => `Absence record ${p(x, 'absenceId')} was not found.`,
  },
  TRIAL_NOT_FOUND: {
    status: 404,
    id: (x) => `Uji coba ${p(x, 'trialId')} tidak ditemukan.`,
    en: (x) => `Trial ${p(x, 'trialId')} was not found.`,
  },
  SHIFT_NOT_FOUND: {
    status: 404,
    id: (x) => `Sif ${p(x, 'shiftId')} tidak ditemukan di unit ini.`,
    en: (x) => `Shift ${p(x, 'shiftId')} was not found in this unit.`,
  },
  EMPLOYEE_NOT_IN_UNIT: {
    status: 422,
    id: (x) => `Pegawai ${p(x, 'nip')} bukan anggota unit ${p(x, 'unitId')}, jadi tidak bisa masuk jadwal dinasnya.`,
    en: (x) => `Employee ${p(x, 'nip')} is not in unit ${p(x, 'unitId')}, so they cannot be on its roster.`,
  },
  SCHEDULE_NOT_FOUND: {
    status: 404,
    id: (x) => `Jadwal kerja ${p(x, 'scheduleId')} tidak ditemukan.`,
    en: (x) => `Work schedule ${p(x, 'scheduleId')} was not found.`,
  },
  CALENDAR_DAY_NOT_FOUND: {
    status: 404,
    id: (x) => `Tanggal ${p(x, 'date')} tidak ada dalam kalender libur.`,
    en: (x) => `Date ${p(x, 'date')} is not in the holiday calendar.`,
  },
  // 409
  TENANT_ALREADY_REGISTERED: {
    status: 409,
    id: (x) => `Pemerintah daerah ${p(x, 'tenantId')} sudah terdaftar.`,
    en: (x) => `Tenant ${p(x, 'tenantId')} is already registered.`,
  },
  UNIT_ALREADY_REGISTERED: {
    status: 409,
    id: (x) => `Unit ${p(x, 'unitId')} sudah terdaftar.`,
    en: (x) => `Unit ${p(x, 'unitId')} is already registered.`,
  },
  NIP_TAKEN: {
    status: 409,
    id: (x) => `NIP ${p(x, 'nip')} sudah terdaftar.`,
    en: (x) => `NIP ${p(x, 'nip')} is already registered.`,
  },
  ALREADY_CHECKED_IN: {
    status: 409,
    id: (x) => `Anda sudah presensi masuk pada ${p(x, 'date')} pukul ${p(x, 'time')}.`,
    en: (x) => `You already checked in on ${p(x, 'date')} at ${p(x, 'time')}.`,
  },
  NOT_CHECKED_IN: {
    status: 409,
    id: (x) => `Belum ada presensi masuk pada ${p(x, 'date')}; lakukan presensi masuk lebih dulu.`,
    en: (x) => `There is no check-in on ${p(x, 'date')}; check in first.`,
  },
  ALREADY_CHECKED_OUT: {
    status: 409,
    id: (x) => `Presensi pulang pada ${p(x, 'date')} sudah tercatat pukul ${p(x, 'time')}; presensi pulang yang lebih awal tidak menggantikannya.`,
    en: (x) => `A check-out on ${p(x, 'date')} is already recorded at ${p(x, 'time')}; an earlier check-out does not replace it.`,
  },
  CHECK_OUT_BEFORE_CHECK_IN: {
    status: 409,
    id: (x) => `Waktu presensi pulang tidak boleh sebelum presensi masuk (${p(x, 'time')}).`,
    en: (x) => `A check-out cannot be earlier than the check-in (${p(x, 'time')}).`,
  },
  WFA_ALREADY_ASSIGNED: {
    status: 409,
    id: (x) => `Tanggal ${p(x, 'date')} sudah ditetapkan sebagai hari WFA.`,
    en: (x) => `${p(x, 'date')} is already assigned as a WFA day.`,
  },
  WFA_NOT_ASSIGNED_ON_DATE: {
    status: 409,
    id: (x) => `Tanggal ${p(x, 'date')} bukan hari WFA pegawai ini, jadi tidak ada yang dicabut.`,
    en: (x) => `${p(x, 'date')} is not a WFA day of this employee, so there is nothing to revoke.`,
  },
  ABSENCE_OVERLAPS: {
    status: 409,
    id: (x) => `Ketidakhadiran ini bertumpang tindih dengan ${p(x, 'absenceId')} (${p(x, 'from')} s.d. ${p(x, 'to')}).`,
    en: (x) => `This absence overlaps ${p(x, 'absenceId')} (${p(x, 'from')} to ${p(x, 'to')}).`,
  },
  ABSENCE_ALREADY_CANCELLED: {
    status: 409,
    id: (x) => `Ketidakhadiran ${p(x, 'absenceId')} sudah dibatalkan.`,
    en: (x) => `Absence ${p(x, 'absenceId')} is already cancelled.`,
  },
  ACTIVITY_ALREADY_EXISTS: {
    status: 409,
    id: (x) => `Kegiatan ${p(x, 'activityId')} sudah ada.`,
    en: (x) => `Activity ${p(x, 'activityId')} already exists.`,
  },
  ACTIVITY_NOT_EDITABLE: {
    status: 409,
    id: (x) => `Kegiatan ${p(x, 'activityId')} berstatus ${p(x, 'status')} dan tidak bisa diubah lagi.`,
    en: (x) => `Activity ${p(x, 'activityId')} is ${p(x, 'status')} and can no longer be changed.`,
  },
  ACTIVITY_ALREADY_REVIEWED: {
    status: 409,
    id: (x) => `Kegiatan ${p(x, 'activityId')} sudah dinilai (${p(x, 'status')}).`,
    en: (x) => `Activity ${p(x, 'activityId')} has already been reviewed (${p(x, 'status')}).`,
  },
  WORKDAY_ALREADY_CLOSED: {
    status: 409,
    id: (x) => `Hari kerja ${p(x, 'date')} sudah ditutup.`,
    en: (x) => `Workday ${p(x, 'date')} is already closed.`,
  },
  EMPLOYEE_ALREADY_IN_UNIT: {
    status: 409,
    id: (x) => `Pegawai sudah berada di unit ${p(x, 'unitId')}.`,
    en: (x) => `The employee is already in unit ${p(x, 'unitId')}.`,
  },
  CONCURRENT_CHANGE: {
    status: 409,
    id: () => 'Data sedang diubah oleh permintaan lain. Coba kirim ulang.',
    en: () => 'The record is being changed by another request. Try sending it again.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    id: () => 'Idempotency-Key ini sudah dipakai untuk permintaan lain; gunakan kunci baru untuk permintaan baru.',
    en: () => 'This Idempotency-Key was used for a different request; use a new key for a new request.',
  },
  // 422
  OUTSIDE_GEOFENCE: {
    status: 422,
    id: (x) => `Lokasi Anda ${p(x, 'distance')} m dari kantor terdekat, di luar radius ${p(x, 'radius')} m. Presensi WFO harus di kantor.`,
    en: (x) => `You are ${p(x, 'distance')} m from the nearest office, outside its ${p(x, 'radius')} m radius. WFO check-in must be at the office.`,
  },
  UNIT_HAS_NO_GEOFENCE: {
    status: 422,
    id: (x) => `Unit ${p(x, 'unitId')} belum memiliki titik lokasi kantor; hubungi admin kepegawaian.`,
    en: (x) => `Unit ${p(x, 'unitId')} has no office location yet; contact the HR administrator.`,
  },
  LOCATION_REQUIRED: {
    status: 422,
    id: () => 'Lokasi wajib dikirim untuk presensi dari ponsel atau web.',
    en: () => 'A location is required for check-ins from mobile or web.',
  },
  WFA_NOT_ASSIGNED: {
    status: 422,
    id: (x) => `Tanggal ${p(x, 'date')} bukan hari WFA Anda; presensi WFA hanya pada hari yang ditetapkan.`,
    en: (x) => `${p(x, 'date')} is not one of your WFA days; WFA check-in is only allowed on assigned days.`,
  },
  OUTSIDE_DOMICILE_RADIUS: {
    status: 422,
    id: (x) => `Lokasi WFA Anda ${p(x, 'distance')} m dari domisili, melebihi batas ${p(x, 'radius')} m.`,
    en: (x) => `Your WFA location is ${p(x, 'distance')} m from your domicile, beyond the ${p(x, 'radius')} m limit.`,
  },
  DOMICILE_MISSING: {
    status: 422,
    id: () => 'Alamat domisili Anda belum tercatat, padahal WFA dibatasi radius domisili; hubungi admin kepegawaian.',
    en: () => 'Your domicile is not recorded, but WFA is limited to a radius around it; contact the HR administrator.',
  },
  WFA_LIMIT_EXCEEDED: {
    status: 422,
    id: (x) => `Pekan ${p(x, 'week')} sudah memiliki ${p(x, 'count')} hari WFA; batasnya ${p(x, 'limit')} hari per pekan.`,
    en: (x) => `Week ${p(x, 'week')} already has ${p(x, 'count')} WFA days; the limit is ${p(x, 'limit')} a week.`,
  },
  WFA_ON_NON_WORKDAY: {
    status: 422,
    id: (x) => `Tanggal ${p(x, 'date')} bukan hari kerja (${p(x, 'dayType')}), jadi tidak bisa menjadi hari WFA.`,
    en: (x) => `${p(x, 'date')} is not a workday (${p(x, 'dayType')}), so it cannot be a WFA day.`,
  },
  WFA_RANGE_TOO_LONG: {
    status: 422,
    id: (x) => `Rentang penetapan WFA paling panjang ${p(x, 'maxDays')} hari.`,
    en: (x) => `A WFA assignment range may span at most ${p(x, 'maxDays')} days.`,
  },
  OFFLINE_WINDOW_EXCEEDED: {
    status: 422,
    id: (x) => `Presensi luring ini tercatat lebih dari ${p(x, 'hours')} jam lalu dan tidak bisa diterima lagi; ajukan koreksi ke admin.`,
    en: (x) => `This offline check-in was recorded more than ${p(x, 'hours')} hours ago and can no longer be accepted; ask an administrator for a correction.`,
  },
  DEVICE_TIME_IN_FUTURE: {
    status: 422,
    id: () => 'Jam perangkat Anda lebih cepat dari jam server; periksa pengaturan jam ponsel.',
    en: () => "Your device clock is ahead of the server's; check the phone's time settings.",
  },
  DATE_IN_FUTURE: {
    status: 422,
    id: (x) => `Tanggal ${p(x, 'date')} belum tiba.`,
    en: (x) => `${p(x, 'date')} has not come yet.`,
  },
  DATE_TOO_OLD: {
    status: 422,
    id: (x) => `Tanggal ${p(x, 'date')} sudah lewat lebih dari ${p(x, 'days')} hari.`,
    en: (x) => `${p(x, 'date')} is more than ${p(x, 'days')} days ago.`,
  },
  ANNUAL_LEAVE_EXCEEDED: {
    status: 422,
    id: (x) => `Cuti tahunan ${p(x, 'year')} akan menjadi ${p(x, 'days')} hari kerja, melebihi hak ${p(x, 'limit')} hari.`,
    en: (x) => `Annual leave in ${p(x, 'year')} would reach ${p(x, 'days')} workdays, beyond the ${p(x, 'limit')}-day entitlement.`,
  },
  NOT_ACTIVITY_AUTHOR: {
    status: 403,
    id: () => 'Hanya penulis kegiatan yang boleh mengubah atau menariknya.',
    en: () => 'Only the author of an activity may change or withdraw it.',
  },
  NOT_SUPERVISOR: {
    status: 403,
    id: (x) => `Hanya atasan langsung pegawai ${p(x, 'nip')} yang boleh menilai kegiatannya.`,
    en: (x) => `Only the direct supervisor of employee ${p(x, 'nip')} may review their activities.`,
  },
  SUPERVISOR_IS_SELF: {
    status: 422,
    id: () => 'Pegawai tidak bisa menjadi atasan langsung dirinya sendiri.',
    en: () => 'An employee cannot be their own direct supervisor.',
  },
  WORKDAY_NOT_OVER: {
    status: 422,
    id: (x) => `Hari kerja ${p(x, 'date')} baru bisa ditutup setelah batas laporan ${p(x, 'deadline')}.`,
    en: (x) => `Workday ${p(x, 'date')} can only be closed after the report deadline ${p(x, 'deadline')}.`,
  },
  SCHEDULE_INVALID: {
    status: 422,
    id: (x) => `Jadwal kerja tidak valid: ${p(x, 'detail')}.`,
    en: (x) => `The work schedule is invalid: ${p(x, 'detail')}.`,
  },
  // 429 and 5xx
  RATE_LIMITED: {
    status: 429,
    id: (x) => `Terlalu banyak permintaan; coba lagi dalam ${p(x, 'seconds')} detik.`,
    en: (x) => `Too many requests; try again in ${p(x, 'seconds')} seconds.`,
  },
  READ_MODEL_NOT_CAUGHT_UP: {
    status: 503,
    id: (x) => `Data belum mencapai posisi ${p(x, 'position')}; coba lagi sebentar lagi.`,
    en: (x) => `The data has not reached position ${p(x, 'position')} yet; try again shortly.`,
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    id: () => 'Layanan sementara tidak tersedia; coba lagi sebentar lagi.',
    en: () => 'The service is temporarily unavailable; try again shortly.',
  },
  SERVICE_NOT_READY: {
    status: 503,
    id: () => 'Basis data tidak menjawab; coba lagi sebentar lagi.',
    en: () => 'The database is not answering; try again shortly.',
  },
  INTERNAL_ERROR: {
    status: 500,
    id: (x) => `Terjadi kesalahan pada server. Sebutkan kode ${p(x, 'requestId')} saat melapor.`,
    en: (x) => `The server failed. Quote ${p(x, 'requestId')} when reporting it.`,
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export type Language = 'id' | 'en';

export function errorMessage(code: ErrorCode, language: Language, params: Params = {}): string {
  return ERROR_CATALOGUE[code][language](params);
}

function nipProblemId(problem: string): string {
  switch (problem) {
    case 'NOT_18_DIGITS':
      return 'harus tepat 18 angka';
    case 'INVALID_BIRTH_DATE':
      return '8 angka pertama bukan tanggal lahir yang valid';
    case 'INVALID_APPOINTMENT_MONTH':
      return 'angka ke-9 sampai ke-14 bukan tahun dan bulan pengangkatan yang valid';
    case 'INVALID_SEX_DIGIT':
      return 'angka ke-15 (jenis kelamin) harus 1 atau 2';
    case 'ZERO_SERIAL':
      return 'nomor urut (3 angka terakhir) tidak boleh 000';
    default:
      return problem;
  }
}

function nipProblemEn(problem: string): string {
  switch (problem) {
    case 'NOT_18_DIGITS':
      return 'it must be exactly 18 digits';
    case 'INVALID_BIRTH_DATE':
      return 'the first 8 digits are not a valid birth date';
    case 'INVALID_APPOINTMENT_MONTH':
      return 'digits 9 to 14 are not a valid appointment year and month';
    case 'INVALID_SEX_DIGIT':
      return 'digit 15 (sex) must be 1 or 2';
    case 'ZERO_SERIAL':
      return 'the serial (last 3 digits) must not be 000';
    default:
      return problem;
  }
}
