import { describeContainer } from '../_objects';
import { Rule, Tool, ref } from '../rule';
import { checkContainers } from './_helpers';

/** Names that say a variable holds a credential. */
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL/i;
/** Name segments that are keys: KEY (as in API_KEY, CACHE_KEY too: accept those per object), APIKEY, PRIVATEKEY… but not MONKEY. */
const KEY_SEGMENT = /^(API|ACCESS|PRIVATE|SIGNING|ENCRYPTION)?KEY$/i;
/** A PEM private key, whatever the variable's name (Polaris sensitiveContainerEnvVar). */
const PRIVATE_KEY_VALUE = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
/** A value that only refers to other variables, `$(DB_PASSWORD)`, holds no secret itself. */
const VARIABLE_REFERENCE = /^(\$\([A-Za-z_][A-Za-z0-9_]*\))+$/;
/** A value that is an absolute file path (`ETCD_KEY=/etc/kubernetes/pki/etcd/client.key`) names where a secret is, not the secret. */
const FILE_PATH = /^\/[^\s]*$/;

/** Whether an environment variable's name suggests it holds a secret. */
export function looksLikeSecretName(name: string): boolean {
  return SECRET_NAME.test(name) || name.split(/[_.-]/).some((segment) => KEY_SEGMENT.test(segment));
}

/** No environment variable that looks like a secret has a literal value. */
export const NO_SECRET_LITERALS: Rule = {
  id: 'no-secret-literals',
  title: 'No secrets as literal environment values',
  rationale: 'A literal value is in the manifests, the Terraform state, git history and every `kubectl get -o yaml`; secrets come by reference only.',
  references: [ref(Tool.KUBE_LINTER, 'env-var-secret'), ref(Tool.POLARIS, 'sensitiveContainerEnvVar')],
  fix: 'Take the value from a Secret (valueFrom.secretKeyRef) or an external secret store, and rotate the exposed value.',
  // The message names the variable, never its value.
  check: (context) => checkContainers(context, (_w, c) => (c.container.env ?? [])
    .map((env: any, i: number) => ({ env, i }))
    .filter(({ env }: any) => typeof env?.value === 'string' && env.value !== '' && !VARIABLE_REFERENCE.test(env.value)
      && ((looksLikeSecretName(env.name ?? '') && !FILE_PATH.test(env.value)) || PRIVATE_KEY_VALUE.test(env.value)))
    .map(({ env, i }: any) => ({
      message: `${describeContainer(c)} sets ${env.name} to a literal value that looks like a secret`,
      field: `env[${i}].value`,
    }))),
};
