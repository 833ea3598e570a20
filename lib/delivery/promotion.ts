/**
 * Promotion: the version pins of one environment copied into the next one's definition file, as an edit that changes
 * only pin lines. The target app's release strategy decides what changes (`promote`, or `promoteAlike` when the source
 * uses the same strategy; see lib/app/release/). For the built-in strategies (source → target):
 *
 * | source → target | what changes in the target |
 * |---|---|
 * | any → rolling / recreate | `version` / `digest` := the version the source serves |
 * | blue-green → blue-green | both slot pins and `active`, as in the source |
 * | canary → canary | the stable `version` / `digest` and the canary pin, as in the source (refused at weight 0: the canary runs no pods) |
 * | other → blue-green | the **idle** slot := the version the source serves; `active` stays (switching it is the release) |
 * | other → canary | the canary pin := the version the source serves; the weight stays (raising it is the release) |
 *
 * "The version the source serves" is defined in `version-pins.ts`: the active slot of a blue-green app, the stable
 * track of a canary. Weights, replicas and every other field are never touched.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from '../app/app-model';
import { AppSettings } from '../app/app-types';
import { strategyOf } from '../app/release/registry';
import { PromotionContext } from '../app/release/release-strategy';
import { hasPin, pin, VersionPin } from '../app/release/version-pin';
import { PlatformValidationError } from '../core/errors';
import { isPlainObject, mergePatch } from '../core/merge';
import { Environment } from '../environment/environment-model';
import { resolvePlatform } from '../platform/resolve-platform';
import { EnvironmentDefinition } from '../environment/environment-types';
import { PlatformDefinition } from '../platform/platform-definition';
import { SourceEdit, editEnvironmentSource, evaluateEnvironmentSource } from './_source-edit';
import { DeliveryError, quoteList } from './delivery-error';
import { servedPin } from './version-pins';

const PIN_FIELDS = ['version', 'digest'] as const;

/** What to promote. */
export interface PromotionOptions {
  /** The platform definition (e.g. `environments/index.ts`'s `platform`). */
  readonly definition: PlatformDefinition;
  /** The source environment. */
  readonly from: string;
  /** The target environment: the next one in `definition.environments` unless forced. */
  readonly to: string;
  /**
   * Promote only these apps.
   * @default - every app
   */
  readonly apps?: readonly string[];
  /**
   * Promote across the declared order (skipping an environment, or backwards); needs `reason`.
   * @default false
   */
  readonly force?: boolean;
  /**
   * Why the order is skipped; printed with the promotion, for the pull request.
   * @default - none
   */
  readonly reason?: string;
}

/** One pin field of the target that changes. */
export interface PinChange {
  /** The app whose pin changes. */
  readonly app: string;
  /** Path in the target's definition, e.g. `apps.web.version` or `apps.web.strategy.green.version`. */
  readonly path: readonly string[];
  /** The value the target had (its own or inherited). */
  readonly before: string | undefined;
  /** The new value; `undefined` when the field is removed. */
  readonly after: string | undefined;
}

/** What happens to one app. */
export interface AppPromotion {
  /** The app's name. */
  readonly app: string;
  /** One line for people: what the target will run. */
  readonly note: string;
  /** The pin fields of the target that change for the app (none when it already runs the version). */
  readonly changes: readonly PinChange[];
}

/** A planned promotion: the changes, and the target's definition after them. */
export interface PromotionPlan {
  /** The environment promoted from. */
  readonly from: string;
  /** The environment promoted to: the one whose definition changes. */
  readonly to: string;
  /**
   * The reason given with `force`, when the order is skipped.
   * @default - none: the promotion follows the platform's order
   */
  readonly forcedReason?: string;
  /** What happens to each app promoted. */
  readonly apps: readonly AppPromotion[];
  /**
   * The edits of the target's definition (values `null` clear an inherited pin, `undefined` remove the target's own).
   * Internal: `promote` applies them; `apps[].changes` lists the same changes for people and tools.
   * @internal
   */
  readonly edits: readonly SourceEdit[];
  /** The target's definition after the edits (validated with the rest of the platform). */
  readonly definition: EnvironmentDefinition;
}

/**
 * Plans a promotion and validates the result; writes nothing.
 *
 * @throws DeliveryError on an unknown environment or app, the wrong order (unless forced with a reason), a source
 * app without a pin or one whose pin runs no pods, a target strategy that the target's definition does not declare,
 * or a result that would not validate
 */
export function planPromotion(options: PromotionOptions): PromotionPlan {
  const { definition, from, to } = options;
  const platform = resolvePlatform(definition);
  const names = platform.environments.map((e) => e.name);
  const source = environmentNamed(platform.environments, from);
  const target = environmentNamed(platform.environments, to);
  if (from === to) {
    throw new DeliveryError(`cannot promote "${from}" to itself; name the next environment (order: ${names.join(' → ')})`);
  }
  const forcedReason = checkOrder(names, from, to, options);

  const declared = (definition.apps ?? []).map((a) => a.name);
  const requested = options.apps && options.apps.length > 0 ? [...new Set(options.apps)] : undefined;
  for (const app of requested ?? []) {
    if (!declared.includes(app)) {
      throw new DeliveryError(`unknown app "${app}"; expected one of ${quoteList(declared)}`);
    }
  }

  const own = definition.environments.find((e) => e.name === to)!;
  const apps: AppPromotion[] = [];
  const edits: SourceEdit[] = [];
  for (const name of requested ?? declared) {
    const s = source.apps.find((a) => a.name === name);
    const t = target.apps.find((a) => a.name === name);
    if (!s || !t) {
      const where = !s ? from : to;
      if (requested) {
        throw new DeliveryError(!s
          ? `app "${name}" does not run in "${from}" (enabled: false), so "${from}" runs no version of it to promote`
          : `app "${name}" does not run in "${to}" (enabled: false); enable it there before promoting its version`);
      }
      apps.push({ app: name, note: `skipped: not enabled in "${where}"`, changes: [] });
      continue;
    }
    const planned = planApp(definition, own, s, t, from, to);
    apps.push(planned.promotion);
    edits.push(...planned.edits);
  }

  const promoted = applyEdits(own, edits);
  const environments = definition.environments.map((e) => (e.name === to ? promoted : e));
  try {
    resolvePlatform({ ...definition, environments });
  } catch (error) {
    if (error instanceof PlatformValidationError) {
      throw new DeliveryError(`the promoted definition of "${to}" would not validate, so nothing was changed:\n${error.message}`);
    }
    throw error;
  }
  return { from, to, forcedReason, apps, edits, definition: promoted };
}

/** Where and how {@link promote} edits the target's definition file. */
export interface PromoteOptions extends PromotionOptions {
  /** The target's definition file, e.g. `environments/qa.ts`. */
  readonly file: string;
  /**
   * Folder the file's relative imports resolve from, when the file is a copy elsewhere.
   * @default - the file's folder
   */
  readonly moduleDir?: string;
  /**
   * Print only: plan, edit in memory, validate, but do not write.
   * @default false
   */
  readonly dryRun?: boolean;
}

/** What {@link promote} did. */
export interface PromotionResult {
  /** The plan carried out. */
  readonly plan: PromotionPlan;
  /** The target's definition file. */
  readonly file: string;
  /** The file's text before the edit. */
  readonly before: string;
  /** The file's text after the edit (equal to `before` when nothing changes). */
  readonly after: string;
  /** Whether the file was written (not in a dry run, nor when nothing changes). */
  readonly written: boolean;
}

/**
 * Promotes: plans, edits the target's definition file in memory, checks that the edited file evaluates to exactly the
 * planned definition (so the edit changed pins and nothing else) and that the platform still validates, then replaces
 * the file atomically (a temporary file in the same folder, renamed over it).
 *
 * @throws DeliveryError as {@link planPromotion}, and when the file does not define the target as an object literal
 * or the edit does not evaluate to the planned definition
 */
export function promote(options: PromoteOptions): PromotionResult {
  const plan = planPromotion(options);
  const file = options.file;
  if (!fs.existsSync(file)) {
    throw new DeliveryError(`${file} does not exist; the definition of "${options.to}" is expected there`);
  }
  const before = fs.readFileSync(file, 'utf8');
  if (plan.edits.length === 0) {
    return { plan, file, before, after: before, written: false };
  }
  const after = editEnvironmentSource(before, file, options.to, plan.edits);
  const evaluated = evaluateEnvironmentSource(after, file, options.to, options.moduleDir ?? path.dirname(path.resolve(file)));
  if (canonical(evaluated) !== canonical(plan.definition)) {
    throw new DeliveryError(`the edit of ${file} does not evaluate to the planned pins (the file is written in a form promotion cannot edit `
      + 'safely); nothing was written');
  }
  if (options.dryRun) {
    return { plan, file, before, after, written: false };
  }
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, after);
    fs.renameSync(temporary, file);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
  return { plan, file, before, after, written: true };
}

/** Human-readable summary of a promotion: per app what changes, the reason when forced, then the edit as a line diff. */
export function formatPromotion(result: PromotionResult): string {
  const { plan } = result;
  const lines = [`promote ${plan.from} → ${plan.to} (${result.file})${result.written ? '' : result.before === result.after ? '' : ' [dry run]'}`];
  if (plan.forcedReason !== undefined) lines.push(`  forced across the declared order: ${plan.forcedReason}`);
  for (const app of plan.apps) {
    lines.push(`  ${app.app}: ${app.note}`);
    for (const change of app.changes) {
      lines.push(`    ${change.path.join('.')}: ${change.before ?? '(none)'} → ${change.after ?? '(removed)'}`);
    }
  }
  if (result.before === result.after) {
    lines.push(`nothing to change: "${plan.to}" already pins what "${plan.from}" runs`);
  } else {
    lines.push('', ...lineDiff(result.before, result.after, result.file));
  }
  return `${lines.join('\n')}\n`;
}

function environmentNamed(environments: readonly Environment[], name: string): Environment {
  const env = environments.find((e) => e.name === name);
  if (!env) {
    throw new DeliveryError(`unknown environment "${name}"; expected one of ${quoteList(environments.map((e) => e.name))}`);
  }
  return env;
}

/** Refuses a promotion out of the declared order unless forced with a reason; returns the reason when forced. */
function checkOrder(names: readonly string[], from: string, to: string, options: PromotionOptions): string | undefined {
  const i = names.indexOf(from);
  const j = names.indexOf(to);
  if (j === i + 1) return undefined;
  const why = j < i ? `goes backwards ("${to}" comes before "${from}")` : `skips ${quoteList(names.slice(i + 1, j))}`;
  const message = `promotion follows the declared order ${names.join(' → ')}; "${from}" → "${to}" ${why}`;
  if (!options.force) {
    throw new DeliveryError(`${message}. Promote to "${names[i + 1] ?? names[i]}" first, or pass --force with --reason "<why>"`);
  }
  if (!options.reason || options.reason.trim() === '') {
    throw new DeliveryError(`${message}; --force needs --reason "<why>", which goes into the pull request`);
  }
  return options.reason.trim();
}

interface PlannedApp {
  readonly promotion: AppPromotion;
  readonly edits: SourceEdit[];
}

function planApp(definition: PlatformDefinition, own: EnvironmentDefinition, s: App, t: App, from: string, to: string): PlannedApp {
  const name = s.name;
  const served = servedPin(s);
  if (!hasPin(served)) {
    throw new DeliveryError(`app "${name}" has no version pin in "${from}" (neither version nor digest), so it runs whatever "latest" is; `
      + `pin a version in "${from}" before promoting it`);
  }
  const ownApp = (own.apps?.[name] ?? {}) as Record<string, unknown>;
  const inherited = mergePatch<AppSettings>(definition.apps!.find((a) => a.name === name), definition.base.apps?.[name] ?? {});
  const changes: PinChange[] = [];
  const edits: SourceEdit[] = [];

  /** Makes the target's pin at `at` (under `apps.<name>`) equal `desired`. */
  const setPin = (at: readonly string[], desired: VersionPin, current: VersionPin) => {
    for (const field of PIN_FIELDS) {
      if (desired[field] === current[field]) continue;
      const fieldPath = [...at, field];
      let value: string | null | undefined = desired[field];
      if (value === undefined) {
        // Remove the target's own value where nothing is inherited underneath; else clear the inherited one with null.
        value = valueAt(ownApp, fieldPath) !== undefined && valueAt(inherited, fieldPath) === undefined ? undefined : null;
      }
      edits.push({ path: ['apps', name, ...fieldPath], value });
      changes.push({ app: name, path: ['apps', name, ...fieldPath], before: current[field], after: desired[field] });
    }
  };
  const ownStrategy = () => {
    if (ownApp.strategy === undefined) {
      throw new DeliveryError(`app "${name}": "${to}" runs a ${t.release.kind} release but its strategy is inherited, not declared in the definition `
        + `of "${to}"; promotion edits only pins that definition declares: declare strategy under apps.${name} of "${to}" first`);
    }
  };

  const source = strategyOf(s.settings);
  const target = strategyOf(t.settings);
  const context: PromotionContext = {
    app: name,
    from,
    served,
    appPin: pin(t.settings),
    setAppPin: (desired) => setPin([], desired, pin(t.settings)),
    setPin: (at, desired, current) => setPin(['strategy', ...at], desired, current),
    setField: (at, desired, current) => {
      if (desired === current) return;
      edits.push({ path: ['apps', name, 'strategy', at], value: desired });
      changes.push({ app: name, path: ['apps', name, 'strategy', at], before: current, after: desired });
    },
    refuse: (message) => {
      throw new DeliveryError(message);
    },
  };
  let note = source.strategy === target.strategy && target.strategy.promoteAlike
    ? target.strategy.promoteAlike(source.settings, target.settings, context)
    : target.strategy.promote(target.settings, context);
  // After the strategy's own refusals, which say more about the app.
  if (target.strategy.holdsPins) ownStrategy();
  if (changes.length === 0) note = `unchanged: ${note}`;
  return { promotion: { app: name, note, changes }, edits };
}

/** A copy of `own` with the edits applied: a string or `null` set at its path, `undefined` removing the field. */
function applyEdits(own: EnvironmentDefinition, edits: readonly SourceEdit[]): EnvironmentDefinition {
  const copy = JSON.parse(JSON.stringify(own)) as Record<string, unknown>;
  for (const edit of edits) {
    let obj = copy;
    for (const key of edit.path.slice(0, -1)) {
      if (!isPlainObject(obj[key])) obj[key] = {};
      obj = obj[key] as Record<string, unknown>;
    }
    const last = edit.path[edit.path.length - 1];
    if (edit.value === undefined) delete obj[last];
    else obj[last] = edit.value;
  }
  return copy as unknown as EnvironmentDefinition;
}

function valueAt(root: unknown, at: readonly string[]): unknown {
  return at.reduce<unknown>((current, key) => (isPlainObject(current) ? current[key] : undefined), root);
}

/** JSON with sorted keys, so two definitions compare by content. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (isPlainObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

/** A line diff (longest common subsequence): removed lines with their old line numbers, then added ones with their new. */
export function lineDiff(before: string, after: string, file: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out = [`--- ${file}`, `+++ ${file}`];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push(`-${String(i + 1).padStart(4)} ${a[i]}`);
      i++;
    } else {
      out.push(`+${String(j + 1).padStart(4)} ${b[j]}`);
      j++;
    }
  }
  return out;
}
