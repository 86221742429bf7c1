export { createHttpServer, type HttpServerDeps } from './http-server.js';
export { API_CODES, ok, failure, type ApiBody } from './envelope.js';
