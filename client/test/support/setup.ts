// The stores are created at import with the stand-in's storage; each test starts from empty storage.
import { taroStub } from '../stubs/taro';

beforeEach(() => {
  taroStub.reset();
});
