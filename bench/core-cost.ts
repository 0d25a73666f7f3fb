/**
 * `npx tsx bench/core-cost.ts [--workers 1000] [--chats 4000] [--lanes 16]`: the CPU time one chat
 * costs the connector's services alone (create, accept, end, done on a real SQLite store in a temp
 * dir; no HTTP, no Bayeux), in this process. CPU time per chat is far less disturbed by other work
 * on the machine than latency is, so this is the A/B figure for a change to lib/connector or
 * lib/store on a busy machine; the whole benchmark (npm run bench) then says what it is worth.
 */
import { parseArgs } from "node:util";
import { startCore } from "../tests/support/core";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { workers: { type: "string" }, chats: { type: "string" }, lanes: { type: "string" } } });
  const workers = Number(values.workers ?? 1000);
  const chats = Number(values.chats ?? 4000);
  const lanes = Number(values.lanes ?? 16);
  const list = Array.from({ length: workers }, (_, i) => ({ id: `w${i + 1}`, name: `Worker ${i + 1}` }));
  const core = await startCore(list, { previewTimeoutMs: 60_000 });
  try {
    for (const w of list) await core.presence.setPresence(w.id, "available", "web-client");
    const chat = async () => {
      const { interaction } = await core.interactions.create({ media: "chat", from: "bench" });
      const offered = await core.interactions.get(interaction.id);
      if (!offered.worker || !offered.offer) throw new Error(`chat ${interaction.id} was not offered (${offered.state})`);
      await core.interactions.accept(offered.worker, offered.id, offered.offer.id);
      await core.interactions.end(offered.id, { customer: true });
      await core.interactions.finish(offered.worker, offered.id);
    };
    // Warm-up: the JIT and SQLite's caches, not counted.
    for (let i = 0; i < 200; i++) await chat();
    let started = 0;
    const cpu = process.cpuUsage();
    const wall = performance.now();
    const lane = async () => {
      while (started < chats) {
        started++;
        await chat();
      }
    };
    await Promise.all(Array.from({ length: lanes }, lane));
    const used = process.cpuUsage(cpu);
    const wallMs = performance.now() - wall;
    process.stdout.write(
      `N=${workers}: ${chats} chats, ${lanes} at once: ${((used.user + used.system) / chats).toFixed(0)} us CPU per chat ` +
        `(${((1000 * wallMs) / chats).toFixed(0)} us wall)\n`,
    );
  } finally {
    await core.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`core-cost: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
