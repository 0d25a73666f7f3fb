/**
 * A scratch PostgreSQL for tests (scripts/local-servers/postgres.ts). Start one per test file
 * (`beforeAll`) with `fsyncOff: true`, a fresh database per describe block, and stop it by PID.
 */
export { startPostgres, type LocalPostgres } from "../../scripts/local-servers/postgres";
