/**
 * No secret value ever reaches dist/ or cdktf.out/: values planted in the definitions' secret references are refused
 * (and not echoed in the error), and the reference output holds secrets only as references.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PlatformDefinition, synthPlatform } from '../../lib';
import { platform } from '../../environments';

let root: string;
let dist: string;
let out: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'no-secrets-'));
  dist = path.join(root, 'dist');
  out = path.join(root, 'cdktf.out');
  synthPlatform({ definition: platform, manifestsDir: dist, terraformDir: out });
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** Every file of both outputs, as text. */
function outputText(): string {
  return [dist, out].flatMap((dir) => fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))).join('\n');
}

const PLANTED = [
  ['value', (canary: string) => canary],
  ['data', (canary: string) => ({ password: Buffer.from(canary).toString('base64') })],
  ['stringData', (canary: string) => ({ password: canary })],
  ['values', (canary: string) => [canary]],
] as const;

test.each(PLANTED)('fails when a secret reference carries %s, without echoing it, and leaves no trace in the outputs', (field, planted) => {
  const canary = `CANARY-${field}-7f3a9c1e`;
  const definition = JSON.parse(JSON.stringify(platform));
  for (const app of definition.apps) {
    for (const secret of app.secrets ?? []) {
      secret[field] = planted(canary);
    }
  }
  let message = '';
  try {
    synthPlatform({ definition: definition as PlatformDefinition, manifestsDir: dist, terraformDir: out });
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toContain(`apps.api.secrets[0].${field} is "(hidden)" (inherited from app "api"); secret values never go in definitions`);
  expect(message).not.toContain(canary);
  expect(message).not.toContain(Buffer.from(canary).toString('base64'));
  const text = outputText();
  expect(text).not.toContain(canary);
  expect(text).not.toContain(Buffer.from(canary).toString('base64'));
});

test('the outputs hold secrets only as references: no Secret objects, secret env only through secretKeyRef', () => {
  const text = outputText();
  expect(text).not.toMatch(/^kind: Secret$/m);
  expect(text).not.toContain('stringData');
  const literalSecretEnv = [...text.matchAll(/- name: (\w*(PASSWORD|TOKEN|SECRET)\w*)\n\s+value: /g)].map((m) => m[1]);
  expect(literalSecretEnv).toEqual([]);
  expect(text).toContain('secretKeyRef');
});
