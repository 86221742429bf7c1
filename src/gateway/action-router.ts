import type { Logger } from '../core/index.js';
import { GlideError, isGlideError } from '../core/index.js';
import type { DisconnectReason, Envelope } from '../protocol/index.js';
import { ACTION_COST, type ActionBudget, type ActionCost } from './action-budget.js';
import type { Connection, FrameHandler, InboundFrame } from './types.js';

/** Handles one action. A returned promise holds the connection's later frames until it settles. */
export type ActionHandler = (conn: Connection, envelope: Envelope) => void | Promise<void>;

/** Answers a frame the budget refused (default: `notify.error` with the request's seq). */
export type RefusalHandler = (conn: Connection, envelope: Envelope, reason: string) => void;

export interface RouteOptions {
  /** Allowed before sign-in. */
  isPublic?: boolean;
  /** What the action takes from the connection's budget (default: one message and its bytes). */
  cost?: ActionCost;
  /** How a refusal by the budget is answered, when the action has its own error frame. */
  onRefused?: RefusalHandler;
}

interface Route {
  handler: ActionHandler;
  isPublic: boolean;
  cost: ActionCost;
  onRefused: RefusalHandler | undefined;
}

/**
 * Routes decoded frames by action. Every frame is charged to the connection's budget first (its route's
 * cost and its bytes; unknown actions and refused anonymous ones cost a message): a refused frame is
 * answered, never dropped. Unknown actions get `notify.error`, actions that need a sign-in get
 * `notify.auth` on an anonymous connection, and a GlideError thrown by a handler becomes `notify.error`
 * with the request's seq; the connection stays up.
 */
export class ActionRouter implements FrameHandler {
  private readonly routes = new Map<string, Route>();
  private readonly prefixRoutes: { prefix: string; route: Route }[] = [];
  private readonly closeListeners: ((conn: Connection, reason: DisconnectReason) => void)[] = [];

  constructor(
    private readonly log: Logger,
    private readonly budget: ActionBudget,
  ) {}

  on(action: string, handler: ActionHandler, options: RouteOptions = {}): void {
    if (this.routes.has(action)) throw new Error(`action ${action} registered twice`);
    this.routes.set(action, { handler, isPublic: options.isPublic ?? false, cost: options.cost ?? ACTION_COST.message, onRefused: options.onRefused });
  }

  /** Every action starting with `prefix` (e.g. `api.`); the handler does its own authorisation. */
  onPrefix(prefix: string, handler: ActionHandler, options: Pick<RouteOptions, 'onRefused'> = {}): void {
    this.prefixRoutes.push({ prefix, route: { handler, isPublic: true, cost: ACTION_COST.message, onRefused: options.onRefused } });
  }

  /** Every routed action: exact names, then each prefix route as `<prefix>*` (for coverage tests and docs). */
  actions(): string[] {
    return [...this.routes.keys(), ...this.prefixRoutes.map(({ prefix }) => `${prefix}*`)];
  }

  onDisconnect(listener: (conn: Connection, reason: DisconnectReason) => void): void {
    this.closeListeners.push(listener);
  }

  onFrame(conn: Connection, frame: InboundFrame): void | Promise<void> {
    const envelope = frame.envelope;
    const route = this.routes.get(envelope.action) ?? this.findPrefixRoute(envelope.action);
    const refusal = this.budget.admit(conn, route?.cost ?? ACTION_COST.message, frame.bytes);
    if (refusal !== undefined) {
      this.refuseOverBudget(conn, envelope, route, refusal);
      return;
    }
    // Anonymous connections learn nothing about which actions exist: everything non-public is notify.auth.
    if (!conn.identity && !route?.isPublic) {
      conn.reply(envelope.seq, { action: 'notify.auth', msg: 'not authenticated' });
      return;
    }
    if (!route) {
      conn.reply(envelope.seq, { action: 'notify.error', msg: `unknown action: ${envelope.action.slice(0, 64)}` });
      return;
    }
    let result: void | Promise<void>;
    try {
      result = route.handler(conn, envelope);
    } catch (err) {
      return this.refuse(conn, envelope, err);
    }
    if (result) return result.catch((err: unknown) => this.refuse(conn, envelope, err));
  }

  onClose(conn: Connection, reason: DisconnectReason): void {
    for (const listener of this.closeListeners) listener(conn, reason);
  }

  private findPrefixRoute(action: string): Route | undefined {
    for (const { prefix, route } of this.prefixRoutes) if (action.startsWith(prefix)) return route;
    return undefined;
  }

  private refuseOverBudget(conn: Connection, envelope: Envelope, route: Route | undefined, reason: string): void {
    this.log.debug({ conn: conn.id, action: envelope.action, reason }, 'over the connection budget');
    if (route?.onRefused && (conn.identity || route.isPublic)) route.onRefused(conn, envelope, reason);
    else this.refuse(conn, envelope, new GlideError('GW_RATE_LIMITED', reason));
  }

  private refuse(conn: Connection, envelope: Envelope, err: unknown): void {
    if (!isGlideError(err)) throw err;
    this.log.debug({ conn: conn.id, action: envelope.action, code: err.code }, 'request refused');
    conn.reply(envelope.seq, { action: 'notify.error', msg: err.message, data: { code: err.code, message: err.message } });
  }
}
