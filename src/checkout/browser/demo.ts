// The demo shop's page script: each button calls IMP.request_pay exactly as PortOne's Toss Payments guide does, then
// shows the callback and the payment as `GET /payments/{imp_uid}` returns it (through the gateway's dev-only route,
// so no REST secret ever reaches the page).
interface DemoData {
  userCode: string;
}

interface Imp {
  init(code: string): void;
  request_pay(params: Record<string, unknown>, callback: (rsp: Record<string, unknown>) => void): void;
}

const data = JSON.parse(document.getElementById('demo-data')?.textContent || '{}') as DemoData;
const IMP = (window as unknown as { IMP: Imp }).IMP;
IMP.init(data.userCode);

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function show(id: string, value: unknown): void {
  $(id).textContent = JSON.stringify(value, null, 2);
}

function order(payMethod: string): Record<string, unknown> {
  const params: Record<string, unknown> = {
    pg: 'tosspayments',
    pay_method: payMethod,
    merchant_uid: `demo-${Date.now()}`,
    name: '나이키 와플 트레이너 2 SD',
    amount: 109000,
    buyer_email: 'gildong@gmail.com',
    buyer_name: '홍길동',
    buyer_tel: '010-4242-4242',
    buyer_addr: '서울특별시 강남구 신사동',
    buyer_postcode: '01181',
    m_redirect_url: `${location.origin}/demo`,
  };
  const quota = $<HTMLSelectElement>('installments').value;
  if (quota) params.display = { card_quota: quota === 'lump' ? [] : quota.split(',').map(Number) };
  if ($<HTMLInputElement>('english').checked) params.bypass = { tosspayments: { useInternationalCardOnly: true } };
  return params;
}

async function lookUp(impUid: string): Promise<void> {
  const res = await fetch(`/demo/payments/${encodeURIComponent(impUid)}`);
  show('payment', await res.json());
}

function pay(params: Record<string, unknown>): void {
  show('callback', '…');
  show('payment', '');
  IMP.request_pay(params, (rsp) => {
    show('callback', rsp);
    if (typeof rsp.imp_uid === 'string' && rsp.imp_uid) void lookUp(rsp.imp_uid);
  });
}

document.querySelectorAll<HTMLButtonElement>('button[data-pay-method]').forEach((button) => {
  button.addEventListener('click', () => pay(order(button.dataset.payMethod!)));
});
$('billing').addEventListener('click', () =>
  pay({ ...order('card'), customer_uid: `demo-customer-${Date.now()}`, amount: 0 }),
);

// Back from a mobile redirect: the result is in the query string.
const query = new URLSearchParams(location.search);
if (query.has('imp_uid')) {
  show('callback', Object.fromEntries(query));
  if (query.get('imp_uid')) void lookUp(query.get('imp_uid')!);
}
