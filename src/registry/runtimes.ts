/**
 * Runtime identifiers as the live service checks them (docs/lambda-facts.md#runtime-identifiers). The order is the order AWS
 * prints in its rejection messages, so it must not be sorted.
 */

/** Accepted by PublishLayerVersion.CompatibleRuntimes and CreateFunction/UpdateFunctionConfiguration.Runtime. */
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
 * "no longer supported" message rather than the enum message. Chosen by hand from the model enum
 * minus the accepted set, leaving out identifiers that are newer than the accepted set (not retired).
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
 * The `CompatibleRuntime` filter of ListLayers/ListLayerVersions takes a wider legacy set. Its exact
 * content and order are not confirmed (docs/lambda-facts.md#runtime-identifiers: only notable members are recorded),
 * so this is the accepted set followed by the retired and odd internal values seen in AWS's messages.
 */
export const LIST_FILTER_RUNTIMES: readonly string[] = [
  ...ACCEPTED_RUNTIMES,
  ...DEPRECATED_RUNTIMES,
  'nasa',
  'byol',
  'python2.7-greengrass',
  'ruby3.5',
  'ruby2.6',
  'nodejs8.x',
  'nodejs8.9',
  'go1.9',
  'python3.4',
];

export const ARCHITECTURES: readonly string[] = ['x86_64', 'arm64'];
