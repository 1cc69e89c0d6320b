// Browser scripts, bundled and minified from their TypeScript with esbuild once per process and kept in memory with a
// strong ETag: the first request pays the few milliseconds, every later one is a memory read or a 304. Served by the
// app itself: no CDN.
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface BrowserBundle {
  code: string;
  etag: string;
}

export function strongEtag(body: string): string {
  return `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

async function bundle(entry: URL): Promise<BrowserBundle> {
  const result = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2018'],
    write: false,
    legalComments: 'none',
  });
  const code = result.outputFiles[0]!.text;
  return { code, etag: strongEtag(code) };
}

/** The bundle of `entry` (a module's URL), built on first call. A failed build is not kept, so a fixed file is picked up without a restart. */
export function bundledOnce(entry: URL): () => Promise<BrowserBundle> {
  let pending: Promise<BrowserBundle> | null = null;
  return () => {
    if (!pending) {
      pending = bundle(entry);
      pending.catch(() => (pending = null));
    }
    return pending;
  };
}
