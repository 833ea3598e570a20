/**
 * The entry points' check of a selected preview's expiry against the clock. The expiry itself stays an input (synth
 * output never depends on the clock); the clock only decides whether the input is still meaningful: a preview whose
 * expiry has passed would be deleted by the janitor on its next run, right after the deploy that created it.
 */
import { DeliveryError } from './delivery-error';
import { PreviewOptions, PreviewVariables } from './preview';

/**
 * Refuses a preview whose expiry is not after `now`, naming the variables it came from.
 *
 * @param preview the preview `previewFromEnvironment(vars)` selected
 * @param vars the variables it was selected with (to name them in the message)
 * @param now the time to compare with (injectable for tests)
 * @throws DeliveryError when the expiry is not after `now`
 */
export function checkPreviewNotExpired(preview: PreviewOptions, vars: PreviewVariables, now: Date): void {
  if (preview.expires.getTime() > now.getTime()) return;
  const expiry = preview.expires.toISOString();
  const source = vars.PREVIEW_EXPIRES
    ? `PREVIEW_EXPIRES is "${vars.PREVIEW_EXPIRES}"`
    : `the expiry from PREVIEW_CREATED "${vars.PREVIEW_CREATED}" plus PREVIEW_TTL ${vars.PREVIEW_TTL ? `"${vars.PREVIEW_TTL}"` : '(default)'} is ${expiry}`;
  throw new DeliveryError(`${source}, which is not after now (${now.toISOString()}); preview "${preview.id}" would be deleted by the `
    + 'janitor on its next run: give an expiry in the future');
}
