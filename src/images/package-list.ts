/** images/base/packages.txt: one Debian package a line; blank lines and `#` comments allowed. */
export function parsePackageList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
}
