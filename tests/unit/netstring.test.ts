import { describe, expect, it } from "vitest";
import { encodeNetstring, NetstringDecoder } from "../../lib/companion/softphone/netstring";

describe("netstrings (baresip ctrl_tcp framing)", () => {
  it.each([
    ["one frame", ["5:hello,"], ["hello"]],
    ["two frames in one chunk", ["1:a,2:bc,"], ["a", "bc"]],
    ["a frame split across chunks", ["5:he", "llo", ","], ["hello"]],
    ["a length split across chunks", ["1", "2:hello world!,"], ["hello world!"]],
    ["multi-byte characters counted in bytes", ["9:fran\u00e7ais,"], ["fran\u00e7ais"]],
    ["an empty frame", ["0:,"], [""]],
  ])("%s", (_name, chunks, frames) => {
    const decoder = new NetstringDecoder();
    expect(chunks.flatMap((c) => decoder.push(Buffer.from(c, "utf8")))).toEqual(frames);
  });

  it.each([["x:abc,"], ["3:abcd"], ["12345678901"]])("refuses a malformed stream %s", (input) => {
    expect(() => new NetstringDecoder().push(Buffer.from(input))).toThrow();
  });

  it("encodes what it decodes", () => {
    const text = JSON.stringify({ command: "dial", params: "sip:b@127.0.0.1:5062", token: "t\u00e9" });
    expect(new NetstringDecoder().push(encodeNetstring(text))).toEqual([text]);
  });
});
