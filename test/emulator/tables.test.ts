// The emulator's own code tables agree with the published Toss lists, and the VAT split follows the observed identities.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { ERROR_CODES } from '../../src/emulator/http/error-codes.ts';
import { BANKS, CARD_COMPANIES, findBank, findCardCompany } from '../../src/emulator/payments/codes.ts';
import { vatSplit } from '../../src/emulator/payments/serializer.ts';
import { maskCardNumber } from '../../src/emulator/payments/rules.ts';

const SPEC = new URL('../../../shared/spec/', import.meta.url);
const specAvailable = fs.existsSync(new URL('toss-error-codes.json', SPEC));

describe('emulator code tables', () => {
  it('has every published error code with its HTTP status and Korean message', { skip: !specAvailable && 'spec files absent' }, () => {
    const spec = JSON.parse(fs.readFileSync(new URL('toss-error-codes.json', SPEC), 'utf8'));
    const published = [...spec.global, ...spec.additional];
    assert.ok(published.length > 150);
    for (const e of published) {
      const ours = ERROR_CODES[e.code];
      assert.ok(ours, `missing ${e.code}`);
      assert.equal(ours.status, e.httpStatus, e.code);
      if (e.messageKo) assert.equal(ours.message, e.messageKo, e.code);
    }
    assert.equal(Object.keys(ERROR_CODES).length, published.length);
  });

  it('has every card company and bank code with its Korean short name', { skip: !specAvailable && 'spec files absent' }, () => {
    const spec = JSON.parse(fs.readFileSync(new URL('toss-codes.json', SPEC), 'utf8'));
    for (const c of spec.cardCompanies) {
      const ours = CARD_COMPANIES.find((x) => x.code === c.code);
      assert.ok(ours, c.code);
      if (c.ko) assert.equal(ours.ko, c.ko);
      assert.equal(ours.en, c.en);
    }
    for (const b of spec.banks) {
      const ours = BANKS.find((x) => x.code === b.code);
      assert.ok(ours, b.code);
      if (b.ko) assert.equal(ours.ko, b.ko);
    }
    assert.equal(findCardCompany('61')?.ko, '현대');
    assert.equal(findCardCompany('BC')?.code, '31');
    assert.equal(findBank('국민')?.code, '06');
    assert.equal(findBank('KOOKMIN')?.code, '06');
  });

  it('splits VAT as real payments show it', () => {
    assert.deepEqual(vatSplit(15000, 0, 0), { suppliedAmount: 13636, vat: 1364 });
    assert.deepEqual(vatSplit(30000, 0, 0), { suppliedAmount: 27273, vat: 2727 });
    assert.deepEqual(vatSplit(9026, 0, 0), { suppliedAmount: 8205, vat: 821 });
    assert.deepEqual(vatSplit(1500000, 0, 0), { suppliedAmount: 1363636, vat: 136364 });
    assert.deepEqual(vatSplit(12000, 1000, 0), { suppliedAmount: 10000, vat: 1000 });
  });

  it('masks card numbers, keeping only the first eight digits and one of the last four', () => {
    assert.equal(maskCardNumber('5327501234562229'), '53275012****222*');
    assert.equal(maskCardNumber('4330123412341234').replace(/\*/g, '').length, 11);
  });
});
