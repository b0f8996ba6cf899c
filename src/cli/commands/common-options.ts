import { LsimError } from '../../common/errors.js';
import type { CodeSource } from '../../registry/api-types.js';
import type { ArgReader } from '../arg-reader.js';
import type { OptionSpec } from '../command-definition.js';
import { paramValidationFailed } from '../params/param-error.js';

/** Options several commands share, with the aws CLI's names and help wording. */
export const LAYER_NAME: OptionSpec = { kind: 'string', required: true, describe: 'The name or Amazon Resource Name (ARN) of the layer.' };
export const VERSION_NUMBER: OptionSpec = { kind: 'long', required: true, describe: 'The version number.' };
export const FUNCTION_NAME: OptionSpec = {
  kind: 'string',
  required: true,
  describe: 'The name or ARN of the Lambda function (my-function, or arn:aws:lambda:us-west-2:123456789012:function:my-function).',
};
export const QUALIFIER: OptionSpec = {
  kind: 'string',
  describe: 'Specify a version or alias of the function ($LATEST, a version number, or an alias name).',
};
/** Read by config.ts (through main.ts) as `preferAwsImages`, like LSIM_PREFER_AWS_IMAGES=1. */
export const PREFER_AWS_IMAGES: OptionSpec = {
  kind: 'boolean',
  describe:
    "Run every runtime id on AWS's base image (public.ecr.aws/lambda/<family>:<version>, or LSIM_AWS_IMAGE_REGISTRY's), " +
    "pulled when missing, instead of lsim's own; --image and LSIM_IMAGE_<FAMILY> still win.",
};
export const REVISION_ID: OptionSpec = {
  kind: 'string',
  describe: 'Only update if the revision ID matches the ID that is specified.',
};
export const ZIP_FILE: OptionSpec = {
  kind: 'blob',
  describe: 'The path to the zip file of the code you are uploading, with the fileb:// prefix (fileb://code.zip).',
};
/** The aws CLI's boolean pair for `Publish`; the model's default (false) is sent as nothing. */
export const PUBLISH_OPTIONS: Readonly<Record<'publish' | 'no-publish', OptionSpec>> = {
  publish: { kind: 'boolean', describe: 'Publish a version of the function and answer with its number in Version.' },
  'no-publish': { kind: 'boolean', describe: 'Do not publish a version (the default).' },
};

export function readPublish(args: ArgReader): boolean | undefined {
  if (args.flag('publish')) return true;
  return args.flag('no-publish') ? false : undefined;
}

export const COMPATIBLE_RUNTIME: OptionSpec = { kind: 'string', describe: 'A runtime identifier. For example, python3.12.' };
export const COMPATIBLE_ARCHITECTURE: OptionSpec = {
  kind: 'string',
  describe: 'The compatible instruction set architecture (x86_64 or arm64).',
};

/**
 * `--content`/`--code` (S3 location, shorthand or JSON) merged with `--zip-file`, as the aws CLI's
 * ZipFileArgumentHoister does: the structure is optional on the command line, required in the request.
 */
export function readCodeSource(args: ArgReader, option: string, member: 'Code' | 'Content'): CodeSource {
  const structure = args.structure<CodeSource>(option);
  if (structure?.ZipFile !== undefined) {
    throw new LsimError(
      'ParamValidation',
      `ZipFile cannot be provided as part of the --${option} argument.  Please use the '--zip-file' option instead to specify a zip file.`,
    );
  }
  const zip = args.zipFile('zip-file');
  if (structure === undefined && zip === undefined) {
    throw paramValidationFailed([`Missing required parameter in input: "${member}"`]);
  }
  return { ...structure, ...zip };
}
