// The Toss Payments emulator's public surface.
//
// Server side (this part):
//   emulatorMigrationSet            – schema `toss_emulator`; run with store/migrate.ts `migrate(db, emulatorMigrationSet)`.
//   buildEmulatorApp(opts)          – the Fastify app (Toss /v1 API, browser side, control API under /_emulator).
//   startEmulatorWorkers(opts)      – webhook delivery, session and virtual-account expiry.
//   createEmulatorMerchant(db, o)   – an emulated merchant: MID, test_ck_/test_sk_ keys, API version, webhook URL.
//
// For the payment window (src/emulator/window, src/emulator/browser), in payments/window.ts and billing/service.ts:
//   openWindowPayment(deps, {clientKey, method, params})          – READY payment from requestPayment(method, params)
//   authenticateWindowPayment(deps, paymentKey, authentication)   – READY → IN_PROGRESS; returns the successUrl redirect
//   failWindowPayment(deps, paymentKey, {code, message})          – buyer closed / declined → ABORTED; failUrl redirect
//   createBillingAuth(deps, {clientKey, customerKey, cardNumber}) – one-shot authKey for /v1/billing/authorizations/issue
//   windowBackend(deps)                                           – the window's port implemented over the above
// `deps` is {db: root Kysely, clock}. Errors are TossError ({code, message, status}).
export { emulatorMigrationSet, EMULATOR_SCHEMA } from './store/migrations.ts';
export { buildEmulatorApp, type EmulatorAppOptions } from './app.ts';
export { startEmulatorWorkers, runEmulatorWorkOnce, type WorkerOptions } from './workers.ts';
export { createEmulatorMerchant, DEFAULT_API_VERSION, type Merchant } from './merchants/merchants.ts';
export {
  openWindowPayment, authenticateWindowPayment, failWindowPayment, findWindowPayment,
  AUTHENTICATION_WINDOW_MS, CONFIRM_WINDOW_MS, type Authentication,
} from './payments/window.ts';
export { createBillingAuth } from './billing/service.ts';
export { windowBackend } from './window-backend.ts';
export { DECLINE_CARDS } from './payments/rules.ts';
export { TossError } from './http/errors.ts';
export { CONTROL_PREFIX } from './control/routes.ts';
