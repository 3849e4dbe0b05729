import type { App } from '../../generated/definition.types.js';

/*
 * "Today" as the app's people mean it: the calendar date in the app's timezone (settings.timezone),
 * not the server's or the browser's. Record defaults ("$today"), report periods and start-form
 * defaults all read it here, so a form and the run it starts agree on the date.
 */

/** The calendar date at `now` in the IANA zone `timezone`, as YYYY-MM-DD (UTC when the zone is unknown). */
export function calendarDateIn(now: Date, timezone: string): string {
  try {
    // en-CA writes dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** The app's timezone (settings.timezone, Moscow when unset, as app.schema.json's default says). */
export function appTimezoneOf(app: Pick<App, 'settings'>): string {
  return app.settings?.timezone ?? 'Europe/Moscow';
}
