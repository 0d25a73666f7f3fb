/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Lets a second build live beside the main one (a developer's scratch build while tests run).
  distDir: process.env.UCC_NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // The connector's own modules run in the custom server, never in a page bundle.
  serverExternalPackages: ["better-sqlite3", "faye", "pino"],
  typescript: { tsconfigPath: "tsconfig.json" },
};

export default nextConfig;
