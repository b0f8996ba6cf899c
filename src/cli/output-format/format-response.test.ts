import { describe, expect, it } from 'vitest';
import { formatResponse, type FormatOptions } from './format-response.js';
import { PagedResponse } from './paged-response.js';
import { compileQuery } from './query.js';
import { formatTable } from './table-format.js';
import { formatText } from './text-format.js';
import { formatYaml } from './yaml-format.js';

// Expected texts below were printed by aws-cli 2.38.1 (Debian sid) for the same values.
const V2 = {
  LayerVersionArn: 'arn:aws:lambda:us-east-1:123456789012:layer:my-layer:2',
  Version: 2,
  Description: '',
  CreatedDate: '2026-12-01T13:12:53.812+0000',
};
const V1 = {
  LayerVersionArn: 'arn:aws:lambda:us-east-1:123456789012:layer:my-layer:1',
  Version: 1,
  Description: 'My layer',
  CreatedDate: '2026-12-01T13:12:52.847+0000',
  CompatibleRuntimes: ['python3.12'],
  LicenseInfo: 'MIT',
};
const LIST = { LayerVersions: [V2, V1] };
const options = (format: FormatOptions['format'], query?: string): FormatOptions => ({
  format,
  operation: 'ListLayerVersions',
  query: query === undefined ? undefined : compileQuery(query),
  color: false,
  terminalWidth: 80,
});

describe('text (awscli/text.py)', () => {
  it('prints sorted scalars per dict, a shared column set per list, and KEY\\tvalue for scalar lists', () => {
    expect(formatText(LIST)).toBe(
      'LAYERVERSIONS\t2026-12-01T13:12:53.812+0000\t\tarn:aws:lambda:us-east-1:123456789012:layer:my-layer:2\t\t2\n' +
        'LAYERVERSIONS\t2026-12-01T13:12:52.847+0000\tMy layer\tarn:aws:lambda:us-east-1:123456789012:layer:my-layer:1\tMIT\t1\n' +
        'COMPATIBLERUNTIMES\tpython3.12\n',
    );
  });

  it('prints Python scalars and bare lists on one line', () => {
    expect(formatText({ A: true, B: null, C: 3 })).toBe('True\tNone\t3\n');
    expect(formatText(['a', 'b'])).toBe('a\tb\n');
    expect(formatText('x')).toBe('x\n');
    expect(formatText({})).toBe('');
  });

  it('prints a paginated response page by page, the query applied to each, then NEXTTOKEN', () => {
    const paged = new PagedResponse('Layers', [{ Layers: [{ LayerName: 'a' }], NextMarker: 'm' }, { Layers: [{ LayerName: 'b' }] }], 'tok');
    expect(formatResponse(paged, options('text'))).toBe('LAYERS\ta\nLAYERS\tb\nNEXTTOKEN\ttok\n');
    expect(formatResponse(paged, options('text', 'Layers[0].LayerName'))).toBe('a\nb\nNone\n');
  });
});

describe('table (awscli/table.py)', () => {
  it('draws a list of dicts with nested members as one section per element', () => {
    expect(formatTable('ListLayerVersions', LIST, { color: false, terminalWidth: 80 })).toBe(
      [
        '---------------------------------------------------------------------------------',
        '|                               ListLayerVersions                               |',
        '+-------------------------------------------------------------------------------+',
        '||                                LayerVersions                                ||',
        '|+-----------------+-----------------------------------------------------------+|',
        '||  CreatedDate    |  2026-12-01T13:12:53.812+0000                             ||',
        '||  Description    |                                                           ||',
        '||  LayerVersionArn|  arn:aws:lambda:us-east-1:123456789012:layer:my-layer:2   ||',
        '||  LicenseInfo    |                                                           ||',
        '||  Version        |  2                                                        ||',
        '|+-----------------+-----------------------------------------------------------+|',
        '||                                LayerVersions                                ||',
        '|+-----------------+-----------------------------------------------------------+|',
        '||  CreatedDate    |  2026-12-01T13:12:52.847+0000                             ||',
        '||  Description    |  My layer                                                 ||',
        '||  LayerVersionArn|  arn:aws:lambda:us-east-1:123456789012:layer:my-layer:1   ||',
        '||  LicenseInfo    |  MIT                                                      ||',
        '||  Version        |  1                                                        ||',
        '|+-----------------+-----------------------------------------------------------+|',
        '|||                            CompatibleRuntimes                             |||',
        '||+---------------------------------------------------------------------------+||',
        '|||  python3.12                                                               |||',
        '||+---------------------------------------------------------------------------+||',
        '',
      ].join('\n'),
    );
  });

  it('keeps rows horizontal when they fit, and prints nothing for an empty response', () => {
    expect(formatTable('T', { A: 'x', B: 'y' }, { color: false, terminalWidth: 80 })).toBe(
      '------------\n|     T    |\n+----+-----+\n|  A |  B  |\n+----+-----+\n|  x |  y  |\n+----+-----+\n',
    );
    expect(formatResponse({}, options('table'))).toBe('');
  });

  it('colours values and resets after every write with --color on', () => {
    const coloured = formatTable('T', { A: 'x' }, { color: true, terminalWidth: 80 });
    expect(coloured).toContain('\x1b[1m\x1b[34mx\x1b[0m');
    expect(coloured.endsWith('\n\x1b[0m')).toBe(true);
  });
});

describe('yaml (ruamel.yaml safe dumper)', () => {
  it('sorts keys, does not indent sequences and quotes what YAML would read otherwise', () => {
    expect(formatYaml({ b: [], a: {}, s: '{"Sid":"x"}', n: '1', t: 'True', d: '2020-01-01', e: '', m: 'line1\nline2', k: 'yes' })).toBe(
      "a: {}\nb: []\nd: '2020-01-01'\ne: ''\nk: yes\nm: 'line1\n\n  line2'\nn: '1'\ns: '{\"Sid\":\"x\"}'\nt: 'True'\n",
    );
    expect(formatYaml(LIST)).toBe(
      "LayerVersions:\n- CreatedDate: 2026-12-01T13:12:53.812+0000\n  Description: ''\n" +
        '  LayerVersionArn: arn:aws:lambda:us-east-1:123456789012:layer:my-layer:2\n  Version: 2\n' +
        '- CompatibleRuntimes:\n  - python3.12\n  CreatedDate: 2026-12-01T13:12:52.847+0000\n  Description: My layer\n' +
        '  LayerVersionArn: arn:aws:lambda:us-east-1:123456789012:layer:my-layer:1\n  LicenseInfo: MIT\n  Version: 1\n',
    );
  });

  it('prints scalars as JSON, and yaml-stream one list item per page', () => {
    expect(formatYaml('x')).toBe('"x"\n');
    const paged = new PagedResponse('Layers', [{ Layers: [], NextMarker: 'm' }, { Layers: [] }], undefined);
    expect(formatResponse(paged, options('yaml-stream'))).toBe('- Layers: []\n  NextMarker: m\n- Layers: []\n');
    expect(formatResponse(paged, options('yaml'))).toBe('Layers: []\n');
  });
});

describe('json', () => {
  it('prints nothing for {} and null for a query matching nothing', () => {
    expect(formatResponse({}, options('json'))).toBe('');
    expect(formatResponse(LIST, options('json', 'Nope'))).toBe('null\n');
    expect(formatResponse(LIST, options('off'))).toBe('');
  });
});
