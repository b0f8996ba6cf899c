/**
 * Where Lambda looks for external extensions: every entry directly in /opt/extensions that is not a
 * folder, in name order; nothing below it and nothing in the function package (/var/task) is started
 * (docs/doctor-extensions.md#discovery).
 */
export const EXTENSIONS_DIR = '/opt/extensions';

/** A path Lambda would start as an extension if it is not a folder. */
export const isExtensionFile = (path: string): boolean =>
  path.startsWith(`${EXTENSIONS_DIR}/`) && !path.slice(EXTENSIONS_DIR.length + 1).includes('/');
