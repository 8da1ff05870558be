import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { SessionResponse } from '@tandem/protocol';

export interface PlainResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The TLS version negotiated (`TLSv1.3`), or undefined over plain HTTP. */
  tlsVersion: string | undefined;
}

export interface RequestOptions {
  /** Trusted as the only CA (the run's self-signed certificate). */
  ca?: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** The loopback address to connect from (127.0.0.2...), so a proxy sees a client other than itself. */
  localAddress?: string;
}

/** One request with Node's own http/https (fetch cannot take a CA per request), verifying the certificate. */
export function request(url: string, options: RequestOptions = {}): Promise<PlainResponse> {
  const secure = url.startsWith('https:');
  const send = secure ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        ca: options.ca,
        localAddress: options.localAddress,
        agent: false,
      },
      (response) => {
        const tlsVersion = secure ? ((response.socket as TLSSocket).getProtocol() ?? undefined) : undefined;
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body, tlsVersion }),
        );
      },
    );
    outgoing.once('error', reject);
    outgoing.end(options.body);
  });
}

/** Nickname sign-in (`POST /api/session`) through `url`. */
export async function signIn(url: string, nickname: string, ca: string): Promise<SessionResponse> {
  const response = await request(`${url}/api/session`, {
    ca,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nickname }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${response.body}`);
  return JSON.parse(response.body) as SessionResponse;
}
