import Taro from '@tarojs/taro';
import { onStorageWrite, platformStorage } from '../../src/platform/storage';
import { createConnectionStore } from '../../src/stores/connection';
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

  it('makes a failed write visible as the connection state until that key is written again', () => {
    const connection = createConnectionStore();
    const stop = onStorageWrite((key, ok) => connection.getState().storageWritten(key, ok));
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const write = jest.spyOn(Taro, 'setStorageSync').mockImplementationOnce(() => {
      throw { errMsg: 'setStorageSync:fail exceed storage item max length' };
    });
    try {
      platformStorage.setItem('tandem.outbox', 'too big');
      expect(connection.getState().storageFailedKey).toBe('tandem.outbox');
      expect(error).toHaveBeenCalledWith(expect.stringContaining('write of tandem.outbox'), expect.anything());
      platformStorage.setItem('tandem.drafts', '{}');
      expect(connection.getState().storageFailedKey).toBe('tandem.outbox');
      platformStorage.setItem('tandem.outbox', '{}');
      expect(connection.getState().storageFailedKey).toBeNull();
    } finally {
      stop();
      write.mockRestore();
      error.mockRestore();
    }
  });
});
