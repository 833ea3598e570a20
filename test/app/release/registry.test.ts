import { ReleaseStrategy as ReleaseStrategyOfDefinitions, ReleaseStrategyKind as KindOfDefinitions } from '../../../lib/definitions';
import { BlueGreenStrategy, Slot } from '../../../lib/app/release/blue-green';
import { CanaryStrategy } from '../../../lib/app/release/canary';
import { RecreateStrategy } from '../../../lib/app/release/recreate';
import {
  DEFAULT_RELEASE_STRATEGY, RELEASE_STRATEGIES, ReleaseStrategy, ReleaseStrategyKind, strategyFor, strategyOf,
} from '../../../lib/app/release/registry';
import { RollingStrategy } from '../../../lib/app/release/rolling';
import { devWith, inherited, resolve } from '../fixtures';
import { exactly } from '../../platform/fixtures';

describe('release strategy registry', () => {
  test('lists each strategy once, by a kind of lowercase words joined by "-"', () => {
    const kinds = RELEASE_STRATEGIES.map((s) => s.kind);

    expect(kinds).toEqual(['rolling', 'recreate', 'blue-green', 'canary']);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const kind of kinds) expect(kind).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  test('derives the kind constants from the kinds', () => {
    expect(ReleaseStrategyKind).toEqual({ ROLLING: 'rolling', RECREATE: 'recreate', BLUE_GREEN: 'blue-green', CANARY: 'canary' });
    expect(KindOfDefinitions).toBe(ReleaseStrategyKind);
  });

  test('derives a factory per strategy, named after its kind, that adds the kind to the settings given', () => {
    expect(Object.keys(ReleaseStrategy)).toEqual(['rolling', 'recreate', 'blueGreen', 'canary']);
    expect(ReleaseStrategyOfDefinitions).toBe(ReleaseStrategy);
    expect(ReleaseStrategy.rolling()).toEqual({ kind: 'rolling' });
    expect(ReleaseStrategy.recreate({ revisionHistoryLimit: 2 })).toEqual({ kind: 'recreate', revisionHistoryLimit: 2 });
    expect(ReleaseStrategy.blueGreen({ active: Slot.BLUE, blue: { version: '1' }, green: { version: '2' } }))
      .toEqual({ kind: 'blue-green', active: 'blue', blue: { version: '1' }, green: { version: '2' } });
    expect(ReleaseStrategy.canary({ weight: 10, canary: { version: '2' } })).toEqual({ kind: 'canary', weight: 10, canary: { version: '2' } });
  });

  test('finds the strategy of a kind, and of an app\'s settings, rolling where they name none', () => {
    const types = [RollingStrategy, RecreateStrategy, BlueGreenStrategy, CanaryStrategy];
    expect(types.map((type, i) => strategyFor(RELEASE_STRATEGIES[i].kind) instanceof type)).toEqual([true, true, true, true]);
    expect(DEFAULT_RELEASE_STRATEGY.kind).toBe('rolling');
    expect(strategyOf({})).toEqual({ strategy: DEFAULT_RELEASE_STRATEGY, settings: { kind: 'rolling' } });
    const canary = ReleaseStrategy.canary({ weight: 10, canary: { version: '2' } });
    expect(strategyOf({ strategy: canary })).toEqual({ strategy: strategyFor('canary'), settings: canary });
  });

  test('fails when asked for a kind no strategy has', () => {
    expect(() => strategyFor('big-bang')).toThrow(/^no release strategy of kind "big-bang"; known kinds: "rolling", "recreate", "blue-green", "canary"$/);
  });

  test('fails when a definition names a kind no strategy has, listing the kinds in the order of the list', () => {
    expect(() => resolve(devWith({ strategy: { kind: 'big-bang' } }))).toThrow(exactly(
      inherited('strategy.kind', '"big-bang"', 'expected one of "rolling", "recreate", "blue-green", "canary"'),
    ));
  });
});
