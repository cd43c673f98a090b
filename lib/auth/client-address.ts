// Which client a request comes from, for counting failed sign-ins per address.
//
// `next start` fills X-Forwarded-For from the socket only when the request
// has none (`??=`), so a client could name any address it likes. The hook in
// instrumentation.ts (trustForwardedHeadersOnlyFromProxy) therefore replaces
// X-Forwarded-For with the socket's address unless TRUST_PROXY=1 says a
// reverse proxy in front of the app appends the real one. Either way the
// right-most entry is the address this server can vouch for.

/** A key for the client's address: IPv4 as is, IPv6 by its /64 (one host's whole block). */
export function clientAddressKey(forwardedFor: string | null): string {
  const last = forwardedFor?.split(",").at(-1)?.trim() ?? "";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(last);
  const address = mapped?.[1] ?? last;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(address)) return address;
  const prefix = ipv6Prefix64(address);
  return prefix ?? "unknown";
}

function ipv6Prefix64(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "").toLowerCase();
  if (!/^[0-9a-f:.]+$/.test(bare) || !bare.includes(":")) return null;
  const [head = "", tail, ...rest] = bare.split("::");
  if (rest.length > 0) return null;
  const groups = (part: string | undefined) => (part ? part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g])) : []);
  const start = groups(head);
  const end = groups(tail);
  const missing = 8 - start.length - end.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const all = [...start, ...Array<string>(Math.max(missing, 0)).fill("0"), ...end];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return `${all.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
