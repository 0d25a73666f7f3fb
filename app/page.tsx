import { KnowledgeWorkerClient } from "@/components/kw-client";

/** The web client in a browser tab or opened from the UC client's Tools menu. */
export default function HomePage() {
  return <KnowledgeWorkerClient layout="tab" />;
}
