import type { Metadata } from "next";
import { KnowledgeWorkerClient } from "@/components/kw-client";
import { normaliseTheme } from "@/lib/client/host-context";
import { readFirstPaint } from "@/lib/pages/read-first-paint";

export const metadata: Metadata = { title: "UC Connector (extension)" };

/**
 * The same client laid out for a conversation extension window, a Teams tab or a meeting side
 * panel. The Teams app's tab URL carries `?theme={theme}` (Teams fills it in), so the first paint
 * already has the Teams theme; teams-js then confirms it and follows its changes.
 */
export default async function ExtensionPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { theme } = await searchParams;
  return <KnowledgeWorkerClient layout="extension" initial={await readFirstPaint()} initialTheme={theme === undefined ? undefined : normaliseTheme(theme)} />;
}
