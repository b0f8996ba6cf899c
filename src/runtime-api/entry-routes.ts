import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ExtensionRegistry } from './extension-registry.js';
import { headerValue } from './http-io.js';
import type { OutputMarkerQueue } from './output-marker-queue.js';

/**
 * lsim-private routes that lsim-entry (images/common/lsim-entry) calls on the same link as the
 * runtime, never the function: which extension files it started, the long-poll that holds the
 * runtime's start until every one of them has registered, and each one's exit. Lambda has no such
 * paths; they sit outside its API versions, so no Lambda client asks for them (docs/extensions.md#how-lsim-starts-extensions).
 */

export const ENTRY_PATHS = {
  launched: '/lsim-entry/extensions/launched',
  registered: '/lsim-entry/extensions/registered',
  exited: '/lsim-entry/extensions/exited',
  /** The stream of output markers (output-marker-queue.ts). */
  outputMarkers: '/lsim-entry/output-markers',
} as const;

/** Header names lsim-entry sends; names are joined with `/`, which no file name holds. */
export const ENTRY_HEADERS = {
  launched: 'Lsim-Extensions',
  /** `name:ErrorType` pairs, joined with `/`. */
  launchErrors: 'Lsim-Launch-Errors',
  name: 'Lsim-Extension-Name',
  status: 'Lsim-Exit-Status',
  /** On `exited` instead of a status: the file could not be executed, execve(2) failed with this errno. */
  execErrno: 'Lsim-Exec-Errno',
} as const;

/** Header bytes arrive as latin1 strings in Node; file names are UTF-8. */
const utf8Header = (req: IncomingMessage, name: string): string => Buffer.from(headerValue(req, name) ?? '', 'latin1').toString('utf8');
const list = (value: string): string[] => value.split('/').filter((item) => item !== '');

function sendText(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function handleLaunched(req: IncomingMessage, res: ServerResponse, registry: ExtensionRegistry): void {
  req.resume();
  const failures = list(utf8Header(req, ENTRY_HEADERS.launchErrors)).map((pair) => {
    const at = pair.lastIndexOf(':');
    return { name: pair.slice(0, at), errorType: pair.slice(at + 1) };
  });
  registry.launched(list(utf8Header(req, ENTRY_HEADERS.launched)), failures);
  sendText(res, 'ok');
}

/** Answers `start` once every launched extension has registered; a failed init never answers (the container is killed). */
export function handleRegistered(req: IncomingMessage, res: ServerResponse, registry: ExtensionRegistry): void {
  req.resume();
  void registry.allRegistered.then(() => {
    if (!res.destroyed) sendText(res, 'start');
  });
}

export function handleExited(req: IncomingMessage, res: ServerResponse, registry: ExtensionRegistry): void {
  req.resume();
  const name = utf8Header(req, ENTRY_HEADERS.name);
  const errno = Number(headerValue(req, ENTRY_HEADERS.execErrno) ?? Number.NaN);
  const status = Number(headerValue(req, ENTRY_HEADERS.status));
  if (Number.isInteger(errno) && errno > 0) registry.launchFailed(name, errno);
  else registry.exited(name, Number.isInteger(status) ? status : 255);
  sendText(res, 'ok');
}

/** The protocol name lsim-entry upgrades its output-markers connection to (RFC 9110 section 7.8). */
export const OUTPUT_MARKERS_PROTOCOL = 'lsim-output-markers';

/**
 * The output markers as one raw stream, both ways, for as long as the connection stays: lsim sends a
 * marker a line, lsim-entry sends each line back once it has written it on stdout and stderr. The
 * connection is upgraded out of HTTP (`Upgrade: lsim-output-markers`, answered 101) so that neither side
 * needs framing a shell cannot read or write, and so that no request time-out cuts a body that lasts as
 * long as the environment.
 */
export function handleOutputMarkers(socket: Duplex, head: Buffer, markers: OutputMarkerQueue): void {
  // Node's server sockets refuse setEncoding; the decoder keeps a character cut between chunks whole.
  const decoder = new StringDecoder('utf8');
  let partial = '';
  const confirm = (bytes: Buffer): void => {
    const lines = (partial + decoder.write(bytes)).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) markers.confirm(line);
  };
  socket.on('data', confirm);
  // The HTTP server paused the socket when it handed it over.
  socket.resume();
  // A peer that goes away mid-write is the end of the stream, not an error of the server.
  socket.on('error', () => socket.destroy());
  if (head.length > 0) confirm(head);
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: ${OUTPUT_MARKERS_PROTOCOL}\r\n\r\n`);
  const stop = markers.follow((text) => socket.write(`${text}\n`));
  socket.on('close', stop);
}
