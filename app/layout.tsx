import type { Metadata, Viewport } from "next";
import { ServerLocaleProvider } from "@/lib/i18n";
import { messagesFor } from "@/lib/i18n/catalogues";
import { requestLocale } from "@/lib/pages/request-locale";
import "./globals.css";

export const metadata: Metadata = {
  title: "UC Connector",
  description: "Knowledge Worker web client of the UC Connector",
};

// NOTE: every page is rendered per request: each response carries its own CSP script nonce (set
// by lib/http/security-headers.ts), which Next.js puts on its inline scripts; a prerendered page
// would have none. The client's pages also paint the signed-in worker from the first response.
export const dynamic = "force-dynamic";

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // NOTE: decided on the server so that the first response names its language (no English flash).
  const locale = await requestLocale();
  return (
    <html lang={locale}>
      <body>
        {/* NOTE: only this language's messages go to the browser; another one is loaded when shown. */}
        <ServerLocaleProvider locale={locale} messages={messagesFor(locale)}>
          {children}
        </ServerLocaleProvider>
      </body>
    </html>
  );
}
