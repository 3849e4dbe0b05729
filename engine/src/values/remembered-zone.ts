import { IANAZone, Zone, type ZoneOffsetFormat, type ZoneOffsetOptions } from 'luxon';

/*
 * An IANA time zone that remembers its offsets by the minute. Luxon asks Intl for a zone's offset
 * (DateTimeFormat.formatToParts) several times for each date it moves, and a run that gives a task a
 * due date ("P1D" in the app's zone) spent 5% of a worker's busy time there in the bench's drain.
 *
 * An offset can only change at a transition, and since 1972 every zone's offsets are whole minutes,
 * so every transition falls on a whole UTC minute: all the instants of one UTC minute share one
 * offset. Before 1980 (Monrovia's -0:44:30 lasted into 1972) nothing is remembered.
 */

const REMEMBER_FROM = Date.UTC(1980, 0, 1);
const MINUTE = 60_000;
/** Enough for the minutes a process sees at once (now, due dates, waits); emptied when full. */
const MAX_REMEMBERED = 4096;

class RememberedZone extends Zone {
  readonly #zone: IANAZone;
  readonly #offsets = new Map<number, number>();

  constructor(zone: IANAZone) {
    super();
    this.#zone = zone;
  }

  override get type(): string {
    return 'iana';
  }

  override get name(): string {
    return this.#zone.name;
  }

  /** Luxon's own zones have it (the types leave it out): DateTime#toISO names the zone by it. */
  get ianaName(): string {
    return this.#zone.name;
  }

  override get isUniversal(): boolean {
    return false;
  }

  override get isValid(): boolean {
    return this.#zone.isValid;
  }

  override offsetName(ts: number, options: ZoneOffsetOptions): string | null {
    return this.#zone.offsetName(ts, options);
  }

  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    return this.#zone.formatOffset(ts, format);
  }

  override offset(ts: number): number {
    if (!(ts >= REMEMBER_FROM)) return this.#zone.offset(ts);
    const minute = Math.floor(ts / MINUTE);
    const known = this.#offsets.get(minute);
    if (known !== undefined) return known;
    const offset = this.#zone.offset(ts);
    if (this.#offsets.size >= MAX_REMEMBERED) this.#offsets.clear();
    this.#offsets.set(minute, offset);
    return offset;
  }

  override equals(other: Zone): boolean {
    return other.type === 'iana' && other.name === this.name;
  }
}

const zones = new Map<string, RememberedZone>();

/**
 * The zone to give luxon for an IANA name (`{ zone: rememberedZone('Europe/Moscow') }`); a name
 * luxon does not know is handed back as it is, so luxon's own "invalid zone" result stays.
 */
export function rememberedZone(name: string): Zone | string {
  const known = zones.get(name);
  if (known) return known;
  if (!IANAZone.isValidZone(name)) return name;
  const zone = new RememberedZone(IANAZone.create(name));
  zones.set(name, zone);
  return zone;
}
