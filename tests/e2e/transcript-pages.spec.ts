/**
 * A long chat's transcript in the web client (issue 15): the view carries the newest messages;
 * "Show earlier messages" at the top of the log, pressed from the keyboard, brings the first
 * message back without moving what the worker was reading.
 */
import { Contexts, acceptPreview, InteractionRegion } from "./pages/interaction";
import { expect, test } from "./support/fixtures";

let contexts: Contexts;
test.beforeEach(({ browser }) => {
  contexts = new Contexts(browser);
});
test.afterEach(async () => contexts.close());

test("Show earlier messages loads the older part of a long chat, from the keyboard, keeping the scroll position", async ({ connector }) => {
  const kw1 = await contexts.worker(connector, "kw1");
  const { id } = await connector.api<{ id: string }>("POST", "/api/v1/interactions", { media: "chat", from: "Pat", worker: "kw1" });
  await connector.api("POST", `/api/v1/interactions/${id}/messages`, { text: "The very first message" });
  await acceptPreview(kw1.page);
  for (let n = 1; n <= 70; n++) await connector.api("POST", `/api/v1/interactions/${id}/actions/send`, { worker: "kw1", text: `Reply number ${n}` });
  const whole = await connector.api<{ id: string }[]>("GET", `/api/v1/interactions/${id}/messages`);

  // A fresh page paints the newest 50 and offers the rest.
  await kw1.page.reload();
  const chat = new InteractionRegion(kw1.page, "Pat");
  await expect(chat.transcript.getByRole("listitem")).toHaveCount(50);
  await expect(chat.transcript).toContainText("Reply number 70");
  await expect(chat.transcript).not.toContainText("The very first message");
  const earlier = chat.transcript.getByRole("button", { name: "Show earlier messages" });
  await expect(earlier).toBeVisible();

  // The worker scrolls up to the top and presses it from the keyboard.
  await chat.transcript.evaluate((log) => (log.scrollTop = 0));
  const oldest = chat.transcript.getByText("Reply number 21", { exact: true });
  const before = await oldest.evaluate((el) => el.getBoundingClientRect().top);
  await earlier.focus();
  await kw1.page.keyboard.press("Enter");
  await expect(chat.transcript.getByText("The very first message")).toBeAttached();
  await expect(chat.transcript.getByRole("listitem")).toHaveCount(whole.length);
  // What was on screen stays where it was; the button is gone and the focus is on the log.
  expect(Math.abs((await oldest.evaluate((el) => el.getBoundingClientRect().top)) - before)).toBeLessThan(2);
  await expect(earlier).toHaveCount(0);
  await expect(chat.transcript).toBeFocused();

  // New messages still arrive at the bottom.
  await chat.send("After the history");
  await expect(chat.transcript.getByRole("listitem")).toHaveCount(whole.length + 1);
});
