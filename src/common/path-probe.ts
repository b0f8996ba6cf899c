import { statSync } from 'node:fs';

/** Whether `path` is a regular file (after symlinks); false when it is missing or cannot be read. */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Whether `path` is a directory (after symlinks); false when it is missing or cannot be read. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
