#!/usr/bin/env node
// `npm run build`: always rebuilds the web client.
import { ensureBuilt } from "./build-if-stale.mjs";
await ensureBuilt({ force: true });
