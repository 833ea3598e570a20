/**
 * What "the version an app runs" means, for promotion and previews: the pin its release strategy serves
 * (`servedPin` of the strategy). For the built-in strategies:
 *
 * - rolling, recreate: the app's `version` / `digest`;
 * - blue-green: the pin of the **active** slot (the idle slot runs pods too, but serves only `<app>-preview`);
 * - canary: the **stable** pin, the app's `version` / `digest` (the canary serves only its weight).
 *
 * Pins themselves (`pin`, `samePin`, `formatPin`, …) live with the strategies, in `lib/app/release/version-pin.ts`.
 */
import { App } from '../app/app-model';
import { strategyOf } from '../app/release/registry';
import { pin, VersionPin } from '../app/release/version-pin';

/** The pin of the version an app serves in its environment (see the module comment). */
export function servedPin(app: App): VersionPin {
  const { strategy, settings } = strategyOf(app.settings);
  return strategy.servedPin(settings, pin(app.settings));
}
