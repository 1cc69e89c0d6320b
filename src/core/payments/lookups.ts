// The rules of the V1 payment look-ups (reference §4.2): which statuses and orders exist, how pages and the search
// window work, and what "not found" means. Every look-up is confined to one merchant.
import { invalid, notFound } from '../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { PaymentQueries, PaymentSorting, PaymentStatus, PaymentView } from './read-model.ts';

export const LOOKUP_MESSAGES = {
  paymentNotFound: '존재하지 않는 결제정보입니다.',
  badStatus: '지원되지 않는 상태값입니다.',
  badSorting: '지원되지 않는 정렬규칙입니다.',
  windowTooLong: '최대 90일간 검색이 가능합니다',
  badWindow: '유효하지 않은 검색기간입니다.',
  badPage: '유효하지 않은 페이지입니다. page 는 1 이상이며 조회 결과의 마지막 페이지를 넘을 수 없습니다.',
  badLimit: 'limit 은 1 이상 1000 이하로 지정해주세요.',
  noIds: 'imp_uid 또는 merchant_uid 파라메터가 누락되었습니다.',
  tooManyIds: 'imp_uid, merchant_uid 는 합쳐서 최대 100개까지 조회할 수 있습니다.',
};

const STATUSES: readonly PaymentStatus[] = ['ready', 'paid', 'failed', 'cancelled'];
const SORTINGS: readonly PaymentSorting[] = ['-started', 'started', '-paid', 'paid', '-updated', 'updated'];
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 1000;
export const MAX_IDS = 100;
const MAX_WINDOW_SECONDS = 90 * 24 * 3600;

export interface PageRequest {
  page?: number;
  limit?: number;
  sorting?: string;
}

export interface PaymentListPage {
  total: number;
  previous: number;
  next: number;
  list: PaymentView[];
}

/** `all` filters nothing; anything else must be one of the four wire statuses. */
function statusFilter(value: string): PaymentStatus | null {
  if (value === 'all') return null;
  if (!STATUSES.includes(value as PaymentStatus)) throw invalid(LOOKUP_MESSAGES.badStatus);
  return value as PaymentStatus;
}

/** The optional last path segment of find and findAll: absent or empty (`/findAll/m/`) filters nothing. */
function optionalStatus(value: string | undefined): PaymentStatus | null {
  return value === undefined || value === '' ? null : statusFilter(value);
}

function sortingOf(value: string | undefined): PaymentSorting {
  if (value === undefined || value === '') return '-started';
  if (!SORTINGS.includes(value as PaymentSorting)) throw invalid(LOOKUP_MESSAGES.badSorting);
  return value as PaymentSorting;
}

function pagingOf(request: PageRequest): { page: number; limit: number } {
  const page = request.page ?? 1;
  const limit = request.limit ?? DEFAULT_LIMIT;
  if (!Number.isSafeInteger(page) || page < 1) throw invalid(LOOKUP_MESSAGES.badPage);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw invalid(LOOKUP_MESSAGES.badLimit);
  return { page, limit };
}

export class PaymentLookups {
  constructor(
    private readonly queries: PaymentQueries,
    private readonly clock: Clock,
  ) {}

  async byImpUid(merchantId: number, impUid: string): Promise<PaymentView> {
    const view = await this.queries.byImpUid(merchantId, impUid);
    if (!view) throw notFound(LOOKUP_MESSAGES.paymentNotFound);
    return view;
  }

  /** The payments named by imp_uid and merchant_uid (the newest attempt of each), in the order asked; `complete`
   * tells whether every id was found. */
  async byIds(merchantId: number, impUids: string[], merchantUids: string[]): Promise<{ found: PaymentView[]; complete: boolean }> {
    if (impUids.length + merchantUids.length === 0) throw invalid(LOOKUP_MESSAGES.noIds);
    if (impUids.length + merchantUids.length > MAX_IDS) throw invalid(LOOKUP_MESSAGES.tooManyIds);
    const [byImp, byMerchant] = await Promise.all([
      this.queries.byImpUids(merchantId, impUids),
      this.queries.byMerchantUids(merchantId, merchantUids),
    ]);
    const found: PaymentView[] = [];
    const seen = new Set<string>();
    let missing = 0;
    const take = (view: PaymentView | undefined) => {
      if (!view) return missing++;
      if (!seen.has(view.payment.imp_uid)) found.push(view);
      seen.add(view.payment.imp_uid);
    };
    for (const id of new Set(impUids)) take(byImp.find((v) => v.payment.imp_uid === id));
    for (const id of new Set(merchantUids)) take(byMerchant.find((v) => v.payment.merchant_uid === id));
    if (found.length === 0) throw notFound(LOOKUP_MESSAGES.paymentNotFound);
    return { found, complete: missing === 0 };
  }

  async firstByMerchantUid(merchantId: number, merchantUid: string, status: string | undefined, sorting: string | undefined): Promise<PaymentView> {
    const view = await this.queries.firstByMerchantUid(merchantId, merchantUid, optionalStatus(status), sortingOf(sorting));
    if (!view) throw notFound(LOOKUP_MESSAGES.paymentNotFound);
    return view;
  }

  async allByMerchantUid(merchantId: number, merchantUid: string, status: string | undefined, request: PageRequest): Promise<PaymentListPage> {
    const filter = optionalStatus(status);
    const sorting = sortingOf(request.sorting);
    const { page, limit } = pagingOf(request);
    const result = await this.queries.pageByMerchantUid(merchantId, merchantUid, filter, sorting, { offset: (page - 1) * limit, limit });
    if (result.total === 0) throw notFound(LOOKUP_MESSAGES.paymentNotFound);
    return paged(result.total, result.views, page, limit);
  }

  /** Payments by their current status, filtered on when they entered it, within a window of at most 90 days. */
  async byStatus(
    merchantId: number,
    status: string,
    request: PageRequest & { from?: number; to?: number },
  ): Promise<PaymentListPage> {
    const filter = statusFilter(status);
    const sorting = sortingOf(request.sorting);
    const { page, limit } = pagingOf(request);
    const to = request.to ?? Math.floor(this.clock.now().getTime() / 1000);
    const from = request.from ?? to - MAX_WINDOW_SECONDS;
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || from > to) throw invalid(LOOKUP_MESSAGES.badWindow);
    if (to - from > MAX_WINDOW_SECONDS) throw invalid(LOOKUP_MESSAGES.windowTooLong);
    const window = { from: new Date(from * 1000), to: new Date(to * 1000 + 999) };
    const result = await this.queries.pageByStatus(merchantId, filter, window, sorting, { offset: (page - 1) * limit, limit });
    return paged(result.total, result.views, page, limit);
  }
}

function paged(total: number, list: PaymentView[], page: number, limit: number): PaymentListPage {
  const lastPage = Math.max(1, Math.ceil(total / limit));
  if (page > lastPage) throw invalid(LOOKUP_MESSAGES.badPage);
  return { total, previous: page > 1 ? page - 1 : 0, next: page < lastPage ? page + 1 : 0, list };
}
