/*
 * The workspace's side of telephony, pure: whether a phone offers "Call" (an integration with
 * click-to-call and my extension on it) or only a tel: link, and a call's talk time as mm:ss.
 */

export interface MyLine {
  integration: string | null;
  extension: string | null;
}

export function canClickToCall(line: MyLine | null): boolean {
  return !!line?.integration && !!line.extension;
}

/** 75 -> "01:15"; an hour or more keeps counting minutes (3725 -> "62:05"). */
export function formatCallDuration(seconds: number): string {
  const whole = Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds) : 0;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(whole / 60))}:${pad(whole % 60)}`;
}
