// Redis Cluster's key → slot mapping, so tests can check hash tags without a cluster: CRC16 (XMODEM) of
// the hash tag (the text between the first `{` and the next `}`, if non-empty) or else the whole key,
// modulo 16384. https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

/** The part of the key Redis Cluster hashes. */
export function hashTag(key: string): string {
  const open = key.indexOf('{');
  if (open === -1) return key;
  const close = key.indexOf('}', open + 1);
  if (close === -1 || close === open + 1) return key;
  return key.slice(open + 1, close);
}

export function keySlot(key: string): number {
  return crc16(new TextEncoder().encode(hashTag(key))) % 16384;
}
