export { ERROR_CATALOG, GlideError, isGlideError, type ErrorCode } from './errors.js';
export { systemClock, ManualClock, type Clock } from './clock.js';
export { createLogger, silentLogger, type Logger, type LoggerSettings } from './logger.js';
export { runInBackground } from './background.js';
