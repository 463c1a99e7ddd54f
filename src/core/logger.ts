import pino, { type Logger } from 'pino';
import { maskPii } from './pii.js';

export type { Logger };

/**
 * Creates the process logger. Secrets are redacted by path and every string
 * message passes through PII masking, so phone numbers or addresses in free
 * text never reach the log.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'headers.authorization',
          'apiKey',
          '*.apiKey',
          'secret',
          '*.secret',
          'token',
          '*.token',
          'phone',
          '*.phone',
          'address',
          '*.address',
        ],
        censor: '[redacted]',
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg) => (typeof arg === 'string' ? maskPii(arg).text : arg));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

/** Creates a logger like `createLogger` that appends to `file` (its folder is created when missing). */
export function fileLogger(level: string, file: string): Logger {
  return createLogger(level, pino.destination({ dest: file, mkdir: true, sync: true }));
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
