// What the browser SDK, the hosted window and the gateway's checkout routes say to each other.
import type { WindowResult } from '../../core/checkout/repository.ts';

/** `source` of every message the hosted window posts to the merchant page. */
export const MESSAGE_SOURCE = 'tollgate-checkout';

/**
 * The callback's argument (and the promise's value). For the Toss channel PortOne's new module answers a payment with
 * only `imp_uid` and `merchant_uid` (+ `error_code`, `error_msg` on failure); the billing-key window and refusals
 * before any window also say `success`.
 */
export type CheckoutResult = WindowResult;

/** The gateway's answer to `POST /checkout/payments`: a window to open, or the refusal that stopped it. */
export interface CheckoutAnswer {
  window_url?: string;
  result?: CheckoutResult;
}
