import { describe, expect, it } from 'vitest';
import { DoctorFixture } from '../../test/helpers/doctor/doctor-fixture.js';
import { explainInvokeFailure } from './explain-failure.js';

const fx = new DoctorFixture();
const body = (errorType: string, errorMessage: string): string => JSON.stringify({ errorType, errorMessage, trace: [] });

describe('explainInvokeFailure', () => {
  it('explains a Python module in another version folder', async () => {
    const subject = fx.subject('python3.12', {
      handler: 'app.handler',
      code: await fx.zip('code.zip', [{ name: 'app.py', data: 'import requests' }]),
      layers: [await fx.zip('deps.zip', [{ name: 'python/lib/python3.11/site-packages/requests/__init__.py', data: '' }])],
    });
    const text = explainInvokeFailure(
      subject,
      body('Runtime.ImportModuleError', "Unable to import module 'app': No module named 'requests'"),
    );
    expect(text).toContain("lsim: 'requests' was not found.");
    expect(text).toContain('searched: /var/task, /opt/python/lib/python3.12/site-packages, /opt/python, /var/runtime');
    expect(text).toContain('found /opt/python/lib/python3.11/site-packages/requests, not used: it is under python3.11/site-packages');
    expect(text).toContain('fix: Install the packages for Python 3.12');
  });

  it('explains a Python handler module that is missing', async () => {
    const subject = fx.subject('python3.12', {
      handler: 'lambda_function.handler',
      code: await fx.zip('code.zip', [{ name: 'src/lambda_function.py', data: '' }]),
    });
    const text = explainInvokeFailure(
      subject,
      body('Runtime.ImportModuleError', "Unable to import module 'lambda_function': No module named 'lambda_function'"),
    );
    expect(text).toContain("the handler's file 'lambda_function' was not found");
    expect(text).toContain('a file of that name exists at: /var/task/src/lambda_function.py');
  });

  it('explains a Node CommonJS require of a package at the layer root', async () => {
    const subject = fx.subject('nodejs20.x', {
      handler: 'index.handler',
      code: await fx.zip('code.zip', [{ name: 'index.js', data: "require('uuid')" }]),
      layers: [await fx.zip('deps.zip', [{ name: 'node_modules/uuid/index.js', data: '' }])],
    });
    const text = explainInvokeFailure(
      subject,
      body('Runtime.ImportModuleError', "Error: Cannot find module 'uuid'\nRequire stack:\n- /var/task/index.js\n- /var/runtime/index.mjs"),
    );
    expect(text).toContain("'uuid' was not found");
    expect(text).toContain('found /opt/node_modules/uuid, not used: /opt/node_modules is not searched');
    expect(text).toContain('fix: Put the packages under nodejs/node_modules/');
  });

  it('explains a Node ESM import dropped by a user NODE_PATH', async () => {
    const subject = fx.subject('nodejs22.x', {
      handler: 'index.handler',
      userEnv: { NODE_PATH: '/var/task/vendor' },
      code: await fx.zip('code.zip', [{ name: 'index.mjs', data: "import knex from 'knex'" }]),
      layers: [await fx.zip('deps.zip', [{ name: 'nodejs/node_modules/knex/index.js', data: '' }])],
    });
    const text = explainInvokeFailure(subject, body('Error', "Cannot find package 'knex' imported from /var/task/index.mjs"));
    expect(text).toContain(
      "found /opt/nodejs/node_modules/knex, not used: /opt/nodejs/node_modules is dropped by the function's NODE_PATH",
    );
    expect(text).toContain('fix: Append the layer paths to NODE_PATH');
  });

  it('explains a Ruby gem in bundler layout', async () => {
    const subject = fx.subject('ruby3.2', {
      handler: 'function.handler',
      code: await fx.zip('code.zip', [{ name: 'function.rb', data: "require 'rack'" }]),
      layers: [await fx.zip('gems.zip', [{ name: 'ruby/lib/vendor/bundle/ruby/3.2.0/gems/rack-3.0.0/lib/rack.rb', data: '' }])],
    });
    const text = explainInvokeFailure(subject, body('Init<LoadError>', 'cannot load such file -- rack (LoadError)'));
    expect(text).toContain("'rack' was not found");
    expect(text).toContain('/opt/ruby/lib/vendor/bundle/ruby/3.2.0/gems/rack-3.0.0');
    expect(text).toContain('fix: Put the gems under ruby/gems/3.2.0/');
  });

  it('explains a Java class shipped as loose classes in a layer', async () => {
    const subject = fx.subject('java21', {
      handler: 'example.Handler::handleRequest',
      code: await fx.zip('code.zip', [{ name: 'README', data: '' }]),
      layers: [await fx.zip('classes.zip', [{ name: 'java/lib/example/Handler.class', data: 'cafebabe' }])],
    });
    const text = explainInvokeFailure(subject, body('java.lang.ClassNotFoundException', 'Class not found: example.Handler'));
    expect(text).toContain("the handler's class 'example.Handler' was not found");
    expect(text).toContain('searched: /var/task/example/Handler.class');
    expect(text).toContain('a file of that name exists at: /opt/java/lib/example/Handler.class');
    expect(text).toContain('loose classes in layers are not on the class path');
  });

  it('explains an UnsupportedClassVersionError by the runtime id’s Java, with the release to compile for', async () => {
    const subject = fx.subject('java11', {
      handler: 'example.Hello::handleRequest',
      code: await fx.zip('code.zip', [{ name: 'README', data: '' }]),
    });
    const words =
      'Error loading class example.Hello: example/Hello has been compiled by a more recent version of the Java Runtime ' +
      '(class file version 61.0), this version of the Java Runtime only recognizes class file versions up to 55.0';
    const text = explainInvokeFailure(subject, body('java.lang.UnsupportedClassVersionError', words));
    expect(text).toContain('compiled for Java 17, but java11 runs Java 11');
    expect(text).toContain('javac --release 11');
    expect(text).toContain('or run the function on java17.');
    expect(explainInvokeFailure(fx.subject('python3.12', { handler: 'app.handler' }), body('Error', words))).toBeUndefined();
  });

  it('explains Runtime.InvalidEntrypoint with the bootstrap found and its mode', async () => {
    const subject = fx.subject('provided.al2023', {
      code: await fx.zip('code.zip', [{ name: 'bootstrap', data: '#!/bin/sh', mode: 0o644 }]),
    });
    const text = explainInvokeFailure(
      subject,
      body('Runtime.InvalidEntrypoint', "RequestId: 1 Error: Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]"),
    );
    expect(text).toContain('found: /var/task/bootstrap (mode 0644, from code.zip)');
    expect(text).toContain('fix: chmod 755 bootstrap');
  });

  it('explains a permission error on a layer file', async () => {
    const subject = fx.subject('nodejs20.x', {
      layers: [await fx.zip('ext.zip', [{ name: 'extensions/agent', data: '#!/bin/sh', mode: 0o644 }])],
    });
    const text = explainInvokeFailure(subject, 'fork/exec /opt/extensions/agent: permission denied');
    expect(text).toContain('/opt/extensions/agent has mode 0644 (from ext.zip)');
    expect(text).toContain('fix: chmod 755');
  });

  it('says nothing about other errors', async () => {
    const subject = fx.subject('nodejs20.x', {});
    expect(explainInvokeFailure(subject, body('TypeError', "Cannot read properties of undefined (reading 'x')"))).toBeUndefined();
  });
});
