import { type Logger, pino } from 'pino';
import { maskDeep, maskText } from './privacy.ts';

/** Creates the JSON logger; every message and logged object has phone and ID numbers masked. */
export function createLogger(level = 'info', destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'jiesu' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => maskDeep(obj) as Record<string, unknown>,
      },
      hooks: {
        // Masks the message string (pino's `log` formatter only sees the merged object).
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskText(a) : a));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    destination as pino.DestinationStream | undefined,
  );
}

export type { Logger };
