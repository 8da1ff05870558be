import { platformStorage } from '../../src/platform/storage';
import { taroStub } from '../stubs/taro';

describe('platform storage', () => {
  it('reads back what it wrote and lists its keys', () => {
    platformStorage.setItem('tandem.a', '{"x":1}');
    expect(platformStorage.getItem('tandem.a')).toBe('{"x":1}');
    expect(platformStorage.keys()).toEqual(['tandem.a']);
    platformStorage.removeItem('tandem.a');
    expect(platformStorage.getItem('tandem.a')).toBeNull();
  });

  it("reads WeChat's empty string for a missing key, and anything not a string, as nothing", () => {
    expect(platformStorage.getItem('missing')).toBeNull();
    taroStub.storage.set('object', { not: 'a string' });
    expect(platformStorage.getItem('object')).toBeNull();
  });
});
