/**
 * Modules the runtime itself provides, which the doctor does not look for in /var/task or /opt.
 * Short lists of what handlers commonly import, not the full standard libraries: an unlisted
 * stdlib module shows as "not found in the code or layers", with the searched places.
 */
import { builtinModules } from 'node:module';
import { NODE_RUNTIME_PACKAGES, PYTHON_SDK_MODULES, RUBY_SDK_GEMS } from '../../runtimes/bundled-sdk.js';

const NODE_BUILTINS = new Set(builtinModules);

/** What lsim's images put in /var/runtime/node_modules (src/runtimes/bundled-sdk.ts): the same list. */
const NODE_RUNTIME = new Set(NODE_RUNTIME_PACKAGES);

/** Node's core modules, and the AWS SDK v3 packages lsim's nodejs images ship in /var/runtime. */
export function isNodeBuiltin(name: string): boolean {
  return name.startsWith('node:') || NODE_BUILTINS.has(name) || NODE_RUNTIME.has(name);
}

const PYTHON_STDLIB = new Set(
  (
    'abc argparse array ast asyncio base64 binascii bisect builtins bz2 calendar cmath collections concurrent ' +
    'configparser contextlib contextvars copy csv ctypes dataclasses datetime decimal difflib dis email encodings ' +
    'enum errno fnmatch fractions functools gc getpass gettext glob gzip hashlib heapq hmac html http importlib ' +
    'inspect io ipaddress itertools json keyword locale logging lzma math mimetypes multiprocessing numbers operator ' +
    'os pathlib pickle platform pprint queue random re secrets select shlex shutil signal socket sqlite3 ssl stat ' +
    'statistics string struct subprocess sys tempfile textwrap threading time timeit traceback types typing ' +
    'unicodedata unittest urllib uuid warnings weakref xml zipfile zlib zoneinfo __future__'
  ).split(' '),
);

/** boto3 and its dependencies, as lsim's python images install them (src/runtimes/bundled-sdk.ts). */
const PYTHON_RUNTIME = new Set(PYTHON_SDK_MODULES);

export function isPythonBuiltin(name: string): boolean {
  const top = name.split('.')[0] ?? name;
  return PYTHON_STDLIB.has(top) || PYTHON_RUNTIME.has(top);
}

const RUBY_STDLIB = new Set(
  (
    'json set time date net/http net/https uri logger securerandom base64 digest openssl yaml psych csv ' +
    'fileutils pathname tempfile stringio erb ostruct open3 socket timeout benchmark pp bigdecimal zlib English ' +
    'forwardable singleton observer optparse shellwords tmpdir etc objspace monitor'
  ).split(' '),
);

/** The AWS SDK gems lsim's ruby images install (src/runtimes/bundled-sdk.ts); `require` names match gem names. */
const RUBY_RUNTIME = new Set(RUBY_SDK_GEMS);

/** Ruby's standard library, and the AWS SDK gems lsim's ruby images bundle. */
export function isRubyBuiltin(name: string): boolean {
  return RUBY_STDLIB.has(name) || RUBY_RUNTIME.has(name);
}
