// A small V1 caller for tests: sends a request with a token and checks every answer against the official spec.
import { assertMatchesSpec } from './openapi.ts';

export interface V1Answer {
  status: number;
  body: any;
}

export function v1Client(baseUrl: string, token: () => Promise<string> | string) {
  return async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<V1Answer> {
    const init: RequestInit = { method, headers: { authorization: await token(), ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= typeof body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json';
    }
    const res = await fetch(baseUrl + path, init);
    const answer = { status: res.status, body: await res.json() };
    assertMatchesSpec(method, path, answer.status, answer.body);
    return answer;
  };
}
