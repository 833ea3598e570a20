import { NO_SECRET_LITERALS, looksLikeSecretName } from '../_lib';
import { changed, deployment, findingsOf, messagesOf } from '../fixtures';

function withEnv(env: any[]): any {
  return changed(deployment(), (d) => { d.spec.template.spec.containers[0].env = env; });
}

describe('no-secret-literals', () => {
  test('passes secrets by reference, empty values, references to other variables or files, and ordinary literals', () => {
    expect(messagesOf(NO_SECRET_LITERALS, [deployment(), withEnv([
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
      { name: 'DB_PASSWORD', value: '' },
      { name: 'CLIENT_SECRET', value: '$(OAUTH_CLIENT_SECRET)' },
      { name: 'ETCD_KEY', value: '/etc/kubernetes/pki/etcd/healthcheck-client.key' },
      { name: 'KEYCLOAK_URL', value: 'https://sso.example.com' },
      { name: 'MONKEY_MODE', value: 'chaos' },
    ])])).toEqual([]);
  });

  test('fails literal values of secret-looking names and private keys, never showing the value', () => {
    const leaked = withEnv([
      { name: 'DB_PASSWORD', value: 'hunter2' },
      { name: 'stripe_api_key', value: 'sk_live_123' },
      { name: 'TLS', value: '-----BEGIN RSA PRIVATE KEY-----\nMIIE...' },
    ]);
    const found = findingsOf(NO_SECRET_LITERALS, [leaked]);
    expect(found).toEqual([
      { object: 'Deployment/shop/web', message: 'container "web" sets DB_PASSWORD to a literal value that looks like a secret', path: 'spec.template.spec.containers[0].env[0].value' },
      { object: 'Deployment/shop/web', message: 'container "web" sets stripe_api_key to a literal value that looks like a secret', path: 'spec.template.spec.containers[0].env[1].value' },
      { object: 'Deployment/shop/web', message: 'container "web" sets TLS to a literal value that looks like a secret', path: 'spec.template.spec.containers[0].env[2].value' },
    ]);
    expect(JSON.stringify(found)).not.toMatch(/hunter2|sk_live|MIIE/);
  });

  test('reads names by segment: KEY as a segment is a secret, inside a word it is not', () => {
    expect(['ACCESS_KEY', 'APIKEY', 'signing.key', 'GITHUB_TOKEN', 'KEYCLOAK_URL', 'MONKEY', 'TURNKEY_HOST'].map(looksLikeSecretName))
      .toEqual([true, true, true, true, false, false, false]);
  });
});
