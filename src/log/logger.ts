import { pino, type LoggerOptions } from 'pino';
import type { Logger } from '../core/index.js';


export interface LoggerSettings {
  level: string;
  /** Human-readable lines (pino-pretty); JSON lines otherwise. */
  isPretty: boolean;
}

const REDACT = ['password', 'Password', 'token', 'Token', 'credential', '*.password', '*.Password', '*.token', '*.Token', '*.credential', 'req.headers.authorization'];

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = { level: settings.level, redact: { paths: REDACT, censor: '[redacted]' } };
  if (settings.isPretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } });
  }
  return pino(options);
}

/** A logger that writes nothing, for tests and tools. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
