// The developer center's stylesheet (a file) and script (bundled from browser/devcenter.ts with esbuild on first use
// and kept in memory). Both are served from the emulator itself: no CDN, and the CSP allows only 'self'.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface Asset {
  body: string;
  type: string;
  etag: string;
}

const etagOf = (body: string) => `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

function loadStylesheet(): Asset {
  const body = fs.readFileSync(new URL('./assets/devcenter.css', import.meta.url), 'utf8');
  return { body, type: 'text/css; charset=utf-8', etag: etagOf(body) };
}

async function bundleScript(): Promise<Asset> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./browser/devcenter.ts', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2018'],
    write: false,
    legalComments: 'none',
  });
  const body = result.outputFiles[0]!.text;
  return { body, type: 'text/javascript; charset=utf-8', etag: etagOf(body) };
}

let stylesheet: Asset | null = null;
let script: Promise<Asset> | null = null;

export async function devCenterAsset(name: string): Promise<Asset | null> {
  if (name === 'devcenter.css') return (stylesheet ??= loadStylesheet());
  if (name === 'devcenter.js') {
    if (!script) {
      script = bundleScript();
      // A failed build is not kept, so a fixed file is picked up without a restart.
      script.catch(() => (script = null));
    }
    return script;
  }
  return null;
}
