'use strict';
/**
 * cdk8s validation plugin: the platform's guardrails (lib/guardrails) for plain `cdk8s synth`.
 *
 * cdk8s-cli require()s a local plugin in its own Node process, which runs no TypeScript. Where a TypeScript loader is
 * already active (ts-node, tsx, jest) the library is required as it is; otherwise tsx (a dev dependency already: it
 * runs the cdk8s app) compiles it on the fly through a namespaced require that affects only the modules loaded
 * through it. Nothing to build, nothing to install at synth time.
 */
const LIBRARY = '../../lib/platform/cdk8s-validation';

function load() {
  try {
    return require(LIBRARY);
  } catch (error) {
    if (error.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes(LIBRARY)) {
      throw error;
    }
  }
  const { register } = require('tsx/cjs/api');
  return register({ namespace: 'platform-guardrails-plugin' }).require(`${LIBRARY}.ts`, __filename);
}

module.exports = load();
