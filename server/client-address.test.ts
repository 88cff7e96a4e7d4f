import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { addressLimitKey } from "@/lib/login-limits";
import { CLIENT_ADDRESS_HEADER, clientAddressOf, recordClientAddress, recordedClientAddress } from "./client-address";

/** A request as the server accepted it: the socket's peer and the X-Forwarded-For it carried. */
function request(peer: string | undefined, forwardedFor?: string) {
  const headers: http.IncomingHttpHeaders = forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor };
  return { headers, socket: { remoteAddress: peer } as http.IncomingMessage["socket"] };
}

describe("clientAddressOf", () => {
  it("with no trusted proxy, is the socket's peer whatever X-Forwarded-For says", () => {
    expect(clientAddressOf(request("127.0.0.1"), 0)).toBe("127.0.0.1");
    expect(clientAddressOf(request("203.0.113.5", "6.6.6.6"), 0)).toBe("203.0.113.5");
    expect(clientAddressOf(request("::ffff:203.0.113.5", "6.6.6.6, 7.7.7.7"), 0)).toBe("::ffff:203.0.113.5");
  });

  it("behind trusted proxies, is the entry the outermost trusted proxy appended", () => {
    // The client forged 6.6.6.6; the proxy (the socket's peer, 10.0.0.2) appended the real client.
    expect(clientAddressOf(request("10.0.0.2", "6.6.6.6, 198.51.100.4"), 1)).toBe("198.51.100.4");
    // Two proxies: the outer one appended the client, the inner one appended the outer one.
    expect(clientAddressOf(request("10.0.0.2", "6.6.6.6, 198.51.100.4, 10.0.0.3"), 2)).toBe("198.51.100.4");
    // Spaces and empty entries are not hops.
    expect(clientAddressOf(request("10.0.0.2", " 6.6.6.6 ,, 198.51.100.4 ,"), 1)).toBe("198.51.100.4");
  });

  it("with fewer entries than trusted hops, takes the leftmost, the nearest to the client anyone wrote", () => {
    expect(clientAddressOf(request("10.0.0.2"), 3)).toBe("10.0.0.2");
    expect(clientAddressOf(request("10.0.0.2", "198.51.100.4"), 3)).toBe("198.51.100.4");
  });

  it("is null when the socket has no address, never a forged entry", () => {
    expect(clientAddressOf(request(undefined, "6.6.6.6"), 0)).toBeNull();
    expect(clientAddressOf(request(undefined, "6.6.6.6"), 1)).toBeNull();
  });
});

describe("recordClientAddress", () => {
  it("replaces a client's own address header, and removes it when there is no address", () => {
    const forged = request("203.0.113.5", "6.6.6.6");
    forged.headers[CLIENT_ADDRESS_HEADER] = "6.6.6.6";
    recordClientAddress(forged, 0);
    expect(forged.headers[CLIENT_ADDRESS_HEADER]).toBe("203.0.113.5");
    const closed = request(undefined);
    closed.headers[CLIENT_ADDRESS_HEADER] = "6.6.6.6";
    recordClientAddress(closed, 0);
    expect(closed.headers[CLIENT_ADDRESS_HEADER]).toBeUndefined();
  });

  it("on a real server, the app sees the socket's address however the client forges its headers", async () => {
    const server = http.createServer((req, res) => {
      recordClientAddress(req, 0);
      const headers = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])));
      res.end(String(recordedClientAddress(headers)));
    });
    await new Promise<void>((r) => server.listen(0, "localhost", r));
    try {
      const { port } = server.address() as AddressInfo;
      const forged = await (
        await fetch(`http://localhost:${port}/`, { headers: { "x-forwarded-for": "6.6.6.6", [CLIENT_ADDRESS_HEADER]: "6.6.6.6" } })
      ).text();
      const plain = await (await fetch(`http://localhost:${port}/`)).text();
      expect(forged).not.toContain("6.6.6.6");
      expect(forged).toBe(plain);
      expect(["127.0.0.1", "::1"]).toContain(addressLimitKey(forged));
    } finally {
      server.close();
    }
  });
});
