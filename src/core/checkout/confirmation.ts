// The merchant's last word before money moves (reference §7): `confirm_url` is POSTed `{imp_uid, merchant_uid,
// amount}` and anything but HTTP 200 within the timeout stops the payment, with the merchant's `reason` if it gave one.
import type { Exchange } from '../payments/exchanges.ts';

export interface ConfirmRequest {
  imp_uid: string;
  merchant_uid: string;
  amount: number;
}

export type ConfirmAnswer = ({ kind: 'proceed' } | { kind: 'refused'; reason: string | null }) & {
  /** The call as made, for the payment's timeline; recorded with the decision it led to. */
  exchange?: Exchange;
};

/** Carried out outside core (an HTTP call with an SSRF guard). A timeout or a network failure is a refusal. */
export interface MerchantConfirmation {
  ask(url: string, request: ConfirmRequest): Promise<ConfirmAnswer>;
}

export const CONFIRM_TIMEOUT_MS = 10_000;

export const confirmRefusalReason = (reason: string | null) =>
  `고객사 요청에 의해 결제를 중단합니다. (상세사유 : ${reason && reason.trim() ? reason.trim() : '알 수 없음'})`;
