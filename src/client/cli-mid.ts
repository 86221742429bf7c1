let cliMidCounter = 0;

/** A client message id unique to this client: time, a counter and randomness (the server dedups on it). */
export function newCliMid(): string {
  return `${Date.now().toString(36)}-${(++cliMidCounter).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
