// lsim's copy of the AWS SDK for JavaScript v3 in /var/runtime/node_modules is a subset of Lambda's,
// which has every client (docs/runtimes.md#bundled-sdks). When a function fails to load because an
// @aws-sdk package is missing that Lambda would have had, the error says so instead of a bare
// "Cannot find module": Lambda would have loaded it, so lsim must not pass this off as the user's bug.
import fs from 'node:fs';

const RUNTIME_MODULES = '/var/runtime/node_modules';
const SDK_PACKAGE = /['"](@aws-sdk\/[a-z0-9-]+)/;

export function withBundledSdkNote(err) {
  if (!err || (err.code !== 'MODULE_NOT_FOUND' && err.code !== 'ERR_MODULE_NOT_FOUND')) return err;
  const name = SDK_PACKAGE.exec(String(err.message))?.[1];
  if (!name || fs.existsSync(`${RUNTIME_MODULES}/${name}`)) return err;
  try {
    err.message +=
      `\nlsim: ${name} is part of the AWS SDK that Lambda's Node.js runtimes include, but not of the subset lsim bundles ` +
      `(${RUNTIME_MODULES}, docs/runtimes.md#bundled-sdks). In Lambda this import would work; in lsim, ship ${name} ` +
      'in the function package or a layer (nodejs/node_modules).';
  } catch {
    // A frozen or exotic error object: leave it as it is.
  }
  return err;
}
