// Tests build their fixtures with the same writer lsim uses; the hostile knobs live there too.
export { makeZip, type ZipSpecEntry } from '../../src/archive/zip-writer.js';
