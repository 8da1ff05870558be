import { addressKey, clientIpResolver } from '../src/client-ip';

const request = (remoteAddress: string, forwardedFor?: string) => ({
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  socket: { remoteAddress },
});

describe('clientIpResolver', () => {
  it('ignores X-Forwarded-For unless the peer is trusted', () => {
    expect(clientIpResolver(false)(request('127.0.0.1', '203.0.113.9'))).toBe('127.0.0.1');
    expect(clientIpResolver(['10.0.0.0/8'])(request('127.0.0.1', '203.0.113.9'))).toBe('127.0.0.1');
    expect(clientIpResolver(['loopback'])(request('127.0.0.1', '203.0.113.9'))).toBe('203.0.113.9');
  });

  it('walks back only as many hops as it trusts, so a client cannot prepend its own address', () => {
    const chain = request('127.0.0.1', '198.51.100.66, 203.0.113.9');
    expect(clientIpResolver(1)(chain)).toBe('203.0.113.9');
    expect(clientIpResolver(['loopback'])(chain)).toBe('203.0.113.9');
    expect(clientIpResolver(true)(chain)).toBe('198.51.100.66');
  });
});

describe('addressKey', () => {
  it('keeps IPv4 addresses and unwraps IPv4-mapped IPv6 ones', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('counts an IPv6 address by its /64, however it is written', () => {
    expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
