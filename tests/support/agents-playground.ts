/**
 * Microsoft 365 Agents Playground (npm @microsoft/m365agentsplayground) standing in for Teams in
 * the Teams bot's tests: headless, offline, on loopback, with a personal chat of its own id, and
 * its Bot Connector answering the bot's proactive sends. Its driving routes (/_debug/...,
 * /_conversation/...) and its conversation stream are internal to it: they are used here and
 * nowhere else. One per test file: start it once, stop it by its PID.
 */
import { createRequire } from "node:module";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(REPO_ROOT, "node_modules", "@microsoft", "m365agentsplayground", "cli.js");
const START_TIMEOUT_MS = 30_000;

/** The Playground's own signed-in user (its mock data): a worker matched by this UPN is linked. */
export const PLAYGROUND_USER_UPN = "alexw@example.com";

interface WsSocket {
  on(event: "message", listener: (data: Buffer) => void): void;
  on(event: "open" | "close", listener: () => void): void;
  on(event: "error", listener: (error: Error) => void): void;
  close(): void;
}
const WebSocket = createRequire(__filename)("ws") as new (url: string) => WsSocket;

/** A message the bot sent, as the Playground's chat shows it now (updates replace it in place). */
export interface PlaygroundMessage {
  /** The activity id the Playground gave it (what an update names). */
  id: string;
  text?: string;
  attachments: Array<{ contentType: string; content: any }>;
  /** How many times the bot updated it since it was sent. */
  updates: number;
}

export interface AgentsPlayground {
  url: string;
  conversationId: string;
  /** Everything the bot sent to the personal chat so far, each as last updated. */
  messages: PlaygroundMessage[];
  /** Installs the app for the Playground's user (an installationUpdate to the bot). */
  install(): Promise<void>;
  stop(): Promise<void>;
}

export async function startAgentsPlayground(options: { port: number; botEndpoint: string; conversationId: string }): Promise<AgentsPlayground> {
  const url = `http://127.0.0.1:${options.port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, "-p", String(options.port), "-e", options.botEndpoint, "-c", "msteams", "--conversation-id", options.conversationId, "--service-url", `${url}/_connector`, "--dt"],
    { cwd: REPO_ROOT, env: { ...process.env, TEAMSAPPTESTER_BROWSER: "none" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the Agents Playground did not start:\n${output}`)), START_TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (/Listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the Agents Playground exited (${code}):\n${output}`));
    });
  }).catch((error) => {
    child.kill("SIGKILL");
    throw error;
  });

  // NOTE: the chat page of the Playground gets the bot's messages over this stream (history
  // first): "createMessage" for a new one, "updateMessage" (same messageId) when the bot replaced
  // it (a PUT on /v3/conversations/{id}/activities/{activityId}).
  const messages: PlaygroundMessage[] = [];
  const socket = new WebSocket(`${url.replace("http", "ws")}/_ws_conversation/v1/conversations/stream`);
  socket.on("error", () => undefined);
  socket.on("message", (data) => {
    type Streamed = { messageId: string; text?: string; attachments?: PlaygroundMessage["attachments"] };
    const event = JSON.parse(data.toString()) as { action: string; actionConversationId: string; message?: Streamed };
    if (event.actionConversationId !== options.conversationId || !event.message) return;
    const shown = { id: event.message.messageId, ...(event.message.text ? { text: event.message.text } : {}), attachments: event.message.attachments ?? [] };
    if (event.action === "createMessage") messages.push({ ...shown, updates: 0 });
    if (event.action === "updateMessage") {
      const at = messages.findIndex((m) => m.id === shown.id);
      if (at >= 0) messages[at] = { ...shown, updates: messages[at].updates + 1 };
    }
  });
  await new Promise<void>((resolve) => socket.on("open", () => resolve()));

  return {
    url,
    conversationId: options.conversationId,
    messages,
    async install() {
      const response = await fetch(`${url}/_debug/conversation/${encodeURIComponent(options.conversationId)}/installation`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      if (!response.ok) throw new Error(`installing the app in the Playground answered ${response.status}`);
    },
    async stop() {
      socket.close();
      child.kill("SIGTERM");
      const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
      if (!stopped) child.kill("SIGKILL");
    },
  };
}

/** A Teams deep link into an app's tab (https://teams.microsoft.com/l/entity/...). */
const TEAMS_DEEP_LINK = /^https:\/\/teams\.microsoft\.com\/l\/entity\//;

/**
 * An Adaptive Card in a message: its facts by title, its text blocks, its actions, the Teams deep
 * link among them and the browser link (the other Action.OpenUrl).
 */
export function cardOf(message: PlaygroundMessage):
  | { url: string | undefined; deepLink: string | undefined; actions: Array<{ type: string; title: string; url?: string }>; texts: string[]; facts: Record<string, string>; card: any }
  | undefined {
  const card = message.attachments.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive")?.content;
  if (!card) return undefined;
  const facts: Record<string, string> = {};
  const texts: string[] = [];
  for (const block of card.body ?? []) {
    if (block.type === "FactSet") for (const f of block.facts) facts[f.title] = f.value;
    if (block.type === "TextBlock") texts.push(block.text);
  }
  const actions = (card.actions ?? []) as Array<{ type: string; title: string; url?: string }>;
  const links = actions.filter((a) => a.type === "Action.OpenUrl").map((a) => a.url ?? "");
  return { url: links.find((u) => !TEAMS_DEEP_LINK.test(u)), deepLink: links.find((u) => TEAMS_DEEP_LINK.test(u)), actions, texts, facts, card };
}
