/*
 * A mail_outbox row's own headers (a mailing's List-Unsubscribe and List-Unsubscribe-Post), as the
 * delivery sends them and the mailbox shows them: only header names with text values and no line
 * breaks, so a stored value can never add a header of its own.
 */
export function headersOf(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && !/[\r\n]/.test(entry[1]) && /^[A-Za-z0-9-]{1,64}$/.test(entry[0])));
}
