/*
 * Toss Payments browser SDK (v1 payment window), as served by the Tollgate emulator at /v1 and /v1/payment.
 * It defines window.TossPayments(clientKey) with requestPayment, requestBillingAuth and cancelPayment, validates the
 * parameters the way the hosted SDK does, and opens the emulator's payment window in an overlay iframe (default) or
 * in the current page (windowTarget: 'self'). No dependencies; the emulator's own origin is taken from this script's
 * address so the same file works behind any host name.
 */
(function () {
  'use strict';

  var currentScript = document.currentScript;
  var scriptUrl = currentScript && currentScript.src ? currentScript.src : '__TOSS_EMULATOR_SCRIPT_URL__';
  var BASE = scriptUrl.replace(/[?#].*$/, '').replace(/\/v1(\/payment)?\/?$/, '');
  var ORIGIN = new URL(BASE, window.location.href).origin;
  var MESSAGE_SOURCE = 'toss-emulator-window';

  var METHODS = {
    '카드': 'CARD', CARD: 'CARD',
    '가상계좌': 'VIRTUAL_ACCOUNT', VIRTUAL_ACCOUNT: 'VIRTUAL_ACCOUNT',
    '휴대폰': 'MOBILE_PHONE', MOBILE_PHONE: 'MOBILE_PHONE',
    '계좌이체': 'TRANSFER', TRANSFER: 'TRANSFER',
    '문화상품권': 'CULTURE_GIFT_CERTIFICATE', CULTURE_GIFT_CERTIFICATE: 'CULTURE_GIFT_CERTIFICATE',
    '도서문화상품권': 'BOOK_GIFT_CERTIFICATE', BOOK_GIFT_CERTIFICATE: 'BOOK_GIFT_CERTIFICATE',
    '게임문화상품권': 'GAME_GIFT_CERTIFICATE', GAME_GIFT_CERTIFICATE: 'GAME_GIFT_CERTIFICATE',
    '토스페이': 'TOSSPAY', '토스결제': 'TOSSPAY', TOSSPAY: 'TOSSPAY',
    '해외간편결제': 'FOREIGN_EASY_PAY', FOREIGN_EASY_PAY: 'FOREIGN_EASY_PAY',
    '미선택': ''
  };
  var CARD_COMPANIES = ['신한', 'SHINHAN', '현대', 'HYUNDAI', '삼성', 'SAMSUNG', '우리', 'WOORI', '국민', 'KOOKMIN',
    '롯데', 'LOTTE', '농협', 'NONGHYEOP', '하나', 'HANA', '비씨', 'BC', '산업', 'KDBBANK', '토스뱅크', 'TOSSBANK',
    '카카오뱅크', 'KAKAOBANK', 'KDB', '수협', 'SUHYEOP', '전북', 'JEONBUKBANK', '우체국', 'POST', '새마을', 'SAEMAUL',
    '씨티', 'CITI', '저축', 'SAVINGBANK', '제주', 'JEJUBANK', '광주', 'GWANGJUBANK', '신협', 'SHINHYEOP', 'JCB',
    '유니온페이', 'UNIONPAY', '마스터', 'MASTER', '비자', 'VISA', '다이너스', 'DINERS', '디스커버', 'DISCOVER',
    '기업비씨', 'IBK_BC', 'AMEX', '케이뱅크', 'KBANK'];
  var EASY_PAYS = ['토스페이', 'TOSSPAY', '네이버페이', 'NAVERPAY', '삼성페이', 'SAMSUNGPAY', '애플페이', 'APPLEPAY',
    '엘페이', 'LPAY', '카카오페이', 'KAKAOPAY', '페이코', 'PAYCO', 'SSG페이', 'SSG', '페이팔', 'PAYPAL'];
  var CARRIERS = ['KT', 'LGU', 'SKT', 'HELLO', 'KCT', 'SK7'];
  var LANGUAGES = ['KO', 'EN', 'JA', 'ZH', 'ko', 'en', 'ja', 'zh'];
  var CASH_RECEIPT_TYPES = ['소득공제', '지출증빙', '미발행'];
  var ORDER_ID = /^[A-Za-z0-9_=-]{6,64}$/;
  var CUSTOMER_KEY = /^[A-Za-z0-9\-_=.@*]{2,300}$/;
  var ZERO_DECIMAL_CURRENCIES = ['KRW', 'JPY'];

  function SdkError(code, message) {
    var error = new Error(message);
    error.name = 'TossPaymentsError';
    error.code = code;
    return error;
  }

  function invalid(message) {
    return SdkError('INVALID_PARAMETER', message);
  }

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  function has(params, key) {
    return params[key] !== undefined && params[key] !== null;
  }

  function optionalString(params, key, max) {
    if (!has(params, key)) return;
    if (typeof params[key] !== 'string') throw invalid(key + '는 문자열이어야 합니다.');
    if (max && params[key].length > max) throw invalid(key + '는 ' + max + '자 이하여야 합니다.');
  }

  function optionalBoolean(params, key) {
    if (has(params, key) && typeof params[key] !== 'boolean') throw invalid(key + '는 boolean 이어야 합니다.');
  }

  function oneOf(params, key, allowed) {
    if (has(params, key) && allowed.indexOf(params[key]) < 0) {
      throw invalid(key + ' 값이 올바르지 않습니다: ' + String(params[key]));
    }
  }

  function absoluteUrl(params, key, code) {
    var value = params[key];
    if (typeof value !== 'string' || value === '') throw SdkError(code, key + ' 값은 필수 값입니다.');
    var url;
    try {
      url = new URL(value, window.location.href);
    } catch (e) {
      throw SdkError(code, key + ' 값이 올바른 URL이 아닙니다.');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw SdkError(code, key + '는 http(s) URL이어야 합니다.');
    return url.href;
  }

  /** Returns 'redirect' or 'promise' after checking the pair of URLs; normalises relative URLs in place. */
  function responseMode(params) {
    var hasSuccess = has(params, 'successUrl');
    var hasFail = has(params, 'failUrl');
    if (!hasSuccess && !hasFail) return 'promise';
    params.successUrl = absoluteUrl(params, 'successUrl', 'INVALID_SUCCESS_URL');
    params.failUrl = absoluteUrl(params, 'failUrl', 'INVALID_FAIL_URL');
    return 'redirect';
  }

  function validateAmount(params, method) {
    var amount = params.amount;
    if (typeof amount !== 'number' || !isFinite(amount)) throw invalid('amount는 숫자여야 합니다.');
    if (amount <= 0) throw SdkError('BELOW_ZERO_AMOUNT', '금액은 0보다 커야 합니다.');
    var currency = has(params, 'currency') ? params.currency : 'KRW';
    if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) throw SdkError('INVALID_CURRENCY', '잘못된 통화 값입니다.');
    if (currency !== 'KRW' && method !== 'CARD' && method !== 'FOREIGN_EASY_PAY') {
      throw SdkError('INVALID_CURRENCY', '잘못된 통화 값입니다.');
    }
    var minorUnits = amount * Math.pow(10, ZERO_DECIMAL_CURRENCIES.indexOf(currency) >= 0 ? 0 : 2);
    // A tolerance: 10.1 * 100 is 1009.9999999999999 in binary floating point.
    if (Math.abs(Math.round(minorUnits) - minorUnits) > 1e-6) {
      throw SdkError('INVALID_MINOR_UNIT_FOR_CURRENCY', currency + ' 결제 금액의 소수점 자릿수가 올바르지 않습니다.');
    }
    if (has(params, 'taxFreeAmount')) {
      var taxFree = params.taxFreeAmount;
      if (typeof taxFree !== 'number' || !isFinite(taxFree) || taxFree < 0 || taxFree > amount) {
        throw invalid('taxFreeAmount는 0 이상 결제 금액 이하의 숫자여야 합니다.');
      }
    }
  }

  function validateMetadata(metadata) {
    if (metadata === undefined || metadata === null) return;
    if (!isObject(metadata)) throw invalid('metadata는 객체여야 합니다.');
    var keys = Object.keys(metadata);
    if (keys.length > 5) throw invalid('metadata는 최대 5개의 키-값 쌍을 허용합니다.');
    for (var i = 0; i < keys.length; i++) {
      if (keys[i].length > 40 || /[\[\]]/.test(keys[i])) throw invalid('metadata의 키는 40자 이하이며 [, ]를 포함할 수 없습니다.');
      if (String(metadata[keys[i]]).length > 2000) throw invalid('metadata의 값은 2000자 이하여야 합니다.');
    }
  }

  function validateCard(params) {
    var plan = params.cardInstallmentPlan;
    var max = params.maxCardInstallmentPlan;
    if (has(params, 'cardInstallmentPlan') && has(params, 'maxCardInstallmentPlan')) {
      throw SdkError('INVALID_CARD_INSTALLMENT_PLANS_WITH_MAX_AND_SINGLE',
        'cardInstallmentPlan과 maxCardInstallmentPlan은 같이 사용할 수 없습니다.');
    }
    var installment = function (value) {
      return typeof value === 'number' && value % 1 === 0 && (value === 0 || (value >= 2 && value <= 12));
    };
    if (has(params, 'cardInstallmentPlan') && !installment(plan)) {
      throw SdkError('INVALID_CARD_INSTALLMENT_PLAN', 'cardInstallmentPlan은 0 또는 2~12 사이의 정수여야 합니다.');
    }
    if (has(params, 'maxCardInstallmentPlan') && !installment(max)) {
      throw SdkError('INVALID_CARD_INSTALLMENT_PLAN', 'maxCardInstallmentPlan은 0 또는 2~12 사이의 정수여야 합니다.');
    }
    optionalBoolean(params, 'useInternationalCardOnly');
    optionalBoolean(params, 'useAppCardOnly');
    optionalBoolean(params, 'useCardPoint');
    oneOf(params, 'language', LANGUAGES);
    oneOf(params, 'flowMode', ['DEFAULT', 'DIRECT']);
    oneOf(params, 'cardCompany', CARD_COMPANIES);
    oneOf(params, 'easyPay', EASY_PAYS);
    if (params.flowMode === 'DIRECT') {
      if (has(params, 'cardCompany') === has(params, 'easyPay')) {
        throw invalid('flowMode가 DIRECT인 경우 cardCompany 또는 easyPay 중 하나를 지정해야 합니다.');
      }
    }
    if (has(params, 'freeInstallmentPlans') && !Array.isArray(params.freeInstallmentPlans)) {
      throw invalid('freeInstallmentPlans는 배열이어야 합니다.');
    }
  }

  function validateCashReceipt(params) {
    var receipt = has(params, 'cashReceipt') ? params.cashReceipt : params.cashReceiptInfo;
    if (receipt === undefined || receipt === null) return;
    if (!isObject(receipt)) throw invalid('cashReceipt는 객체여야 합니다.');
    oneOf(receipt, 'type', CASH_RECEIPT_TYPES);
  }

  function validatePhoneNumber(params) {
    if (has(params, 'customerMobilePhone') && !/^[0-9]{8,15}$/.test(String(params.customerMobilePhone))) {
      throw invalid('customerMobilePhone은 - 없이 8~15자리 숫자여야 합니다.');
    }
  }

  function validatePayment(method, params) {
    if (!isObject(params)) throw invalid('결제 파라미터가 올바르지 않습니다.');
    validateAmount(params, method);
    if (typeof params.orderId !== 'string' || !ORDER_ID.test(params.orderId)) {
      throw SdkError('INVALID_ORDER_ID',
        'orderId는 영문 대소문자, 숫자, 특수문자(-, _, =)만 허용합니다. 6자 이상 64자 이하여야 합니다.');
    }
    if (typeof params.orderName !== 'string' || params.orderName.trim() === '') throw invalid('orderName은 필수 값입니다.');
    if (params.orderName.length > 100) throw SdkError('INVALID_ORDER_NAME', '주문 이름은 100자 이하여야 합니다.');
    optionalString(params, 'customerName', 100);
    optionalString(params, 'customerEmail', 100);
    optionalString(params, 'mId', 14);
    optionalBoolean(params, 'cultureExpense');
    oneOf(params, 'windowTarget', ['iframe', 'self']);
    validateMetadata(params.metadata);
    if (method === 'CARD') validateCard(params);
    if (method === 'VIRTUAL_ACCOUNT') {
      if (has(params, 'validHours') && has(params, 'dueDate')) {
        throw SdkError('INVALID_VALID_HOURS_WITH_DUE_DATE_AND_SINGLE', 'validHours와 dueDate는 같이 사용할 수 없습니다.');
      }
      if (has(params, 'validHours')) {
        var hours = params.validHours;
        if (typeof hours !== 'number' || hours % 1 !== 0 || hours < 1) throw invalid('validHours는 양의 정수여야 합니다.');
        if (hours > 720) throw SdkError('EXCEED_MAX_VALID_HOURS', '가상계좌의 최대 유효만료 기간은 720시간(30일)입니다.');
      }
      optionalString(params, 'dueDate');
      optionalBoolean(params, 'useEscrow');
      validateCashReceipt(params);
      validatePhoneNumber(params);
    }
    if (method === 'TRANSFER') {
      validateCashReceipt(params);
      validatePhoneNumber(params);
      optionalBoolean(params, 'useEscrow');
    }
    if (method === 'MOBILE_PHONE') oneOf(params, 'mobileCarrier', CARRIERS);
    if (method === 'FOREIGN_EASY_PAY') {
      optionalString(params, 'provider');
      if (!has(params, 'provider')) throw invalid('provider는 필수 값입니다.');
    }
  }

  function isMobile() {
    return /Android|iPhone|iPad|iPod|Mobile/i.test(navigator.userAgent || '');
  }

  // ---- the window -------------------------------------------------------------------------------------------------

  var open = null; // the window on screen: {overlay, frame, listener, reject, windowId, kind, returnFocus}

  function closeOverlay() {
    if (!open) return;
    window.removeEventListener('message', open.listener);
    if (open.overlay.parentNode) open.overlay.parentNode.removeChild(open.overlay);
    // Give keyboard focus back to where it was before the window opened.
    if (open.returnFocus && typeof open.returnFocus.focus === 'function' && document.contains(open.returnFocus)) {
      open.returnFocus.focus();
    }
    open = null;
  }

  function submitForm(action, fields, target) {
    var form = document.createElement('form');
    form.method = 'POST';
    form.action = action;
    form.target = target;
    form.acceptCharset = 'UTF-8';
    form.style.display = 'none';
    Object.keys(fields).forEach(function (name) {
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = fields[name];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
    form.parentNode.removeChild(form);
  }

  function createOverlay(name) {
    var overlay = document.createElement('div');
    overlay.setAttribute('data-toss-emulator-overlay', '');
    overlay.setAttribute('role', 'dialog');
    overlay.setAttribute('aria-modal', 'true');
    overlay.setAttribute('aria-label', 'Toss Payments');
    overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.45);' +
      'display:flex;align-items:center;justify-content:center;';
    var frame = document.createElement('iframe');
    frame.name = name;
    frame.title = 'Toss Payments';
    frame.setAttribute('data-toss-emulator-frame', '');
    frame.style.cssText = 'width:min(480px,100vw);height:min(720px,100vh);border:0;border-radius:12px;background:#fff;' +
      'box-shadow:0 8px 40px rgba(0,0,0,.3);';
    overlay.appendChild(frame);
    document.body.appendChild(overlay);
    return { overlay: overlay, frame: frame };
  }

  /**
   * Opens the window for a payment ('payment') or a billing authorisation ('billing'). Redirect mode navigates this
   * page to the URL the window decided; promise mode settles with the window's result.
   */
  function openWindow(kind, clientKey, method, params, mode) {
    // As the hosted SDK: an overlay on desktop, the whole page on mobile unless the merchant asks for an iframe.
    // Promise mode always needs the overlay (the page must stay to receive the result).
    var wanted = params.windowTarget || (isMobile() ? 'self' : 'iframe');
    var target = wanted === 'self' && mode === 'redirect' ? 'self' : 'iframe';
    var fields = {
      clientKey: clientKey,
      method: method,
      params: JSON.stringify(params),
      mode: mode,
      target: target,
      origin: window.location.origin,
      // Pages embedding this one (a PG aggregator's window inside a merchant page) must be allowed to frame the window.
      ancestors: window.location.ancestorOrigins ? Array.prototype.slice.call(window.location.ancestorOrigins).join(' ') : ''
    };
    var action = BASE + '/window/' + (kind === 'billing' ? 'billing' : 'payments');
    if (target === 'self') {
      submitForm(action, fields, '_self');
      return new Promise(function () {});
    }
    // One window at a time: a new request ends the one still open, as if the buyer had closed it.
    cancelPayment();
    var returnFocus = document.activeElement;
    var name = 'toss-emulator-' + Math.random().toString(36).slice(2);
    var parts = createOverlay(name);
    return new Promise(function (resolve, reject) {
      var listener = function (event) {
        if (!open || event.origin !== ORIGIN || event.source !== parts.frame.contentWindow) return;
        var data = event.data;
        if (!isObject(data) || data.source !== MESSAGE_SOURCE) return;
        if (data.type === 'opened') {
          open.windowId = String(data.windowId);
          parts.overlay.setAttribute('data-window-id', open.windowId);
          return;
        }
        if (data.type !== 'result') return;
        if (mode === 'redirect' && typeof data.url === 'string') {
          window.location.href = data.url;
          return;
        }
        closeOverlay();
        if (data.outcome === 'success') {
          resolve(data.result);
        } else {
          var error = SdkError(data.result.code, data.result.message);
          if (data.result.orderId) error.orderId = data.result.orderId;
          reject(error);
        }
      };
      open = {
        overlay: parts.overlay, frame: parts.frame, listener: listener, reject: reject, windowId: null, kind: kind,
        returnFocus: returnFocus
      };
      window.addEventListener('message', listener);
      submitForm(action, fields, name);
    });
  }

  function cancelPayment() {
    if (!open) return;
    var current = open;
    if (current.windowId && navigator.sendBeacon) {
      var path = current.kind === 'billing' ? '/window/billing/' : '/window/payments/';
      navigator.sendBeacon(BASE + path + encodeURIComponent(current.windowId) + '/close', '');
    }
    closeOverlay();
    current.reject(SdkError('USER_CANCEL', '사용자가 결제를 취소하였습니다.'));
  }

  function copy(params) {
    var out = {};
    Object.keys(params).forEach(function (key) {
      if (params[key] !== undefined) out[key] = params[key];
    });
    return out;
  }

  function TossPayments(clientKey) {
    if (typeof clientKey !== 'string' || clientKey.trim() === '') {
      throw SdkError('INVALID_CLIENT_KEY', '잘못된 클라이언트 연동 정보 입니다.');
    }

    function requestPayment(methodOrParams, maybeParams) {
      return new Promise(function (resolve) {
        var method;
        var params;
        if (isObject(methodOrParams) && maybeParams === undefined) {
          method = '';
          params = methodOrParams;
        } else {
          if (typeof methodOrParams !== 'string' || !Object.prototype.hasOwnProperty.call(METHODS, methodOrParams)) {
            throw SdkError('NOT_SUPPORTED_METHOD', '지원되지 않는 결제수단입니다.');
          }
          method = METHODS[methodOrParams];
          params = maybeParams;
        }
        if (!isObject(params)) throw invalid('결제 파라미터가 올바르지 않습니다.');
        params = copy(params);
        var mode = responseMode(params);
        validatePayment(method, params);
        resolve(openWindow('payment', clientKey, method, params, mode));
      });
    }

    function requestBillingAuth(method, maybeParams) {
      return new Promise(function (resolve) {
        if (method !== '카드' && method !== 'CARD') throw SdkError('NOT_SUPPORTED_METHOD', '지원되지 않는 결제수단입니다.');
        if (!isObject(maybeParams)) throw invalid('파라미터가 올바르지 않습니다.');
        var params = copy(maybeParams);
        var mode = responseMode(params);
        if (typeof params.customerKey !== 'string' || !CUSTOMER_KEY.test(params.customerKey)) {
          throw SdkError('INVALID_CUSTOMER_KEY',
            'customerKey는 영문 대소문자, 숫자, 특수문자 -, _, =, ., @로 2자 이상 300자 이하여야 합니다.');
        }
        optionalString(params, 'customerName', 100);
        optionalString(params, 'customerEmail', 100);
        oneOf(params, 'windowTarget', ['iframe', 'self']);
        resolve(openWindow('billing', clientKey, 'CARD', params, mode));
      });
    }

    return Object.freeze({
      requestPayment: requestPayment,
      requestBillingAuth: requestBillingAuth,
      cancelPayment: cancelPayment
    });
  }

  TossPayments.version = 'emulator';
  TossPayments.__versionHash__ = 'toss-emulator';
  window.TossPayments = TossPayments;
})();
