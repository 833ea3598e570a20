/**
 * Validation of Gateway API objects against the Gateway API CRDs (v1.6.1, standard channel) in
 * `../shared/crds/gateway-api` beside the project, or `GATEWAY_CRDS_DIR`. The CRDs are not copied into the project;
 * where they are absent (a clone without `../shared`) the tests that need them are skipped with a message saying so.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { capiErrors, closed } from './cluster/util';

/** Where the Gateway API CRDs are. */
export const GATEWAY_CRDS_DIR = process.env.GATEWAY_CRDS_DIR ?? path.resolve(__dirname, '../../shared/crds/gateway-api');

/** Whether the CRDs are there; when not, say so once, so a skipped suite is visible. */
export const GATEWAY_CRDS_PRESENT = fs.existsSync(GATEWAY_CRDS_DIR);
if (!GATEWAY_CRDS_PRESENT) {
  console.warn(`Gateway API CRDs not found in ${GATEWAY_CRDS_DIR}: validation against them is skipped; set GATEWAY_CRDS_DIR to run it`);
}

/** `describe` where the CRDs are present, `describe.skip` where not. */
export const describeWithGatewayCrds = GATEWAY_CRDS_PRESENT ? describe : describe.skip;

let cached: Map<string, ValidateFunction> | undefined;

/**
 * Validators of every served version of the Gateway API CRDs, by `<group>/<version>/<kind>`. Unknown fields are refused
 * (as `kubectl apply --validate=strict` refuses them) rather than pruned; CEL rules (`x-kubernetes-validations`) are not
 * evaluated.
 */
export function gatewayValidators(): Map<string, ValidateFunction> {
  if (cached) return cached;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validators = new Map<string, ValidateFunction>();
  for (const file of fs.readdirSync(GATEWAY_CRDS_DIR).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(GATEWAY_CRDS_DIR, file), 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions.filter((v: any) => v.served)) {
        validators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(closed(version.schema.openAPIV3Schema)));
      }
    }
  }
  cached = validators;
  return validators;
}

/** The errors of a Gateway API object against its CRD, as `path message` lines; empty when it is valid. */
export function gatewayErrors(object: any): string[] {
  return capiErrors(gatewayValidators(), object);
}
