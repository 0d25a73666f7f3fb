/** Every Redis channel and key the connector uses, built here only (never concatenated elsewhere). */
export const redisChannels = {
  /** Pushes to windows, fanned out to every node's Bayeux server: {from, topic, message}. */
  push: "ucc:push",
  /** Control messages between nodes (sign-out everywhere, scope ended, ...): {from, message}. */
  control: "ucc:control",
  /** Open-window counts: one node's change, snapshot or departure. */
  windows: "ucc:windows",
} as const;

export const redisKeys = {
  /** A hash worker -> open windows on one node, with a TTL its heartbeat refreshes. */
  windows: (nodeId: string) => `ucc:windows:${nodeId}`,
  /** The SCAN pattern that finds every node's windows hash. */
  windowsPattern: "ucc:windows:*",
  /** The node id back from a windows hash's key. */
  nodeOfWindows: (key: string) => key.slice("ucc:windows:".length),
};
