'use strict';
/**
 * The guardrails as a cdk8s validation plugin, for cdk8s.yaml `validations: - package:`. cdk8s-cli requires a local
 * plugin by file path, never through the package's `exports` (cdk8s-cli lib/plugins/_manager.js `loadPackage`: a
 * package name is installed into its own plugins folder; a path starting with `./` is required as it is), so this
 * file gives that path a stable name: `./node_modules/@platform/multi-env/cdk8s-plugin`. The same module is
 * `require('@platform/multi-env/cdk8s-plugin')`.
 */
module.exports = require('./build/lib/platform/cdk8s-validation');
