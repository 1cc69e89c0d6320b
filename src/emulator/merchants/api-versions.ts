// The Toss API versions a merchant can pick in the developer center (개발자센터 → API 키 → API 버전). The emulator
// serializes every version with the 2022-07-27 object (the union of legacy and additive fields) and writes the chosen
// version into each Payment's `version`; a version other than 2022-07-27 is for trying how a client reacts to it.
import { DEFAULT_API_VERSION } from './merchants.ts';

export interface ApiVersion {
  version: string;
  /** What changed in that version, in the developer center's words. */
  note: { ko: string; en: string };
}

export const API_VERSIONS: readonly ApiVersion[] = [
  { version: '2024-06-01', note: { ko: '빌링 객체의 cardCompany, cardNumber 제거', en: 'Billing object drops cardCompany and cardNumber' } },
  { version: '2022-11-16', note: { ko: '기관 코드를 숫자 코드로 응답 (issuerCode, bankCode)', en: 'Institutions answered as numeric codes (issuerCode, bankCode)' } },
  { version: DEFAULT_API_VERSION, note: { ko: '현금영수증 객체 분리 — Tollgate 게이트웨이가 쓰는 버전', en: 'Cash receipt records split — the version Tollgate\'s gateway uses' } },
  { version: '2022-06-08', note: { ko: '첫 날짜 버전: mobilePhone.carrier, card.provider 제거', en: 'First dated version: drops mobilePhone.carrier and card.provider' } },
  { version: '1.4', note: { ko: '금액 number 타입, failure, country 추가', en: 'Amounts typed number; failure and country added' } },
  { version: '1.3', note: { ko: 'orderName, suppliedAmount, vat, taxFreeAmount 추가', en: 'orderName, suppliedAmount, vat, taxFreeAmount added' } },
];
