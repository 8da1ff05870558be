import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';
import proxyAddr from '@fastify/proxy-addr';
import type { TrustProxy } from './config';

/** What the address is read from: a request's headers and its peer's address. */
export interface PeerRequest {
  headers: IncomingHttpHeaders;
  socket: { remoteAddress?: string | undefined };
}

/**
 * The client's address for a request, honouring X-Forwarded-For only from the peers `trustProxy` names: the same
 * rule Fastify applies to `request.ip` with the same setting, so HTTP and Socket.IO limits agree.
 */
export function clientIpResolver(trustProxy: TrustProxy): (request: PeerRequest) => string {
  const trust = trustFunction(trustProxy);
  if (trust === false) return (request) => request.socket.remoteAddress ?? 'unknown';
  // proxy-addr reads nothing but these two fields.
  return (request) => proxyAddr(request as IncomingMessage, trust);
}

/** `trustProxy` as Fastify's `trustProxy` option takes it: false, or whether to trust the peer at each hop. */
export function trustFunction(trustProxy: TrustProxy): false | ((address: string, hop: number) => boolean) {
  if (trustProxy === false) return false;
  if (trustProxy === true) return () => true;
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return proxyAddr.compile(trustProxy);
}

/**
 * The key per-address limits count under: an IPv4 address (IPv4-mapped IPv6 included), or the /64 network of an
 * IPv6 address, because one subscriber usually gets a whole /64 and could otherwise rotate through it.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address, `::` expanded, zone id dropped. */
function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]?.split('::') ?? [];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...zeros, ...right].map((hextet) => hextet.toLowerCase().replace(/^0+(?=.)/, ''));
}
