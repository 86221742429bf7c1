/** The auth area's face: passwords, tokens, credentials, tickets, device policy and sign-in; `createAuthKit` builds them from the config section. */
export { DEVICE_POLICY, type AuthClaims, type AuthSettings, type DevicePolicy, type IssuedCredential, type IssuedToken, type TokenVersions } from './types.js';
export { PASSWORD_HASH_DEFAULTS, PasswordHasher, type PasswordHashOptions } from './passwords.js';
export { loadOrCreateSecret, MIN_SECRET_BYTES, SECRET_FILE_NAME, type SecretOptions } from './secret.js';
export { TOKEN_CACHE_SIZE, TokenService, type TokenServiceOptions } from './tokens.js';
export { CredentialService, type CredentialServiceOptions } from './credentials.js';
export { TicketService, type IssuedTicket, type TicketServiceOptions } from './tickets.js';
export { conflictKey, DEVICE, PLATFORM, platformOf, shouldKick, type KnownDevice, type Platform } from './device-policy.js';
export { SIGNIN_THROTTLE_MAX_ENTRIES, SigninThrottle, SigninThrottledError, type SigninThrottleOptions } from './signin-throttle.js';
export { createAddressMatcher, ipThrottleKey, normalizeIp } from './ip-address.js';
export { LinkSigner } from './link-signer.js';
export { MemoryTokenVersions } from './memory-token-versions.js';
export { HashQueue, type HashPriority, type HashQueueOptions } from './hash-queue.js';
export { AddressQuota, RateLimitedError, type AddressQuotaOptions } from './address-quota.js';
export { checkPasswordPolicy, MIN_PASSWORD_LENGTH, normalizeAccount } from './account-policy.js';
export { createAuthKit, type AuthKit, type AuthKitDeps } from './auth-kit.js';
export { AccountService, type AccountServiceDeps, type RegisterInput, type SigninResult } from './account-service.js';
export { SocketSignin, type ConnectionDirectory, type SocketSigninDeps } from './socket-signin.js';
export { createAuthMetrics, type AuthMetrics } from './auth-metrics.js';
