/** The provided family: no language, the function or a layer brings its `bootstrap`. */
import { TASK_ROOT } from '../default-paths.js';
import { AL2, AL2023, type FamilyDescriptor, type OsInfo, type RuntimeBase, type RuntimeImage } from './family-types.js';
import { splitOk } from './handler-types.js';

export type ProvidedRuntimeInfo = RuntimeBase<'provided'>;

/** Where the function's own bootstrap is looked for, in order (docs/lambda-facts.md#custom-runtime-bootstrap). */
export const CUSTOM_BOOTSTRAP_CANDIDATES: readonly string[] = [`${TASK_ROOT}/bootstrap`, '/opt/bootstrap'];

/** provided* images hold no language: sh and curl from the base. */
const PROVIDED_IMAGE: RuntimeImage = { suite: 'bookworm', packages: [], buildArgs: {} };

const provided = <Id extends string>(id: Id, os: OsInfo): ProvidedRuntimeInfo & { readonly id: Id } => ({
  id,
  family: 'provided',
  os,
  interpreter: null,
  image: PROVIDED_IMAGE,
});

const RUNTIMES = [provided('provided.al2', AL2), provided('provided.al2023', AL2023)] as const;

export type ProvidedRuntimeId = (typeof RUNTIMES)[number]['id'];

export const PROVIDED: FamilyDescriptor<'provided', ProvidedRuntimeInfo> = {
  family: 'provided',
  imageFolder: 'provided',
  runtimes: RUNTIMES,
  platformPaths: 'provided',
  defaultEnv: () => [],
  searchPaths: () => [],
  // The handler is only passed on in _HANDLER; what runs is the bootstrap (docs/lambda-facts.md#custom-runtime-bootstrap).
  handler: {
    form: 'free-form (passed on in _HANDLER)',
    split: (handler) => splitOk({ module: handler, method: null, namespace: null, candidates: CUSTOM_BOOTSTRAP_CANDIDATES }),
    missing: null,
  },
  bootstrapPaths: [CUSTOM_BOOTSTRAP_CANDIDATES.join(' ')],
  awsBaseImageTag: (info) => info.id.slice('provided.'.length),
  // A custom runtime brings its own: the OS's programs are all there is.
  interpreters: () => [],
};
