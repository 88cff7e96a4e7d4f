import { describe, expect, it } from "vitest";
import { accountLimitKey, addressLimitKey, minutesUntil } from "./login-limits";

describe("addressLimitKey", () => {
  it("keys an address as written, an IPv4-mapped one as IPv4, and no address as one shared key", () => {
    expect(addressLimitKey("127.0.0.1")).toBe("127.0.0.1");
    expect(addressLimitKey("::ffff:203.0.113.5")).toBe("203.0.113.5");
    expect(addressLimitKey(null)).toBe("unknown");
    expect(addressLimitKey(" ")).toBe("unknown");
  });

  it("counts a whole IPv6 /64 as one address, however it is written", () => {
    expect(addressLimitKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(addressLimitKey("2001:0db8:0001:0002::1")).toBe("2001:db8:1:2::/64");
    expect(addressLimitKey("[2001:db8:1:2::ffff]:443")).toBe("2001:db8:1:2::/64");
    expect(addressLimitKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressLimitKey("2001:db8:1:3::1")).not.toBe(addressLimitKey("2001:db8:1:2::1"));
    // Not an address: kept as cleaned text, never mistaken for a network.
    expect(addressLimitKey("1:2:3")).toBe("1:2:3");
  });

  it("keeps keys short and printable whatever is sent", () => {
    expect(addressLimitKey(`x, ${"a".repeat(500)}`)).toHaveLength(64);
    expect(addressLimitKey("'; drop table users; --")).toBe("droptableusers--");
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
