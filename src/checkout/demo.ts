// The demo shop at /demo, served in development only: PortOne's guide order with a button per payment method, so a
// newcomer sees a whole payment — window, callback, `GET /payments/{imp_uid}` — in the first minute. The look-up goes
// through a dev-only route that uses the demo merchant's id on the server; no REST secret is ever put in the page.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { GatewayContext } from '../context.ts';
import { DomainError } from '../core/errors.ts';
import { serializePaymentView } from '../api/serializers/payment.ts';
import { browserBundle } from './bundle.ts';
import { jsonForScript, text } from './pages.ts';

const METHODS: [string, string][] = [
  ['card', '신용카드'], ['trans', '계좌이체'], ['vbank', '가상계좌'], ['phone', '휴대폰'],
  ['kakaopay', '카카오페이'], ['naverpay', '네이버페이'], ['tosspay', '토스페이'], ['payco', '페이코'],
  ['samsung', '삼성페이'], ['applepay', '애플페이'], ['lpay', '엘페이'], ['ssgpay', 'SSG페이'],
  ['cultureland', '문화상품권'], ['booknlife', '도서문화상품권'], ['smartculture', '게임문화상품권'],
];

const CSS = `body{font-family:system-ui,-apple-system,"Apple SD Gothic Neo","Malgun Gothic",sans-serif;margin:0;background:#f2f4f6;color:#191f28}
main{max-width:880px;margin:32px auto;padding:0 16px}section{background:#fff;border-radius:12px;padding:20px 24px;margin-bottom:16px}
h1{font-size:22px}.price{font-size:20px;font-weight:700}.methods{display:flex;flex-wrap:wrap;gap:8px}
button{padding:10px 14px;border:0;border-radius:8px;background:#3182f6;color:#fff;font-size:14px;cursor:pointer}
button.secondary{background:#4e5968}label{margin-right:16px}pre{background:#f9fafb;border-radius:8px;padding:12px;overflow:auto;max-height:420px;font-size:12px}`;

/** The merchant the demo pays as: the one the first start created (demo-merchant.json), else the first there is. */
async function demoMerchantId(ctx: GatewayContext): Promise<{ id: number; userCode: string } | null> {
  const merchants = await ctx.merchants.list();
  try {
    const file = JSON.parse(fs.readFileSync(path.join(ctx.config.dataDir, 'demo-merchant.json'), 'utf8')) as { user_code?: string };
    const demo = merchants.find((m) => m.userCode === file.user_code);
    if (demo) return { id: demo.id, userCode: demo.userCode };
  } catch {
    // no demo file: fall back to the first merchant
  }
  const first = merchants[0];
  return first ? { id: first.id, userCode: first.userCode } : null;
}

function page(userCode: string): string {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Tollgate 데모 상점</title><link rel="stylesheet" href="/demo/demo.css"></head><body><main>
<section><h1>Tollgate 데모 상점</h1><p>가맹점 식별코드 <code data-testid="demo-user-code">${text(userCode)}</code> · 토스페이먼츠 채널 (에뮬레이터)</p>
<p data-testid="demo-product">나이키 와플 트레이너 2 SD</p><p class="price">109,000원</p></section>
<section><div class="methods">${METHODS.map(([code, label]) => `<button type="button" data-pay-method="${code}" data-testid="demo-pay-${code}">${label}</button>`).join('')}</div>
<p><label>할부 <select id="installments" data-testid="demo-installments"><option value="">기본</option><option value="lump">일시불만</option>
<option value="2,3">2~3개월</option><option value="2,3,6,12">최대 12개월</option></select></label>
<label><input type="checkbox" id="english" data-testid="demo-english"> 영문 결제창 (해외카드)</label>
<button type="button" class="secondary" id="billing" data-testid="demo-billing">카드 등록 (빌링키 발급)</button></p></section>
<section><h2>콜백 (rsp)</h2><pre id="callback" data-testid="demo-callback"></pre>
<h2>GET /payments/{imp_uid}</h2><pre id="payment" data-testid="demo-payment"></pre></section>
</main><script type="application/json" id="demo-data">${jsonForScript({ userCode })}</script>
<script src="/v1/iamport.js"></script><script src="/demo/demo.js"></script></body></html>`;
}

export async function demoShop(app: FastifyInstance, opts: { ctx: GatewayContext }): Promise<void> {
  const { ctx } = opts;
  const headers = (reply: FastifyReply) =>
    reply
      .header(
        'content-security-policy',
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-src 'self'; img-src 'self' data:; " +
          "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
      )
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store');

  app.get('/demo', async (_request, reply) => {
    const merchant = await demoMerchantId(ctx);
    if (!merchant) return reply.code(404).type('text/plain; charset=utf-8').send('가맹점이 없습니다. `tollgate merchant create`로 만들어 주세요.');
    return headers(reply).type('text/html; charset=utf-8').send(page(merchant.userCode));
  });
  app.get('/demo/demo.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(CSS));
  app.get('/demo/demo.js', async (_request, reply) => {
    const bundle = await browserBundle('demo');
    return reply.header('cache-control', 'no-cache').type('text/javascript; charset=utf-8').send(bundle.code);
  });
  app.get<{ Params: { impUid: string } }>('/demo/payments/:impUid', async (request, reply) => {
    const merchant = await demoMerchantId(ctx);
    if (!merchant) return reply.code(404).send({ code: -1, message: '가맹점이 없습니다.', response: null });
    try {
      const view = await ctx.paymentLookups.byImpUid(merchant.id, request.params.impUid);
      return reply.send({ code: 0, message: null, response: serializePaymentView(view) });
    } catch (error) {
      if (error instanceof DomainError) return reply.send({ code: -1, message: error.message, response: null });
      throw error;
    }
  });
}
