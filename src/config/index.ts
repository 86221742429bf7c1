export { ConfigSchema, DEFAULTS, natsServers, type Config } from './schema.js';
export { loadConfig, DEFAULT_CONFIG_FILE, type LoadConfigOptions } from './load.js';
export { checkConfig, formatConfigIssues, type ConfigIssue } from './validate.js';
export { CONFIG_LEAVES, ENV_PREFIX, envNameOf, type ConfigLeaf, type ConfigOverrides, type LeafPath } from './leaves.js';
export { parseCli, helpText, COMMANDS, DEFAULT_COMMAND, type CliRequest, type CommandName, type CommandSpec, type FlagSpec } from './cli-args.js';
