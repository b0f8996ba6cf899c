import { ARCHITECTURES as LAMBDA_ARCHITECTURES } from '../runtimes/architecture.js';

/**
 * Runtime identifiers as the live service checks them (docs/lambda-facts.md#runtime-identifiers). The order is the order AWS
 * prints in its rejection messages, so it must not be sorted. Three sources meet here, each stated once: the botocore
 * model's `Runtime` enum (every id AWS ever used, src/cli/skeleton/model-shapes.ts), what the service accepts and how
 * it words a refusal (these lists, recorded against AWS), and what lsim runs (the family descriptors,
 * src/runtimes/families/). The registry does not import the model at run time (it is the CLI's, loaded for
 * `--generate-cli-skeleton`); test/unit/runtime-ids.test.ts fails when the three disagree.
 */

/**
 * Accepted by CreateFunction/UpdateFunctionConfiguration.Runtime; also the list PublishLayerVersion's
 * rejection message prints, although publish accepts the wider LEGACY_RUNTIMES.
 */
export const ACCEPTED_RUNTIMES: readonly string[] = [
  'nodejs20.x',
  'python3.14',
  'provided.al2023',
  'python3.12',
  'python3.13',
  'nodejs24.x',
  'nodejs22.x',
  'java25',
  'python3.10',
  'python3.11',
  'java21',
  'ruby3.3',
  'ruby3.4',
  'ruby3.2',
  'python3.8',
  'python3.9',
  'java17',
  'nodejs16.x',
  'dotnet10',
  'dotnet8',
  'java11',
  'dotnet6',
  'nodejs18.x',
  'provided.al2',
  'java8.al2',
];

/**
 * Runtimes of the model that AWS has retired: creating or updating a function with one gets the
 * "no longer supported" message rather than the enum message. The model's enum minus the accepted set,
 * less the identifiers newer than the accepted set (not retired, not yet taken): the test names those.
 */
export const DEPRECATED_RUNTIMES: ReadonlySet<string> = new Set([
  'nodejs',
  'nodejs4.3',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs4.3-edge',
  'java8',
  'python2.7',
  'python3.6',
  'python3.7',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'go1.x',
  'ruby2.5',
  'ruby2.7',
  'provided',
]);

/**
 * The legacy set: what the `CompatibleRuntime` filter of ListLayers/ListLayerVersions accepts, and
 * what PublishLayerVersion accepts in `CompatibleRuntimes` (retired ids included), in the order AWS
 * prints it when it rejects a list filter (docs/lambda-facts.md#runtime-identifiers). Not sorted.
 */
export const LEGACY_RUNTIMES: readonly string[] = [
  'ruby3.5',
  'ruby2.6',
  'dotnetcore1.0',
  'python3.7',
  'nodejs8.10',
  'nasa',
  'ruby2.7',
  'python2.7-greengrass',
  'dotnetcore2.0',
  'python3.8',
  'java21',
  'dotnet6',
  'dotnetcore2.1',
  'python3.9',
  'java11',
  'nodejs6.10',
  'provided',
  'dotnetcore3.1',
  'dotnet8',
  'java25',
  'java17',
  'nodejs',
  'nodejs4.3',
  'java8.al2',
  'go1.x',
  'dotnet10',
  'nodejs20.x',
  'go1.9',
  'byol',
  'nodejs10.x',
  'provided.al2023',
  'nodejs22.x',
  'python3.10',
  'java8',
  'nodejs12.x',
  'python3.11',
  'nodejs24.x',
  'nodejs8.x',
  'python3.12',
  'nodejs14.x',
  'nodejs8.9',
  'nodejs26.x',
  'python3.13',
  'python3.14',
  'nodejs16.x',
  'python3.15',
  'provided.al2',
  'nodejs4.3-edge',
  'nodejs18.x',
  'ruby3.2',
  'python3.4',
  'ruby3.3',
  'ruby3.4',
  'ruby2.5',
  'python3.6',
  'python2.7',
];

/** Lambda's instruction set architectures, in the order the service's messages list them. */
export const ARCHITECTURES: readonly string[] = LAMBDA_ARCHITECTURES;
