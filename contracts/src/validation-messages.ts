/**
 * Indonesian text of the custom validation messages written in English in the
 * schemas. Messages of zod's own checks are translated by zod's `id` locale.
 */
export const INDONESIAN_VALIDATION_MESSAGES: Readonly<Record<string, string>> = {
  'expected letters, digits and . _ : -': 'hanya boleh huruf, angka, dan . _ : -',
  'fingerprint terminals record WFO attendance only': 'mesin sidik jari hanya mencatat presensi WFO',
  'give a reason of at least 10 characters': 'alasan minimal 10 karakter',
  'a correction must change checkInAt, checkOutAt or mode': 'koreksi harus mengubah checkInAt, checkOutAt, atau mode',
  'give exactly one of nip and unitId': 'isi salah satu saja: nip atau unitId',
  'from must not be after to': 'tanggal from tidak boleh sesudah tanggal to',
  'expected an NIP of exactly 18 digits': 'NIP harus tepat 18 angka',
  'expected a time as HH:MM (00:00 to 23:59)': 'jam harus berformat HH:MM (00:00 sampai 23:59)',
  'expected lower-case letters, digits and hyphens, starting with a letter or digit':
    'hanya huruf kecil, angka, dan tanda hubung, diawali huruf atau angka',
  'control characters are not allowed': 'karakter kontrol tidak diperbolehkan',
  'expected a date as YYYY-MM-DD': 'tanggal harus berformat YYYY-MM-DD',
  'no such calendar date': 'tanggal tersebut tidak ada di kalender',
  'a day must end after it starts': 'jam pulang harus sesudah jam masuk',
  'effectiveTo must not be before effectiveFrom': 'effectiveTo tidak boleh sebelum effectiveFrom',
  'expected an IANA time zone such as Asia/Makassar': 'zona waktu harus nama IANA, misalnya Asia/Makassar',
  'expected a log position token such as 812-10240': 'posisi log harus seperti 812-10240',
  'expected a month as YYYY-MM': 'bulan harus berformat YYYY-MM',
  'the trial must end after it starts': 'uji coba harus berakhir sesudah dimulai',
  'the baseline must end before the trial starts': 'periode dasar (baseline) harus berakhir sebelum uji coba dimulai',
  'a unit cannot both participate and compare': 'satu unit tidak boleh sekaligus peserta dan pembanding',
  'give date, or from and to': 'isi date, atau from dan to',
  'at most 400 days per query': 'paling banyak 400 hari per permintaan',
  'expected 1 to 200 visible ASCII characters': 'harus 1 sampai 200 karakter ASCII yang terlihat',
};
