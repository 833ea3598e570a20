/**
 * The one list of release strategies. Everything else asks it: the schema of `strategy`, the kinds and factories
 * definitions are written with, which strategy resolves, renders and promotes an app. A new strategy is a file beside
 * these (see release-strategy.ts) and its line in {@link RELEASE_STRATEGIES}.
 */
import { z } from 'zod';
import { BlueGreenStrategy } from './blue-green';
import { CanaryStrategy } from './canary';
import { RecreateStrategy } from './recreate';
import { ReleaseStrategyPlugin, StrategySettings } from './release-strategy';
import { RollingStrategy } from './rolling';

/** Every release strategy, in the order errors list their kinds. */
export const RELEASE_STRATEGIES = [
  new RollingStrategy(),
  new RecreateStrategy(),
  new BlueGreenStrategy(),
  new CanaryStrategy(),
] as const;

/** The strategy of apps that name none. */
export const DEFAULT_RELEASE_STRATEGY: ReleaseStrategyPlugin = RELEASE_STRATEGIES[0];

type Registered = (typeof RELEASE_STRATEGIES)[number];
type SettingsOf<P> = P extends { resolve(settings: infer S, ...rest: never[]): unknown } ? S : never;
type ReleaseOf<P> = P extends { resolve(...args: never[]): infer R } ? NonNullable<R> : never;

/** How an app is released in an environment: the settings of one of the strategies. */
export type ReleaseStrategySettings = SettingsOf<Registered>;

/** A resolved release: that of one of the strategies. */
export type Release = ReleaseOf<Registered>;

/** The kind of a release strategy, e.g. `'blue-green'`. */
export type ReleaseStrategyKind = Registered['kind'];

/** `blue-green` → `BLUE_GREEN`. */
type ConstantName<K extends string> = K extends `${infer Head}-${infer Tail}` ? `${Uppercase<Head>}_${ConstantName<Tail>}` : Uppercase<K>;
/** `blue-green` → `blueGreen`. */
type FactoryName<K extends string> = K extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<FactoryName<Tail>>}` : K;
/** A factory whose options may be left out when the strategy has no required setting. */
type Factory<S> = Partial<Omit<S, 'kind'>> extends Omit<S, 'kind'> ? (options?: Omit<S, 'kind'>) => S : (options: Omit<S, 'kind'>) => S;

const constantName = (kind: string) => kind.toUpperCase().replace(/-/g, '_');
const factoryName = (kind: string) => kind.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
 * The kinds of release strategies, by constant: `ReleaseStrategyKind.BLUE_GREEN` is `'blue-green'`. Derived from the
 * list, so a new strategy's kind needs no edit here.
 */
export const ReleaseStrategyKind = Object.fromEntries(RELEASE_STRATEGIES.map((s) => [constantName(s.kind), s.kind])) as {
  readonly [P in Registered as ConstantName<P['kind']>]: P['kind'];
};

/**
 * Factories for release strategies, so definitions read `strategy: ReleaseStrategy.canary({ … })`: one per strategy,
 * named after its kind in camel case (`blue-green` → `blueGreen`), taking its settings without `kind`.
 */
export const ReleaseStrategy = Object.fromEntries(RELEASE_STRATEGIES.map((s) => [
  factoryName(s.kind), (options: object = {}) => ({ kind: s.kind, ...options }),
])) as { readonly [P in Registered as FactoryName<P['kind']>]: Factory<SettingsOf<P>> };

/**
 * The schema of `strategy`: one of the strategies' schemas, picked by `kind`. Errors list the kinds in the order of
 * the list; an unknown field is reported with the fields of the strategy named.
 */
export const releaseStrategySchema = z.discriminatedUnion(
  'kind',
  // Each schema is a strict object with a literal `kind`, which is what a discriminated union needs.
  RELEASE_STRATEGIES.map((s) => s.schema) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<ReleaseStrategySettings>;

/** The strategy of a kind. */
export function strategyFor(kind: string): ReleaseStrategyPlugin {
  const strategy = RELEASE_STRATEGIES.find((s) => s.kind === kind);
  if (!strategy) {
    throw new Error(`no release strategy of kind "${kind}"; known kinds: ${RELEASE_STRATEGIES.map((s) => `"${s.kind}"`).join(', ')}`);
  }
  return strategy as ReleaseStrategyPlugin;
}

/** A strategy with the settings it is used with. */
export interface StrategyInUse {
  readonly strategy: ReleaseStrategyPlugin;
  readonly settings: StrategySettings;
}

/** The strategy an app's settings name (the default one when they name none), with its settings. */
export function strategyOf(app: { readonly strategy?: StrategySettings }): StrategyInUse {
  const settings = app.strategy ?? { kind: DEFAULT_RELEASE_STRATEGY.kind };
  return { strategy: strategyFor(settings.kind), settings };
}
