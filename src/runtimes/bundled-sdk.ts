/**
 * What the managed runtimes ship besides the language, one list per family, read both by the image
 * build (what gets installed) and by `lsim doctor` (what it calls "provided by the runtime"), so the two
 * never disagree. Sources, versions and where lsim differs from Lambda: docs/runtimes.md#bundled-sdks.
 */
import type { RuntimeFamily } from './runtime-catalogue.js';

/**
 * The AWS SDK for JavaScript v3 packages lsim installs in /var/runtime/node_modules of every nodejs
 * image, at these exact versions (images/nodejs/aws-sdk/package-lock.json pins them and their
 * dependencies; the build refuses a lockfile that disagrees). Lambda ships every client; lsim ships
 * this widely used subset, and the Node.js bootstrap says so when a function imports a client it lacks.
 */
export const NODE_SDK_PACKAGES: Readonly<Record<string, string>> = {
  '@aws-sdk/client-apigatewaymanagementapi': '3.1169.0',
  '@aws-sdk/client-cloudwatch': '3.1164.0',
  '@aws-sdk/client-cloudwatch-logs': '3.1169.0',
  '@aws-sdk/client-cognito-identity-provider': '3.1169.0',
  '@aws-sdk/client-dynamodb': '3.1169.0',
  '@aws-sdk/client-eventbridge': '3.1169.0',
  '@aws-sdk/client-firehose': '3.1169.0',
  '@aws-sdk/client-kinesis': '3.1143.0',
  '@aws-sdk/client-kms': '3.1164.0',
  '@aws-sdk/client-lambda': '3.1164.0',
  '@aws-sdk/client-s3': '3.1169.0',
  '@aws-sdk/client-secrets-manager': '3.1164.0',
  '@aws-sdk/client-ses': '3.1169.0',
  '@aws-sdk/client-sesv2': '3.1176.0',
  '@aws-sdk/client-sfn': '3.1164.0',
  '@aws-sdk/client-sns': '3.1169.0',
  '@aws-sdk/client-sqs': '3.1175.0',
  '@aws-sdk/client-ssm': '3.1169.0',
  '@aws-sdk/client-sts': '3.1177.0',
  '@aws-sdk/credential-providers': '3.1175.0',
  '@aws-sdk/lib-dynamodb': '3.1169.0',
  '@aws-sdk/lib-storage': '3.1169.0',
  '@aws-sdk/s3-request-presigner': '3.1169.0',
  '@aws-sdk/util-dynamodb': '3.996.9',
};

/**
 * Every package the bundled tree holds at its top level (the list above and their dependencies):
 * each resolves from /var/runtime/node_modules, as in Lambda. Checked against the lockfile by a test.
 */
export const NODE_RUNTIME_PACKAGES: readonly string[] = [
  '@aws-sdk/checksums',
  '@aws-sdk/client-apigatewaymanagementapi',
  '@aws-sdk/client-cloudwatch',
  '@aws-sdk/client-cloudwatch-logs',
  '@aws-sdk/client-cognito-identity-provider',
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/client-eventbridge',
  '@aws-sdk/client-firehose',
  '@aws-sdk/client-kinesis',
  '@aws-sdk/client-kms',
  '@aws-sdk/client-lambda',
  '@aws-sdk/client-s3',
  '@aws-sdk/client-secrets-manager',
  '@aws-sdk/client-ses',
  '@aws-sdk/client-sesv2',
  '@aws-sdk/client-sfn',
  '@aws-sdk/client-sns',
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-ssm',
  '@aws-sdk/client-sts',
  '@aws-sdk/core',
  '@aws-sdk/credential-provider-cognito-identity',
  '@aws-sdk/credential-provider-env',
  '@aws-sdk/credential-provider-http',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/credential-provider-node',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-providers',
  '@aws-sdk/dynamodb-codec',
  '@aws-sdk/endpoint-cache',
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/lib-storage',
  '@aws-sdk/middleware-endpoint-discovery',
  '@aws-sdk/middleware-sdk-s3',
  '@aws-sdk/middleware-sdk-sqs',
  '@aws-sdk/nested-clients',
  '@aws-sdk/s3-request-presigner',
  '@aws-sdk/signature-v4-multi-region',
  '@aws-sdk/token-providers',
  '@aws-sdk/types',
  '@aws-sdk/util-dynamodb',
  '@aws-sdk/xml-builder',
  '@aws/lambda-invoke-store',
  '@smithy/core',
  '@smithy/credential-provider-imds',
  '@smithy/fetch-http-handler',
  '@smithy/middleware-compression',
  '@smithy/node-http-handler',
  '@smithy/signature-v4',
  '@smithy/types',
  'base64-js',
  'bowser',
  'buffer',
  'events',
  'fflate',
  'ieee754',
  'inherits',
  'mnemonist',
  'obliterator',
  'readable-stream',
  'safe-buffer',
  'stream-browserify',
  'string_decoder',
  'tslib',
  'util-deprecate',
];

/**
 * Top-level modules of boto3 and its dependencies, from the suite's Debian packages (python3-boto3),
 * which the python image moves to Lambda's location for the runtime id (`pythonSdkDir`).
 */
export const PYTHON_SDK_MODULES: readonly string[] = ['boto3', 'botocore', 's3transfer', 'jmespath', 'dateutil', 'urllib3', 'six'];
const OPTIONAL_PYTHON_MODULES: ReadonlySet<string> = new Set(['six']);

/**
 * Build arguments of the python Dockerfile: the modules to move out of Debian's dist-packages and, per
 * interpreter name the image serves (`python3.12 python3.13`), the folder they go to.
 */
export function pythonSdkBuildArgs(pythonNames: string): Record<string, string> {
  const dirs = pythonNames
    .split(' ')
    .filter((name) => name !== '')
    .map((name) => pythonSdkDir(name.replace(/^python/, '')));
  // six went with newer botocore and dateutil (sid's): moved where present, not required.
  const modules = PYTHON_SDK_MODULES.map((module) => (OPTIONAL_PYTHON_MODULES.has(module) ? `${module}?` : module));
  return { SDK_MODULES: modules.join(' '), SDK_DIRS: dirs.join(' ') };
}

/**
 * Where Lambda keeps boto3 for a Python minor: /var/runtime up to python3.9, the interpreter's own
 * site-packages after (docs/runtimes.md#bundled-sdks). Both come after /opt/python in sys.path.
 */
export function pythonSdkDir(pythonVersion: string): string {
  const minor = Number(pythonVersion.split('.')[1] ?? '0');
  return minor <= 9 ? '/var/runtime' : `/var/lang/lib/python${pythonVersion}/site-packages`;
}

/**
 * AWS SDK for Ruby v3 gems lsim installs under /var/runtime/gems (GEM_HOME=/var/runtime, last in
 * GEM_PATH after the layer folders), from the suite's Debian packages `ruby-<gem>`.
 */
export const RUBY_SDK_GEMS: readonly string[] = [
  'aws-sdk-core',
  'aws-sdk-s3',
  'aws-sdk-kms',
  'aws-sigv4',
  'aws-partitions',
  'aws-eventstream',
  'jmespath',
];

/** The Debian package of a gem: `ruby-` and its name. */
export const rubyGemDebianPackage = (gem: string): string => `ruby-${gem}`;

/** The names `lsim doctor` counts as the runtime's own for a family (no SDK for java and provided*). */
export function bundledModuleNames(family: RuntimeFamily): readonly string[] {
  switch (family) {
    case 'nodejs':
      return NODE_RUNTIME_PACKAGES;
    case 'python':
      return PYTHON_SDK_MODULES;
    case 'ruby':
      return RUBY_SDK_GEMS;
    default:
      return [];
  }
}

/** The Debian packages a family's rootfs needs for its bundled SDK (nodejs: from the npm registry instead). */
export function bundledSdkDebianPackages(family: RuntimeFamily): readonly string[] {
  switch (family) {
    case 'python':
      return ['python3-boto3'];
    case 'ruby':
      return RUBY_SDK_GEMS.map(rubyGemDebianPackage);
    default:
      return [];
  }
}

/** Build arguments a family Dockerfile takes for its bundled SDK, given the recipe's own. */
export function bundledSdkBuildArgs(family: RuntimeFamily, recipeArgs: Readonly<Record<string, string>>): Record<string, string> {
  switch (family) {
    case 'python':
      return pythonSdkBuildArgs(recipeArgs['PYTHON_NAMES'] ?? '');
    case 'ruby':
      return { SDK_GEMS: RUBY_SDK_GEMS.join(' ') };
    default:
      return {};
  }
}

/**
 * What `lsim images list` shows of a family's bundled SDK: the pinned version of the JavaScript v3
 * clients (client-s3 stands for the set), or the Debian suite that supplies boto3 and the Ruby gems,
 * whose versions are the suite's (docs/runtimes.md#bundled-sdks).
 */
export function bundledSdkSummary(family: RuntimeFamily, suite: string): Readonly<Record<string, string>> {
  switch (family) {
    case 'nodejs':
      return {
        '@aws-sdk/client-s3': NODE_SDK_PACKAGES['@aws-sdk/client-s3'] ?? '?',
        '@aws-sdk packages': String(Object.keys(NODE_SDK_PACKAGES).length),
      };
    case 'python':
      return { boto3: `Debian ${suite}` };
    case 'ruby':
      return { 'aws-sdk-core': `Debian ${suite}` };
    case 'java':
    case 'provided':
      return {};
  }
}
