// The browser scripts, bundled and minified from their TypeScript once per process and kept in memory with a strong
// ETag: the first request pays the few milliseconds, every later one is a memory read or a 304.
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface BrowserBundle {
  code: string;
  etag: string;
}

const ENTRIES = {
  iamport: fileURLToPath(new URL('./browser/iamport.ts', import.meta.url)),
  window: fileURLToPath(new URL('./browser/window.ts', import.meta.url)),
  demo: fileURLToPath(new URL('./browser/demo.ts', import.meta.url)),
} as const;

export type BundleName = keyof typeof ENTRIES;

const cache = new Map<BundleName, Promise<BrowserBundle>>();

async function bundle(name: BundleName): Promise<BrowserBundle> {
  const result = await build({
    entryPoints: [ENTRIES[name]],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2018'],
    write: false,
    legalComments: 'none',
  });
  const code = result.outputFiles[0]!.text;
  const etag = `"${crypto.createHash('sha256').update(code).digest('base64url').slice(0, 27)}"`;
  return { code, etag };
}

export function browserBundle(name: BundleName): Promise<BrowserBundle> {
  let pending = cache.get(name);
  if (!pending) {
    pending = bundle(name);
    // A failed build is not cached, so a fixed file is picked up without a restart.
    pending.catch(() => cache.delete(name));
    cache.set(name, pending);
  }
  return pending;
}
