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

/** The strategies this library comes with, first in the list in this order; a new one goes after them. */
const BUILT_IN = ['rolling', 'recreate', 'blue-green', 'canary'];
const KINDS = RELEASE_STRATEGIES.map((s) => s.kind);
const QUOTED_KINDS = KINDS.map((kind) => `"${kind}"`).join(', ');

describe('release strategy registry', () => {
  test('lists the built-in strategies first, each strategy once, by a kind of lowercase words joined by "-"', () => {
    expect(KINDS.slice(0, BUILT_IN.length)).toEqual(BUILT_IN);
    expect(new Set(KINDS).size).toBe(KINDS.length);
    for (const kind of KINDS) expect(kind).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(QUOTED_KINDS.startsWith('"rolling", "recreate", "blue-green", "canary"')).toBe(true);
  });

  test('derives a kind constant per strategy, named after its kind in capitals', () => {
    expect(ReleaseStrategyKind).toMatchObject({ ROLLING: 'rolling', RECREATE: 'recreate', BLUE_GREEN: 'blue-green', CANARY: 'canary' });
    expect(Object.entries(ReleaseStrategyKind)).toEqual(KINDS.map((kind) => [kind.toUpperCase().replace(/-/g, '_'), kind]));
    expect(KindOfDefinitions).toBe(ReleaseStrategyKind);
  });

  test('derives a factory per strategy, named after its kind in camel case, that adds the kind to the settings given', () => {
    expect(Object.keys(ReleaseStrategy).slice(0, BUILT_IN.length)).toEqual(['rolling', 'recreate', 'blueGreen', 'canary']);
    expect(Object.keys(ReleaseStrategy)).toHaveLength(KINDS.length);
    expect(ReleaseStrategyOfDefinitions).toBe(ReleaseStrategy);
    expect(ReleaseStrategy.rolling()).toEqual({ kind: 'rolling' });
    expect(ReleaseStrategy.recreate({ revisionHistoryLimit: 2 })).toEqual({ kind: 'recreate', revisionHistoryLimit: 2 });
    expect(ReleaseStrategy.blueGreen({ active: Slot.BLUE, blue: { version: '1' }, green: { version: '2' } }))
      .toEqual({ kind: 'blue-green', active: 'blue', blue: { version: '1' }, green: { version: '2' } });
    expect(ReleaseStrategy.canary({ weight: 10, canary: { version: '2' } })).toEqual({ kind: 'canary', weight: 10, canary: { version: '2' } });
  });

  test('finds the strategy of a kind, and of an app\'s settings, rolling where they name none', () => {
    const types = [RollingStrategy, RecreateStrategy, BlueGreenStrategy, CanaryStrategy];
    expect(types.map((type, i) => strategyFor(BUILT_IN[i]) instanceof type)).toEqual([true, true, true, true]);
    expect(DEFAULT_RELEASE_STRATEGY.kind).toBe('rolling');
    expect(strategyOf({})).toEqual({ strategy: DEFAULT_RELEASE_STRATEGY, settings: { kind: 'rolling' } });
    const canary = ReleaseStrategy.canary({ weight: 10, canary: { version: '2' } });
    expect(strategyOf({ strategy: canary })).toEqual({ strategy: strategyFor('canary'), settings: canary });
  });

  test('fails when asked for a kind no strategy has', () => {
    expect(() => strategyFor('big-bang')).toThrow(new Error(`no release strategy of kind "big-bang"; known kinds: ${QUOTED_KINDS}`));
  });

  test('fails when a definition names a kind no strategy has, listing the kinds in the order of the list', () => {
    expect(() => resolve(devWith({ strategy: { kind: 'big-bang' } }))).toThrow(exactly(
      inherited('strategy.kind', '"big-bang"', `expected one of ${QUOTED_KINDS}`),
    ));
  });
});
