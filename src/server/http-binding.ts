import type { IncomingHttpHeaders } from 'node:http';
import type { StructureShape } from '../registry/shapes/shape.js';
import type { RouteMatch } from './routes.js';

/**
 * An operation's raw input as the REST-JSON binding spreads it: body members, then the members its
 * shape binds to the path, the query string or a header, read from there (never from the body).
 * The values stay text; the decoder (`{ http: true }`) parses the numbers among them.
 */
export function bindHttp(
  shape: StructureShape,
  match: RouteMatch,
  headers: IncomingHttpHeaders,
  body: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const input: Record<string, unknown> = { ...body };
  for (const [name, member] of Object.entries(shape.members)) {
    if (member.location === undefined) continue;
    const key = member.locationName ?? name;
    delete input[name];
    const value =
      member.location === 'uri'
        ? match.params[key]
        : member.location === 'querystring'
          ? match.query.get(key)
          : headerValue(headers[key.toLowerCase()]);
    if (value !== undefined && value !== null) input[name] = value;
  }
  return input;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
