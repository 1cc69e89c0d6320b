// The hosted window's own script (served from the gateway, so the page's Content-Security-Policy needs no inline
// script). On the opening page it hands the request to the Toss browser SDK the page loaded before it; on the result
// page it gives the result to the merchant page that opened the overlay, or follows the redirect.
import { MESSAGE_SOURCE, type CheckoutResult } from './protocol.ts';

interface TossSdk {
  requestPayment(method: string, params: Record<string, unknown>): Promise<unknown>;
  requestBillingAuth(method: string, params: Record<string, unknown>): Promise<unknown>;
}

interface Choice {
  param: string;
  options: { value: unknown }[];
}

type PageData =
  | { page: 'payment' | 'billing'; clientKey: string; method: string; params: Record<string, unknown>; failUrl: string; choices?: Choice[] }
  | { page: 'result'; result: CheckoutResult; parentOrigin: string | null; redirectUrl: string | null; hold: boolean };

const element = document.getElementById('checkout-data');
const data = element ? (JSON.parse(element.textContent || '{}') as PageData) : null;

function failTo(failUrl: string, code: string, message: string): void {
  const url = new URL(failUrl);
  url.searchParams.set('code', code);
  url.searchParams.set('message', message);
  location.replace(url.href);
}

function open(d: Extract<PageData, { page: 'payment' | 'billing' }>): void {
  // The gateway names its return URLs by path; the PG's SDK wants them absolute.
  for (const key of ['successUrl', 'failUrl']) {
    if (typeof d.params[key] === 'string') d.params[key] = new URL(d.params[key] as string, location.href).href;
  }
  d.failUrl = new URL(d.failUrl, location.href).href;
  const factory = (window as unknown as { TossPayments?: (clientKey: string) => TossSdk }).TossPayments;
  if (typeof factory !== 'function') return failTo(d.failUrl, 'PG_SCRIPT_UNAVAILABLE', 'PG사 결제 모듈을 불러오지 못했습니다.');
  let call: Promise<unknown>;
  try {
    const sdk = factory(d.clientKey);
    call = d.page === 'billing' ? sdk.requestBillingAuth(d.method, d.params) : sdk.requestPayment(d.method, d.params);
  } catch (error) {
    call = Promise.reject(error);
  }
  // In redirect mode the SDK leaves the page on success or failure; a rejection is a refusal before its window opened
  // (or the buyer closing it), which still has to end the attempt on the gateway.
  call.catch((error: { code?: string; message?: string }) =>
    failTo(d.failUrl, error?.code || 'PAY_PROCESS_ABORTED', error?.message || '결제가 중단되었습니다.'),
  );
}

function deliver(d: Extract<PageData, { page: 'result' }>): void {
  if (d.redirectUrl) {
    location.replace(d.redirectUrl);
    return;
  }
  if (d.parentOrigin && window.parent !== window) {
    window.parent.postMessage({ source: MESSAGE_SOURCE, type: 'result', result: d.result }, d.parentOrigin);
  }
}

/** The buyer's picks (see choicesBody) become the PG's parameters; the PG's window opens once all are made. */
function openAfterChoices(d: Extract<PageData, { page: 'payment' | 'billing' }>): void {
  const form = document.querySelector<HTMLFormElement>('[data-testid="checkout-choices"]');
  if (!d.choices?.length || !form) return open(d);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    for (const choice of d.choices!) {
      const picked = form.querySelector<HTMLInputElement>(`input[name="${choice.param}"]:checked`);
      const option = picked ? choice.options[Number(picked.value)] : undefined;
      if (!option) return;
      d.params[choice.param] = option.value;
    }
    form.hidden = true;
    open(d);
  });
  // Closing here is what closing Toss's window would have been.
  form.querySelector('[data-testid="checkout-cancel"]')?.addEventListener('click', () =>
    failTo(new URL(d.failUrl, location.href).href, 'PAY_PROCESS_CANCELED', '사용자에 의해 결제가 취소되었습니다.'),
  );
}

if (data?.page === 'payment' || data?.page === 'billing') openAfterChoices(data);
if (data?.page === 'result') {
  const button = document.querySelector<HTMLButtonElement>('[data-testid="checkout-done"]');
  if (data.hold && button) button.addEventListener('click', () => deliver(data));
  else deliver(data);
}
