/**
 * Validation of Gateway API objects against the Gateway API CRDs (v1.6.1, standard channel): `schemas/crds/gateway-api`
 * in the project (generated from the shared data by `npm run generate:schemas`, so a clone without it passes), or
 * `GATEWAY_CRDS_DIR`. Unknown fields are refused (as `kubectl apply --validate=strict` refuses them) rather than pruned;
 * CEL rules (`x-kubernetes-validations`) are not evaluated.
 */
import * as path from 'node:path';
import { ValidateFunction } from 'ajv';
import { capiErrors, crdValidators } from './cluster/util';

/** Where the Gateway API CRDs are. */
export const GATEWAY_CRDS_DIR = process.env.GATEWAY_CRDS_DIR ?? path.resolve(__dirname, '../schemas/crds/gateway-api');

let cached: Map<string, ValidateFunction> | undefined;

/** The errors of a Gateway API object against its CRD, as `path message` lines; empty when it is valid. */
export function gatewayErrors(object: any): string[] {
  cached ??= crdValidators(GATEWAY_CRDS_DIR, 'GATEWAY_CRDS_DIR');
  return capiErrors(cached, object);
}
