/**
 * What `run` throws, for tests whose call is expensive (a whole synth): one call, then each assertion on its error
 * (`expect(error).toBeInstanceOf(…)`, `expect(error.message).toMatch(…)`), instead of one call per assertion.
 */
export function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw; nothing was thrown');
}
