/**
 * A delivery command refused what it was asked (unknown environment or app, wrong order, missing pins, a version the
 * source does not run, an expired or foreign preview): the message says what was received and what is allowed.
 */
export class DeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** `"a", "b", "c"`: the allowed names in a message. */
export function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}
