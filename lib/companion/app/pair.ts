/** Exchanges a one-time pairing code for the companion's credential (POST /api/companion/pair). */
import type http from "node:http";
import { z } from "zod";
import { postJson } from "./http-transport";

const pairedSchema = z.object({ credential: z.string().min(20).max(200) });
const errorSchema = z.object({ error: z.object({ message: z.string() }) });

export class PairingError extends Error {}

export async function exchangePairingCode(url: string, worker: string, code: string, agent: http.Agent): Promise<string> {
  let answer: { status: number; body: unknown };
  try {
    answer = await postJson(`${url}/api/companion/pair`, { worker, code }, agent);
  } catch (error) {
    throw new PairingError(`cannot reach the connector at ${url} (${(error as Error).message})`);
  }
  if (answer.status === 201) {
    const paired = pairedSchema.safeParse(answer.body);
    if (paired.success) return paired.data.credential;
  }
  const reason = errorSchema.safeParse(answer.body);
  const why = reason.success ? reason.data.error.message : `HTTP ${answer.status}`;
  // NOTE: a 404 is most often the MTLS listener, which serves only the API and Bayeux.
  throw new PairingError(answer.status === 404 ? `${url} does not pair desktop companions (${why}): pair on the connector's main URL` : `pairing refused: ${why}`);
}
