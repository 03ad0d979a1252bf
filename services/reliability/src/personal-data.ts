export type PersonalDataKind = 'nip' | 'name' | 'token' | 'coordinates';

export interface PersonalDataFinding {
  readonly kind: PersonalDataKind;
  /** Index of the line in the captured log. */
  readonly line: number;
  readonly excerpt: string;
}

export interface KnownPersonalData {
  /** Employee names used in the run. */
  readonly names: readonly string[];
  /** Latitudes and longitudes sent or stored during the run. */
  readonly coordinates: readonly number[];
  /** Bearer tokens used in the run. */
  readonly tokens: readonly string[];
}

// Eighteen digits not inside a longer number: the form of every NIP.
const NIP_PATTERN = /(?<!\d)\d{18}(?!\d)/;
// A JWT (base64url JSON header, payload, signature) or an Authorization value.
const TOKEN_PATTERN = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|bearer\s+[A-Za-z0-9_\-.~+/=]{10,}/i;
// Coordinate fields in structured log output.
const COORDINATE_FIELD_PATTERN = /"(latitude|longitude|lat|lng|lon)"\s*:\s*-?\d/i;

/**
 * Lists log lines that carry personal data: an 18-digit NIP, a bearer token or JWT,
 * a coordinate field or one of the known coordinate values, or an employee's name.
 */
export function findPersonalData(lines: readonly string[], known: KnownPersonalData): PersonalDataFinding[] {
  const findings: PersonalDataFinding[] = [];
  const coordinateTexts = [...new Set(known.coordinates.map((value) => String(value)))].filter((text) => text.replace(/[-.]/g, '').length >= 5);

  for (const [index, line] of lines.entries()) {
    const add = (kind: PersonalDataKind, match: string): void => {
      const at = Math.max(0, line.indexOf(match) - 60);
      findings.push({ kind, line: index, excerpt: line.slice(at, at + 200) });
    };
    const nip = NIP_PATTERN.exec(line);
    if (nip !== null) {
      add('nip', nip[0]);
    }
    const token = TOKEN_PATTERN.exec(line);
    if (token !== null) {
      add('token', token[0]);
    } else {
      const knownToken = known.tokens.find((candidate) => line.includes(candidate.slice(-43)));
      if (knownToken !== undefined) {
        add('token', knownToken.slice(-43));
      }
    }
    const field = COORDINATE_FIELD_PATTERN.exec(line);
    const value = coordinateTexts.find((text) => line.includes(text));
    if (field !== null || value !== undefined) {
      add('coordinates', field?.[0] ?? value ?? '');
    }
    const name = known.names.find((candidate) => line.includes(candidate));
    if (name !== undefined) {
      add('name', name);
    }
  }
  return findings;
}
