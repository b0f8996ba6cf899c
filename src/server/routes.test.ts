import { describe, expect, it } from 'vitest';
import { matchRoute } from './routes.js';

describe('matchRoute', () => {
  it.each([
    ['POST', '/2018-10-31/layers/my-layer/versions', 'PublishLayerVersion', 201],
    ['GET', '/2018-10-31/layers?CompatibleRuntime=python3.12', 'ListLayers', 200],
    [
      'GET',
      '/2018-10-31/layers?find=LayerVersion&Arn=arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Alayer%3Ax%3A1',
      'GetLayerVersionByArn',
      200,
    ],
    ['GET', '/2018-10-31/layers/x/versions', 'ListLayerVersions', 200],
    ['GET', '/2018-10-31/layers/x/versions/3', 'GetLayerVersion', 200],
    ['DELETE', '/2018-10-31/layers/x/versions/3', 'DeleteLayerVersion', 204],
    ['POST', '/2018-10-31/layers/x/versions/3/policy', 'AddLayerVersionPermission', 201],
    ['GET', '/2018-10-31/layers/x/versions/3/policy', 'GetLayerVersionPolicy', 200],
    ['DELETE', '/2018-10-31/layers/x/versions/3/policy/sid', 'RemoveLayerVersionPermission', 204],
    ['POST', '/2015-03-31/functions', 'CreateFunction', 201],
    ['GET', '/2015-03-31/functions/', 'ListFunctions', 200],
    ['GET', '/2015-03-31/functions/f?Qualifier=%24LATEST', 'GetFunction', 200],
    ['DELETE', '/2015-03-31/functions/f', 'DeleteFunction', 204],
    ['GET', '/2015-03-31/functions/f/configuration', 'GetFunctionConfiguration', 200],
    ['PUT', '/2015-03-31/functions/f/configuration', 'UpdateFunctionConfiguration', 200],
    ['PUT', '/2015-03-31/functions/f/code', 'UpdateFunctionCode', 200],
    ['POST', '/2015-03-31/functions/f/invocations', 'Invoke', 200],
    ['POST', '/2015-03-31/functions/f/versions', 'PublishVersion', 201],
    ['GET', '/2015-03-31/functions/f/versions?MaxItems=2', 'ListVersionsByFunction', 200],
    ['POST', '/2015-03-31/functions/f/aliases', 'CreateAlias', 201],
    ['GET', '/2015-03-31/functions/f/aliases?FunctionVersion=1', 'ListAliases', 200],
    ['GET', '/2015-03-31/functions/f/aliases/live', 'GetAlias', 200],
    ['PUT', '/2015-03-31/functions/f/aliases/live', 'UpdateAlias', 200],
    ['DELETE', '/2015-03-31/functions/f/aliases/live', 'DeleteAlias', 204],
    ['GET', '/2016-08-19/account-settings/', 'GetAccountSettings', 200],
    ['GET', '/2016-08-19/account-settings', 'GetAccountSettings', 200],
  ])('%s %s → %s %i', (method, url, operation, status) => {
    expect(matchRoute(method, url)).toMatchObject({ operation, status });
  });

  it('decodes path parameters and keeps the query', () => {
    const match = matchRoute(
      'GET',
      '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af?Qualifier=%24LATEST',
    );
    expect(match?.params.FunctionName).toBe('arn:aws:lambda:us-east-1:123456789012:function:f');
    expect(match?.query.get('Qualifier')).toBe('$LATEST');
    expect(matchRoute('GET', '/2018-10-31/layers?find=LayerVersion&Arn=a')?.query.get('Arn')).toBe('a');
  });

  it('matches nothing for unknown paths, wrong methods and broken escapes', () => {
    expect(matchRoute('GET', '/2015-03-31/functions/f/policy')).toBeUndefined();
    expect(matchRoute('PATCH', '/2015-03-31/functions/f')).toBeUndefined();
    expect(matchRoute('GET', '/2015-03-31/functions/%E0%A4%A')).toBeUndefined();
    expect(matchRoute('GET', '/')).toBeUndefined();
    expect(matchRoute(undefined, undefined)).toBeUndefined();
  });
});
