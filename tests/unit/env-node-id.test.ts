import { describe, expect, it } from "vitest";
import { readEnv } from "../../lib/config/env";

describe("UCC_NODE_ID", () => {
  it("names this node", () => {
    expect(readEnv({ NODE_ENV: "test", UCC_NODE_ID: "node-1" }).nodeId).toBe("node-1");
  });

  it("is unset for one node", () => {
    expect(readEnv({ NODE_ENV: "test" }).nodeId).toBeUndefined();
  });

  it.each(["", "node 1", "a/b", "x".repeat(65)])("refuses %j with the variable's name", (value) => {
    expect(() => readEnv({ NODE_ENV: "test", UCC_NODE_ID: value })).toThrow(/UCC_NODE_ID/);
  });
});
