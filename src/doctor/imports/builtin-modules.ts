/**
 * Modules the runtime itself provides, which the doctor does not look for in /var/task or /opt.
 * Short lists of what handlers commonly import, not the full standard libraries: an unlisted
 * stdlib module shows as "not found in the code or layers", with the searched places.
 */
import { builtinModules } from 'node:module';

const NODE_BUILTINS = new Set(builtinModules);

/** Node's core modules, and the AWS SDK v3 that nodejs18.x and later ship in /var/runtime. */
export function isNodeBuiltin(name: string): boolean {
  return name.startsWith('node:') || NODE_BUILTINS.has(name) || name.startsWith('@aws-sdk/') || name.startsWith('@smithy/');
}

const PYTHON_STDLIB = new Set(
  (
    'abc argparse array ast asyncio base64 binascii bisect builtins bz2 calendar cmath collections concurrent ' +
    'configparser contextlib contextvars copy csv ctypes dataclasses datetime decimal difflib dis email encodings ' +
    'enum errno fnmatch fractions functools gc getpass gettext glob gzip hashlib heapq hmac html http importlib ' +
    'inspect io ipaddress itertools json keyword locale logging lzma math mimetypes multiprocessing numbers operator ' +
    'os pathlib pickle platform pprint queue random re secrets select shlex shutil signal socket sqlite3 ssl stat ' +
    'statistics string struct subprocess sys tempfile textwrap threading time timeit traceback types typing ' +
    'unicodedata unittest urllib uuid warnings weakref xml zipfile zlib zoneinfo __future__ ' +
    // Shipped with the Python runtimes themselves.
    'boto3 botocore s3transfer jmespath dateutil awslambdaric urllib3 six'
  ).split(' '),
);

export function isPythonBuiltin(name: string): boolean {
  return PYTHON_STDLIB.has(name.split('.')[0] ?? name);
}

const RUBY_STDLIB = new Set(
  (
    'json set time date net/http net/https uri logger securerandom base64 digest openssl yaml psych csv ' +
    'fileutils pathname tempfile stringio erb ostruct open3 socket timeout benchmark pp bigdecimal zlib English ' +
    'forwardable singleton observer optparse shellwords tmpdir etc objspace monitor'
  ).split(' '),
);

/** Ruby's standard library, and the AWS SDK gems the ruby runtimes bundle. */
export function isRubyBuiltin(name: string): boolean {
  return RUBY_STDLIB.has(name) || name.startsWith('aws-sdk') || name === 'aws-partitions' || name === 'aws-sigv4';
}
