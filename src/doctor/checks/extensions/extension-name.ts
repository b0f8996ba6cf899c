/**
 * The names a script registers under when it writes them out: `Lambda-Extension-Name: my-ext` inside
 * a string (curl -H, raw HTTP) or `"Lambda-Extension-Name": "my-ext"` as a header key and value (Python,
 * Node.js, Ruby, Go). Names computed at run time (`$(basename $0)`, `os.path.basename(__file__)`) are
 * not literals and are not reported; they are what the name rule asks for.
 */
const IN_STRING = /Lambda-Extension-Name:[ \t]*([A-Za-z0-9][\w.-]*)(?=["'`\s\\]|$)/gi;
const KEY_VALUE = /Lambda-Extension-Name["'`]\s*(?:=>|[:,=])\s*["'`]([^"'`$\s{}()]+)["'`]/gi;

export function literalExtensionNames(source: string): string[] {
  const names = [...source.matchAll(IN_STRING), ...source.matchAll(KEY_VALUE)].flatMap((match) =>
    match[1] === undefined ? [] : [match[1]],
  );
  return [...new Set(names)];
}
