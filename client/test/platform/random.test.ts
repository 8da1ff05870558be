import { randomId } from '../../src/platform/random';

describe('random ids', () => {
  it('makes 32 hex characters, different every time', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('on WeChat, draws from a pool filled by the crypto manager, with a fallback while it is empty', async () => {
    const weapp = await import('../../src/platform/random.weapp');
    expect(weapp.randomId()).toMatch(/^[0-9a-f]{32}$/);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const ids = new Set(Array.from({ length: 100 }, () => weapp.randomId()));
    expect(ids.size).toBe(100);
  });
});
