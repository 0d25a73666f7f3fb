/**
 * Netstrings (`<length>:<bytes>,`), the framing of baresip's ctrl_tcp. Lengths count bytes, so
 * frames are cut from Buffers, never from decoded strings. No npm package for this is maintained;
 * it is a dozen lines.
 */
export function encodeNetstring(text: string): Buffer {
  const body = Buffer.from(text, "utf8");
  return Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(",")]);
}

/** Feeds bytes in, hands whole frames out; throws on a malformed stream (the caller drops it). */
export class NetstringDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): string[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: string[] = [];
    for (;;) {
      const colon = this.pending.indexOf(0x3a);
      if (colon < 0) {
        if (this.pending.length > 10) throw new Error("netstring length too long");
        break;
      }
      const digits = this.pending.subarray(0, colon).toString("latin1");
      if (!/^\d{1,9}$/.test(digits)) throw new Error(`bad netstring length "${digits.slice(0, 12)}"`);
      const length = Number(digits);
      const end = colon + 1 + length;
      if (this.pending.length < end + 1) break;
      if (this.pending[end] !== 0x2c) throw new Error("netstring not terminated by a comma");
      frames.push(this.pending.subarray(colon + 1, end).toString("utf8"));
      this.pending = this.pending.subarray(end + 1);
    }
    return frames;
  }
}
