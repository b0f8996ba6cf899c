import type { Entry, ZipFile } from 'yauzl';
import { couldNotUnzip } from './archive-errors.js';

/** The next entry of a zip opened with `lazyEntries`, or undefined at its end; a corrupt directory rejects as couldNotUnzip. */
export function nextEntry(zipfile: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const settle = (): void => {
      zipfile.off('entry', onEntry).off('end', onEnd).off('error', onError);
    };
    const onEntry = (entry: Entry): void => {
      settle();
      resolve(entry);
    };
    const onEnd = (): void => {
      settle();
      resolve(undefined);
    };
    const onError = (error: unknown): void => {
      settle();
      reject(couldNotUnzip(error));
    };
    zipfile.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zipfile.readEntry();
  });
}
