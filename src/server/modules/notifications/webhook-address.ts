// Where webhooks may call: not into the server's own network. A URL whose host is, or resolves to, a
// loopback, private, link-local (cloud metadata), carrier-grade NAT, unique-local or otherwise reserved
// address is refused when the webhook is saved, and again when each call connects (DNS may have changed
// since: the check runs on the very address the connection uses). An operator who does want webhooks
// inside their network sets LOCKSTEP_WEBHOOKS_ALLOW_PRIVATE=true; tests use configureWebhookPolicy.
import dns, { type LookupAddress, type LookupOptions } from "node:dns";
import { BlockList, isIP } from "node:net";
import { badRequest } from "../../lib/errors.js";

export interface WebhookPolicy {
  /** Allow loopback and private addresses (LOCKSTEP_WEBHOOKS_ALLOW_PRIVATE=true). */
  allowPrivate: boolean;
}

let override: Partial<WebhookPolicy> = {};

export function webhookPolicy(): WebhookPolicy {
  return {
    allowPrivate:
      override.allowPrivate ?? process.env.LOCKSTEP_WEBHOOKS_ALLOW_PRIVATE?.trim().toLowerCase() === "true",
  };
}

/** Overrides the environment (fields left out keep it); configureWebhookPolicy({}) goes back to it. */
export function configureWebhookPolicy(policy: Partial<WebhookPolicy>) {
  override = { ...policy };
}

const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata services
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  blocked.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  // Ranges that carry an IPv4 address a relay or translator turns into an IPv4 connection: refused
  // whole (they are transition mechanisms a webhook receiver has no reason to use).
  ["64:ff9b:1::", 48], // local-use NAT64 (RFC 8215), any embedding
  ["2002::", 16], // 6to4: 2002:AABB:CCDD::/48 is a.b.c.d
  ["2001::", 32], // Teredo: server and (obfuscated) client IPv4 inside
  ["fc00::", 7], // unique local (ULA)
  ["fe80::", 10], // link-local
  ["fec0::", 10], // old site-local
  ["ff00::", 8], // multicast
] as const)
  blocked.addSubnet(network, prefix, "ipv6");

/** The 16-bit groups of an IPv6 address (with "::" and a dotted IPv4 tail expanded). */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, "");
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split(".").map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const parse = (part: string | undefined) =>
    part ? part.split(":").map((g) => Number.parseInt(g, 16)) : [];
  const left = parse(head);
  const right = parse(tail);
  const groups =
    tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : undefined;
}

/**
 * True for an address no webhook may call by default. IPv4 inside IPv6 (mapped, translated, compatible,
 * NAT64) counts as that IPv4 address; 6to4, Teredo and local-use NAT64 are refused whole.
 */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family !== 6) return true;
  const g = ipv6Groups(address);
  if (!g) return true;
  const embedded = () => `${g[6] >> 8}.${g[6] & 0xff}.${g[7] >> 8}.${g[7] & 0xff}`;
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  // ::ffff:a.b.c.d (mapped), ::ffff:0:a.b.c.d (SIIT translated), ::a.b.c.d (compatible),
  // 64:ff9b::a.b.c.d (NAT64)
  if (
    (zeros(5) && g[5] === 0xffff) ||
    (zeros(4) && g[4] === 0xffff && g[5] === 0) ||
    (zeros(6) && (g[6] !== 0 || g[7] > 1))
  )
    return blocked.check(embedded(), "ipv4");
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))
    return blocked.check(embedded(), "ipv4");
  return blocked.check(address, "ipv6");
}

const ALLOW_HINT = "an operator can allow it with LOCKSTEP_WEBHOOKS_ALLOW_PRIVATE=true";

function privateHostMessage(host: string, address?: string) {
  const where = address && address !== host ? `${host} (${address})` : host;
  return `${where} is a private, loopback or reserved address; webhooks may only call public addresses (${ALLOW_HINT})`;
}

/**
 * Refuses (400 naming `url`) a webhook URL whose host is, or resolves to, a private address. A host that
 * does not resolve (yet) is accepted: every call checks the address it connects to.
 */
export async function checkWebhookUrl(url: string) {
  if (webhookPolicy().allowPrivate) return;
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return; // the schema reports malformed URLs
  }
  if (isIP(host)) {
    if (isPrivateAddress(host)) throw badRequest(privateHostMessage(host), "url");
    return;
  }
  // "localhost." (the fully qualified spelling) and "LocalHost" name the same machine.
  const name = host.toLowerCase().replace(/\.+$/, "");
  if (name === "localhost" || name.endsWith(".localhost")) throw badRequest(privateHostMessage(host), "url");
  let addresses: LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
  } catch {
    return;
  }
  const bad = addresses.find((a) => isPrivateAddress(a.address));
  if (bad) throw badRequest(privateHostMessage(host, bad.address), "url");
}

export class PrivateAddressError extends Error {
  readonly code = "EPRIVATEADDRESS";
  constructor(host: string, address?: string) {
    super(`Refused: ${privateHostMessage(host, address)}`);
  }
}

/** The check for a literal-IP URL, which connects without a DNS lookup. */
export function refusePrivateLiteral(url: URL) {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!webhookPolicy().allowPrivate && isIP(host) && isPrivateAddress(host))
    throw new PrivateAddressError(host);
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A dns.lookup for http.request that refuses private addresses: the check is on what we connect to. */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback) {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses as LookupAddress[];
    if (!webhookPolicy().allowPrivate) {
      const bad = list.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(new PrivateAddressError(hostname, bad.address), []);
    }
    if (options.all) return callback(null, list);
    const first = list[0];
    if (!first) return callback(Object.assign(new Error(`${hostname} not found`), { code: "ENOTFOUND" }), []);
    callback(null, first.address, first.family);
  });
}
