// `window.IMP`, the browser SDK a merchant page loads from `<gateway>/v1/iamport.js`. It checks the parameters, asks
// the gateway to start the payment (which refuses a prepared-amount mismatch or a paid merchant_uid before any window
// opens), then opens the hosted window: an overlay iframe on desktop, a full-page redirect on mobile. Bundled with no
// run-time dependencies.
import { MESSAGE_SOURCE, type CheckoutAnswer, type CheckoutResult } from './protocol.ts';

type Params = Record<string, unknown>;
type Callback = (rsp: CheckoutResult) => void;

const script = document.currentScript as HTMLScriptElement | null;
const BASE = new URL(script?.src || '/v1/iamport.js', location.href).href.replace(/\/v1\/iamport(\.min)?\.js.*$/, '');
const ORIGIN = new URL(BASE).origin;

let userCode: string | null = null;
let tierCode: string | null = null;
let overlay: HTMLElement | null = null;

const isObject = (v: unknown): v is Params => v !== null && typeof v === 'object' && !Array.isArray(v);
const isMobile = () => /Android|iPhone|iPad|iPod|Mobile|Windows Phone/i.test(navigator.userAgent);

function refusal(merchantUid: unknown, code: string, message: string): CheckoutResult {
  return {
    success: false,
    imp_uid: null,
    merchant_uid: typeof merchantUid === 'string' ? merchantUid : '',
    error_code: code,
    error_msg: message,
  };
}

/** PortOne checks these since 2024-03; a plain integer string is still taken, as PortOne's own Toss example sends one. */
function validate(params: Params): string | null {
  if (!userCode) return '가맹점 식별코드가 설정되지 않았습니다. IMP.init(가맹점 식별코드)를 먼저 호출해주세요.';
  if (typeof params.merchant_uid !== 'string' || params.merchant_uid === '') {
    return 'merchant_uid는 필수 입력 항목이며 문자열이어야 합니다.';
  }
  if (typeof params.amount === 'string' && /^\d+$/.test(params.amount)) {
    console.warn(`[IMP] amount는 숫자여야 합니다. 문자열 "${params.amount}"을(를) 숫자로 바꾸어 진행합니다.`);
    params.amount = Number(params.amount);
  }
  if (typeof params.amount !== 'number' || !Number.isFinite(params.amount) || params.amount < 0) {
    return 'amount는 필수 입력 항목이며 0 이상의 숫자여야 합니다.';
  }
  return null;
}

function closeOverlay(): void {
  overlay?.remove();
  overlay = null;
}

function openOverlay(url: string, finish: Callback): void {
  closeOverlay();
  const shade = document.createElement('div');
  shade.setAttribute('data-imp-overlay', '');
  shade.style.cssText =
    'position:fixed;inset:0;z-index:2147483646;background:rgba(0,0,0,.5);display:flex;align-items:center;justify-content:center';
  const frame = document.createElement('iframe');
  frame.title = '결제';
  frame.setAttribute('data-imp-frame', '');
  frame.allow = 'payment';
  frame.style.cssText = 'width:100%;height:100%;border:0;background:transparent';
  shade.appendChild(frame);
  document.body.appendChild(shade);
  overlay = shade;
  const listener = (event: MessageEvent) => {
    // Only the window this call opened, from the gateway's origin, may finish it.
    if (event.origin !== ORIGIN || event.source !== frame.contentWindow) return;
    const data = event.data;
    if (!isObject(data) || data.source !== MESSAGE_SOURCE || data.type !== 'result' || !isObject(data.result)) return;
    window.removeEventListener('message', listener);
    closeOverlay();
    finish(data.result as unknown as CheckoutResult);
  };
  window.addEventListener('message', listener);
  frame.src = url;
}

function redirectWithResult(target: string, result: CheckoutResult): void {
  const url = new URL(target, location.href);
  url.searchParams.set('imp_uid', result.imp_uid ?? '');
  url.searchParams.set('merchant_uid', result.merchant_uid);
  url.searchParams.set('imp_success', String(!result.error_code));
  if (result.error_code) url.searchParams.set('error_code', result.error_code);
  if (result.error_msg) url.searchParams.set('error_msg', result.error_msg);
  location.href = url.href;
}

function requestPay(rawParams: unknown, callback?: Callback): Promise<CheckoutResult> {
  return new Promise((resolve) => {
    const done = (rsp: CheckoutResult) => {
      if (typeof callback === 'function') callback(rsp);
      resolve(rsp);
    };
    if (!isObject(rawParams)) return done(refusal(undefined, 'INVALID_PARAMETER', '결제 파라미터는 객체여야 합니다.'));
    const params: Params = { ...rawParams };
    const problem = validate(params);
    if (problem) return done(refusal(params.merchant_uid, 'INVALID_PARAMETER', problem));
    const redirectUrl = typeof params.m_redirect_url === 'string' && params.m_redirect_url ? params.m_redirect_url : null;
    const redirect = redirectUrl !== null && (isMobile() || params.popup === false);
    fetch(`${BASE}/checkout/payments`, {
      method: 'POST',
      // A simple request (no preflight): the gateway reads the JSON whatever the declared type.
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ user_code: userCode, tier_code: tierCode, mode: redirect ? 'redirect' : 'iframe', params }),
      credentials: 'omit',
    })
      .then((res) => res.json() as Promise<CheckoutAnswer>)
      .then((answer) => {
        if (!answer.window_url) {
          const result = answer.result ?? refusal(params.merchant_uid, 'UNKNOWN', '결제를 시작하지 못했습니다.');
          return redirect ? redirectWithResult(redirectUrl, result) : done(result);
        }
        const windowUrl = new URL(answer.window_url, BASE + '/').href;
        if (redirect) location.href = windowUrl;
        else openOverlay(windowUrl, done);
      })
      .catch(() => done(refusal(params.merchant_uid, 'NETWORK_ERROR', '결제 서버에 연결하지 못했습니다.')));
  });
}

const IMP = Object.freeze({
  init(code: string): void {
    userCode = String(code);
    tierCode = null;
  },
  agency(code: string, tier: string): void {
    userCode = String(code);
    tierCode = tier == null ? null : String(tier);
  },
  request_pay(params: unknown, callback?: Callback): Promise<CheckoutResult> {
    return requestPay(params, callback);
  },
  certification(params: unknown, callback?: Callback): Promise<CheckoutResult> {
    const rsp = refusal(
      isObject(params) ? params.merchant_uid : undefined,
      'NOT_SUPPORTED',
      '본인인증(IMP.certification)은 제공하지 않습니다. 결제와 빌링키 발급만 지원합니다.',
    );
    if (typeof callback === 'function') callback(rsp);
    return Promise.resolve(rsp);
  },
});

(window as unknown as { IMP: typeof IMP }).IMP = IMP;
