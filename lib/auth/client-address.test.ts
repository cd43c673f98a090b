import { describe, expect, it } from "vitest";
import { clientAddressKey } from "./client-address";

describe("the client address key", () => {
  it("is the right-most X-Forwarded-For entry: the one this server or its proxy vouches for", () => {
    expect(clientAddressKey("203.0.113.9")).toBe("203.0.113.9");
    expect(clientAddressKey("10.9.9.9, 198.51.100.4")).toBe("198.51.100.4");
    expect(clientAddressKey("::ffff:127.0.0.1")).toBe("127.0.0.1");
  });

  it("takes IPv6 by its /64, so one host cannot rotate through its block", () => {
    expect(clientAddressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(clientAddressKey("2001:db8:1:2::7")).toBe("2001:db8:1:2::/64");
    expect(clientAddressKey("2001:0db8:0000:0002::1")).toBe("2001:db8:0:2::/64");
    expect(clientAddressKey("::1")).toBe("0:0:0:0::/64");
    expect(clientAddressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(clientAddressKey("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
  });

  it("is 'unknown' for anything else", () => {
    expect(clientAddressKey(null)).toBe("unknown");
    expect(clientAddressKey("")).toBe("unknown");
    expect(clientAddressKey("not an address")).toBe("unknown");
    expect(clientAddressKey("1:2:3:4:5:6:7:8:9")).toBe("unknown");
    expect(clientAddressKey("1::2::3")).toBe("unknown");
  });
});
