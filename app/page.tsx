import { KnowledgeWorkerClient } from "@/components/kw-client";
import { readFirstPaint } from "@/lib/pages/read-first-paint";

/** The web client in a browser tab or opened from the UC client's Tools menu. */
export default async function HomePage() {
  return <KnowledgeWorkerClient layout="tab" initial={await readFirstPaint()} />;
}
