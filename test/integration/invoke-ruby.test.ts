import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDir, fixtureZip, invokeAdHoc, type TreeSpec } from '../helpers/invoke-helpers.js';
import { LsimHome } from '../helpers/lsim-home.js';

/**
 * ruby3.3 (and ruby3.2) end to end: gems under `ruby/gems/3.3.0` found through GEM_PATH, plain
 * files under `ruby/lib` through RUBYLIB, bundler's `ruby/3.3.0` layout not (path bug 6), and a
 * user GEM_PATH or RUBYLIB replacing the default and hiding /opt.
 */
let lsim: LsimHome;
let layerZip: string;
let code: string;

const gem = (root: string, name: string): TreeSpec => ({
  [`${root}/specifications/${name}-1.0.gemspec`]: `Gem::Specification.new do |s|
  s.name = '${name}'
  s.version = '1.0'
  s.summary = 'lsim test gem'
  s.authors = ['lsim']
  s.files = ['lib/${name}.rb']
  s.require_paths = ['lib']
end
`,
  [`${root}/gems/${name}-1.0/lib/${name}.rb`]: `module ${name.charAt(0).toUpperCase()}${name.slice(1)}\n  WHERE = __FILE__\nend\n`,
});

const LAYER: TreeSpec = {
  ...gem('ruby/gems/3.3.0', 'lsimgem'),
  // bundler's `--path` layout: not on GEM_PATH.
  ...gem('ruby/3.3.0', 'wronggem'),
  'ruby/lib/lsimlib.rb': 'module Lsimlib\n  WHERE = __FILE__\nend\n',
};

const CODE: TreeSpec = {
  'lambda_function.rb': `def probe(event:, context:)
  found = %w[lsimgem wronggem lsimlib].to_h do |name|
    begin
      require name
      [name, $LOADED_FEATURES.grep(/#{name}\\.rb$/).first]
    rescue LoadError => e
      [name, e.message]
    end
  end
  found.merge('GEM_PATH' => ENV['GEM_PATH'], 'RUBYLIB' => ENV['RUBYLIB'], 'requestId' => context.aws_request_id, 'event' => event)
end
`,
};

beforeAll(() => {
  lsim = new LsimHome('lsim-it-ruby-');
  layerZip = fixtureZip(lsim, 'ruby-layer', LAYER);
  code = fixtureDir(lsim, 'ruby-code', CODE);
});

afterEach(() => {
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => lsim?.dispose());

describe('ruby runtimes with a layer at /opt', () => {
  it('ruby3.3: a gem under ruby/gems/3.3.0 and a file under ruby/lib found; bundler layout ruby/3.3.0 not', async () => {
    const { result, body } = await invokeAdHoc(lsim, {
      runtime: 'ruby3.3',
      handler: 'lambda_function.probe',
      code,
      layers: [layerZip],
      event: { k: 'v' },
    });
    expect(result.functionError).toBeUndefined();
    expect(body).toMatchObject({
      lsimgem: '/opt/ruby/gems/3.3.0/gems/lsimgem-1.0/lib/lsimgem.rb',
      wronggem: 'cannot load such file -- wronggem',
      lsimlib: '/opt/ruby/lib/lsimlib.rb',
      requestId: result.requestId,
      event: { k: 'v' },
    });
    expect((body as { GEM_PATH: string }).GEM_PATH.split(':')).toContain('/opt/ruby/gems/3.3.0');
    expect((body as { RUBYLIB: string }).RUBYLIB.split(':')).toContain('/opt/ruby/lib');
  });

  it('ruby3.2: path bug 6, gems built for 3.3.0 are not on GEM_PATH; ruby/lib still is', async () => {
    const { body } = await invokeAdHoc(lsim, { runtime: 'ruby3.2', handler: 'lambda_function.probe', code, layers: [layerZip] });
    expect(body).toMatchObject({
      lsimgem: 'cannot load such file -- lsimgem',
      lsimlib: '/opt/ruby/lib/lsimlib.rb',
    });
  });

  it('a user GEM_PATH hides the layer gems (RUBYLIB default kept)', async () => {
    const { body } = await invokeAdHoc(lsim, {
      runtime: 'ruby3.3',
      handler: 'lambda_function.probe',
      code,
      layers: [layerZip],
      environment: { GEM_PATH: '/var/task/gems' },
    });
    expect(body).toMatchObject({
      lsimgem: 'cannot load such file -- lsimgem',
      lsimlib: '/opt/ruby/lib/lsimlib.rb',
      GEM_PATH: '/var/task/gems',
    });
  });

  it('a user RUBYLIB hides /opt/ruby/lib (gems still found)', async () => {
    const { body } = await invokeAdHoc(lsim, {
      runtime: 'ruby3.3',
      handler: 'lambda_function.probe',
      code,
      layers: [layerZip],
      environment: { RUBYLIB: '/var/task/mylib' },
    });
    expect(body).toMatchObject({
      lsimgem: '/opt/ruby/gems/3.3.0/gems/lsimgem-1.0/lib/lsimgem.rb',
      lsimlib: 'cannot load such file -- lsimlib',
      RUBYLIB: '/var/task/mylib',
    });
  });
});
