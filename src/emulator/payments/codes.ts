// Institution codes: Toss code, the Korean short name that version 2022-07-27 puts in `card.company` and `bank`
// fields, and the English code requests may use. Requests accept any of the three.
export interface Institution {
  code: string;
  ko: string;
  en: string;
}

export const CARD_COMPANIES: readonly Institution[] = [
  { code: "3K", ko: "기업비씨", en: "IBK_BC" },
  { code: "46", ko: "광주", en: "GWANGJUBANK" },
  { code: "71", ko: "롯데", en: "LOTTE" },
  { code: "30", ko: "산업", en: "KDBBANK" },
  { code: "31", ko: "비씨", en: "BC" },
  { code: "51", ko: "삼성", en: "SAMSUNG" },
  { code: "38", ko: "새마을", en: "SAEMAUL" },
  { code: "41", ko: "신한", en: "SHINHAN" },
  { code: "62", ko: "신협", en: "SHINHYEOP" },
  { code: "36", ko: "씨티", en: "CITI" },
  { code: "33", ko: "우리", en: "WOORI" },
  { code: "W1", ko: "우리", en: "WOORI" },
  { code: "37", ko: "우체국", en: "POST" },
  { code: "39", ko: "저축", en: "SAVINGBANK" },
  { code: "35", ko: "전북", en: "JEONBUKBANK" },
  { code: "42", ko: "제주", en: "JEJUBANK" },
  { code: "15", ko: "카카오뱅크", en: "KAKAOBANK" },
  { code: "3A", ko: "케이뱅크", en: "KBANK" },
  { code: "24", ko: "토스뱅크", en: "TOSSBANK" },
  { code: "21", ko: "하나", en: "HANA" },
  { code: "61", ko: "현대", en: "HYUNDAI" },
  { code: "11", ko: "국민", en: "KOOKMIN" },
  { code: "91", ko: "농협", en: "NONGHYEOP" },
  { code: "34", ko: "수협", en: "SUHYEOP" },
  { code: "6D", ko: "다이너스", en: "DINERS" },
  { code: "4M", ko: "마스터", en: "MASTER" },
  { code: "3C", ko: "유니온페이", en: "UNIONPAY" },
  { code: "7A", ko: "아멕스", en: "AMEX" },
  { code: "4J", ko: "JCB", en: "JCB" },
  { code: "4V", ko: "비자", en: "VISA" },
];

export const BANKS: readonly Institution[] = [
  { code: "39", ko: "경남", en: "KYONGNAMBANK" },
  { code: "34", ko: "광주", en: "GWANGJUBANK" },
  { code: "12", ko: "단위농협", en: "LOCALNONGHYEOP" },
  { code: "32", ko: "부산", en: "BUSANBANK" },
  { code: "45", ko: "새마을", en: "SAEMAUL" },
  { code: "64", ko: "산림", en: "SANLIM" },
  { code: "88", ko: "신한", en: "SHINHAN" },
  { code: "48", ko: "신협", en: "SHINHYEOP" },
  { code: "27", ko: "씨티", en: "CITI" },
  { code: "20", ko: "우리", en: "WOORI" },
  { code: "71", ko: "우체국", en: "POST" },
  { code: "50", ko: "저축", en: "SAVINGBANK" },
  { code: "37", ko: "전북", en: "JEONBUKBANK" },
  { code: "35", ko: "제주", en: "JEJUBANK" },
  { code: "90", ko: "카카오", en: "KAKAOBANK" },
  { code: "89", ko: "케이", en: "KBANK" },
  { code: "92", ko: "토스", en: "TOSSBANK" },
  { code: "81", ko: "하나", en: "HANA" },
  { code: "54", ko: "HSBC", en: "HSBC" },
  { code: "31", ko: "대구", en: "DAEGUBANK" },
  { code: "03", ko: "기업", en: "IBK" },
  { code: "06", ko: "국민", en: "KOOKMIN" },
  { code: "02", ko: "산업", en: "KDBBANK" },
  { code: "11", ko: "농협", en: "NONGHYEOP" },
  { code: "23", ko: "SC제일", en: "SC" },
  { code: "07", ko: "수협", en: "SUHYEOP" },
];

export const EASY_PAY_PROVIDERS: readonly { ko: string; en: string }[] = [
  { ko: "토스페이", en: "TOSSPAY" },
  { ko: "네이버페이", en: "NAVERPAY" },
  { ko: "삼성페이", en: "SAMSUNGPAY" },
  { ko: "애플페이", en: "APPLEPAY" },
  { ko: "엘페이", en: "LPAY" },
  { ko: "카카오페이", en: "KAKAOPAY" },
  { ko: "페이코", en: "PAYCO" },
  { ko: "SSG페이", en: "SSG" },
  { ko: "핀페이", en: "PINPAY" },
  { ko: "KB페이", en: "KBPAY" },
  { ko: "페이팔", en: "PAYPAL" },
];

export const MOBILE_CARRIERS: readonly string[] = ["KT", "LGU", "SKT", "HELLO", "KCT", "SK7"];

function finder(list: readonly Institution[]) {
  const index = new Map<string, Institution>();
  for (const item of list) for (const key of [item.code, item.ko, item.en]) if (!index.has(key.toUpperCase())) index.set(key.toUpperCase(), item);
  return (value: unknown): Institution | null => (typeof value === 'string' ? index.get(value.toUpperCase()) ?? null : null);
}

export const findCardCompany = finder(CARD_COMPANIES);
export const findBank = finder(BANKS);

export function findEasyPayProvider(value: unknown): { ko: string; en: string } | null {
  if (typeof value !== 'string') return null;
  const v = value === '토스결제' ? '토스페이' : value;
  return EASY_PAY_PROVIDERS.find((p) => p.ko === v || p.en === v.toUpperCase()) ?? null;
}
