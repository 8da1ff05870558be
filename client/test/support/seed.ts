import type { Message } from '@tandem/protocol';
import type { Peer } from './peer';

/**
 * Sends `count` messages through the real server, `batch` at a time in flight (pipelined on one socket), and
 * returns them in seq order. Texts are `${prefix} <n>`, n from 1 in send order.
 */
export async function seedMessages(
  peer: Peer,
  roomId: string,
  count: number,
  { prefix = 'seed', batch = 200 }: { prefix?: string; batch?: number } = {},
): Promise<Message[]> {
  const sent: Message[] = [];
  for (let from = 1; from <= count; from += batch) {
    const texts = Array.from({ length: Math.min(batch, count - from + 1) }, (_, index) => `${prefix} ${from + index}`);
    sent.push(...(await Promise.all(texts.map((text) => peer.send(roomId, text)))));
  }
  return sent.sort((a, b) => a.seq - b.seq);
}
