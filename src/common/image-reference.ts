/**
 * The grammar of an image reference, as the distribution project defines it
 * (https://github.com/distribution/reference/blob/main/reference.go): an optional registry host (a
 * port allowed), lower-case path components, then a tag and/or a digest. A reference outside it
 * never reaches the engine, which would answer with an HTTP-level error about the request path.
 */
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`);
/** The name part may be 255 characters at most (reference.go's NameTotalLengthMax). */
const NAME_MAX = 255;

export function isImageReference(value: string): boolean {
  const name = value.split('@')[0]?.replace(/:[\w][\w.-]{0,127}$/, '') ?? '';
  return REFERENCE.test(value) && name.length <= NAME_MAX;
}
