import type { Metadata } from "next";
import { CustomerChat } from "@/components/customer-chat";

export const metadata: Metadata = { title: "Chat with an expert" };

/** The customer's web chat page. */
export default function ChatPage() {
  return <CustomerChat />;
}
