import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';

/** The answer to one outgoing call: status 0 when there was none (refused, timed out, DNS). */
export interface HttpAnswer {
  status: number;
  /** The first bytes of the body (answers are read only to log or parse them). */
  body: string;
  /** Network error or timeout text when status is 0. */
  error?: string;
  headers: Record<string, string | string[] | undefined>;
}

const MAX_ANSWER_BYTES = 16 * 1024;

export interface HttpPoster {
  post(url: string, body: string | Buffer, headers: Record<string, string>): Promise<HttpAnswer>;
  /** The HTTPS agent (trusts `caFile` too), for libraries that make their own requests. */
  readonly httpsAgent: HttpsAgent;
  /** Closes idle kept-alive sockets. */
  close(): void;
}

/** POSTs with a timeout; never rejects (a failed call is an answer with status 0). */
export function createHttpPoster(options: { timeoutMs: number; ca?: Buffer }): HttpPoster {
  const httpsAgent = new HttpsAgent({ keepAlive: true, ...(options.ca ? { ca: [...rootCertificates, options.ca.toString()] } : {}) });
  const httpAgent = new HttpAgent({ keepAlive: true });
  return {
    httpsAgent,
    close() {
      httpsAgent.destroy();
      httpAgent.destroy();
    },
    post(url, body, headers) {
      return new Promise((resolve) => {
        let parsed: URL;
        try {
          parsed = new URL(url);
        } catch {
          resolve({ status: 0, body: '', error: `bad URL ${url}`, headers: {} });
          return;
        }
        const isHttps = parsed.protocol === 'https:';
        const send = isHttps ? httpsRequest : httpRequest;
        const req = send(parsed, { method: 'POST', headers: { 'content-length': String(Buffer.byteLength(body)), ...headers }, agent: isHttps ? httpsAgent : httpAgent, timeout: options.timeoutMs }, (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            if (size < MAX_ANSWER_BYTES) chunks.push(chunk);
            size += chunk.length;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_ANSWER_BYTES), headers: res.headers }));
          res.on('error', (err) => resolve({ status: 0, body: '', error: err.message, headers: {} }));
        });
        req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
        req.on('error', (err) => resolve({ status: 0, body: '', error: err.message, headers: {} }));
        req.end(body);
      });
    },
  };
}
