import type { Metadata } from "next";
import { KnowledgeWorkerClient } from "@/components/kw-client";

export const metadata: Metadata = { title: "UC Connector (extension)" };

/** The same client laid out for a conversation extension window or a Teams tab. */
export default function ExtensionPage() {
  return <KnowledgeWorkerClient layout="extension" />;
}
