/** A real Redis for tests: the launcher `npm run cluster` uses (scripts/local-servers/redis.ts). */
export { startRedis, type LocalRedis } from "../../scripts/local-servers/redis";
