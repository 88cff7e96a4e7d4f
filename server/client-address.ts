import type http from "node:http";
import proxyaddr from "proxy-addr";

// Next 16's server sets X-Forwarded-For to the socket's address only when the request has none
// (`??=` in next/dist/server/base-server.js): a client talking to it directly can send any
// X-Forwarded-For, and pages and actions only see headers. So the server in front of Next
// (scripts/serve.ts) works the client's address out from the socket it accepted and the hops it
// trusts, and hands it to the app in a header of its own that it always overwrites.

/** The request header that carries the client's address to the app; a client's own is replaced. */
export const CLIENT_ADDRESS_HEADER = "x-corridor-client-address";

type Request = Pick<http.IncomingMessage, "headers" | "socket">;

/**
 * The client's address as the nearest party we trust saw it. With no trusted proxy it is the
 * socket's peer. Behind `trustedProxyHops` reverse proxies that each append the address they saw
 * to X-Forwarded-For, it is the entry that many places from the right (counting the socket as the
 * first hop); entries further left are whatever the client sent and are ignored. With fewer
 * entries than trusted hops the request did not come through the proxies as configured, and the
 * leftmost entry, the nearest to the client that anyone wrote down, is taken. Null when the socket
 * has no address (it closed before the request was read).
 */
export function clientAddressOf(request: Request, trustedProxyHops: number): string | null {
  if (!request.socket?.remoteAddress) return null;
  // proxy-addr walks from the socket leftwards through X-Forwarded-For while `trust` says the hop
  // that handed the request on is one of ours, and returns the first address it does not trust.
  return proxyaddr(request as http.IncomingMessage, (_address, hop) => hop < trustedProxyHops) || null;
}

/** Sets CLIENT_ADDRESS_HEADER on the request before the app sees it, replacing anything sent. */
export function recordClientAddress(request: Request, trustedProxyHops: number): void {
  const address = clientAddressOf(request, trustedProxyHops);
  if (address) request.headers[CLIENT_ADDRESS_HEADER] = address;
  else delete request.headers[CLIENT_ADDRESS_HEADER];
}

/** The address the server recorded, as the app reads it from the request's headers. */
export function recordedClientAddress(headers: Pick<Headers, "get">): string | null {
  return headers.get(CLIENT_ADDRESS_HEADER);
}
