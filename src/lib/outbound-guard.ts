// Server-side request forgery guard for URLs merchants give us (webhook targets, confirm_url): a merchant must not be
// able to make the gateway call its own internal network. The resolved address is checked when the socket connects,
// so a name that resolves to a public address when saved and a private one later (DNS rebinding) is still refused.
import dns from 'node:dns';
import net from 'node:net';
import type { PrivateTargets } from '../config.ts';

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const PRIVATE = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const) PRIVATE.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['100::', 64], // discard-only
] as const) PRIVATE.addSubnet(prefix, bits, 'ipv6');

export class ForbiddenTargetError extends Error {
  constructor(readonly address: string) {
    super(`target address ${address} is in a private range, which this gateway does not call`);
    this.name = 'ForbiddenTargetError';
  }
}

/** An IPv4 address embedded in an IPv6 one (mapped `::ffff:a.b.c.d` or NAT64 `64:ff9b::a.b.c.d`) is judged as IPv4. */
function embeddedIpv4(address: string): string | null {
  const m = /^(?:::ffff:|64:ff9b::)(?:0:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (m) return m[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

export function isAllowedAddress(address: string, policy: PrivateTargets): boolean {
  if (policy === 'all') return true;
  const v4 = net.isIPv4(address) ? address : embeddedIpv4(address);
  const [ip, family] = v4 ? [v4, 'ipv4' as const] : [address, 'ipv6' as const];
  if (!net.isIP(ip)) return false;
  if (LOOPBACK.check(ip, family)) return policy === 'loopback';
  return !PRIVATE.check(ip, family);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for sockets (undici's `connect.lookup`): resolves as usual, then keeps only allowed addresses and fails
 * the connection when none is left.
 */
export function guardedLookup(policy: PrivateTargets) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const allowed = addresses.filter((a) => isAllowedAddress(a.address, policy));
      if (allowed.length === 0) {
        return callback(new ForbiddenTargetError(addresses[0]?.address ?? hostname) as NodeJS.ErrnoException, []);
      }
      if (options.all) return callback(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

/**
 * Checks what can be checked before connecting: the scheme, and a literal IP host (sockets skip `lookup` for those).
 * Returns a reason to refuse, or null.
 */
export function refuseTarget(url: string, policy: PrivateTargets): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a valid URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `scheme ${parsed.protocol} is not http or https`;
  if (parsed.username || parsed.password) return 'credentials in the URL are not allowed';
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (net.isIP(host) && !isAllowedAddress(host, policy)) return new ForbiddenTargetError(host).message;
  return null;
}
