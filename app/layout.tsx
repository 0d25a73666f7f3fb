import type { Metadata, Viewport } from "next";
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

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
