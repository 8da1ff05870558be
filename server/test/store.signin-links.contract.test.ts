import type { NewSignInTicket } from '../src/store/signin-link-types';
import type { Store } from '../src/store/types';
import { backends } from './store-backends';

describe.each(backends)('the $name store: sign-in tickets and codes', (backend) => {
  let location: unknown;
  let store: Store;
  beforeEach(async () => {
    location = await backend.location();
    store = await backend.open(location);
  });
  afterEach(async () => {
    try {
      await store.close();
    } finally {
      await backend.dispose(location);
    }
  });

  const TTL = 120_000;
  const ticket = (id: string, createdAt = 10_000): NewSignInTicket => ({
    id,
    secretHash: `hash-of-${id}`,
    device: 'Chrome on macOS',
    address: '203.0.113.7',
    createdAt,
    expiresAt: createdAt + TTL,
  });

  it('stores a pending ticket, scans it, and a confirm names the user', async () => {
    const ann = await store.createUser('Ann', 1000);
    await store.createTicket(ticket('t1'));
    await expect(store.findTicket('t1')).resolves.toEqual({ ...ticket('t1'), state: 'pending', userId: undefined });
    await expect(store.scanTicket('t1', 20_000)).resolves.toMatchObject({ state: 'scanned' });
    // A second scan (the phone scans again) leaves it scanned.
    await expect(store.scanTicket('t1', 21_000)).resolves.toMatchObject({ state: 'scanned' });
    await expect(store.answerTicket('t1', { confirmedBy: ann.id }, 22_000)).resolves.toMatchObject({
      state: 'confirmed',
      userId: ann.id,
    });
    await expect(store.findTicket('t1')).resolves.toMatchObject({ state: 'confirmed', userId: ann.id });
  });

  it('answers a ticket once: a second answer, a late one and an unknown ticket change nothing', async () => {
    const ann = await store.createUser('Ann', 1000);
    await store.createTicket(ticket('t1'));
    await store.createTicket(ticket('t2'));
    await expect(store.answerTicket('t1', 'refused', 20_000)).resolves.toMatchObject({ state: 'refused' });
    await expect(store.answerTicket('t1', { confirmedBy: ann.id }, 20_001)).resolves.toBe('answered');
    await expect(store.scanTicket('t1', 20_002)).resolves.toBe('answered');
    await expect(store.answerTicket('t2', { confirmedBy: ann.id }, 10_000 + TTL)).resolves.toBe('expired');
    await expect(store.scanTicket('t2', 10_000 + TTL)).resolves.toBe('expired');
    await expect(store.answerTicket('nope', 'refused', 20_000)).resolves.toBe('not-found');
    await expect(store.findTicket('t2')).resolves.toMatchObject({ state: 'pending' });
  });

  it('lets exactly one of many racing confirms win', async () => {
    const users = await Promise.all(['A', 'B', 'C', 'D'].map((name) => store.createUser(name, 1000)));
    await store.createTicket(ticket('race'));
    const answers = await Promise.all(
      users.map((user) => store.answerTicket('race', { confirmedBy: user.id }, 20_000)),
    );
    const winners = answers.filter((answer) => typeof answer !== 'string');
    expect(winners).toHaveLength(1);
    expect(answers.filter((answer) => answer === 'answered')).toHaveLength(3);
    await expect(store.findTicket('race')).resolves.toMatchObject({ userId: winners[0]!.userId });
  });

  it('uses a confirmed ticket once, with its secret, up to a minute after its lifetime', async () => {
    const ann = await store.createUser('Ann', 1000);
    await store.createTicket(ticket('t1'));
    await store.createTicket(ticket('t2'));
    await expect(store.useTicket('t1', 'hash-of-t1', 20_000)).resolves.toBeUndefined();
    await store.answerTicket('t1', { confirmedBy: ann.id }, 20_000);
    await expect(store.useTicket('t1', 'wrong hash', 20_000)).resolves.toBeUndefined();
    const used = await Promise.all([
      store.useTicket('t1', 'hash-of-t1', 10_000 + TTL + 59_000),
      store.useTicket('t1', 'hash-of-t1', 10_000 + TTL + 59_000),
    ]);
    expect(used.sort()).toEqual([ann.id, undefined]);
    await expect(store.findTicket('t1')).resolves.toMatchObject({ state: 'used' });
    await store.answerTicket('t2', { confirmedBy: ann.id }, 20_000);
    await expect(store.useTicket('t2', 'hash-of-t2', 10_000 + TTL + 60_000)).resolves.toBeUndefined();
  });

  it('forgets tickets and codes an hour after they expired when a new ticket is made', async () => {
    const ann = await store.createUser('Ann', 1000);
    await store.createTicket(ticket('old', 10_000));
    await store.createSignInCode({ code: 'OLDCODE2', userId: ann.id, createdAt: 10_000, expiresAt: 10_000 + TTL });
    await store.createTicket(ticket('recent', 10_000 + TTL + 60 * 60_000 - 1));
    await expect(store.findTicket('old')).resolves.toBeDefined();
    await store.createTicket(ticket('new', 10_000 + TTL + 60 * 60_000 + 1));
    await expect(store.findTicket('old')).resolves.toBeUndefined();
    await expect(store.findTicket('recent')).resolves.toBeDefined();
    await expect(store.useSignInCode('OLDCODE2', 10_000)).resolves.toBeUndefined();
  });

  it('signs in with a code once, within its lifetime', async () => {
    const ann = await store.createUser('Ann', 1000);
    const bob = await store.createUser('Bob', 1000);
    await expect(
      store.createSignInCode({ code: 'ABCD2345', userId: ann.id, createdAt: 1000, expiresAt: 5000 }),
    ).resolves.toBe(true);
    // A live code is never given twice.
    await expect(
      store.createSignInCode({ code: 'ABCD2345', userId: bob.id, createdAt: 2000, expiresAt: 6000 }),
    ).resolves.toBe(false);
    const racing = await Promise.all([store.useSignInCode('ABCD2345', 3000), store.useSignInCode('ABCD2345', 3000)]);
    expect(racing.sort()).toEqual([ann.id, undefined]);
    await store.createSignInCode({ code: 'LATE2345', userId: ann.id, createdAt: 1000, expiresAt: 5000 });
    await expect(store.useSignInCode('LATE2345', 5000)).resolves.toBeUndefined();
    // An expired code frees its value for a new one.
    await expect(
      store.createSignInCode({ code: 'LATE2345', userId: bob.id, createdAt: 6000, expiresAt: 9000 }),
    ).resolves.toBe(true);
    await expect(store.useSignInCode('LATE2345', 7000)).resolves.toBe(bob.id);
  });
});
