// Toss institution codes and their cross-walk to the codes PortOne V1 puts on the wire (금융결제원 3-digit card and
// bank codes, PortOne's 5-digit foreign card codes). Version 2022-07-27 answers with Korean short names in
// `card.company` and `virtualAccount.bank` and, additively, with codes; requests accept either.

export interface CardCompany {
  /** Toss issuer/acquirer code. */
  toss: string;
  /** Korean short name as 2022-07-27 `card.company` spells it. */
  ko: string | null;
  /** Name shown on the V1 wire as `card_name`. */
  name: string;
  /** PortOne `card_code`: 금융결제원 3 digits, or PortOne's 5-digit code for foreign brands. */
  portone: string | null;
}

export const CARD_COMPANIES: readonly CardCompany[] = [
  { toss: "3K", ko: "기업비씨", name: "기업 BC", portone: null },
  { toss: "46", ko: "광주", name: "광주은행", portone: "364" },
  { toss: "71", ko: "롯데", name: "롯데카드", portone: "368" },
  { toss: "30", ko: "산업", name: "KDB산업은행", portone: "002" },
  { toss: "31", ko: "비씨", name: "BC카드", portone: "361" },
  { toss: "51", ko: "삼성", name: "삼성카드", portone: "365" },
  { toss: "38", ko: "새마을", name: "새마을금고", portone: "045" },
  { toss: "41", ko: "신한", name: "신한카드", portone: "366" },
  { toss: "62", ko: "신협", name: "신협", portone: "048" },
  { toss: "36", ko: "씨티", name: "씨티카드", portone: "370" },
  { toss: "33", ko: "우리", name: "우리BC카드(BC 매입)", portone: "041" },
  { toss: "W1", ko: "우리", name: "우리카드(우리 매입)", portone: "041" },
  { toss: "37", ko: "우체국", name: "우체국예금보험", portone: "071" },
  { toss: "39", ko: "저축", name: "저축은행중앙회", portone: null },
  { toss: "35", ko: "전북", name: "전북은행", portone: "372" },
  { toss: "42", ko: "제주", name: "제주은행", portone: "373" },
  { toss: "15", ko: "카카오뱅크", name: "카카오뱅크", portone: "090" },
  { toss: "3A", ko: "케이뱅크", name: "케이뱅크", portone: "089" },
  { toss: "24", ko: "토스뱅크", name: "토스뱅크", portone: null },
  { toss: "21", ko: "하나", name: "하나카드", portone: "374" },
  { toss: "61", ko: "현대", name: "현대카드", portone: "367" },
  { toss: "11", ko: "국민", name: "KB국민카드", portone: "381" },
  { toss: "91", ko: "농협", name: "NH농협카드", portone: "371" },
  { toss: "34", ko: "수협", name: "Sh수협은행", portone: "369" },
  { toss: "6D", ko: "다이너스", name: "다이너스 클럽", portone: "10002" },
  { toss: "4M", ko: "마스터", name: "마스터카드", portone: "10004" },
  { toss: "3C", ko: "유니온페이", name: "유니온페이", portone: "10001" },
  { toss: "7A", ko: "아멕스", name: "아메리칸 익스프레스", portone: "10003" },
  { toss: "4J", ko: "JCB", name: "JCB", portone: "10006" },
  { toss: "4V", ko: "비자", name: "VISA", portone: "10005" },
];

export interface Bank {
  toss: string;
  ko: string | null;
  name: string;
  /** 금융결제원 3-digit bank code (PortOne `bank_code`, `vbank_code`, `refund_bank`). */
  kftc: string;
}

export const BANKS: readonly Bank[] = [
  { toss: "39", ko: "경남", name: "경남은행", kftc: "039" },
  { toss: "34", ko: "광주", name: "광주은행", kftc: "034" },
  { toss: "12", ko: "단위농협", name: "단위농협(지역농축협)", kftc: "012" },
  { toss: "32", ko: "부산", name: "부산은행", kftc: "032" },
  { toss: "45", ko: "새마을", name: "새마을금고", kftc: "045" },
  { toss: "64", ko: "산림", name: "산림조합", kftc: "064" },
  { toss: "88", ko: "신한", name: "신한은행", kftc: "088" },
  { toss: "48", ko: "신협", name: "신협", kftc: "048" },
  { toss: "27", ko: "씨티", name: "씨티은행", kftc: "027" },
  { toss: "20", ko: "우리", name: "우리은행", kftc: "020" },
  { toss: "71", ko: "우체국", name: "우체국예금보험", kftc: "071" },
  { toss: "50", ko: "저축", name: "저축은행중앙회", kftc: "050" },
  { toss: "37", ko: "전북", name: "전북은행", kftc: "037" },
  { toss: "35", ko: "제주", name: "제주은행", kftc: "035" },
  { toss: "90", ko: "카카오", name: "카카오뱅크", kftc: "090" },
  { toss: "89", ko: "케이", name: "케이뱅크", kftc: "089" },
  { toss: "92", ko: "토스", name: "토스뱅크", kftc: "092" },
  { toss: "81", ko: "하나", name: "하나은행", kftc: "081" },
  { toss: "54", ko: null, name: "홍콩상하이은행", kftc: "054" },
  { toss: "31", ko: "대구", name: "DGB대구은행", kftc: "031" },
  { toss: "03", ko: "기업", name: "IBK기업은행", kftc: "003" },
  { toss: "06", ko: "국민", name: "KB국민은행", kftc: "004" },
  { toss: "02", ko: "산업", name: "KDB산업은행", kftc: "002" },
  { toss: "11", ko: "농협", name: "NH농협은행", kftc: "011" },
  { toss: "23", ko: "SC제일", name: "SC제일은행", kftc: "023" },
  { toss: "07", ko: "수협", name: "Sh수협은행", kftc: "007" },
];

/** A card company from whatever a Toss payload carries: the code first (newer field), then the Korean short name. */
export function findCardCompany(code: string | null | undefined, ko?: string | null): CardCompany | null {
  if (code) {
    const byCode = CARD_COMPANIES.find((c) => c.toss === code);
    if (byCode) return byCode;
  }
  if (ko) return CARD_COMPANIES.find((c) => c.ko === ko || c.name === ko) ?? null;
  return null;
}

export function findBank(code: string | null | undefined, ko?: string | null): Bank | null {
  if (code) {
    const byCode = BANKS.find((b) => b.toss === code);
    if (byCode) return byCode;
  }
  if (ko) return BANKS.find((b) => b.ko === ko || b.name === ko) ?? null;
  return null;
}

/** A V1 bank code (금융결제원 3 digits, also accepted without the leading zero) as the Toss code. */
export function bankFromPortone(code: string): Bank | null {
  const trimmed = code.trim();
  return BANKS.find((b) => b.kftc === trimmed || b.kftc === trimmed.padStart(3, '0')) ?? null;
}
