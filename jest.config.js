/**
 * Tests are transpiled by ts-jest file by file without type-checking (`isolatedModules` in tsconfig.json), for speed;
 * `npm run typecheck` (tsc --noEmit) is the type check and runs as its own CI step.
 *
 * Not jest 30 / @swc/jest: both depend on per-platform native binaries (unrs-resolver, @swc/core) that this
 * registry does not serve for every platform, which leaves a lockfile `npm ci` refuses (npm/cli#9846).
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  coveragePathIgnorePatterns: ['/node_modules/', '/imports/'],
};
