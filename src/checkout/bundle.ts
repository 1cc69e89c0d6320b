// The checkout's browser scripts: iamport.js for merchant pages, the payment window's script and the demo shop's.
import { bundledOnce, type BrowserBundle } from '../lib/browser-bundle.ts';

export type { BrowserBundle };

const BUNDLES = {
  iamport: bundledOnce(new URL('./browser/iamport.ts', import.meta.url)),
  window: bundledOnce(new URL('./browser/window.ts', import.meta.url)),
  demo: bundledOnce(new URL('./browser/demo.ts', import.meta.url)),
} as const;

export type BundleName = keyof typeof BUNDLES;

export function browserBundle(name: BundleName): Promise<BrowserBundle> {
  return BUNDLES[name]();
}
