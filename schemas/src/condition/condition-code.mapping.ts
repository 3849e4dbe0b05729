/*
 * The condition checker names its findings in kebab-case ('unknown-field'); every code the API and
 * the definition issues show is UPPER_SNAKE, and a condition's carry the CONDITION_ prefix so they
 * never clash with the definition's own (UNKNOWN_FIELD of a view column is not a condition's).
 */
export function conditionIssueCode(conditionCode: string): string {
  const upper = conditionCode.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return upper.startsWith('CONDITION_') ? upper : `CONDITION_${upper}`;
}
