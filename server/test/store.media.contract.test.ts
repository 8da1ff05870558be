import type { NewMedia } from '../src/store/media-types';
import type { Store } from '../src/store/types';
import { backends } from './store-backends';

describe.each(backends)('the $name store: media', (backend) => {
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

  const setUp = async () => {
    const ann = await store.createUser('ann', 1000);
    const bob = await store.createUser('bob', 1000);
    const room = await store.createRoom({ name: 'r', visibility: 'public', creatorId: ann.id, createdAt: 1000 });
    const other = await store.createRoom({ name: 'o', visibility: 'public', creatorId: ann.id, createdAt: 1000 });
    const image = (id: string, extra: Partial<NewMedia> = {}): NewMedia => ({
      id,
      ownerId: ann.id,
      roomId: room.id,
      kind: 'image',
      mime: 'image/png',
      size: 1234,
      hash: 'a'.repeat(64),
      thumbHash: 'b'.repeat(64),
      width: 640,
      height: 480,
      createdAt: 2000,
      ...extra,
    });
    return { ann, bob, room, other, image };
  };

  it('stores a media with every field and finds it; optional fields stay absent', async () => {
    const { ann, room, image } = await setUp();
    const created = await store.createMedia(image('m1', { name: '照片.png' }));
    expect(created).toEqual(image('m1', { name: '照片.png' }));
    await expect(store.findMedia('m1')).resolves.toEqual(created);
    const voice: NewMedia = {
      id: 'm2',
      ownerId: ann.id,
      roomId: room.id,
      kind: 'voice',
      mime: 'audio/mpeg',
      size: 99,
      hash: 'c'.repeat(64),
      durationMs: 4200,
      createdAt: 2001,
    };
    await store.createMedia(voice);
    await expect(store.findMedia('m2')).resolves.toEqual(voice);
    await expect(store.findMedia('nope')).resolves.toBeUndefined();
  });

  it('lets only the owner claim a media for one message in its room, and the same claim again', async () => {
    const { ann, bob, room, other, image } = await setUp();
    await store.createMedia(image('m1'));
    await store.createMedia(image('m2'));
    await expect(store.claimMedia('nope', ann.id, room.id, 'c1')).resolves.toBe('not-found');
    await expect(store.claimMedia('m1', bob.id, room.id, 'c1')).resolves.toBe('forbidden');
    await expect(store.claimMedia('m1', ann.id, other.id, 'c1')).resolves.toBe('forbidden');
    const claimed = await store.claimMedia('m1', ann.id, room.id, 'c1');
    expect(claimed).toEqual({ ...image('m1'), clientId: 'c1' });
    await expect(store.claimMedia('m1', ann.id, room.id, 'c1')).resolves.toEqual(claimed);
    // Another message cannot take it, nor can the message take a second media.
    await expect(store.claimMedia('m1', ann.id, room.id, 'c2')).resolves.toBe('used');
    await expect(store.claimMedia('m2', ann.id, room.id, 'c1')).resolves.toBe('used');
    await expect(store.findMedia('m2')).resolves.toEqual(image('m2'));
  });

  it('lists the sent media of rooms by the clientIds of their messages', async () => {
    const { ann, room, other, image } = await setUp();
    await store.createMedia(image('m1'));
    await store.createMedia(image('m2'));
    await store.createMedia(image('m3', { roomId: other.id }));
    await store.claimMedia('m1', ann.id, room.id, 'c1');
    await store.claimMedia('m3', ann.id, other.id, 'c3');
    const listed = await store.listMessageMedia([room.id], ['c1', 'c2', 'c3']);
    expect(listed.map((media) => media.id)).toEqual(['m1']);
    const both = await store.listMessageMedia([room.id, other.id], ['c1', 'c3']);
    expect(both.map((media) => media.id).sort()).toEqual(['m1', 'm3']);
    await expect(store.listMessageMedia([room.id], [])).resolves.toEqual([]);
    await expect(store.listMessageMedia([], ['c1'])).resolves.toEqual([]);
  });

  it('sums the bytes a user uploaded', async () => {
    const { ann, bob, image } = await setUp();
    await expect(store.mediaUsage(ann.id)).resolves.toBe(0);
    await store.createMedia(image('m1', { size: 3_000_000_000 }));
    await store.createMedia(image('m2', { size: 5 }));
    await expect(store.mediaUsage(ann.id)).resolves.toBe(3_000_000_005);
    await expect(store.mediaUsage(bob.id)).resolves.toBe(0);
  });

  it('deletes a media and names the blobs no other media refers to', async () => {
    const { bob, image } = await setUp();
    const shared = 'd'.repeat(64);
    await store.createMedia(image('m1', { hash: shared, thumbHash: 'e'.repeat(64) }));
    await store.createMedia(image('m2', { ownerId: bob.id, hash: shared, thumbHash: 'f'.repeat(64) }));
    await expect(store.deleteMedia('m1')).resolves.toEqual(['e'.repeat(64)]);
    await expect(store.findMedia('m1')).resolves.toBeUndefined();
    await expect(store.deleteMedia('m1')).resolves.toBeUndefined();
    expect((await store.deleteMedia('m2'))?.sort()).toEqual([shared, 'f'.repeat(64)]);
  });
});
