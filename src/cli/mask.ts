/**
 * Enough of a credential to tell two apart, never enough to use: the first 6 and last 4
 * characters of anything longer than 24, nothing of shorter values.
 */
export function mask(value: string): string {
  if (value.length <= 24) return `*** (${value.length} chars)`;
  return `${value.slice(0, 6)}…${value.slice(-4)}`;
}
