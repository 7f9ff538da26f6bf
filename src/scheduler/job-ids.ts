// BullMQ job ids for turns and silence timers: deterministic (so scheduling the same turn twice is a
// no-op), never all digits and never containing ":" (BullMQ's rules for custom ids).

function safe(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}`);
}

export function turnJobId(channelId: string, seq: number): string {
  return `turn-${safe(channelId)}-${seq}`;
}

export function forcedJobId(channelId: string, nonce: string): string {
  return `forced-${safe(channelId)}-${safe(nonce)}`;
}

/** Unique per arming (a timer re-armed for the same line must be a new job; finished jobs are kept a while). */
export function silenceJobId(channelId: string, seq: number, nonce: string): string {
  return `silence-${safe(channelId)}-${seq}-${safe(nonce)}`;
}
