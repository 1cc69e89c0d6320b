// The developer center's texts in Korean (the default, as Toss's own) and English. The language comes from `?lang=`,
// then the cookie the language switch leaves, then the browser's Accept-Language.
export type Language = 'ko' | 'en';

export const LANGUAGE_COOKIE = 'emulator_lang';

const TEXTS = {
  title: { ko: '개발자센터', en: 'Developer center' },
  subtitle: { ko: '토스페이먼츠 에뮬레이터', en: 'Toss Payments emulator' },
  notice: {
    ko: '테스트용 에뮬레이터입니다. 실제 돈은 움직이지 않습니다. 이 포트는 외부에 공개하지 마세요.',
    en: 'A test emulator: no real money moves. Keep this port private.',
  },
  noScript: { ko: '버튼을 쓰려면 자바스크립트를 켜 주세요.', en: 'Turn on JavaScript to use the buttons.' },
  skip: { ko: '본문으로 건너뛰기', en: 'Skip to content' },
  language: { ko: 'English', en: '한국어' },
  merchants: { ko: '상점', en: 'Merchants' },
  faults: { ko: '장애 주입', en: 'Faults' },
  payments: { ko: '최근 결제', en: 'Recent payments' },
  newMerchant: { ko: '새 상점 만들기', en: 'New merchant' },
  mid: { ko: '상점아이디(MID)', en: 'MID' },
  midHint: { ko: '비워 두면 자동으로 만듭니다. 영문, 숫자, -, _ 14자까지', en: 'Left empty, one is made up. Up to 14 of A–Z, 0–9, -, _' },
  name: { ko: '상점 이름', en: 'Name' },
  create: { ko: '만들기', en: 'Create' },
  noMerchants: { ko: '아직 상점이 없습니다.', en: 'No merchants yet.' },
  apiKeys: { ko: 'API 키', en: 'API keys' },
  clientKey: { ko: '클라이언트 키', en: 'Client key' },
  secretKey: { ko: '시크릿 키', en: 'Secret key' },
  copy: { ko: '복사', en: 'Copy' },
  copied: { ko: '복사했습니다.', en: 'Copied.' },
  apiVersion: { ko: 'API 버전', en: 'API version' },
  apiVersionHelp: {
    ko: 'Tollgate 게이트웨이는 2022-07-27 버전만 씁니다 (포트원 토스페이먼츠 신모듈과 같음). 다른 버전은 클라이언트가 어떻게 반응하는지 볼 때만 고르세요. 에뮬레이터는 어느 버전이든 2022-07-27 형태로 응답하고, 고른 버전을 결제 객체의 version에 적습니다.',
    en: 'Tollgate\'s gateway uses version 2022-07-27 only (as PortOne\'s Toss module does). Pick another version only to see how a client reacts. The emulator answers every version in the 2022-07-27 shape and writes the chosen one into each Payment\'s version.',
  },
  gatewayVersion: { ko: 'Tollgate 게이트웨이용', en: 'for Tollgate\'s gateway' },
  unknownVersion: { ko: '에뮬레이터가 모르는 버전', en: 'a version the emulator does not know' },
  save: { ko: '저장', en: 'Save' },
  saved: { ko: '저장했습니다.', en: 'Saved.' },
  webhook: { ko: '웹훅', en: 'Webhooks' },
  webhookUrl: { ko: '웹훅 URL', en: 'Webhook URL' },
  webhookUrlHelp: {
    ko: '비워 두면 웹훅을 보내지 않습니다. HTTP 200만 성공으로 보고, 아니면 1, 4, 16, 64, 256, 1024, 4096분 뒤에 다시 보냅니다.',
    en: 'Left empty, no webhooks are sent. Only HTTP 200 counts; otherwise retried after 1, 4, 16, 64, 256, 1024 and 4096 minutes.',
  },
  deliveries: { ko: '웹훅 전송 기록', en: 'Webhook deliveries' },
  noDeliveries: { ko: '전송한 웹훅이 없습니다.', en: 'No webhooks sent yet.' },
  event: { ko: '이벤트', en: 'Event' },
  status: { ko: '상태', en: 'Status' },
  attempts: { ko: '시도', en: 'Attempts' },
  attempt: { ko: '시도', en: 'Attempt' },
  response: { ko: '응답', en: 'Response' },
  nextAttempt: { ko: '다음 시도', en: 'Next attempt' },
  sendDueNow: { ko: '지금 보내기', en: 'Send due webhooks now' },
  sentDue: { ko: '보낼 차례인 웹훅을 보냈습니다.', en: 'Due webhooks sent.' },
  body: { ko: '본문', en: 'Body' },
  virtualAccounts: { ko: '입금 대기 가상계좌', en: 'Virtual accounts waiting for deposit' },
  noVirtualAccounts: { ko: '입금을 기다리는 가상계좌가 없습니다.', en: 'No virtual account is waiting for a deposit.' },
  bank: { ko: '은행', en: 'Bank' },
  accountNumber: { ko: '계좌번호', en: 'Account number' },
  customerName: { ko: '입금자', en: 'Depositor' },
  dueDate: { ko: '입금 기한', en: 'Due' },
  deposit: { ko: '입금하기', en: 'Deposit' },
  deposited: { ko: '입금했습니다.', en: 'Deposited.' },
  expire: { ko: '만료시키기', en: 'Expire' },
  expired: { ko: '만료시켰습니다.', en: 'Expired.' },
  orderId: { ko: '주문번호', en: 'Order ID' },
  orderName: { ko: '상품명', en: 'Order name' },
  method: { ko: '결제수단', en: 'Method' },
  amount: { ko: '금액', en: 'Amount' },
  balance: { ko: '잔액', en: 'Balance' },
  requestedAt: { ko: '요청 시각', en: 'Requested' },
  noPayments: { ko: '결제가 없습니다.', en: 'No payments.' },
  endpoint: { ko: 'API', en: 'Endpoint' },
  allEndpoints: { ko: '* (자기 설정이 없는 모든 API)', en: '* (every endpoint without its own fault)' },
  faultsHelp: {
    ko: '켜 둔 장애는 저장되어 같은 저장소를 쓰는 모든 에뮬레이터 프로세스에 1초 안에 적용됩니다.',
    en: 'Faults are stored: every emulator process over the same store applies them within a second.',
  },
  faultOn: { ko: '켜짐', en: 'On' },
  faultOff: { ko: '꺼짐', en: 'Off' },
  setFault: { ko: '장애 켜기', en: 'Switch the fault on' },
  faultSet: { ko: '장애를 켰습니다.', en: 'Fault switched on.' },
  clearFault: { ko: '끄기', en: 'Switch off' },
  clearAll: { ko: '모두 끄기', en: 'Switch all off' },
  faultCleared: { ko: '장애를 껐습니다.', en: 'Fault switched off.' },
  edit: { ko: '설정', en: 'Set' },
  latencyMs: { ko: '지연 (ms)', en: 'Latency (ms)' },
  jitterMs: { ko: '지연 흔들림 (ms)', en: 'Jitter (ms)' },
  errorRate: { ko: '오류 비율 (0–1)', en: 'Error rate (0–1)' },
  errorStatus: { ko: '오류 HTTP 상태', en: 'Error HTTP status' },
  errorCode: { ko: '오류 코드', en: 'Error code' },
  errorMessage: { ko: '오류 메시지 (모르는 코드일 때)', en: 'Error message (for an unknown code)' },
  hangSeconds: { ko: '응답 전 멈춤 (초)', en: 'Hang before answering (s)' },
  dropRate: { ko: '승인 후 연결 끊기 비율 (0–1)', en: 'Drop after commit rate (0–1)' },
  remaining: { ko: '다음 N번만', en: 'Only the next N requests' },
  clock: { ko: '에뮬레이터 시계', en: 'Emulator clock' },
  all: { ko: '전체', en: 'All' },
  back: { ko: '상점 목록', en: 'All merchants' },
  failed: { ko: '요청이 거절되었습니다', en: 'The request was refused' },
  notFound: { ko: '그런 상점이 없습니다.', en: 'No such merchant.' },
  never: { ko: '없음', en: 'none' },
} as const;

export type TextKey = keyof typeof TEXTS;
export type Texts = Record<TextKey, string>;

const CATALOGUES: Record<Language, Texts> = {
  ko: Object.fromEntries(Object.entries(TEXTS).map(([k, v]) => [k, v.ko])) as Texts,
  en: Object.fromEntries(Object.entries(TEXTS).map(([k, v]) => [k, v.en])) as Texts,
};

export function texts(lang: Language): Texts {
  return CATALOGUES[lang];
}

export function pickLanguage(query: unknown, cookie: string | undefined, acceptLanguage: string | undefined): Language {
  if (query === 'ko' || query === 'en') return query;
  if (cookie === 'ko' || cookie === 'en') return cookie;
  return acceptLanguage && /^en\b/i.test(acceptLanguage.trim()) ? 'en' : 'ko';
}
