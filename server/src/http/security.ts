import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** A year; sent only on requests that arrived over HTTPS (directly or per a trusted proxy's X-Forwarded-Proto). */
const HSTS = 'max-age=31536000';

/** `host` or `host:port`, a DNS name or an IP literal; anything else is not echoed into a header. */
const PLAIN_HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * `connect-src`: the page's own origin, and its websocket twin spelled out for browsers whose `'self'` does not
 * cover ws:/wss: yet. Only the Host the browser asked for, never any host.
 */
const connectSources = (request: IncomingMessage) => {
  const host = request.headers.host ?? '';
  return PLAIN_HOST.test(host) ? `'self' ws://${host} wss://${host}` : `'self'`;
};

/**
 * `'sha256-…'` sources for the inline scripts of the built index.html (Taro's H5 template sets the root font size
 * inline), so `script-src` needs no `'unsafe-inline'`. Read once at start: restart after rebuilding the web app.
 */
export function inlineScriptHashes(webRoot: string | undefined): string[] {
  if (webRoot === undefined) return [];
  let html: string;
  try {
    html = fs.readFileSync(path.join(webRoot, 'index.html'), 'utf8');
  } catch {
    return [];
  }
  const scripts = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi)];
  return scripts
    .map((match) => match[1] ?? '')
    .filter((code) => code.trim() !== '')
    .map((code) => `'sha256-${createHash('sha256').update(code).digest('base64')}'`);
}

/**
 * Security headers on every HTTP answer, a strict Content-Security-Policy for the web app, and CORS for the
 * API from the allowed origins (the same origin needs none).
 */
export function securityHeaders(
  app: FastifyInstance,
  options: { webRoot: string | undefined; allowedOrigins: '*' | string[] },
): void {
  // Both plugins hook the root instance, so every route gets them whatever the order of declaration.
  void app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...inlineScriptHashes(options.webRoot)],
        connectSrc: [connectSources],
        imgSrc: ["'self'", 'data:'],
        // Taro's H5 components embed their icon font as a data: URI.
        fontSrc: ["'self'", 'data:'],
        // Taro's H5 components insert <style> elements at run time; scripts stay strict.
        styleSrc: ["'self'", "'unsafe-inline'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    // Plain HTTP on localhost or a LAN must not be told to insist on HTTPS: see the hook below.
    strictTransportSecurity: false,
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS);
  });

  const { allowedOrigins } = options;
  void app.register(fastifyCors, {
    origin: allowedOrigins === '*' ? true : allowedOrigins,
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['content-type', 'authorization'],
    maxAge: 600,
  });
}
