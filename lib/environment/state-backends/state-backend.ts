/**
 * The contract of a Terraform state backend: one file per backend (local.ts, s3.ts, kubernetes.ts) holds its settings,
 * their schema, their resolution and the backend block it writes; registry.ts lists them. Nothing here loads cdktf:
 * definitions and validation need the settings, and only lib/terraform writes the block (state-backend.ts there).
 */
import type { z } from 'zod';
import type { Cluster } from '../../cluster/cluster-model';

/** A value of a Terraform backend argument, as JSON holds it. */
export type BackendArgument = string | number | boolean | readonly BackendArgument[] | { readonly [key: string]: BackendArgument };

/**
 * The backend block of one Terraform stack, exactly as `cdk.tf.json` holds it: `{ "terraform": { "backend": { [name]:
 * config } } }`. Plain data, so that a backend is defined without cdktf; lib/terraform writes it.
 */
export interface BackendBlock {
  /** Terraform's name of the backend type, e.g. `s3`: the key under `terraform.backend`. */
  readonly name: string;
  /** The backend's arguments under their Terraform names (`secret_suffix`, `use_lockfile`); cdktf writes them sorted by name. */
  readonly config: { readonly [argument: string]: BackendArgument };
}

/** What resolving a backend's settings may read besides the settings themselves. */
export interface StateBackendContext {
  /** The cluster the stack deploys to; its kubeconfig reaches it. */
  readonly cluster: Cluster;
}

/**
 * One Terraform state backend: how a definition names and configures it, its defaults, and the backend block it writes
 * for a stack. `Settings` is what a definition writes (`state: { kind, … }`), `Resolved` the same with every default
 * filled in (the model's `Environment.state`).
 */
export interface StateBackendPlugin<Settings extends { readonly kind: string }, Resolved extends { readonly kind: Settings['kind'] }> {
  /** The name definitions give it (`state.kind`): lowercase words joined by `-`; `StateBackendKind` is derived from it. */
  readonly kind: Settings['kind'];
  /**
   * Whether state kept here is shared between runners and locked while a run holds it. A stack that a pipeline deploys
   * (every stack unless its platform is built for a laptop) refuses a backend that is not: a short-lived runner loses
   * what it keeps on its own disk, and the next run would try to create everything again.
   */
  readonly shared: boolean;
  /**
   * The schema of its settings: a strict object whose `kind` is the literal {@link kind}, so that the registry can join
   * every backend's schema into one discriminated union.
   */
  readonly schema: z.ZodType<Settings> & z.core.$ZodTypeDiscriminable;
  /** Fills in the defaults of validated settings. */
  resolve(settings: Settings, context: StateBackendContext): Resolved;
  /** The backend block of the stack named `stackName`: each stack has its own state (file, key or Secret). */
  block(state: Resolved, stackName: string): BackendBlock;
}
