// Type only: core stays free of runtime dependencies (the browser SDK imports it through protocol/).
import type { Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;
