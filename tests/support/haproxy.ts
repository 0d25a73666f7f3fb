/** A real HAProxy for tests: the launcher `npm run cluster` uses (scripts/local-servers/haproxy.ts). */
export { startHaproxy, type LocalHaproxy } from "../../scripts/local-servers/haproxy";
