/**
 * A customer who starts a chat and then does nothing (routing.customer-idle-timeout): once the
 * chat has waited that long with no customer activity, the customer's page says it was closed for
 * that reason (not that the customer left).
 */
import { Connector } from "./support/connector";
import { expect, test } from "./support/fixtures";
import { CustomerChatPage } from "./pages/customer-chat";

test("a waiting chat with no customer activity is closed, and the customer's page says why", async ({ page }) => {
  const connector = await Connector.start({ routing: { "customer-idle-timeout": 2 } });
  try {
    const pat = new CustomerChatPage(page, connector.url);
    await pat.start("Pat Doe", "Idle question");
    await expect(pat.status).toHaveText("This chat was closed: nothing was written in it for a long time. Start a new chat if you still need help.", {
      timeout: 20_000,
    });
  } finally {
    await connector.dispose();
  }
});
