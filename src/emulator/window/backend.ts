// What the payment window needs from the emulator's payments, billing and merchants: a narrow port, so the pages
// and routes stay independent of how payments are stored.

export interface WindowMerchant {
  mid: string;
  name: string;
  clientKey: string;
}

/** The merchant's request as the SDK posted it (already validated by request.ts). */
export interface OpenPaymentInput {
  /** SDK method code (`CARD`, `TRANSFER`, …), or '' when the buyer picks it in the window (미선택). */
  method: string;
  params: Record<string, unknown>;
}

export interface CardAuthentication {
  /** Toss 2-character issuer code, e.g. `41` for 신한. */
  issuerCode: string;
  /** The digits the buyer typed (or a test card); the service keeps only the masked form. */
  number: string;
  installmentPlanMonths: number;
  useCardPoint: boolean;
  isAppCard: boolean;
}

/** What the buyer chose and proved in the window; moves the payment to IN_PROGRESS. */
export interface BuyerAuthentication {
  /** Korean method literal of the resulting Payment (`카드`, `간편결제`, `계좌이체`, …). */
  method: string;
  card: CardAuthentication | null;
  easyPay: { provider: string } | null;
  transfer: { bankCode: string } | null;
  /** `accountKey`: the buyer's 고유식별번호 for a fixed account (고정), or null for an ordinary one. */
  virtualAccount: { bankCode: string; accountKey: string | null } | null;
  mobilePhone: { carrier: string; customerMobilePhone: string } | null;
  giftCertificate: { kind: string } | null;
  cashReceipt: { type: '소득공제' | '지출증빙'; registrationNumber: string | null } | null;
  useEscrow: boolean;
}

export interface WindowFailure {
  code: string;
  message: string;
}

export interface BillingCard {
  number: string;
  expiryYear: string;
  expiryMonth: string;
  identityNumber: string;
}

/** A payment the window opened, as stored: what it was opened with and where it stands. */
export interface WindowPayment {
  merchant: WindowMerchant;
  /** READY while the buyer may still authenticate. */
  status: string;
  /** The parameters given to `openPayment`, as stored. */
  params: Record<string, unknown>;
  /** When the buyer's time to authenticate runs out. */
  expiresAt: Date | null;
}

export interface WindowBackend {
  merchantByClientKey(clientKey: string): Promise<WindowMerchant | null>;
  /** The payment behind a window (the window's id is its paymentKey), or null. */
  findPayment(paymentKey: string): Promise<WindowPayment | null>;
  /** Creates the READY payment; throws a Toss error (`{code, message}`) when the request is refused. */
  openPayment(merchant: WindowMerchant, input: OpenPaymentInput): Promise<{ paymentKey: string }>;
  authenticate(merchant: WindowMerchant, paymentKey: string, auth: BuyerAuthentication): Promise<void>;
  /** The buyer closed the window, or authentication was declined. */
  abort(merchant: WindowMerchant, paymentKey: string, failure: WindowFailure): Promise<void>;
  /** The documented decline for a test card number, if it is one. */
  declineForCard(number: string): WindowFailure | null;
  /** Test card numbers that decline, for the window's help text. */
  declineCards(): readonly { number: string; code: string }[];
  issueBillingAuthKey(merchant: WindowMerchant, customerKey: string, card: BillingCard): Promise<string>;
}
