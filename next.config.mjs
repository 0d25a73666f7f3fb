/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The connector's own modules run in the custom server, never in a page bundle.
  serverExternalPackages: ["better-sqlite3", "faye", "pino"],
  typescript: { tsconfigPath: "tsconfig.json" },
};

export default nextConfig;
