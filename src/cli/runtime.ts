import { type ShopmindConfig, loadConfig } from '../core/config.js';
import { isShopmindError, type LocalizedMessage } from '../core/errors.js';
import { createLogger, type Logger } from '../core/logger.js';
import { render } from '../core/messages.js';
import { openStore, type Store } from '../store/index.js';

export interface CliRuntime {
  config: ShopmindConfig;
  store: Store;
  logger: Logger;
  close(): Promise<void>;
}

/** Loads the config and opens the store for one command; the caller closes it. */
export async function openRuntime(overrides: Partial<ShopmindConfig> = {}): Promise<CliRuntime> {
  const config = loadConfig(process.env, overrides);
  // CLI logs go to stderr so stdout stays clean for tables and --json output.
  const logger = createLogger(process.env.SHOPMIND_LOG_LEVEL ?? 'warn', process.stderr as never);
  const store = await openStore(config.databaseUrl);
  return { config, store, logger, close: () => store.close() };
}

export function say(message: LocalizedMessage): void {
  process.stdout.write(`${render(message)}\n`);
}

export function warn(message: LocalizedMessage): void {
  process.stderr.write(`${render(message)}\n`);
}

/** Prints an error the way operators read it and sets a non-zero exit code. */
export function reportError(error: unknown): void {
  if (isShopmindError(error)) {
    process.stderr.write(`错误 Error [${error.code}]: ${render({ zh: error.messageZh, en: error.messageEn })}\n`);
    process.exitCode = 2;
    return;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`内部错误 Internal error: ${text}\n`);
  process.exitCode = 1;
}

/** Wraps a command action so every failure is reported with its code. */
export function action<A extends unknown[]>(run: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (error) {
      reportError(error);
    }
  };
}
