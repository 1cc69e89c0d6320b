// The window's texts in Korean and English. English is used when the merchant asks for `language: 'EN'` or for
// international cards only (`useInternationalCardOnly: true`), as the hosted window does.
export type Language = 'ko' | 'en';

const TEXTS = {
  title: { ko: '토스페이먼츠 결제', en: 'Toss Payments checkout' },
  billingTitle: { ko: '카드 자동결제 등록', en: 'Register a card for automatic payments' },
  emulatorNotice: {
    ko: '테스트 결제창입니다. 실제로 돈이 결제되지 않습니다.',
    en: 'Test payment window. No real money moves.',
  },
  orderName: { ko: '상품명', en: 'Order' },
  amount: { ko: '결제 금액', en: 'Amount' },
  customer: { ko: '구매자', en: 'Customer' },
  merchant: { ko: '상점', en: 'Merchant' },
  method: { ko: '결제수단', en: 'Payment method' },
  pay: { ko: '결제하기', en: 'Pay' },
  register: { ko: '카드 등록하기', en: 'Register card' },
  close: { ko: '닫기', en: 'Close' },
  cardCompany: { ko: '카드사 선택', en: 'Card company' },
  cardNumber: { ko: '카드 번호 (선택)', en: 'Card number (optional)' },
  cardNumberRequired: { ko: '카드 번호', en: 'Card number' },
  cardNumberHint: {
    ko: '비워 두면 테스트 카드로 승인됩니다. 거절 테스트 카드 번호는 아래 목록을 참고하세요.',
    en: 'Leave empty to use a test card. Card numbers that decline are listed below.',
  },
  expiryMonth: { ko: '유효기간 월 (MM)', en: 'Expiry month (MM)' },
  expiryYear: { ko: '유효기간 연 (YY)', en: 'Expiry year (YY)' },
  identityNumber: { ko: '생년월일 6자리 또는 사업자번호', en: 'Date of birth (YYMMDD) or business number' },
  cardPassword: { ko: '비밀번호 앞 2자리', en: 'First 2 digits of the card PIN' },
  installment: { ko: '할부 기간', en: 'Installments' },
  lumpSum: { ko: '일시불', en: 'Single payment' },
  months: { ko: '개월', en: ' months' },
  installmentUnavailable: {
    ko: '5만원 미만 결제는 일시불만 가능합니다.',
    en: 'Installments are available from 50,000 KRW.',
  },
  useCardPoint: { ko: '카드 포인트 사용', en: 'Use card points' },
  appCardOnly: { ko: '앱카드로만 결제할 수 있습니다.', en: 'Only app cards can be used.' },
  easyPay: { ko: '간편결제', en: 'Easy pay' },
  easyPayWith: { ko: '(으)로 결제합니다.', en: ': you will pay with this easy pay.' },
  bank: { ko: '은행 선택', en: 'Bank' },
  cashReceipt: { ko: '현금영수증', en: 'Cash receipt' },
  cashReceiptNumber: { ko: '현금영수증 발급 번호 (휴대폰/사업자번호)', en: 'Cash receipt number (phone or business no.)' },
  incomeDeduction: { ko: '소득공제', en: 'Income deduction' },
  expenseProof: { ko: '지출증빙', en: 'Expense proof' },
  noReceipt: { ko: '미발행', en: 'Not issued' },
  virtualAccountNote: {
    ko: '결제하기를 누르면 선택한 은행의 입금 계좌가 발급됩니다. 입금 기한 안에 정확한 금액을 입금해주세요.',
    en: 'A deposit account at the chosen bank will be issued. Deposit the exact amount before the due date.',
  },
  fixedAccountKey: { ko: '고유식별번호 (고정식 가상계좌)', en: 'Customer number (fixed virtual account)' },
  fixedAccountKeyHint: {
    ko: '상점에서 안내받은 고유식별번호를 입력하면 항상 같은 계좌가 발급됩니다. 비워두면 이번 주문용 계좌가 발급됩니다.',
    en: 'Enter the number the shop gave you to get your own account, the same every time; leave empty for a one-off account.',
  },
  escrow: { ko: '에스크로(구매안전) 서비스 사용', en: 'Use escrow (buyer protection)' },
  carrier: { ko: '통신사', en: 'Carrier' },
  phoneNumber: { ko: '휴대폰 번호', en: 'Mobile phone number' },
  giftPin: { ko: '상품권 PIN 번호', en: 'Gift certificate PIN' },
  giftLogin: { ko: '상품권 사이트 아이디', en: 'Gift certificate site ID' },
  chooseMethod: { ko: '결제수단을 선택하세요', en: 'Choose a payment method' },
  testOutcome: { ko: '테스트 결과', en: 'Test outcome' },
  approve: { ko: '인증 성공', en: 'Authenticate successfully' },
  declineCards: { ko: '거절 테스트 카드 번호', en: 'Card numbers that decline' },
  expired: { ko: '결제 시간이 만료되었습니다.', en: 'This payment window has expired.' },
  expiredDetail: {
    ko: '결제창이 열린 뒤 30분이 지났습니다. 상점으로 돌아가 다시 시도해주세요.',
    en: 'More than 30 minutes have passed since this window opened. Go back to the shop and try again.',
  },
  backToShop: { ko: '상점으로 돌아가기', en: 'Back to the shop' },
  errorTitle: { ko: '결제를 진행할 수 없습니다.', en: 'The payment cannot proceed.' },
  done: { ko: '처리가 완료되었습니다. 상점으로 이동합니다…', en: 'Done. Returning to the shop…' },
  failed: { ko: '결제가 완료되지 않았습니다. 상점으로 이동합니다…', en: 'The payment was not completed. Returning to the shop…' },
  continue: { ko: '계속', en: 'Continue' },
} as const;

export type TextKey = keyof typeof TEXTS;

export function t(lang: Language, key: TextKey): string {
  return TEXTS[key][lang];
}

export const METHOD_NAMES: Record<string, { ko: string; en: string }> = {
  CARD: { ko: '카드', en: 'Card' },
  VIRTUAL_ACCOUNT: { ko: '가상계좌', en: 'Virtual account' },
  MOBILE_PHONE: { ko: '휴대폰', en: 'Mobile phone' },
  TRANSFER: { ko: '계좌이체', en: 'Bank transfer' },
  CULTURE_GIFT_CERTIFICATE: { ko: '문화상품권', en: 'Culture gift certificate' },
  BOOK_GIFT_CERTIFICATE: { ko: '도서문화상품권', en: 'Book gift certificate' },
  GAME_GIFT_CERTIFICATE: { ko: '게임문화상품권', en: 'Game gift certificate' },
  TOSSPAY: { ko: '토스페이', en: 'Toss Pay' },
  FOREIGN_EASY_PAY: { ko: '해외간편결제', en: 'Foreign easy pay' },
};

export function formatAmount(lang: Language, amount: number, currency: string): string {
  const n = amount.toLocaleString('en-US', { maximumFractionDigits: 2 });
  if (currency === 'KRW') return lang === 'ko' ? `${n}원` : `KRW ${n}`;
  return `${currency} ${n}`;
}
