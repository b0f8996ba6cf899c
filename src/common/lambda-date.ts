/** Lambda's timestamp string: `2018-11-14T23:03:52.894+0000` (3-digit ms, literal +0000). */
export function lambdaDate(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}
