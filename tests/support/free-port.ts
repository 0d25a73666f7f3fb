// NOTE: lives with the local servers (scripts/local-servers/), which `npm run cluster` uses too.
export { freePort } from "../../scripts/local-servers/free-port";
