// Receipt links in payments (`receipt.url`, `card.receiptUrl`, cash-receipt `receiptUrl`) lead to a minimal page, so
// a developer following one sees the transaction rather than a 404.
import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from './context.ts';
import { kst } from './time.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function registerReceiptPages(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get('/_emulator/receipts/:paymentKey', async (req, reply) => {
    const key = (req.params as Record<string, string>).paymentKey;
    const p = await ctx.db.selectFrom('payments').selectAll().where('payment_key', '=', key).executeTakeFirst();
    if (!p) return reply.code(404).type('text/html; charset=utf-8').send('<!doctype html><title>영수증</title><p>존재하지 않는 결제입니다.</p>');
    const rows: [string, string][] = [
      ['주문번호', p.order_id], ['주문명', p.order_name], ['결제수단', p.method ?? '-'], ['상태', p.status],
      ['결제금액', `${Number(p.total_amount).toLocaleString('ko-KR')}원`], ['잔액', `${Number(p.balance_amount).toLocaleString('ko-KR')}원`],
      ['승인시각', kst(p.approved_at) ?? '-'],
    ];
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(`<!doctype html><meta charset="utf-8"><title>매출전표 (테스트)</title><h1>매출전표 (테스트)</h1><table>${rows
        .map(([k, v]) => `<tr><th>${escape(k)}</th><td>${escape(String(v))}</td></tr>`)
        .join('')}</table>`);
  });
  app.get('/_emulator/receipts/cash/:receiptKey', async (req, reply) => {
    const key = (req.params as Record<string, string>).receiptKey;
    const r = await ctx.db.selectFrom('cash_receipts').selectAll().where('receipt_key', '=', key).executeTakeFirst();
    if (!r) return reply.code(404).type('text/html; charset=utf-8').send('<!doctype html><title>현금영수증</title><p>존재하지 않는 현금영수증입니다.</p>');
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(`<!doctype html><meta charset="utf-8"><title>현금영수증 (테스트)</title><h1>현금영수증 (테스트)</h1><p>${escape(r.type)} · ${escape(r.transaction_type)} · ${Number(r.amount).toLocaleString('ko-KR')}원 · ${escape(r.order_id)}</p>`);
  });
}
