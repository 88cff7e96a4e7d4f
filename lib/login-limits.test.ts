import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { installClientAddressHook } from "./client-address-hook";
import { accountLimitKey, clientAddress, minutesUntil } from "./login-limits";

describe("clientAddress", () => {
  it("takes the last entry: the address the server itself appended", () => {
    expect(clientAddress("127.0.0.1")).toBe("127.0.0.1");
    expect(clientAddress("6.6.6.6, 203.0.113.5")).toBe("203.0.113.5");
    expect(clientAddress("::ffff:203.0.113.5")).toBe("203.0.113.5");
    expect(clientAddress(null)).toBe("unknown");
  });

  it("behind trusted proxies, takes the entry the outermost trusted proxy appended", () => {
    // client forged "6.6.6.6"; the proxy appended the real client, the server appended the proxy.
    expect(clientAddress("6.6.6.6, 198.51.100.4, 10.0.0.2", 1)).toBe("198.51.100.4");
    expect(clientAddress("6.6.6.6, 198.51.100.4, 10.0.0.3, 10.0.0.2", 2)).toBe("198.51.100.4");
    expect(clientAddress("10.0.0.2", 3)).toBe("10.0.0.2");
  });

  it("counts a whole IPv6 /64 as one address, however it is written", () => {
    expect(clientAddress("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(clientAddress("2001:0db8:0001:0002::1")).toBe("2001:db8:1:2::/64");
    expect(clientAddress("[2001:db8:1:2::ffff]:443")).toBe("2001:db8:1:2::/64");
    expect(clientAddress("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(clientAddress("2001:db8:1:3::1")).not.toBe(clientAddress("2001:db8:1:2::1"));
    // Not an address: kept as cleaned text, never mistaken for a network.
    expect(clientAddress("1:2:3")).toBe("1:2:3");
  });

  it("keeps keys short and printable whatever is sent", () => {
    expect(clientAddress(`x, ${"a".repeat(500)}`)).toHaveLength(64);
    expect(clientAddress("'; drop table users; --")).toBe("droptableusers--");
  });
});

describe("accountLimitKey and minutesUntil", () => {
  it("hashes the email and rounds the wait up to whole minutes, at least one", () => {
    expect(accountLimitKey("a@example.org")).toMatch(/^[0-9a-f]{64}$/);
    expect(minutesUntil(0)).toBe(1);
    expect(minutesUntil(60_001)).toBe(2);
    expect(minutesUntil(15 * 60_000)).toBe(15);
  });
});

describe("installClientAddressHook", () => {
  it("appends the socket's address to a forged X-Forwarded-For before the app sees it", async () => {
    installClientAddressHook();
    const server = http.createServer((req, res) => res.end(String(req.headers["x-forwarded-for"])));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      const forged = await (await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-forwarded-for": "6.6.6.6" } })).text();
      const plain = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      expect(forged).toBe("6.6.6.6, 127.0.0.1");
      expect(plain).toBe("127.0.0.1");
      expect(clientAddress(forged)).toBe("127.0.0.1");
    } finally {
      server.close();
    }
  });
});
