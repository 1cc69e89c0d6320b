// 금융결제원 standard codes of banks and card companies, as `GET /banks` and `GET /cards` list them and as Payment's
// bank_code, vbank_code and card_code carry them (reference §4.9, Appendix C).
import { notFound } from '../errors.ts';

export interface StandardCode {
  code: string;
  name: string;
}

export const BANKS: readonly StandardCode[] = [
  { code: '002', name: 'KDB산업은행' },
  { code: '003', name: 'IBK기업은행' },
  { code: '004', name: 'KB국민은행' },
  { code: '007', name: '수협은행' },
  { code: '011', name: 'NH농협은행' },
  { code: '012', name: '지역농축협' },
  { code: '020', name: '우리은행' },
  { code: '023', name: 'SC제일은행' },
  { code: '027', name: '한국씨티은행' },
  { code: '031', name: 'iM뱅크(대구은행)' },
  { code: '032', name: '부산은행' },
  { code: '034', name: '광주은행' },
  { code: '035', name: '제주은행' },
  { code: '037', name: '전북은행' },
  { code: '039', name: '경남은행' },
  { code: '045', name: '새마을금고' },
  { code: '048', name: '신협' },
  { code: '050', name: '저축은행' },
  { code: '064', name: '산림조합' },
  { code: '071', name: '우체국' },
  { code: '081', name: '하나은행' },
  { code: '088', name: '신한은행' },
  { code: '089', name: '케이뱅크' },
  { code: '090', name: '카카오뱅크' },
  { code: '092', name: '토스뱅크' },
  { code: '209', name: '유안타증권' },
  { code: '218', name: 'KB증권' },
  { code: '230', name: '미래에셋증권' },
  { code: '240', name: '삼성증권' },
  { code: '243', name: '한국투자증권' },
  { code: '247', name: 'NH투자증권' },
  { code: '261', name: '교보증권' },
  { code: '262', name: '하이투자증권' },
  { code: '263', name: '현대차증권' },
  { code: '264', name: '키움증권' },
  { code: '265', name: 'LS증권' },
  { code: '266', name: 'SK증권' },
  { code: '267', name: '대신증권' },
  { code: '269', name: '한화투자증권' },
  { code: '270', name: '하나증권' },
  { code: '271', name: '토스증권' },
  { code: '278', name: '신한투자증권' },
  { code: '279', name: 'DB금융투자' },
  { code: '280', name: '유진투자증권' },
  { code: '287', name: '메리츠증권' },
  { code: '288', name: '카카오페이증권' },
  { code: '290', name: '부국증권' },
  { code: '291', name: '신영증권' },
  { code: '292', name: '케이프투자증권' },
];

export const CARDS: readonly StandardCode[] = [
  { code: '002', name: 'KDB산업은행' },
  { code: '041', name: '우리카드' },
  { code: '045', name: '새마을금고' },
  { code: '048', name: '신협' },
  { code: '071', name: '우체국' },
  { code: '089', name: '케이뱅크' },
  { code: '090', name: '카카오뱅크' },
  { code: '361', name: 'BC카드' },
  { code: '364', name: '광주카드' },
  { code: '365', name: '삼성카드' },
  { code: '366', name: '신한카드' },
  { code: '367', name: '현대카드' },
  { code: '368', name: '롯데카드' },
  { code: '369', name: '수협카드' },
  { code: '370', name: '씨티카드' },
  { code: '371', name: 'NH카드' },
  { code: '372', name: '전북카드' },
  { code: '373', name: '제주카드' },
  { code: '374', name: '하나카드' },
  { code: '381', name: 'KB국민카드' },
  { code: '10001', name: '은련' },
  { code: '10002', name: '다이너스' },
  { code: '10003', name: '아멕스' },
  { code: '10004', name: '마스터' },
  { code: '10005', name: '비자' },
  { code: '10006', name: 'JCB' },
];

export const CODE_MESSAGES = {
  bankNotFound: '코드에 해당되는 은행정보를 찾을 수 없습니다.',
  cardNotFound: '코드에 해당되는 카드사정보를 찾을 수 없습니다.',
};

export function bankByCode(code: string): StandardCode {
  const bank = BANKS.find((b) => b.code === code);
  if (!bank) throw notFound(CODE_MESSAGES.bankNotFound);
  return bank;
}

export function cardByCode(code: string): StandardCode {
  const card = CARDS.find((c) => c.code === code);
  if (!card) throw notFound(CODE_MESSAGES.cardNotFound);
  return card;
}
