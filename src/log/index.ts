export { createLogger, silentLogger, type LoggerSettings } from './logger.js';
