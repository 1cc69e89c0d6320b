// A merchant's webhook endpoint for tests: an HTTP server on 127.0.0.1 that records every request and answers as the
// test decides. It can be taken down and brought back on the same port.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
  /** The status this receiver answered with (0: it never answered). */
  status: number;
}

export type Responder = (request: { headers: http.IncomingHttpHeaders; body: string }) => number;

export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  respond: Responder = () => 200;
  /** While set, requests are read and recorded but never answered (a receiver that hangs). */
  hang = false;
  private server: http.Server | null = null;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/webhook`;
  }

  async start(): Promise<this> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (this.hang) {
          this.received.push({ headers: req.headers, body, at: Date.now(), status: 0 });
          return;
        }
        const status = this.respond({ headers: req.headers, body });
        this.received.push({ headers: req.headers, body, at: Date.now(), status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'OK' : 'not now');
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Bodies of the requests answered with 2xx, parsed as JSON. */
  acceptedJson(): Array<Record<string, string>> {
    return this.received.filter((r) => r.status > 0 && r.status < 300).map((r) => JSON.parse(r.body));
  }
}
