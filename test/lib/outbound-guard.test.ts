import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guardedLookup, isAllowedAddress, refuseTarget } from '../../src/lib/outbound-guard.ts';

test('private, loopback, link-local and unique-local addresses are refused; public ones pass', () => {
  for (const ip of ['10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', 'fe80::1', 'fd12::1', '::', '::ffff:10.1.1.1', '::ffff:a9fe:a9fe']) {
    assert.equal(isAllowedAddress(ip, 'loopback'), false, ip);
  }
  for (const ip of ['127.0.0.1', '127.8.8.8', '::1', '::ffff:127.0.0.1']) {
    assert.equal(isAllowedAddress(ip, 'none'), false, ip);
    assert.equal(isAllowedAddress(ip, 'loopback'), true, ip);
  }
  for (const ip of ['8.8.8.8', '211.43.12.7', '2001:4860:4860::8888']) assert.equal(isAllowedAddress(ip, 'none'), true, ip);
  assert.equal(isAllowedAddress('10.0.0.1', 'all'), true);
});

test('URLs are refused for their scheme, embedded credentials or a literal private host', () => {
  assert.match(refuseTarget('ftp://example.com/x', 'none')!, /scheme/);
  assert.match(refuseTarget('http://user:pw@example.com/', 'none')!, /credentials/);
  assert.match(refuseTarget('http://[fd00::1]/hook', 'loopback')!, /private range/);
  assert.match(refuseTarget('http://10.0.0.8:8080/hook', 'loopback')!, /private range/);
  assert.equal(refuseTarget('https://shop.example.com/hook', 'none'), null);
  assert.equal(refuseTarget('not a url', 'none'), 'not a valid URL');
});

test('a host name resolving to loopback is refused at connect time unless loopback is allowed', async () => {
  const lookup = (policy: 'none' | 'loopback') =>
    new Promise<{ error: Error | null; address: unknown }>((resolve) =>
      guardedLookup(policy)('localhost', { all: true }, (error, address) => resolve({ error, address })),
    );
  const refused = await lookup('none');
  assert.match(refused.error?.message ?? '', /private range/);
  const allowed = await lookup('loopback');
  assert.equal(allowed.error, null);
  assert.ok(Array.isArray(allowed.address) && allowed.address.length > 0);
});
