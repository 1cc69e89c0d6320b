import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { honoursPreparedAmount } from '../../src/core/prepare/prepares.ts';

describe('honoursPreparedAmount', () => {
  it('requires the same amount and currency when a currency was registered', () => {
    const prepared = { merchantUid: 'm', amount: 1234, currency: 'USD' };
    assert.equal(honoursPreparedAmount(prepared, 1234, 'USD'), true);
    assert.equal(honoursPreparedAmount(prepared, 1235, 'USD'), false);
    assert.equal(honoursPreparedAmount(prepared, 1234, 'KRW'), false);
  });

  it('compares the major-unit amount in any currency when none was registered', () => {
    const prepared = { merchantUid: 'm', amount: 5000, currency: null };
    assert.equal(honoursPreparedAmount(prepared, 5000, 'KRW'), true);
    assert.equal(honoursPreparedAmount(prepared, 500000, 'USD'), true, 'USD 5000.00 is 500000 cents');
    assert.equal(honoursPreparedAmount(prepared, 5000, 'USD'), false, 'USD 50.00 is not 5000');
    assert.equal(honoursPreparedAmount(prepared, 4999, 'KRW'), false);
  });
});
