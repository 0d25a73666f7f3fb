/**
 * The local cluster's node launcher (scripts/local-servers/node-process.ts) on real processes:
 * output prefixed with the node's name, SIGTERM first, and a node that ignores it killed with
 * its whole process group (a server start.mjs left behind included).
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { startNode } from "../../scripts/local-servers/node-process";
import { waitFor } from "../support/wait";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const collect = () => {
  const out = new PassThrough();
  let text = "";
  out.on("data", (chunk) => (text += chunk.toString()));
  return { out, text: () => text };
};

describe("startNode", () => {
  it("prefixes every line, stdout and stderr, with the node's name, and stops it with SIGTERM", async () => {
    const { out, text } = collect();
    const node = startNode({
      name: "node-7",
      cwd: process.cwd(),
      env: { NODE_ENV: "test", PATH: process.env.PATH },
      out,
      command: [process.execPath, "-e", 'console.log("one\\ntwo"); console.error("three"); process.on("SIGTERM", () => { console.log("draining"); process.exit(0); }); setInterval(() => {}, 1000);'],
    });
    await waitFor(text, (t) => t.includes("node-7 | three") && t.includes("node-7 | two"), { what: "prefixed lines" });
    expect(text()).toContain("node-7 | one\n");
    await node.stop(10_000);
    expect(await node.exited).toBe(0);
    await waitFor(text, (t) => t.includes("node-7 | draining"), { what: "the drain line" });
  });

  it("kills a node that ignores SIGTERM after the grace, its child process included", async () => {
    const { out, text } = collect();
    // A parent that ignores SIGTERM and starts a child that ignores it too (as start.mjs runs the server).
    const script = `
      process.on("SIGTERM", () => console.log("ignored"));
      const c = require("node:child_process").spawn(process.execPath, ["-e", 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { stdio: "ignore" });
      console.log("child " + c.pid);
      setInterval(() => {}, 1000);`;
    const node = startNode({ name: "stubborn", cwd: process.cwd(), env: { NODE_ENV: "test", PATH: process.env.PATH }, out, command: [process.execPath, "-e", script] });
    const line = await waitFor(text, (t) => /child \d+/.test(t), { what: "the child's pid" });
    const childPid = Number(/child (\d+)/.exec(line)![1]);
    expect(alive(childPid)).toBe(true);
    await node.stop(300);
    expect(await node.exited).toBe("SIGKILL");
    expect(text()).toContain("stubborn | ignored");
    await waitFor(() => alive(childPid), (a) => !a, { what: "the child gone with the group" });
  });
});
