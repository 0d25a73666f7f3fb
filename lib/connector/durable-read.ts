/**
 * Reads served outside (to integrators, to the web client) wait until what they read is on disk.
 * A commit is visible to reads before its WAL is synced; without this, a power cut could take
 * back what someone was shown, and an integrator's `after=` cursor would then skip the events that
 * reuse those sequence numbers. `durable()` covers every commit made before it is called, which
 * includes everything the read saw.
 */
export async function readDurably<T>(store: { durable(): Promise<void> }, read: () => T | Promise<T>): Promise<T> {
  const value = await read();
  await store.durable();
  return value;
}
