export { createHttpServer, type HttpServerDeps } from './http-server.js';
export { API_CODES, ok, failure, type ApiBody } from './envelope.js';
export { toApiError } from './error-mapping.js';
export { RouteTable, defineRoute, type ApiRoute, type RouteContext, type AuthedContext, type Identity, type RouteTableDeps } from './route-table.js';
export { authRoutes } from './routes/auth-routes.js';
export { appRoutes, type AppFigures } from './routes/app-routes.js';
