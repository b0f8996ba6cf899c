import { isIP } from 'node:net';
import { withEngineFlags } from '../../common/config.js';
import { LsimError } from '../../common/errors.js';
import type { ArgReader } from '../arg-reader.js';
import { CommandOutcome, type CommandDefinition } from '../command-definition.js';
import { renderBuildEvent } from '../render-build-event.js';
import { PREFER_AWS_IMAGES } from './common-options.js';
import { TEMPLATE_OPTIONS } from './function-options.js';
import { untilAborted } from './watch-timing.js';

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 9001;

export const serve: CommandDefinition = {
  name: 'serve',
  describe:
    'Serves the Lambda API over HTTP for the aws CLI, the AWS SDKs, SAM and Terraform (--endpoint-url ' +
    'http://127.0.0.1:9001), sharing LSIM_HOME with the lsim CLI. Invokes run in warm containers. ' +
    'With -t TEMPLATE, deploys the template first; with --watch too, deploys it again after each change under its ' +
    'code and layer folders, as `sam sync --watch` does. Runs until Ctrl-C or SIGTERM, then removes every container it started.',
  operation: 'Serve',
  interruptible: true,
  example: {
    command: 'lsim serve --port 9001',
    description: 'To serve the Lambda API on the loopback interface',
  },
  options: {
    host: { kind: 'string', describe: `The address to listen on (default ${DEFAULT_HOST}).` },
    port: { kind: 'integer', describe: `The port to listen on (default ${DEFAULT_PORT}).` },
    'allow-remote': { kind: 'boolean', describe: 'Allow a non-loopback --host: anyone who can reach it can run code.' },
    'idle-timeout': { kind: 'integer', describe: 'Seconds a warm container may stay idle before it is removed (default 300).' },
    'max-concurrency': { kind: 'integer', describe: 'Concurrent invokes per function before TooManyRequestsException (default 10).' },
    'max-event-queue-mb': {
      kind: 'integer',
      describe:
        'Megabytes of Event invoke payloads kept queued (in LSIM_HOME) before Invoke answers TooManyRequestsException (default 100).',
    },
    engine: {
      kind: 'repeated',
      describe:
        'A Docker engine of the pool (DOCKER_HOST syntax: unix:///path, tcp://host:port); repeat for each. New environments go to ' +
        'the least loaded engine that answers, an invoke failed by an engine that stopped answering is retried on another ' +
        '(else LSIM_ENGINES, else the one engine of DOCKER_HOST; docs/serve.md#a-pool-of-engines).',
    },
    'prefer-aws-images': PREFER_AWS_IMAGES,
    ...TEMPLATE_OPTIONS,
    'stack-name': {
      kind: 'string',
      describe: 'With -t: names the functions without a FunctionName <stack-name>-<LogicalId> (else their logical id), and AWS::StackName.',
    },
    watch: {
      kind: 'boolean',
      describe:
        "With -t: deploy the template again after each change under its code and layer folders; changed functions' warm " +
        'environments are retired, a layer the doctor finds invalid is not deployed (docs/watch.md).',
    },
    'verify-signatures': {
      kind: 'boolean',
      describe: 'Require SigV4 signatures made with a key from LSIM_CREDENTIALS (AKID:SECRET,...).',
    },
  },
  async handler(args, ctx) {
    const config = withEngineFlags(ctx.config, args.repeated('engine'));
    const host = args.string('host') ?? DEFAULT_HOST;
    if (!isLoopback(host) && !args.flag('allow-remote')) {
      throw new LsimError(
        'ParamValidation',
        `Refusing to listen on ${host}: it is not a loopback address and anyone who reaches lsim serve can run code ` +
          'on this machine. Pass --allow-remote to listen on it anyway (with --verify-signatures, ideally).',
      );
    }
    const verify = args.flag('verify-signatures');
    if (verify && ctx.config.credentials.size === 0) {
      throw new LsimError('ParamValidation', '--verify-signatures needs keys in LSIM_CREDENTIALS, as AKID:SECRET,AKID2:SECRET2.');
    }
    const port = positive(args, 'port') ?? DEFAULT_PORT;
    const watch = args.flag('watch');
    if (watch && args.string('template') === undefined) {
      throw new LsimError('ParamValidation', '--watch redeploys a template on changes: it needs -t TEMPLATE.');
    }
    // Loaded here, not at the top: the server pulls in the engine and the registry, which every other
    // command line (help, list-layers) would otherwise pay for at start-up.
    const { startServer } = await import('../../composition/serve-services.js');
    const server = await startServer({
      config,
      host,
      port,
      idleTimeoutSeconds: positive(args, 'idle-timeout'),
      maxConcurrency: positive(args, 'max-concurrency'),
      ...(positive(args, 'max-event-queue-mb') === undefined
        ? {}
        : { maxQueuedEventBytes: (positive(args, 'max-event-queue-mb') ?? 0) * 1024 * 1024 }),
      ...(verify ? { credentials: ctx.config.credentials } : {}),
      onLog: (line) => ctx.progress(`${line}\n`),
      onBuildEvent: (event) => ctx.progress(renderBuildEvent(event)),
    });
    let sync: { close(): Promise<void> } | undefined;
    if (args.string('template') !== undefined) {
      // Deployed before the server says it listens, so a client that waits for that line finds the functions.
      const { startTemplateSync } = await import('./serve-sync.js');
      try {
        sync = await startTemplateSync(args, ctx, server.pool, watch);
      } catch (error) {
        await server.close();
        throw error;
      }
    }
    // Before the listening line, which clients (and tests) wait for.
    const engines = server.pool.status();
    if (engines.length > 1)
      ctx.progress(`lsim serve: a pool of ${engines.length} engines: ${engines.map(({ name }) => name).join(', ')}\n`);
    ctx.progress(`lsim serve: listening on ${server.url} (LSIM_HOME ${ctx.config.home}); Ctrl-C stops.\n`);
    // `lsim invoke` on this home sends its invokes here, to the warm pool (docs/serve.md#the-cli-reuses-a-running-server).
    const { announceServer } = await import('../../server/serve-discovery.js');
    const unannounce = announceServer(ctx.config.home, {
      url: server.url,
      accountId: ctx.config.accountId,
      region: ctx.config.region,
      verifiesSignatures: verify,
    });
    await untilAborted(ctx.signal);
    await sync?.close();
    unannounce();
    ctx.progress('lsim serve: stopping, removing containers...\n');
    await server.close();
    return new CommandOutcome({});
  },
};

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

function positive(args: ArgReader, name: string): number | undefined {
  const value = args.integer(name);
  if (value !== undefined && value < (name === 'port' ? 0 : 1)) {
    throw new LsimError('ParamValidation', `--${name} must be a positive number, not ${value}.`);
  }
  return value;
}
