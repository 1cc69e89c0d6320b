// The billing-key page and operator management in headless Chromium (PGlite, emulator over HTTP): opening a key from
// the list, its payment links, a delete that asks first; an admin adding an operator from the keyboard (the generated
// password shown once), restricting its merchants, disabling it while its session is open elsewhere (signed out on
// its next click); English labels and the phone-sized layout — with screenshots under test-artifacts/console/.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser } from '../helpers/browser.ts';
import { startTossTestbed, CARDS, type TossTestbed } from '../helpers/toss.ts';
import { createOperator } from './harness.ts';

const SHOTS = 'console';

let t: TossTestbed;
let admin: { email: string; password: string };
let other: Awaited<ReturnType<TossTestbed['ctx']['merchants']['create']>>;
const browser = useBrowser();
const { test: it } = browser;
let page: Page;
let base: string;
let impUid: string;

before(async () => {
  t = await startTossTestbed('pglite');
  other = await t.ctx.merchants.create({ name: 'Second shop' });
  admin = await createOperator(t.ctx, 'admin@example.com', { owner: true, admin: true });
  base = `${t.url}/console/merchants/${t.merchant.userCode}`;
  await t.call('POST', '/subscribe/customers/cu_page', { ...CARDS.good, customer_name: '정구독', customer_email: 'sub@example.com', customer_tel: '010-5555-0000' });
  const paid = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_page', merchant_uid: 'page-order', amount: 9_900, name: '월간 구독' });
  impUid = paid.body.response.imp_uid;
  const at = Math.floor(t.clock.now().getTime() / 1000) + 30 * 86_400;
  await t.call('POST', '/subscribe/payments/schedule', { customer_uid: 'cu_page', schedules: [{ merchant_uid: 'page-next-month', schedule_at: at, amount: 9_900 }] });
});
after(async () => t?.close());

const notice = () => page.getByTestId('notice').innerText();

async function open(opts: { isolated?: boolean } = {}): Promise<Page> {
  const p = await browser.newPage(opts);
  p.on('dialog', (d) => void d.accept());
  return p;
}

async function signIn(p: Page, email: string, password: string): Promise<void> {
  await p.goto(`${t.url}/console/login`);
  await p.fill('#email', email);
  await p.fill('#password', password);
  await p.press('#password', 'Enter');
  await p.waitForURL(/\/console\/merchants$/);
}

it('opens a billing key from the list: customer, masked card, its payments and schedules', async () => {
  page = await open();
  await signIn(page, admin.email, admin.password);
  await page.goto(`${base}/billing-keys`);
  await page.locator('tr[data-customer-uid=cu_page]').getByRole('link', { name: 'cu_page' }).click();
  await page.waitForURL(/\/billing-keys\/cu_page$/);
  const props = await page.getByTestId('billing-key').innerText();
  assert.match(props, /정구독/);
  assert.match(props, /sub@example\.com/);
  assert.match(props, /010-5555-0000/);
  assert.match(await page.getByTestId('card').innerText(), /\*/);
  assert.doesNotMatch(await page.content(), /9410001234567890/);
  assert.match(await page.getByTestId('key-schedules').innerText(), /page-next-month/);
  await screenshot(page, SHOTS, 'billing-key-detail');
  await page.getByTestId('key-payments').getByRole('link', { name: impUid }).click();
  await page.waitForURL(new RegExp(`/payments/${impUid}$`));
  assert.equal(await page.getByTestId('imp-uid').innerText(), impUid);
});

it('fits the billing-key page on a phone', async () => {
  page = await open();
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(`${base}/billing-keys/cu_page`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page wider than the screen by ${overflow}px`);
  await screenshot(page, SHOTS, 'billing-key-detail-phone');
});

it('deletes the key only after the confirmation is accepted', async () => {
  page = await browser.newPage();
  await page.goto(`${base}/billing-keys/cu_page`);
  page.once('dialog', (d) => void d.dismiss());
  await page.getByTestId('delete-key').click();
  assert.match(page.url(), /\/billing-keys\/cu_page$/);
  assert.ok(await t.ctx.payments.billingKeys.find(t.merchant.id, 'cu_page'), 'dismissed: the key stays');
  page.once('dialog', (d) => {
    assert.match(d.message(), /되돌릴 수 없습니다/);
    void d.accept();
  });
  await page.getByTestId('delete-key').click();
  await page.waitForURL(/\/billing-keys$/);
  assert.match(await notice(), /빌링키를 삭제했습니다/);
  assert.equal(await page.locator('tr[data-customer-uid=cu_page]').count(), 0);
  assert.equal(await t.ctx.payments.billingKeys.find(t.merchant.id, 'cu_page'), null);
  await screenshot(page, SHOTS, 'billing-key-deleted');
});

let created: { email: string; password: string };

it('adds an operator from the keyboard and shows its generated password once', async () => {
  page = await open();
  await page.goto(`${t.url}/console/merchants`);
  await page.getByTestId('operators-link').click();
  await page.waitForURL(/\/console\/operators$/);
  await screenshot(page, SHOTS, 'operators');
  await page.focus('#op-email');
  await page.keyboard.type('new.clerk@example.com');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'op-password', 'Tab moves from email to password');
  await page.focus(`input[name=merchant][value=${t.merchant.userCode}]`);
  await page.keyboard.press('Space');
  assert.equal(await page.isChecked(`input[name=merchant][value=${t.merchant.userCode}]`), true);
  await page.focus('[data-testid=create-operator]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=new-password]');
  const password = await page.getByTestId('new-password').innerText();
  assert.match(password, /^[A-Za-z0-9]{20}$/);
  assert.match(await notice(), /운영자를 추가했습니다/);
  await screenshot(page, SHOTS, 'operator-created');
  created = { email: 'new.clerk@example.com', password };
  await page.goto(`${t.url}/console/operators`);
  assert.doesNotMatch(await page.content(), new RegExp(password), 'never shown again');
  assert.match(await page.locator('tr[data-operator="new.clerk@example.com"]').innerText(), /Test shop/);
});

it('restricts the operator to another merchant and then disables it, ending its open session', async () => {
  // The new operator signs in elsewhere (its own cookies) and keeps the page open.
  const theirs = await open({ isolated: true });
  await signIn(theirs, created.email, created.password);
  assert.match(await theirs.locator('main').innerText(), /Test shop/);
  assert.doesNotMatch(await theirs.locator('main').innerText(), /Second shop/);

  page = await open();
  await page.goto(`${t.url}/console/operators`);
  await page.locator('tr[data-operator="new.clerk@example.com"]').getByRole('link').click();
  await page.waitForSelector('[data-testid=operator-email]');
  await page.uncheck(`input[name=merchant][value=${t.merchant.userCode}]`);
  await page.check(`input[name=merchant][value=${other.userCode}]`);
  await page.getByTestId('save-merchants').click();
  await page.waitForSelector('[data-testid=notice]');
  assert.match(await notice(), /저장했습니다/);
  assert.equal(await page.isChecked(`input[name=merchant][value=${other.userCode}]`), true);
  await screenshot(page, SHOTS, 'operator-edit');

  await theirs.reload();
  assert.match(await theirs.locator('main').innerText(), /Second shop/);
  assert.doesNotMatch(await theirs.locator('main').innerText(), /Test shop/);
  const gone = await theirs.goto(base);
  assert.equal(gone?.status(), 404);

  await page.getByTestId('toggle-operator').click();
  await page.waitForSelector('[data-testid=notice]');
  assert.match(await notice(), /사용 중지했습니다/);
  await screenshot(page, SHOTS, 'operator-disabled');
  await theirs.goto(`${t.url}/console/merchants`);
  assert.match(theirs.url(), /\/console\/login/, 'the disabled operator is signed out at once');
  await theirs.fill('#email', created.email);
  await theirs.fill('#password', created.password);
  await theirs.press('#password', 'Enter');
  await theirs.waitForSelector('[data-testid=notice]');
  assert.match(theirs.url(), /\/console\/login/);
});

it('labels the operators page in English and fits it on a phone', async () => {
  page = await open();
  await page.goto(`${t.url}/console/operators`);
  await page.getByTestId('language-switch').click();
  await page.waitForSelector('html[lang=en]');
  assert.equal(await page.locator('h1').innerText(), 'Operators');
  assert.match(await page.locator('tr[data-operator="new.clerk@example.com"]').innerText(), /Disabled/);
  await screenshot(page, SHOTS, 'operators-en');
  await page.setViewportSize({ width: 375, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page wider than the screen by ${overflow}px`);
  await screenshot(page, SHOTS, 'operators-phone');
  await page.getByTestId('language-switch').click();
  await page.waitForSelector('html[lang=ko]');
});
