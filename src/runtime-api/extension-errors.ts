import type { RuntimeApiErrorBody } from './error-bodies.js';
import { MAX_EXTENSIONS } from './extension-types.js';

/** The 403 bodies RAPID answers an extension's misuse with, verbatim (docs/extensions.md#refusals). */

const body = (errorType: string, errorMessage: string): RuntimeApiErrorBody => ({ errorType, errorMessage });

export const EXTENSION_REFUSALS = {
  emptyName: body('Extension.InvalidExtensionName', 'Empty extension name'),
  configurationKeys: body('InvalidRequestFormat', 'configurationKeys are deprecated; use environment variables instead'),
  shutdownForInternal: body('Extension.InvalidEventType', 'SHUTDOWN: ShutdownEventNotSupportedForInternalExtension'),
  nameTaken: body('Extension.InvalidExtensionState', 'Extension with this name already registered'),
  registrationClosed: body('Extension.RegistrationClosed', 'Extension registration closed already'),
  tooMany: body('Extension.TooManyExtensions', `Extension limit (${MAX_EXTENSIONS}) reached`),
  missingIdentifier: body('Extension.MissingExtensionIdentifier', 'Missing Lambda-Extension-Identifier header'),
  invalidIdentifier: body('Extension.InvalidExtensionIdentifier', 'Invalid Lambda-Extension-Identifier'),
  unknownIdentifierOnError: body('Extension.UnknownExtensionIdentifier', 'Unknown Lambda-Extension-Identifier'),
  missingErrorType: body('Extension.MissingHeader', 'Lambda-Extension-Function-Error-Type not found'),
} as const;

export const invalidRequestFormat = (message: string): RuntimeApiErrorBody => body('InvalidRequestFormat', message);

export const invalidEventType = (event: string): RuntimeApiErrorBody =>
  body('Extension.InvalidEventType', `${event}: ErrorInvalidEventType`);

export const unknownExtension = (id: string): RuntimeApiErrorBody =>
  body('Extension.UnknownExtensionIdentifier', `Unknown extension ${id}`);

/** `who` is the name on a re-register and the identifier on a /next, as RAPID words each. */
export const invalidExtensionState = (from: string, to: string, who: string): RuntimeApiErrorBody =>
  body(
    'Extension.InvalidExtensionState',
    `State transition from ${from} to ${to} failed for extension ${who}. Error: State transition is not allowed`,
  );
