import { backoffDelay, DEFAULT_BACKOFF } from '../../src/services/connection/backoff';

describe('backoff', () => {
  it('doubles from 1 s and stops at 30 s', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffDelay(attempt, DEFAULT_BACKOFF, middle))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('spreads each delay over 50% to 150% of its base, never past the maximum', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0)).toBe(500);
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0.999999)).toBe(1500);
    expect(backoffDelay(8, DEFAULT_BACKOFF, () => 0.999999)).toBe(30000);
    expect(backoffDelay(8, DEFAULT_BACKOFF, () => 0)).toBe(15000);
  });
});
