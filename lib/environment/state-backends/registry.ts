/**
 * The registered Terraform state backends, and the only code that picks one by its kind. A new backend is a file
 * beside this one (settings, schema, resolution, block: see state-backend.ts) and its entry in {@link STATE_BACKENDS}.
 */
import { z } from 'zod';
import { kubernetesState } from './kubernetes';
import { localState } from './local';
import { s3State } from './s3';
import { BackendBlock, StateBackendContext, StateBackendPlugin } from './state-backend';

/** Every state backend a definition can name, in the order messages list them. */
export const STATE_BACKENDS = [localState, s3State, kubernetesState] as const;

type Registered = (typeof STATE_BACKENDS)[number];
type SettingsOf<P> = P extends StateBackendPlugin<infer Settings, any> ? Settings : never;
type ResolvedOf<P> = P extends StateBackendPlugin<any, infer Resolved> ? Resolved : never;

/** Where the Terraform state of an environment's stacks lives, as a definition writes it: any registered backend. */
export type StateSettings = SettingsOf<Registered>;

/** A state backend with its defaults applied. */
export type StateBackend = ResolvedOf<Registered>;

/** `kubernetes` → `KUBERNETES`, `some-store` → `SOME_STORE`. */
type ConstantName<K extends string> = K extends `${infer Head}-${infer Tail}` ? `${Uppercase<Head>}_${ConstantName<Tail>}` : Uppercase<K>;

/** Where an environment's Terraform state lives: the kind of one registered backend, e.g. `'s3'`. */
export type StateBackendKind = Registered['kind'];

/**
 * The kinds of state backends, by constant: `StateBackendKind.S3` is `'s3'`. Derived from the list, so a new backend's
 * kind needs no edit here.
 */
export const StateBackendKind = Object.fromEntries(STATE_BACKENDS.map((b) => [b.kind.toUpperCase().replace(/-/g, '_'), b.kind])) as {
  readonly [P in Registered as ConstantName<P['kind']>]: P['kind'];
};

/**
 * The state of an environment that names none: a Secret on the environment's own cluster, locked with a Lease. Shared
 * and locked like every pipeline's state must be, and it needs nothing the cluster does not already have (no bucket).
 */
export const DEFAULT_STATE_SETTINGS: StateSettings = { kind: 'kubernetes' };

const KINDS = STATE_BACKENDS.map((backend) => `"${backend.kind}"`).join(', ');

/** The schema of an environment's `state`: the settings of one registered backend, chosen by `kind`. */
export const stateSettingsSchema = z.discriminatedUnion('kind',
  STATE_BACKENDS.map((backend) => backend.schema) as [Registered['schema'], ...Array<Registered['schema']>],
  { error: `expected state.kind to be one of ${KINDS}` });

/**
 * Resolves an environment's state settings: the registered backend of their kind fills in its defaults.
 *
 * @param settings the validated `state` of an environment; `undefined` means {@link DEFAULT_STATE_SETTINGS}
 * @throws Error when no backend of that kind is registered (settings that bypassed {@link stateSettingsSchema})
 */
export function resolveStateBackend(settings: StateSettings | undefined, context: StateBackendContext): StateBackend {
  const given = settings ?? DEFAULT_STATE_SETTINGS;
  return backendOf(given.kind).resolve(given, context);
}

/**
 * The Terraform backend block of one stack's state.
 *
 * @throws Error when no backend of the state's kind is registered
 */
export function stateBackendBlock(state: StateBackend, stackName: string): BackendBlock {
  return backendOf(state.kind).block(state, stackName);
}

/**
 * Whether a resolved state is shared between runners and locked (its backend's `shared`).
 *
 * @throws Error when no backend of the state's kind is registered
 */
export function isSharedState(state: StateBackend): boolean {
  return backendOf(state.kind).shared;
}

/** The registered backend of `kind`. */
function backendOf(kind: string): StateBackendPlugin<StateSettings, StateBackend> {
  const backend = STATE_BACKENDS.find((b) => b.kind === kind);
  if (!backend) {
    throw new Error(`state backend "${kind}" is not registered; expected one of ${KINDS}`);
  }
  // Sound: the backend was found by the kind of the settings (or state) it is given.
  return backend as unknown as StateBackendPlugin<StateSettings, StateBackend>;
}
