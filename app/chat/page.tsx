import type { Metadata } from "next";
import { CustomerChat } from "@/components/customer-chat";
import { createTranslator } from "@/lib/i18n/translator";
import { requestLocale } from "@/lib/pages/request-locale";

/** The tab's name in the language of the first response. */
export async function generateMetadata(): Promise<Metadata> {
  return { title: createTranslator(await requestLocale()).t("chat.title") };
}

/** The customer's web chat page. */
export default function ChatPage() {
  return <CustomerChat />;
}
