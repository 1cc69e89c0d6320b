import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromMinorUnits, isKnownCurrency, toMinorUnits } from '../../src/lib/money.ts';

describe('money', () => {
  it('keeps KRW and JPY whole and refuses fractions of them', () => {
    assert.equal(toMinorUnits(64900, 'KRW'), 64900);
    assert.equal(fromMinorUnits(64900, 'KRW'), 64900);
    assert.equal(toMinorUnits(100.5, 'KRW'), null);
    assert.equal(toMinorUnits(3, 'JPY'), 3);
  });

  it('counts cents for USD without binary noise, and refuses a third decimal', () => {
    assert.equal(toMinorUnits(12.34, 'USD'), 1234);
    assert.equal(toMinorUnits(0.29, 'USD'), 29);
    assert.equal(fromMinorUnits(1234, 'USD'), 12.34);
    assert.equal(toMinorUnits(12.345, 'USD'), null);
  });

  it('refuses negative, non-finite and unsafe amounts and knows which currencies exist', () => {
    assert.equal(toMinorUnits(-1, 'KRW'), null);
    assert.equal(toMinorUnits(Number.NaN, 'KRW'), null);
    assert.equal(toMinorUnits(Infinity, 'KRW'), null);
    assert.equal(toMinorUnits(2 ** 60, 'KRW'), null);
    assert.equal(isKnownCurrency('KRW'), true);
    assert.equal(isKnownCurrency('XYZ'), false);
    assert.equal(isKnownCurrency('constructor'), false);
    assert.throws(() => fromMinorUnits(1, 'XYZ'));
  });
});
