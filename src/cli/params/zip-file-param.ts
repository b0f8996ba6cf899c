import { LsimError } from '../../common/errors.js';
import { openableFile, resolveParamfile, type ParamfileContext } from './paramfile.js';

const NOT_A_ZIP_PARAM = '--zip-file must be a zip file with the fileb:// prefix.\nExample usage:  --zip-file fileb://path/to/file.zip';

/**
 * `--zip-file fileb://PATH` becomes `ZipFilePath` (absolute), so the registry streams the file
 * instead of lsim reading a 250 MB zip into memory. Anything else is what the aws CLI rejects.
 */
export function parseZipFile(cliName: string, value: string, ctx: ParamfileContext): { ZipFilePath: string } {
  if (value.startsWith('fileb://')) return { ZipFilePath: openableFile(cliName, value, 'fileb://', ctx) };
  // `file://` is read as text first, as the aws CLI does, so a missing file or a binary zip gets its message.
  if (value.startsWith('file://')) resolveParamfile(cliName, value, ctx);
  throw new LsimError('ParamValidation', NOT_A_ZIP_PARAM);
}
