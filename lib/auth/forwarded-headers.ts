// The X-Forwarded-* headers a request arrives with are written by the client
// unless a reverse proxy in front of the app overwrites them, and `next start`
// keeps whatever the client sent. Unless TRUST_PROXY=1, this hook replaces
// them, before Next reads the request, with what the socket says: the peer's
// address, and no forwarded protocol or host (Next then fills both in from
// the connection itself).
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

export function trustForwardedHeadersOnlyFromProxy(trustProxy: boolean): void {
  if (trustProxy) return;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers["x-forwarded-for"] = socket.remoteAddress ?? "";
    delete request.headers["x-forwarded-proto"];
    delete request.headers["x-forwarded-host"];
  });
}
