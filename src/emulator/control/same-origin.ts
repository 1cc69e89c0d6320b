// The control API has no authentication, so a page on another site open in the developer's browser must not be able
// to use it: a cross-site form or fetch could deposit money, flip faults or reset everything. Browsers mark their
// requests (Sec-Fetch-Site on every request, Origin on every write), and the developer center adds a header no other
// site can send without a CORS preflight, which this app never grants. Node clients — tests, the gateway, scripts —
// send none of these marks and are not affected. A page on a name that an attacker's DNS points at the emulator
// (rebinding) is same-origin to the browser, so a browser write must also be addressed to a name that is the
// emulator's own: its public URL's, localhost or an IP address.
import net from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Sent by the developer center's script with every write. */
export const CONSOLE_HEADER = 'x-emulator-console';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Why a write must be refused, or null when it may go ahead. */
export function crossSiteWriteRefusal(request: FastifyRequest, publicUrl: string): string | null {
  if (READS.has(request.method)) return null;
  const site = first(request.headers['sec-fetch-site']);
  const origin = first(request.headers.origin);
  if (site === undefined && origin === undefined) return null;
  if (site !== undefined && site !== 'same-origin') return `a ${site} request may not change the emulator`;
  if (origin !== undefined && hostOf(origin) !== request.headers.host) return 'the request comes from another origin';
  if (!ownHostName(request.headers.host, publicUrl)) return `a browser write must be sent to ${new URL(publicUrl).host}, localhost or an IP address`;
  if (first(request.headers[CONSOLE_HEADER]) !== '1') return `a browser write needs the ${CONSOLE_HEADER} header`;
  return null;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** Whether the Host a request was sent to names the emulator itself rather than a name someone else's DNS controls. */
function ownHostName(host: string | undefined, publicUrl: string): boolean {
  let name: string;
  try {
    name = new URL(`http://${host ?? ''}`).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return false;
  }
  return net.isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost') || name === new URL(publicUrl).hostname.toLowerCase();
}

/** An onRequest hook: a refused write is answered 403 before its body is even read. */
export function refuseCrossSiteWrites(publicUrl: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const reason = crossSiteWriteRefusal(request, publicUrl);
    if (reason) return reply.code(403).send({ code: 'FORBIDDEN_CROSS_SITE_REQUEST', message: reason });
    return undefined;
  };
}
