/**
 * The export time zone of a game: an IANA name (Asia/Taipei) or null for the server's. The picker offers this
 * computer's zone first (a class is usually run where the instructor's laptop is), then every zone the browser
 * knows. Pure: Intl only.
 */

/** Whether the browser knows this IANA time zone. */
export function isTimeZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** This computer's time zone (e.g. Asia/Taipei), or null when the browser does not say. */
export function localTimeZone(): string | null {
  const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isTimeZone(zone) ? zone : null;
}

/** Every IANA zone the browser knows, or a short list where it cannot list them. */
export function knownTimeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  try {
    const zones = intl.supportedValuesOf?.('timeZone');
    if (zones?.length) return zones;
  } catch {
    // an older browser: the short list below
  }
  return ['UTC', 'Asia/Taipei', 'Asia/Tokyo', 'Asia/Hong_Kong', 'Asia/Singapore', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles'];
}

/** The picker's zones: the current choice and this computer's zone first, then the others in order, each once. */
export function timeZoneChoices(current: string | null, local: string | null, all: readonly string[]): string[] {
  const first = [current, local].filter((z): z is string => !!z);
  return [...new Set([...first, ...[...all].sort()])];
}

/** The zone's offset from UTC at `at`, as the browser writes it ("GMT+8", "GMT-4:30"; "GMT" for UTC). */
export function zoneOffset(zone: string, at: Date = new Date()): string {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(at);
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
  } catch {
    return '';
  }
}
