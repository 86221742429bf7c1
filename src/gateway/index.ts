export { Gateway, type GatewayDeps, type GatewayOptions } from './gateway.js';
export { WsTransport, WS_PATH, PROTOBUF_SUBPROTOCOL } from './ws-transport.js';
export { TcpTransport, type TcpTransportOptions } from './tcp-transport.js';
export { REFUSALS, type AddressPolicy, type AdmissionLimits, type AdmissionResult, type Refusal } from './admission.js';
export { ActionRouter, type ActionHandler, type RefusalHandler, type RouteOptions } from './action-router.js';
export { ACTION_COST, ActionBudget, type ActionCost, type BudgetSettings, type FanoutBudget } from './action-budget.js';
export type { Connection, ConnectionIdentity, FrameHandler, InboundFrame, TransportKind } from './types.js';
