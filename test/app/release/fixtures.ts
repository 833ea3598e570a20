/**
 * What the tests of release strategies share: a promotion context that records what a strategy edits, so `promote` and
 * `promoteAlike` are tested without a platform (test/delivery/promotion.test.ts tests them through the files they edit).
 */
import { PromotionContext } from '../../../lib/app/release/release-strategy';
import { VersionPin } from '../../../lib/app/release/version-pin';

/** One edit a strategy asked for: of the app's own pin, of a pin under `strategy`, or of a field of `strategy`. */
export type RecordedEdit =
  | ['appPin', VersionPin]
  | ['pin', readonly string[], VersionPin, VersionPin]
  | ['field', string, string, string];

/**
 * A context promoting app `web` from `staging`, with the version the source serves and the target's own pin; `edits`
 * fills as the strategy edits, and a refusal throws its message.
 */
export function promotionOf(options: { readonly served: VersionPin; readonly appPin?: VersionPin }): {
  context: PromotionContext; edits: RecordedEdit[];
} {
  const edits: RecordedEdit[] = [];
  const context: PromotionContext = {
    app: 'web',
    from: 'staging',
    served: options.served,
    appPin: options.appPin ?? {},
    setAppPin: (desired) => edits.push(['appPin', desired]),
    setPin: (at, desired, current) => edits.push(['pin', at, desired, current]),
    setField: (at, desired, current) => edits.push(['field', at, desired, current]),
    refuse: (message) => {
      throw new Error(message);
    },
  };
  return { context, edits };
}
