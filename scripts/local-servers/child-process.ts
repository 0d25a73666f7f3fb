/**
 * What the local server launchers share: wait for a state (a port that accepts, a probe that
 * answers) while watching the child for an early exit, and stop a child by its PID.
 */
import type { ChildProcess } from "node:child_process";
import net from "node:net";

const POLL_MS = 50;

/** True once something accepts a TCP connection on 127.0.0.1:port. */
export function accepts(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Polls `ready` until it is true; throws (with the child's last output) if the child exits first or time runs out. */
export async function waitUntilReady(
  child: ChildProcess,
  what: string,
  ready: () => Promise<boolean>,
  { timeoutMs = 15_000, output = () => "" }: { timeoutMs?: number; output?: () => string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it was ready\n${output()}`);
    }
    if (await ready()) return;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${what} was not ready within ${timeoutMs} ms\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** SIGTERM by PID, SIGKILL when the child has not exited after `graceMs`; resolves once it has exited. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Keeps the last few KB a child wrote, to explain a failed start. */
export function tail(child: ChildProcess, limit = 4_000): () => string {
  let text = "";
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-limit);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return () => text;
}
