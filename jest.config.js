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
  // One worker per core. Jest's default (cores − 1) runs the files one at a time on a 2-core CI machine, with the second
  // core idle but for the tests' child processes: the whole suite took 130 s there, and 101 s with two workers.
  maxWorkers: '100%',
  coveragePathIgnorePatterns: ['/node_modules/', '/imports/'],
};
