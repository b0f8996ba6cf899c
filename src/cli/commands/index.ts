import type { CommandDefinition } from '../command-definition.js';
import { addLayerVersionPermission } from './add-layer-version-permission.js';
import { createAlias } from './create-alias.js';
import { createFunction } from './create-function.js';
import { completion } from './completion.js';
import { deleteAlias } from './delete-alias.js';
import { deleteFunction } from './delete-function.js';
import { deleteLayerVersion } from './delete-layer-version.js';
import { deploy } from './deploy.js';
import { getAccountSettings } from './get-account-settings.js';
import { getAlias } from './get-alias.js';
import { getFunction } from './get-function.js';
import { getFunctionConfiguration } from './get-function-configuration.js';
import { getLayerVersion } from './get-layer-version.js';
import { getLayerVersionByArn } from './get-layer-version-by-arn.js';
import { getLayerVersionPolicy } from './get-layer-version-policy.js';
import { doctor } from './doctor.js';
import { gc } from './gc.js';
import { logs } from './logs.js';
import { imagesBuild } from './images-build.js';
import { invoke } from './invoke.js';
import { serve } from './serve.js';
import { listAliases } from './list-aliases.js';
import { listFunctions } from './list-functions.js';
import { listLayerVersions } from './list-layer-versions.js';
import { listLayers } from './list-layers.js';
import { listVersionsByFunction } from './list-versions-by-function.js';
import { publishLayerVersion } from './publish-layer-version.js';
import { publishVersion } from './publish-version.js';
import { putObject } from './put-object.js';
import { removeLayerVersionPermission } from './remove-layer-version-permission.js';
import { updateAlias } from './update-alias.js';
import { updateFunctionCode } from './update-function-code.js';
import { updateFunctionConfiguration } from './update-function-configuration.js';

/**
 * Every `lsim` command, in `--help` order: the `aws lambda` control plane first (layers, functions,
 * versions and aliases, the account), then lsim's own execution-plane commands (invoke, deploy, serve, doctor, images build, gc).
 */
export const COMMANDS: readonly CommandDefinition[] = [
  publishLayerVersion,
  listLayers,
  listLayerVersions,
  getLayerVersion,
  getLayerVersionByArn,
  deleteLayerVersion,
  addLayerVersionPermission,
  removeLayerVersionPermission,
  getLayerVersionPolicy,
  createFunction,
  getFunction,
  getFunctionConfiguration,
  listFunctions,
  updateFunctionConfiguration,
  updateFunctionCode,
  deleteFunction,
  publishVersion,
  listVersionsByFunction,
  createAlias,
  getAlias,
  updateAlias,
  deleteAlias,
  listAliases,
  getAccountSettings,
  invoke,
  deploy,
  serve,
  doctor,
  imagesBuild,
  gc,
  logs,
  putObject,
  completion,
];
