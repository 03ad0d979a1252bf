import { IANAZone, Zone, type ZoneOffsetFormat, type ZoneOffsetOptions } from 'luxon';

/** Length of the slices of time over which a zone's offset is remembered: 15 minutes. */
const SLICE_MS = 15 * 60 * 1000;
/** Slices remembered per zone before the memo is emptied. */
const SLICE_LIMIT = 100_000;

/**
 * An IANA zone that remembers its UTC offset per 15-minute slice of time. luxon queries
 * Intl for the offset of every instant it converts, which took a quarter of the CPU
 * time of a projection rebuild. A slice whose first and last millisecond share an
 * offset is taken to have it throughout. A slice that contains a change is queried
 * for each instant. Only two changes less than 15 minutes apart would fool this.
 */
class RememberingZone extends Zone {
  private readonly offsets = new Map<number, number>();

  constructor(private readonly inner: IANAZone) {
    super();
  }

  override get type(): string {
    return 'iana';
  }

  override get name(): string {
    return this.inner.name;
  }

  override get isUniversal(): boolean {
    return false;
  }

  override get isValid(): boolean {
    return this.inner.isValid;
  }

  override offsetName(ts: number, options: ZoneOffsetOptions): string | null {
    return this.inner.offsetName(ts, options);
  }

  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    return this.inner.formatOffset(ts, format);
  }

  override offset(ts: number): number {
    const slice = Math.floor(ts / SLICE_MS);
    const remembered = this.offsets.get(slice);
    if (remembered !== undefined) {
      return remembered;
    }
    const first = this.inner.offset(slice * SLICE_MS);
    if (first !== this.inner.offset(slice * SLICE_MS + SLICE_MS - 1)) {
      return this.inner.offset(ts);
    }
    if (this.offsets.size >= SLICE_LIMIT) {
      this.offsets.clear();
    }
    this.offsets.set(slice, first);
    return first;
  }

  override equals(other: Zone): boolean {
    return other.type === 'iana' && other.name === this.name;
  }
}

const zones = new Map<string, Zone | string>();

/**
 * Returns the luxon zone to use for an IANA time zone name. An invalid name is
 * returned as it is, so luxon reports it as invalid exactly as before.
 */
export function zoneOf(timeZone: string): Zone | string {
  let zone = zones.get(timeZone);
  if (zone === undefined) {
    const inner = IANAZone.create(timeZone);
    zone = inner.isValid ? new RememberingZone(inner) : timeZone;
    zones.set(timeZone, zone);
  }
  return zone;
}
