// The gateway's migrations, in order. A new migration is a new file listed here; applied ones never change.
import type { Migration } from 'kysely';
import * as foundation from './0001_foundation.ts';
import * as billingKeys from './0002_billing_keys.ts';
import * as webhooks from './0003_webhooks.ts';
import * as schedules from './0004_schedules.ts';
import * as checkoutWindows from './0005_checkout_windows.ts';
import * as operators from './0006_operators.ts';
import * as virtualAccountChecks from './0007_virtual_account_checks.ts';
import * as paymentExchanges from './0008_payment_exchanges.ts';
import * as operatorAdmins from './0009_operator_admins.ts';
import * as billingAttemptsNameTheirKey from './0010_billing_attempts_name_their_key.ts';
import * as dropRedundantStartedIndex from './0011_drop_redundant_started_index.ts';

export const gatewayMigrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_billing_keys': billingKeys,
  '0003_webhooks': webhooks,
  '0004_schedules': schedules,
  '0005_checkout_windows': checkoutWindows,
  '0006_operators': operators,
  '0007_virtual_account_checks': virtualAccountChecks,
  '0008_payment_exchanges': paymentExchanges,
  '0009_operator_admins': operatorAdmins,
  '0010_billing_attempts_name_their_key': billingAttemptsNameTheirKey,
  '0011_drop_redundant_started_index': dropRedundantStartedIndex,
};
