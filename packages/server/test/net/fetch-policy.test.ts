// The operator's fetch policy: which addresses a caller-given URL may reach, and how a list is read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressKind, FetchPolicy } from '../../src/net/fetch-policy.js';

describe('fetch policy', () => {
  it('classifies addresses, IPv4-mapped IPv6 as their IPv4 address', () => {
    const kinds: [string, string][] = [
      ['8.8.8.8', 'public'],
      ['2606:4700::1111', 'public'],
      ['127.0.0.1', 'loopback'],
      ['127.9.9.9', 'loopback'],
      ['::1', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.32.0.1', 'public'],
      ['192.168.1.1', 'private'],
      ['100.64.0.1', 'private'],
      ['fd12::1', 'private'],
      ['169.254.169.254', 'link-local'],
      ['fe80::1', 'link-local'],
      ['0.0.0.0', 'reserved'],
      ['224.0.0.1', 'reserved'],
      ['255.255.255.255', 'reserved'],
      ['::', 'reserved'],
      ['64:ff9b::a00:1', 'reserved'],
      ['::ffff:10.0.0.1', 'private'],
      ['::ffff:a9fe:a9fe', 'link-local'],
      ['::ffff:7f00:1', 'loopback'],
    ];
    for (const [address, kind] of kinds) assert.equal(addressKind(address), kind, address);
  });

  it('allows public addresses, loopback and private networks by default, nothing else', () => {
    const policy = FetchPolicy.parse(undefined);
    assert.equal(policy.refusal('example.com', '93.184.215.14'), undefined);
    assert.equal(policy.refusal('localhost', '127.0.0.1'), undefined);
    assert.equal(policy.refusal('localhost', '::1'), undefined);
    assert.equal(policy.refusal('compose-service', '172.18.0.4'), undefined);
    assert.equal(policy.refusal('lan', 'fd12::5'), undefined);
    assert.match(policy.refusal('169.254.169.254', '169.254.169.254')!, /^169\.254\.169\.254 is a link-local address/);
    assert.match(policy.refusal('evil.example', '::ffff:169.254.169.254')!, /link-local/);
    assert.match(policy.refusal('x', '0.0.0.0')!, /reserved/);
    assert.deepEqual(FetchPolicy.parse('').text, 'loopback,private');
  });

  it('none allows public addresses only; * allows everything', () => {
    const none = FetchPolicy.parse('none');
    assert.match(none.refusal('localhost', '127.0.0.1')!, /loopback address.*allowed besides public addresses: none/);
    assert.equal(none.refusal('example.com', '1.1.1.1'), undefined);
    const all = FetchPolicy.parse('*');
    assert.equal(all.allowsEverything, true);
    for (const address of ['127.0.0.1', '10.0.0.1', '169.254.169.254', '0.0.0.0']) {
      assert.equal(all.refusal('h', address), undefined);
    }
  });

  it('allows kinds, CIDR blocks, addresses, host names and domains as listed', () => {
    const policy = FetchPolicy.parse(' Private , 169.254.10.0/24, fd00::/8 ,::1,docs.internal, *.corp.example ');
    assert.equal(policy.refusal('nas', '192.168.0.10'), undefined);
    assert.equal(policy.refusal('x', '169.254.10.7'), undefined);
    assert.match(policy.refusal('x', '169.254.169.254')!, /link-local/);
    assert.equal(policy.refusal('x', 'fd00::5'), undefined);
    assert.equal(policy.refusal('[::1]', '::1'), undefined);
    assert.match(policy.refusal('localhost', '127.0.0.1')!, /loopback/);
    // A listed name may resolve anywhere; a domain covers its sub-domains, not itself nor look-alikes.
    assert.equal(policy.refusal('docs.internal', '127.0.0.1'), undefined);
    assert.equal(policy.refusal('DOCS.INTERNAL.', '169.254.169.254'), undefined);
    assert.equal(policy.refusal('a.b.corp.example', '10.9.9.9'), undefined);
    assert.match(policy.refusal('corp.example', '127.0.0.1')!, /loopback/);
    assert.match(policy.refusal('evilcorp.example', '127.0.0.1')!, /loopback/);
  });

  it('refuses a list it cannot read, naming the entry and where it came from', () => {
    const cases: [string, RegExp][] = [
      ['loopback,10.0.0.0/33', /RTC_X: 10\.0\.0\.0\/33 is not an address or a CIDR block$/],
      ['1.2.3.4/8/1', /1\.2\.3\.4\/8\/1 is not/],
      ['localnet!', /cannot read "localnet!"/],
      ['http://example.com', /cannot read "http:\/\/example\.com"/],
      ['*.', /cannot read "\*\."/],
      ['none,loopback', /none means public addresses only and goes alone/],
    ];
    for (const [text, message] of cases) assert.throws(() => FetchPolicy.parse(text, 'RTC_X'), message, text);
  });
});
