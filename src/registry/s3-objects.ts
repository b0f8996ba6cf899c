import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { invalidParameter } from '../common/errors.js';
import { isDirectory, isFile } from '../common/path-probe.js';
import { S3_BUCKET_PATTERN } from './patterns.js';
import { ValidationErrors } from './validation.js';

/**
 * lsim's stand-in for S3 (docs/s3-objects.md): object `KEY` of bucket `BUCKET` is the file
 * `<home>/s3/BUCKET/<objectFileName(KEY)>`. Buckets follow S3's naming rules, so a bucket is always
 * one plain folder under `<home>/s3`; keys are literal strings (`/x.zip`, `a/../b.zip` and `..` are
 * ordinary keys) and each maps to one file name inside the bucket's folder, never to a path.
 */

/** S3's bucket naming rules (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
const S3_BUCKET_RULE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+$/;
/** Linux's NAME_MAX: longer encodings are stored under their hash. */
const MAX_FILE_NAME_BYTES = 255;
/** Bytes kept as they are in a file name; every other byte is `%XX`. */
const PLAIN_BYTE = /[A-Za-z0-9._-]/;

/** Whether S3 itself could have a bucket of this name. */
export function isS3BucketName(bucket: string): boolean {
  return S3_BUCKET_RULE.test(bucket) && !bucket.includes('..') && !IP_ADDRESS.test(bucket) && !bucket.startsWith('xn--');
}

/**
 * The file name of an object key inside its bucket's folder: the key's UTF-8 bytes with every byte
 * outside `A-Z a-z 0-9 . _ -` percent-encoded (uppercase hex, so `/` is `%2F`), a name of dots only
 * (`.`, `..`) with its dots encoded too; an encoding longer than 255 bytes becomes `#` and the
 * SHA-256 hex of the key (`#` never appears in an encoding, so the two forms cannot collide).
 */
export function objectFileName(key: string): string {
  let name = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const char = String.fromCharCode(byte);
    name += byte < 0x80 && PLAIN_BYTE.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (/^\.+$/.test(name)) name = name.replaceAll('.', '%2E');
  if (Buffer.byteLength(name) > MAX_FILE_NAME_BYTES) name = `#${createHash('sha256').update(key, 'utf8').digest('hex')}`;
  return name;
}

/** Where `<home>/s3` keeps the bucket's object `key`, whether or not it exists. */
export function objectPath(home: string, bucket: string, key: string): string {
  return join(bucketPath(home, bucket), objectFileName(key));
}

/** The folder of a bucket; throws for a name S3 refuses, so the folder is always inside `<home>/s3`. */
export function bucketPath(home: string, bucket: string): string {
  if (!isS3BucketName(bucket)) throw invalidBucket();
  return join(home, 's3', bucket);
}

/**
 * The API model's constraints on S3Bucket and S3Key (botocore's lambda service-2.json: S3Bucket
 * 3 to 63 characters of `[0-9A-Za-z\.\-_]*(?<!\.)`, S3Key 1 to 1024), worded as Lambda's
 * front end words them; `member` is where the request carries them (`content`, `code`, or none).
 */
export function validateS3Location(member: string, bucket: string | undefined, key: string | undefined, errors: ValidationErrors): void {
  const field = (name: string): string => (member === '' ? name : `${member}.${name}`);
  if (bucket !== undefined) {
    errors
      .minLength(field('s3Bucket'), bucket, 3)
      .maxLength(field('s3Bucket'), bucket, 63)
      .pattern(field('s3Bucket'), bucket, S3_BUCKET_PATTERN);
  }
  if (key !== undefined) errors.minLength(field('s3Key'), key, 1).maxLength(field('s3Key'), key, 1024);
}

/**
 * The object's file, or the error Lambda relays from S3's GetObject: NoSuchBucket, NoSuchKey (texts
 * seen in CloudFormation and Terraform reports of real AWS), InvalidBucketName for a name the model
 * allows but S3 does not (S3's own text; that Lambda relays it so is unconfirmed, docs/s3-objects.md).
 */
export function resolveS3Object(home: string, bucket: string, key: string): string {
  const bucketDir = bucketPath(home, bucket);
  if (!isDirectory(bucketDir)) {
    throw invalidParameter(
      'Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist',
    );
  }
  const path = join(bucketDir, objectFileName(key));
  if (!isFile(path)) {
    throw invalidParameter('Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.');
  }
  return path;
}

function invalidBucket(): Error {
  return invalidParameter(
    'Error occurred while GetObject. S3 Error Code: InvalidBucketName. S3 Error Message: The specified bucket is not valid.',
  );
}
