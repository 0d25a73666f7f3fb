/**
 * A node that only shares window counts, run as its own process so a test can SIGKILL it (a node
 * that dies without close()). argv: redis URL, node id, heartbeat ms, then worker=count pairs.
 * Prints "ready" once its counts are shared.
 */
import { ClusterWindows } from "../../lib/bus/cluster-windows";
import { createLogger } from "../../lib/observability/logger";

async function main() {
  const [url, nodeId, heartbeatMs, ...pairs] = process.argv.slice(2);
  const windows = await ClusterWindows.create(url, { nodeId, heartbeatMs: Number(heartbeatMs), logger: createLogger("silent") });
  for (const pair of pairs) {
    const [worker, count] = pair.split("=");
    windows.local(worker, Number(count));
  }
  process.stdout.write("ready\n");
  // NOTE: its timers are unref'd; this keeps the process (and its heartbeat) alive until killed.
  setInterval(() => {}, 60_000);
}

void main();
