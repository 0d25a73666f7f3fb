/**
 * From what one chat costs (bench/cluster-figures.ts) to what a deployment needs: nodes, the
 * owner's share of its one core, PostgreSQL cores and commits per second, Redis commands. Pure
 * arithmetic with its assumptions named, so the README's model can be read and recomputed.
 */
import type { PerChat } from "./cluster-figures";

export interface CapacityAssumptions {
  /** Chats each worker handles per hour in the busy hour. */
  chatsPerWorkerHour: number;
  /** The busiest minute over the busy hour's average. */
  peakFactor: number;
  /** The share of a core a process may use at peak, leaving room for bursts and GC. */
  coreUtilisation: number;
  /** Connected workers one node holds (the single-node benchmark's memory target). */
  workersPerNode: number;
}

export const DEFAULT_ASSUMPTIONS: CapacityAssumptions = { chatsPerWorkerHour: 6, peakFactor: 2, coreUtilisation: 0.6, workersPerNode: 10_000 };

export interface CapacityRow {
  workers: number;
  peakChatsPerSecond: number;
  /** The owner's CPU at peak as a share of its one core (it alone runs the connector core: Node runs it on one thread). */
  ownerCoreShare: number;
  /** Whether the owner stays within `coreUtilisation` of its core. */
  ownerFits: boolean;
  /** Nodes for the connections and the non-owner work, plus one spare for a takeover. */
  nodes: number;
  postgresCores: number;
  /** Write transactions (each one fsync, less what group commit shares) per second. */
  commitsPerSecond: number;
  /** Every transaction, autocommit reads included (pg_stat_database.xact_commit). */
  transactionsPerSecond: number;
  statementsPerSecond: number;
  redisCommandsPerSecond: number;
}

export function capacityPlan(cost: PerChat, workers: number, a: CapacityAssumptions = DEFAULT_ASSUMPTIONS): CapacityRow {
  const peak = ((workers * a.chatsPerWorkerHour) / 3600) * a.peakFactor;
  const coresAt = (msPerChat: number) => (peak * msPerChat) / 1000;
  const ownerCoreShare = coresAt(cost.busiestNodeMs);
  // NOTE: what the nodes spend besides the owner's core (Bayeux, forwarding) spreads over the others.
  const otherCores = coresAt(Math.max(0, cost.cpuMsBy.nodes - cost.busiestNodeMs));
  const forConnections = Math.ceil(workers / a.workersPerNode);
  const forCpu = 1 + Math.ceil(otherCores / a.coreUtilisation);
  return {
    workers,
    peakChatsPerSecond: peak,
    ownerCoreShare,
    ownerFits: ownerCoreShare <= a.coreUtilisation,
    nodes: Math.max(forConnections, forCpu) + 1,
    postgresCores: coresAt(cost.cpuMsBy.postgres) / a.coreUtilisation,
    commitsPerSecond: peak * (cost.writeCommits ?? Number.NaN),
    transactionsPerSecond: peak * (cost.commits ?? Number.NaN),
    statementsPerSecond: peak * (cost.statements ?? Number.NaN),
    redisCommandsPerSecond: peak * (cost.redisCommands ?? Number.NaN),
  };
}

/** The most workers one owner carries within `coreUtilisation` of its core, whatever the number of nodes. */
export function ownerCeilingWorkers(cost: PerChat, a: CapacityAssumptions = DEFAULT_ASSUMPTIONS): number {
  const chatsPerSecond = (a.coreUtilisation * 1000) / cost.busiestNodeMs;
  return (chatsPerSecond * 3600) / (a.chatsPerWorkerHour * a.peakFactor);
}
