// A hosted checkout driven over plain HTTP, as the browser would drive it: the gateway opens its window (called from
// the shop's origin), the buyer pays in the emulator's window, and the emulator's successUrl brings them back to the
// gateway, which asks confirm_url and confirms at Toss.
import assert from 'node:assert/strict';
import { guideOrder, type CheckoutBed } from '../checkout/harness.ts';

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

export async function checkoutOverHttp(
  bed: CheckoutBed,
  confirmAnswer: CheckoutBed['shop']['confirmAnswer'],
  amount = 12_000,
): Promise<{ impUid: string; state: string; failReason: string | null }> {
  bed.shop.confirmAnswer = confirmAnswer;
  const order = guideOrder({ confirm_url: bed.shop.confirmUrl, amount });
  const opened = (await fetch(`${bed.url}/checkout/payments`, {
    method: 'POST',
    // The shop's page is where iamport.js would call from.
    headers: { 'content-type': 'application/json', origin: bed.shop.url },
    body: JSON.stringify({ user_code: bed.merchant.userCode, mode: 'iframe', params: order }),
  }).then((r) => r.json())) as { window_url?: string };
  assert.ok(opened.window_url, JSON.stringify(opened));
  const token = opened.window_url.split('/').pop()!;
  const window = await bed.ctx.db.selectFrom('checkout_windows').select('imp_uid').where('token', '=', token).executeTakeFirstOrThrow();
  const impUid = window.imp_uid!;
  const success = `${bed.url}/checkout/windows/${token}/success`;
  const tossWindow = await fetch(`${bed.emulatorUrl}/window/payments`, form({
    clientKey: bed.toss.clientKey,
    method: 'CARD',
    params: JSON.stringify({ amount, orderId: impUid, orderName: order.name, successUrl: success, failUrl: `${bed.url}/checkout/windows/${token}/fail` }),
    mode: 'redirect',
    target: 'iframe',
    origin: bed.url,
  }));
  assert.equal(tossWindow.status, 303);
  const paymentKey = decodeURIComponent(tossWindow.headers.get('location')!.split('/').pop()!);
  const paid = await fetch(`${bed.emulatorUrl}/window/payments/${encodeURIComponent(paymentKey)}`, form({ action: 'pay', choice: 'card:HYUNDAI' }));
  assert.ok(paid.status < 400, await paid.text());
  const back = await fetch(`${success}?${new URLSearchParams({ paymentKey, orderId: impUid, amount: String(amount) })}`);
  assert.equal(back.status, 200);
  const payment = await bed.ctx.db.selectFrom('payments').select(['state', 'fail_reason']).where('imp_uid', '=', impUid).executeTakeFirstOrThrow();
  return { impUid, state: payment.state, failReason: payment.fail_reason };
}
