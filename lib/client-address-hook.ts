import http from "node:http";

// Next 16's server sets X-Forwarded-For to the socket's address only when the request has none
// (`??=` in next/dist/server/base-server.js): a client talking to it directly can send any
// X-Forwarded-For and the address Next saw is lost. Pages and actions only see headers, so the
// server appends the socket's address itself, as every reverse proxy does. The last entry is then
// always the address this process accepted the connection from (lib/login-limits.ts).

const INSTALLED = Symbol.for("corridor.clientAddressHook");

export function appendSocketAddress(request: http.IncomingMessage): void {
  const peer = request.socket?.remoteAddress;
  if (!peer) return;
  const sent = request.headers["x-forwarded-for"];
  const previous = Array.isArray(sent) ? sent.join(", ") : sent;
  request.headers["x-forwarded-for"] = previous ? `${previous}, ${peer}` : peer;
}

/** Installed once per process, before the first request (instrumentation.ts). */
export function installClientAddressHook(): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: boolean };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") appendSocketAddress(args[0] as http.IncomingMessage);
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof proto.emit;
}
