import { MAX_FRAME_BYTES, MEDIA_MAX_FILE_BYTES, MEDIA_MAX_IMAGE_BYTES, MEDIA_MAX_VOICE_BYTES } from '@tandem/protocol';
import type { Limits, Rate, RateName } from '../src/config';

/** High enough that no test meets a limit unless it sets one; frames get the default size, which tests approach. */
const NO_RATE_LIMIT: Rate = { points: 1_000_000, durationMs: 1000 };
const NO_LIMITS: Limits = {
  maxConnectionsPerIp: 100_000,
  maxSocketsPerUser: 100_000,
  slowConsumer: { maxBufferedBytes: 1024 * 1024 * 1024, maxBufferedPackets: 10_000_000, drainTimeoutMs: 3_600_000 },
  maxRoomMembers: 100_000,
  maxRoomsPerUser: 100_000,
  maxFrameBytes: MAX_FRAME_BYTES,
  media: {
    maxFileBytes: MEDIA_MAX_FILE_BYTES,
    maxImageBytes: MEDIA_MAX_IMAGE_BYTES,
    maxVoiceBytes: MEDIA_MAX_VOICE_BYTES,
    quotaBytes: Number.MAX_SAFE_INTEGER,
  },
  rates: {
    messageSend: NO_RATE_LIMIT,
    roomCreate: NO_RATE_LIMIT,
    roomInvite: NO_RATE_LIMIT,
    typing: NO_RATE_LIMIT,
    request: NO_RATE_LIMIT,
    signIn: NO_RATE_LIMIT,
    signInAccount: NO_RATE_LIMIT,
    handshake: NO_RATE_LIMIT,
    profileWrite: NO_RATE_LIMIT,
    mediaUpload: NO_RATE_LIMIT,
  },
};

export interface LimitOptions extends Partial<Omit<Limits, 'rates' | 'slowConsumer' | 'media'>> {
  media?: Partial<Limits['media']>;
  slowConsumer?: Partial<Limits['slowConsumer']>;
  rates?: Partial<Record<RateName, Rate>>;
}

/** The given limits; every other one out of reach. */
export function limitsFor(options: LimitOptions = {}): Limits {
  return {
    ...NO_LIMITS,
    ...options,
    slowConsumer: { ...NO_LIMITS.slowConsumer, ...options.slowConsumer },
    media: { ...NO_LIMITS.media, ...options.media },
    rates: { ...NO_LIMITS.rates, ...options.rates },
  };
}
