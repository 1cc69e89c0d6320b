// A console client for tests: keeps cookies like a browser, reads the CSRF field from pages, posts forms.
import assert from 'node:assert/strict';
import type { GatewayContext } from '../../src/context.ts';
import { consoleServices } from '../../src/console/services.ts';

export async function createOperator(ctx: GatewayContext, email: string, opts: { owner?: boolean; admin?: boolean; merchantIds?: number[]; password?: string } = {}) {
  const password = opts.password ?? 'correct horse battery';
  await consoleServices(ctx).operators.create({ email, password, owner: opts.owner, admin: opts.admin, merchantIds: opts.merchantIds });
  return { email, password };
}

export class ConsoleClient {
  private cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly base: string, readonly ip = '127.0.0.1') {}

  private absorb(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (attrs.some((a) => /max-age=0/i.test(a.trim())) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async get(path: string): Promise<{ status: number; text: string; location: string | null; headers: Headers }> {
    const res = await fetch(this.base + path, { headers: { cookie: this.cookieHeader() }, redirect: 'manual' });
    this.absorb(res);
    const text = await res.text();
    const token = /name="_csrf" value="([^"]*)"/.exec(text);
    if (token) this.csrf = token[1]!;
    return { status: res.status, text, location: res.headers.get('location'), headers: res.headers };
  }

  async post(path: string, form: Record<string, string | string[]>, opts: { csrf?: string | null } = {}) {
    const body = new URLSearchParams();
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (csrf !== null) body.append('_csrf', csrf);
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
    });
    this.absorb(res);
    const text = await res.text();
    return { status: res.status, text, location: res.headers.get('location'), headers: res.headers };
  }

  async login(email: string, password: string) {
    await this.get('/console/login');
    return this.post('/console/login', { email, password });
  }

  async loginOk(email: string, password: string): Promise<void> {
    const res = await this.login(email, password);
    assert.equal(res.status, 303, res.text);
    await this.get('/console/merchants');
  }
}
