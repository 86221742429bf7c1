/** GlideIM's HTTP response envelope. Business errors ride on HTTP 200 with their own Code. */
export const API_CODES = {
  SUCCESS: 100,
  BAD_PARAMS: 300,
  NOT_FOUND_OR_INTERNAL: 1001,
  BAD_ACCOUNT_OR_PASSWORD: 1002,
  REPLICATED_LOGIN: 1003,
} as const;

export interface ApiBody<T = unknown> {
  Code: number;
  Msg: string;
  Data?: T;
}

export function ok<T>(data: T): ApiBody<T> {
  return { Code: API_CODES.SUCCESS, Msg: 'success', Data: data };
}

export function failure(code: number, message: string): ApiBody<never> {
  return { Code: code, Msg: message };
}
