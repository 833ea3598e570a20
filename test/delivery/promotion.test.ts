import * as fs from 'node:fs';
import { DeliveryError, formatPromotion, planPromotion, promote, ReleaseStrategy, resolvePlatform, Slot } from '../../lib';
import { platform } from '../fixtures/shop/environments';
import { changedLines, copyEnvironments, definitionWith } from './_fixtures';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('promote', () => {
  test('qa → staging changes exactly the pin lines of environments/staging.ts', () => {
    const envs = copyEnvironments();
    const before = envs.read('staging');
    const result = promote({ definition: platform, from: 'qa', to: 'staging', file: envs.file('staging') });
    expect(result.written).toBe(true);
    expect(changedLines(before, envs.read('staging'))).toEqual([
      [
        '    web: { version: \'1.4.2\', ingress: { host: \'shop.staging.example.com\' }, replicas: null, autoscaling: { minReplicas: 2, maxReplicas: 4 } },',
        '    web: { version: \'1.5.0\', ingress: { host: \'shop.staging.example.com\' }, replicas: null, autoscaling: { minReplicas: 2, maxReplicas: 4 } },',
      ],
      ['    api: { version: \'2.2.1\', replicas: null, autoscaling: { minReplicas: 2, maxReplicas: 4 } },',
        '    api: { version: \'2.3.0\', replicas: null, autoscaling: { minReplicas: 2, maxReplicas: 4 } },'],
      ['    worker: { version: \'2.2.1\', replicas: 2 },', '    worker: { version: \'2.3.0\', replicas: 2 },'],
    ]);
    expect(result.plan.apps.map((a) => a.note)).toEqual(['runs 1.5.0', 'runs 2.3.0', 'runs 2.3.0', 'unchanged: runs 7.2.5']);
    // The written file loads and the platform with it validates.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const staging = require(envs.file('staging')).staging;
    expect(staging.apps.web.version).toBe('1.5.0');
    expect(() => resolvePlatform({ ...platform, environments: platform.environments.map((e) => (e.name === 'staging' ? staging : e)) })).not.toThrow();
    expect(fs.readdirSync(envs.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('--dry-run prints the change and writes nothing', () => {
    const envs = copyEnvironments();
    const before = envs.read('staging');
    const result = promote({ definition: platform, from: 'qa', to: 'staging', apps: ['worker'], dryRun: true, file: envs.file('staging') });
    expect(result.written).toBe(false);
    expect(envs.read('staging')).toBe(before);
    expect(formatPromotion({ ...result, file: 'environments/staging.ts' })).toBe([
      'promote qa → staging (environments/staging.ts) [dry run]',
      '  worker: runs 2.3.0',
      '    apps.worker.version: 2.2.1 → 2.3.0',
      '',
      '--- environments/staging.ts',
      '+++ environments/staging.ts',
      '-  11     worker: { version: \'2.2.1\', replicas: 2 },',
      '+  11     worker: { version: \'2.3.0\', replicas: 2 },',
      '',
    ].join('\n'));
  });

  test('nothing to change when the target already pins what the source runs', () => {
    const envs = copyEnvironments();
    const result = promote({ definition: platform, from: 'dev', to: 'qa', file: envs.file('qa') });
    expect(result.written).toBe(false);
    expect(formatPromotion(result)).toContain('nothing to change: "qa" already pins what "dev" runs');
  });

  test('into blue-green and canary targets: the idle slot and the canary pin take the served version; active and weight stay', () => {
    const envs = copyEnvironments();
    const before = envs.read('production');
    const definition = definitionWith((d) => {
      const staging = d.environments.find((e: any) => e.name === 'staging');
      staging.apps.web.version = '1.5.0';
      staging.apps.api.version = '2.3.0';
    });
    const result = promote({ definition, from: 'staging', to: 'production', apps: ['web', 'api'], file: envs.file('production') });
    expect(changedLines(before, envs.read('production'))).toEqual([
      ['      strategy: ReleaseStrategy.blueGreen({ active: Slot.BLUE, blue: { version: \'1.4.1\' }, green: { version: \'1.4.2\' } }),',
        '      strategy: ReleaseStrategy.blueGreen({ active: Slot.BLUE, blue: { version: \'1.4.1\' }, green: { version: \'1.5.0\' } }),'],
      ['      strategy: ReleaseStrategy.canary({ weight: 20, canary: { version: \'2.2.1\' } }),',
        '      strategy: ReleaseStrategy.canary({ weight: 20, canary: { version: \'2.3.0\' } }),'],
    ]);
    expect(result.plan.apps.map((a) => a.note)).toEqual([
      '1.5.0 in the idle slot green (reachable through web-preview); active stays blue: switching it is the release',
      '2.3.0 as the canary at weight 20% (raising the weight is the release)',
    ]);
  });

  test('blue-green → blue-green copies both slots and the active slot', () => {
    const envs = copyEnvironments();
    const definition = definitionWith((d) => {
      const staging = d.environments.find((e: any) => e.name === 'staging');
      staging.apps.web.strategy = ReleaseStrategy.blueGreen({ active: Slot.GREEN, blue: { version: '1.4.2' }, green: { version: '1.5.0' } });
    });
    const before = envs.read('production');
    promote({ definition, from: 'staging', to: 'production', apps: ['web'], file: envs.file('production') });
    expect(changedLines(before, envs.read('production'))).toEqual([[
      '      strategy: ReleaseStrategy.blueGreen({ active: Slot.BLUE, blue: { version: \'1.4.1\' }, green: { version: \'1.4.2\' } }),',
      '      strategy: ReleaseStrategy.blueGreen({ active: Slot.GREEN, blue: { version: \'1.4.2\' }, green: { version: \'1.5.0\' } }),',
    ]]);
  });

  test('a blue-green source promotes the version of its active slot', () => {
    const definition = definitionWith((d) => {
      const qa = d.environments.find((e: any) => e.name === 'qa');
      qa.apps.web.strategy = ReleaseStrategy.blueGreen({ active: Slot.GREEN, blue: { version: '1.4.9' }, green: { version: '1.6.0' } });
    });
    const plan = planPromotion({ definition, from: 'qa', to: 'staging', apps: ['web'] });
    expect(plan.apps[0].changes).toEqual([{ app: 'web', path: ['apps', 'web', 'version'], before: '1.4.2', after: '1.6.0' }]);
  });

  test('canary → canary copies the stable and the canary pin', () => {
    const definition = definitionWith((d) => {
      const staging = d.environments.find((e: any) => e.name === 'staging');
      staging.apps.api.strategy = ReleaseStrategy.canary({ weight: 50, canary: { version: '2.4.0' } });
    });
    const plan = planPromotion({ definition, from: 'staging', to: 'production', apps: ['api'] });
    expect(plan.edits).toEqual([
      { path: ['apps', 'api', 'version'], value: '2.2.1' },
      { path: ['apps', 'api', 'strategy', 'canary', 'version'], value: '2.4.0' },
    ]);
  });

  test('a digest is copied with the version, inserted beside it in the same line', () => {
    const envs = copyEnvironments();
    const definition = definitionWith((d) => {
      d.environments.find((e: any) => e.name === 'qa').apps.worker.digest = DIGEST;
    });
    const before = envs.read('staging');
    promote({ definition, from: 'qa', to: 'staging', apps: ['worker'], file: envs.file('staging') });
    expect(changedLines(before, envs.read('staging'))).toEqual([
      ['    worker: { version: \'2.2.1\', replicas: 2 },', `    worker: { digest: '${DIGEST}', version: '2.3.0', replicas: 2 },`],
    ]);
  });

  test('forced across the order with a reason', () => {
    const plan = planPromotion({ definition: platform, from: 'dev', to: 'staging', force: true, reason: ' hotfix INC-7 ' });
    expect(plan.forcedReason).toBe('hotfix INC-7');
  });

  describe('refusals', () => {
    const attempt = (options: Partial<Parameters<typeof planPromotion>[0]>) => () => planPromotion({ definition: platform, from: 'qa', to: 'staging', ...options });

    test('fails when the source environment is unknown', () => {
      expect(attempt({ from: 'prod' })).toThrow(new DeliveryError('unknown environment "prod"; expected one of "dev", "qa", "staging", "production"'));
    });
    test('fails when the target environment is unknown', () => {
      expect(attempt({ to: 'stage' })).toThrow(new DeliveryError('unknown environment "stage"; expected one of "dev", "qa", "staging", "production"'));
    });
    test('fails when an app is unknown', () => {
      expect(attempt({ apps: ['frontend'] })).toThrow(new DeliveryError('unknown app "frontend"; expected one of "web", "api", "worker", "store"'));
    });
    test('fails when source and target are the same', () => {
      expect(attempt({ from: 'qa', to: 'qa' })).toThrow(new DeliveryError('cannot promote "qa" to itself; name the next environment (order: dev → qa → staging → production)'));
    });
    test('fails when an environment of the order is skipped', () => {
      expect(attempt({ from: 'dev', to: 'staging' })).toThrow(new DeliveryError('promotion follows the declared order dev → qa → staging → production; "dev" → "staging" skips "qa". '
        + 'Promote to "qa" first, or pass --force with --reason "<why>"'));
    });
    test('fails when the promotion goes backwards', () => {
      expect(attempt({ from: 'staging', to: 'qa' })).toThrow(new DeliveryError('promotion follows the declared order dev → qa → staging → production; "staging" → "qa" goes backwards '
        + '("qa" comes before "staging"). Promote to "production" first, or pass --force with --reason "<why>"'));
    });
    test('fails when forced without a reason', () => {
      expect(attempt({ from: 'dev', to: 'production', force: true, reason: ' ' })).toThrow(new DeliveryError('promotion follows the declared order dev → qa → staging → production; '
        + '"dev" → "production" skips "qa", "staging"; --force needs --reason "<why>", which goes into the pull request'));
    });
    test('fails when the source app has no pin', () => {
      const definition = definitionWith((d) => { delete d.environments.find((e: any) => e.name === 'qa').apps.web.version; });
      expect(() => planPromotion({ definition, from: 'qa', to: 'staging' })).toThrow(new DeliveryError('app "web" has no version pin in "qa" '
        + '(neither version nor digest), so it runs whatever "latest" is; pin a version in "qa" before promoting it'));
    });
    test('fails when the named app does not run in the source', () => {
      const definition = definitionWith((d) => { d.environments.find((e: any) => e.name === 'qa').apps.worker.enabled = false; });
      expect(() => planPromotion({ definition, from: 'qa', to: 'staging', apps: ['worker'] }))
        .toThrow(new DeliveryError('app "worker" does not run in "qa" (enabled: false), so "qa" runs no version of it to promote'));
    });
    test('fails when the named app does not run in the target', () => {
      const definition = definitionWith((d) => { d.environments.find((e: any) => e.name === 'staging').apps.worker.enabled = false; });
      expect(() => planPromotion({ definition, from: 'qa', to: 'staging', apps: ['worker'] }))
        .toThrow(new DeliveryError('app "worker" does not run in "staging" (enabled: false); enable it there before promoting its version'));
    });
    test('skips an app disabled in the source when no app is named', () => {
      const definition = definitionWith((d) => { d.environments.find((e: any) => e.name === 'qa').apps.worker.enabled = false; });
      expect(planPromotion({ definition, from: 'qa', to: 'staging' }).apps[2]).toEqual({ app: 'worker', note: 'skipped: not enabled in "qa"', changes: [] });
    });
    test('fails when the source canary runs no pods', () => {
      const definition = definitionWith((d) => {
        d.environments.find((e: any) => e.name === 'staging').apps.api.strategy = ReleaseStrategy.canary({ weight: 0, canary: { version: '2.4.0' } });
      });
      expect(() => planPromotion({ definition, from: 'staging', to: 'production', apps: ['api'] })).toThrow(new DeliveryError(
        'app "api": the canary of "staging" (2.4.0) has weight 0 and runs no pods, so "staging" does not run that version; raise its weight in '
        + '"staging" or promote without app "api" (--app)'));
    });
    test('fails when the target\'s strategy is inherited rather than declared', () => {
      const definition = definitionWith((d) => {
        d.apps.find((a: any) => a.name === 'worker').strategy = ReleaseStrategy.canary({ weight: 10, canary: { version: '2.2.1' } });
        d.environments.find((e: any) => e.name === 'staging').apps.worker.version = '2.4.0';
      });
      expect(() => planPromotion({ definition, from: 'staging', to: 'production', apps: ['worker'] })).toThrow(new DeliveryError(
        'app "worker": "production" runs a canary release but its strategy is inherited, not declared in the definition of "production"; promotion '
        + 'edits only pins that definition declares: declare strategy under apps.worker of "production" first'));
    });
    test('fails when the result would not validate', () => {
      const definition = definitionWith((d) => { d.environments.find((e: any) => e.name === 'staging').apps.worker.version = 'latest'; });
      expect(() => planPromotion({ definition, from: 'staging', to: 'production', apps: ['worker'] }))
        .toThrow(/^the promoted definition of "production" would not validate, so nothing was changed:\ninvalid platform definition \(1 error\)/);
    });
    test('fails when the definition file does not exist', () => {
      expect(() => promote({ definition: platform, from: 'qa', to: 'staging', file: '/nonexistent/staging.ts' }))
        .toThrow(new DeliveryError('/nonexistent/staging.ts does not exist; the definition of "staging" is expected there'));
    });
  });
});
