import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { LsimError } from '../../common/errors.js';
import { bucketPath, objectPath } from '../../registry/s3-objects.js';
import type { CommandDefinition } from '../command-definition.js';

/**
 * `aws s3api put-object --bucket B --key K --body FILE` for lsim's stand-in S3: places the file where
 * `S3Bucket=B,S3Key=K` reads it (LSIM_HOME/s3/B/<encoded K>, docs/s3-objects.md), creating the bucket.
 */
export const putObject: CommandDefinition = {
  name: 'put-object',
  describe:
    "Stores a file as an object of lsim's local S3 (LSIM_HOME/s3), as `aws s3api put-object` does, so that " +
    '`--content S3Bucket=B,S3Key=K` and `--code S3Bucket=B,S3Key=K` find it. Creates the bucket if needed.',
  operation: 'PutObject',
  example: {
    command: 'lsim put-object --bucket my-bucket --key layers/layer.zip --body layer.zip',
    description: 'To store layer.zip as the object layers/layer.zip of my-bucket',
  },
  options: {
    bucket: { kind: 'string', describe: 'The bucket name (S3 bucket naming rules).', required: true },
    key: { kind: 'string', describe: 'The object key: any string of 1 to 1024 characters, taken literally.', required: true },
    body: { kind: 'string', describe: 'The file to store.', required: true },
  },
  handler(args, ctx) {
    const bucket = args.required('bucket');
    const key = args.required('key');
    const body = resolve(ctx.cwd, args.required('body'));
    if (Buffer.byteLength(key) < 1 || Buffer.byteLength(key) > 1024) {
      throw new LsimError('ParamValidation', `Invalid length for parameter Key, value: ${key.length}, valid min length: 1, max: 1024`);
    }
    let target: string;
    try {
      bucketPath(ctx.config.home, bucket);
      target = objectPath(ctx.config.home, bucket, key);
    } catch {
      throw new LsimError('ParamValidation', `Invalid bucket name "${bucket}": see S3's bucket naming rules.`);
    }
    if (!statSync(body, { throwIfNoEntry: false })?.isFile()) throw new LsimError('ParamValidation', `--body: no such file: ${body}`);
    mkdirSync(dirname(target), { recursive: true });
    // Beside the buckets, not in one: no bucket name starts with a dot, and the encoded name may be 255 bytes already.
    const temp = join(ctx.config.home, 's3', `.put-${process.pid}-${randomBytes(6).toString('hex')}`);
    copyFileSync(body, temp);
    renameSync(temp, target);
    return Promise.resolve({ ETag: `"${createHash('md5').update(readFileSync(target)).digest('hex')}"` });
  },
};
