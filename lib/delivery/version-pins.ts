/**
 * What "the version an app runs" means per release strategy, for promotion and previews.
 *
 * - rolling, recreate: the app's `version` / `digest`;
 * - blue-green: the pin of the **active** slot (the idle slot runs pods too, but serves only `<app>-preview`);
 * - canary: the **stable** pin, the app's `version` / `digest` (the canary serves only its weight).
 */
import { App } from '../app/app-model';
import { ReleaseStrategyKind, VersionPin } from '../app/app-types';

/** The pin of the version an app serves in its environment (see the module comment). */
export function servedPin(app: App): VersionPin {
  const strategy = app.settings.strategy;
  if (strategy?.kind === ReleaseStrategyKind.BLUE_GREEN) {
    return pin(strategy[strategy.active]);
  }
  return pin(app.settings);
}

/** Only the version fields of a pin, so two pins compare by what they pin. */
export function pin(value: VersionPin | undefined): VersionPin {
  return {
    ...(value?.version !== undefined ? { version: value.version } : {}),
    ...(value?.digest !== undefined ? { digest: value.digest } : {}),
  };
}

/** Whether a pin names a version at all (a tag or a digest). */
export function hasPin(value: VersionPin): boolean {
  return value.version !== undefined || value.digest !== undefined;
}

/** Whether two pins are the same. */
export function samePin(a: VersionPin, b: VersionPin): boolean {
  return a.version === b.version && a.digest === b.digest;
}

/** `1.4.2`, `@sha256:…` or `1.4.2@sha256:…`: a pin as people read it. */
export function formatPin(value: VersionPin): string {
  if (!hasPin(value)) return '(no pin)';
  return `${value.version ?? ''}${value.digest !== undefined ? `@${value.digest}` : ''}`;
}
