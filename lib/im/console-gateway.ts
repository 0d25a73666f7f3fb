/**
 * The default gateway: one line per invitation on stdout with the worker and the whole link, so
 * an administrator (or a test) can read it beside the JSON log, and a demo works with nothing
 * else installed.
 */
import type { ImGateway, Invitation } from "./gateway";

export function createConsoleGateway(write: (line: string) => void = (line) => process.stdout.write(line)): ImGateway {
  return {
    name: "console",
    async send(invitation: Invitation) {
      const { worker, interaction } = invitation;
      const media = interaction.media === "voice" ? "call" : "chat";
      write(`ucc invitation: ${worker.id} (${worker.name}), ${media} from ${oneLine(interaction.from)}: ${invitation.link}\n`);
    },
  };
}

/** NOTE: `from` is the customer's text; a newline in it must not forge a line of its own. */
const oneLine = (text: string) => JSON.stringify(text).slice(1, -1);
