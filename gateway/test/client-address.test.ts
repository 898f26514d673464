import type { Request } from "express";
import { clientAddress, trustedProxiesSetting } from "../src/client-address";

const from = (ip: string) => ({ ip, socket: { remoteAddress: "10.0.0.1" } }) as unknown as Request;

describe("the client address", () => {
  it("counts an IPv6 client as its /64, so rotating addresses within it does not make a new client", () => {
    expect(clientAddress(from("2001:db8:1:2:3:4:5:6"))).toBe("2001:db8:1:2::/64");
    expect(clientAddress(from("2001:db8:1:2:ffff::1"))).toBe("2001:db8:1:2::/64");
    expect(clientAddress(from("2001:db8:1:3::1"))).toBe("2001:db8:1:3::/64");
  });

  it("keeps IPv4, also when written as IPv4-mapped IPv6", () => {
    expect(clientAddress(from("203.0.113.7"))).toBe("203.0.113.7");
    expect(clientAddress(from("::ffff:203.0.113.7"))).toBe("203.0.113.7");
  });

  it("accepts addresses, CIDR ranges and proxy-addr's names as trusted proxies, and nothing else", () => {
    expect(trustedProxiesSetting.parse(" 10.42.0.0/16, loopback ,fd00::/8")).toEqual(["10.42.0.0/16", "loopback", "fd00::/8"]);
    expect(trustedProxiesSetting.parse(undefined)).toEqual([]);
    expect(() => trustedProxiesSetting.parse("10.42.0.0/16,*")).toThrow();
  });
});
