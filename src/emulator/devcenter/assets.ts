// The developer center's stylesheet (a file) and script (bundled from browser/devcenter.ts with esbuild on first use
// and kept in memory). Both are served from the emulator itself: no CDN, and the CSP allows only 'self'.
import fs from 'node:fs';
import { bundledOnce, strongEtag } from '../../lib/browser-bundle.ts';

export interface Asset {
  body: string;
  type: string;
  etag: string;
}

function loadStylesheet(): Asset {
  const body = fs.readFileSync(new URL('./assets/devcenter.css', import.meta.url), 'utf8');
  return { body, type: 'text/css; charset=utf-8', etag: strongEtag(body) };
}

const script = bundledOnce(new URL('./browser/devcenter.ts', import.meta.url));
let stylesheet: Asset | null = null;

export async function devCenterAsset(name: string): Promise<Asset | null> {
  if (name === 'devcenter.css') return (stylesheet ??= loadStylesheet());
  if (name === 'devcenter.js') {
    const { code, etag } = await script();
    return { body: code, type: 'text/javascript; charset=utf-8', etag };
  }
  return null;
}
