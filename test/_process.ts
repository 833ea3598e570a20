/**
 * Child processes for the end-to-end tests, run without blocking the test file: a spawned entry point costs seconds,
 * mostly starting node and loading the library, so a file starts its independent runs together and each test awaits
 * its own. Kept free of library imports: the files that spawn load only what they assert on.
 */
import { SpawnOptions, spawn } from 'node:child_process';
import * as os from 'node:os';

/** What {@link spawnAsync} returns: `spawnSync`'s fields the tests read. */
export interface SpawnResult {
  /** The exit code, or null when a signal ended the process. */
  readonly status: number | null;
  /** The signal that ended the process, if any. */
  readonly signal: NodeJS.Signals | null;
  /** Standard output, as UTF-8. */
  readonly stdout: string;
  /** Standard error, as UTF-8. */
  readonly stderr: string;
}

/** `spawnSync` as a promise: runs `command` with no standard input and collects both outputs. */
export function spawnAsync(command: string, args: readonly string[], options: Omit<SpawnOptions, 'stdio'> = {}): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => { stdout += text; });
    child.stderr!.setEncoding('utf8').on('data', (text: string) => { stderr += text; });
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/**
 * A queue that runs at most `concurrency` tasks at a time, by default one per CPU: more processes than cores only
 * compete for them, and jest runs other test files beside this one.
 */
export function taskQueue(concurrency: number = os.availableParallelism()): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < concurrency) running += 1;
    else await new Promise<void>((start) => waiting.push(start)); // a finishing task hands its place over
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/**
 * Starts `task` now and returns its promise for a test to await later, marked as handled so that a failure surfaces in
 * that test rather than as an unhandled rejection while an earlier test runs.
 */
export function started<T>(task: Promise<T>): Promise<T> {
  task.catch(() => undefined);
  return task;
}
