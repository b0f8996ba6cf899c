import { describe, expect, it } from 'vitest';
import { nodePackageName, scanImports, scanRequires } from './import-scanner.js';

describe('scanImports', () => {
  it('reads CommonJS and ESM imports in file order, without relative ones', () => {
    const source = [
      "// const old = require('commented-out');",
      "import a, { b } from 'alpha';",
      "import * as ns from '@scope/beta/sub';",
      "import 'side-effect';",
      "const g = require('gamma');",
      "const local = require('./local');",
      "export { x } from 'delta';",
      "const lazy = await import('epsilon');",
    ].join('\n');
    expect(scanImports('nodejs', source)).toEqual(['alpha', '@scope/beta', 'side-effect', 'gamma', 'delta', 'epsilon']);
  });

  it('reads python imports at the start of lines', () => {
    const source =
      'import os, sys\nimport numpy as np\nfrom requests.adapters import HTTPAdapter\nfrom . import sibling\n# import ignored\n    import nested\n';
    expect(scanImports('python', source)).toEqual(['os', 'sys', 'numpy', 'requests', 'nested']);
  });

  it('reads ruby requires, not require_relative', () => {
    expect(scanImports('ruby', "require 'json'\nrequire_relative 'lib/x'\nrequire('aws-sdk-s3')\n")).toEqual(['json', 'aws-sdk-s3']);
  });

  it('reads only require() calls for the CommonJS check, without relative ones or commented ones', () => {
    const source =
      "import a from 'alpha';\n// require('old');\nconst c = require('chalk');\nconst f = require('./f');\nconst d = require('@s/p/sub');\n";
    expect(scanRequires(source)).toEqual(['chalk', '@s/p']);
  });

  it('names the package of a deep import', () => {
    expect(nodePackageName('lodash/fp')).toBe('lodash');
    expect(nodePackageName('@aws-sdk/client-s3/dist')).toBe('@aws-sdk/client-s3');
  });
});
