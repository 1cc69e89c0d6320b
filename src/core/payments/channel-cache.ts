// A merchant's channels as the money-moving flows read them on every request, kept for a second: a changed or
// disabled channel takes effect within that second, and a payment burst does not re-read the same rows each time.
import type { ChannelSource } from './channels.ts';
import type { ChannelRecord } from '../merchants/repository.ts';

export function cachedChannels(source: ChannelSource, ttlMs = 1_000, now: () => number = Date.now): ChannelSource {
  const cache = new Map<number, { at: number; channels: Promise<ChannelRecord[]> }>();
  return {
    channels(merchantId) {
      const hit = cache.get(merchantId);
      if (hit && now() - hit.at < ttlMs) return hit.channels;
      const channels = source.channels(merchantId);
      cache.set(merchantId, { at: now(), channels });
      // A failed read is not kept.
      channels.catch(() => cache.delete(merchantId));
      return channels;
    },
  };
}
