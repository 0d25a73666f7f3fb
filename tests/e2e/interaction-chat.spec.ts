/**
 * The Interaction window for chats in real browsers (issue 10): the composer, typing both ways,
 * safe links, a reload of both pages, End chat; a transfer that arrives whole and one that comes
 * back; two chats at once. At each step the UI and the integration API must agree.
 */
import { Contexts, acceptPreview, apiInteraction, expectApi, InteractionRegion } from "./pages/interaction";
import { preview } from "./pages/preview";
import { expect, test } from "./support/fixtures";

let contexts: Contexts;
test.beforeEach(({ browser }) => {
  contexts = new Contexts(browser);
});
test.afterEach(async () => contexts.close());

test("a chat from Preview to Done: Enter sends, Shift+Enter breaks the line, typing shows both ways, links are safe, a reload of both pages loses and doubles nothing", async ({ connector }) => {
  const kw1 = await contexts.worker(connector, "kw1");
  const pat = await contexts.customer(connector);
  const id = await pat.start("Pat", "Invoice");
  await acceptPreview(kw1.page);
  const chat = new InteractionRegion(kw1.page, "Pat");
  await expect(chat.region).toBeVisible();
  // The UI enables exactly what the connector says is allowed.
  await expectApi(connector, id, { state: "active", worker: "kw1", capabilities: ["send", "end", "transfer"] });
  await expect(chat.button("Send")).toBeDisabled();
  await expect(chat.button("Transfer")).toBeEnabled();
  await expect(chat.button("End chat")).toBeEnabled();

  // The customer types: the worker sees it; the worker types: the customer sees it.
  await pat.message.pressSequentially("Hel");
  await expect(chat.region.getByText("Pat is typing…")).toBeVisible();
  await pat.message.fill("Hello, see https://example.com/bill?id=7. And javascript:alert(1)");
  await pat.message.press("Enter");
  await expect(chat.transcript).toContainText("Hello, see");
  const link = chat.transcript.getByRole("link", { name: "https://example.com/bill?id=7" });
  await expect(link).toHaveAttribute("href", "https://example.com/bill?id=7");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer");
  await expect(chat.transcript.getByRole("link")).toHaveCount(1);

  await chat.message.pressSequentially("Let");
  await expect(pat.page.getByText("Alex Morgan is typing…")).toBeVisible();
  await chat.message.press("Shift+Enter");
  await chat.message.pressSequentially("me check");
  await expect(chat.message).toHaveValue("Let\nme check");
  await chat.message.press("Enter");
  await expect(pat.transcript).toContainText("Let\nme check");

  // Both pages reload: the same lines, once each, in the connector's order.
  const before = await connector.api<{ id: string; text: string }[]>("GET", `/api/v1/interactions/${id}/messages`);
  await Promise.all([kw1.page.reload(), pat.page.reload()]);
  await expect(chat.transcript.getByRole("listitem")).toHaveCount(before.length);
  await expect(pat.transcript.getByRole("listitem")).toHaveCount(before.length);
  await chat.send("Found it");
  await pat.send("Thanks");
  const after = await connector.api<{ id: string; text: string; from: string }[]>("GET", `/api/v1/interactions/${id}/messages`);
  expect(after.map((m) => m.text)).toEqual([...before.map((m) => m.text), "Found it", "Thanks"]);
  await expect(chat.transcript.getByRole("listitem")).toHaveCount(after.length);
  // Each message shows its time, in a <time datetime> the connector's own clock wrote.
  const times = chat.transcript.locator("time[datetime]");
  await expect(times).toHaveCount(after.length);
  expect(await times.last().getAttribute("datetime")).toBe((after.at(-1) as { at?: string }).at);
  await expect(times.last()).toHaveText(/\d{1,2}:\d{2}/);

  // End chat asks once (Cancel keeps the chat, and the focus comes back), then ends it for both
  // sides; after-call work offers Note and Done.
  await chat.button("End chat").click();
  const confirm = chat.region.getByRole("alertdialog", { name: "End chat?" });
  await expect(confirm).toContainText("End the chat with Pat?");
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await kw1.page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await expect(chat.button("End chat")).toBeFocused();
  await expectApi(connector, id, { state: "active" });
  await chat.endChat();
  await expect(pat.status).toHaveText("The chat has ended.");
  await expect(chat.region.getByRole("textbox", { name: "Note" })).toBeVisible();
  await expect(chat.region.getByRole("combobox", { name: "Disposition" })).toHaveCount(0);
  await expectApi(connector, id, { state: "wrap-up", capabilities: ["done"] });
  await chat.region.getByRole("textbox", { name: "Note" }).fill("Sent a corrected invoice");
  await chat.button("Done").click();
  await expect(chat.region).toBeHidden();
  await expectApi(connector, id, { state: "done", disposition: { note: "Sent a corrected invoice" } });
});

test("a transferred chat arrives whole at the second worker, and a refused transfer comes back with a notice", async ({ connector }) => {
  const kw1 = await contexts.worker(connector, "kw1");
  const kw2 = await contexts.worker(connector, "kw2");
  const pat = await contexts.customer(connector);
  await kw2.choosePresence("busy");
  const id = await pat.start("Pat", "Delivery");
  await acceptPreview(kw1.page);
  const chat = new InteractionRegion(kw1.page, "Pat");
  await pat.send("Where is my parcel?");
  await chat.send("Let me find someone");
  await kw2.choosePresence("available");

  // Refused: kw2 rejects; the chat never left kw1, who is told.
  await chat.transferTo("Sam Rivera", "Tracking question");
  await expect(chat.region.getByRole("status").filter({ hasText: "Waiting for Sam Rivera" })).toBeVisible();
  await expectApi(connector, id, { worker: "kw1", capabilities: ["send", "end", "cancel-transfer"], invite: { purpose: "transfer", to: { id: "kw2" }, stage: "offered" } });
  const offered = preview(kw2.page);
  await expect(offered).toContainText("Alex Morgan is transferring this chat to you.");
  await expect(offered).toContainText("Tracking question");
  await expect(offered.getByRole("log")).toContainText("Where is my parcel?");
  await offered.getByRole("button", { name: "Reject" }).click();
  await expect(kw1.page.getByText("Sam Rivera rejected the transfer of Pat; the chat stays with you.")).toBeVisible();
  await expectApi(connector, id, { worker: "kw1", capabilities: ["send", "end", "transfer"] });
  await chat.send("Still with me");

  // Accepted: the whole transcript arrives at kw2; kw1's region goes with a note.
  await chat.transferTo("Sam Rivera", "Second try");
  await acceptPreview(kw2.page);
  const second = new InteractionRegion(kw2.page, "Pat");
  await expect(second.transcript).toContainText("Where is my parcel?");
  await expect(second.transcript).toContainText("Still with me");
  await expect(chat.region).toBeHidden();
  await expect(kw1.page.getByText("Pat was transferred to Sam Rivera.")).toBeVisible();
  await expect(pat.status).toHaveText("Sam Rivera joined the chat");
  await second.send("Hi, Sam here");
  await expect(pat.transcript).toContainText("Hi, Sam here");
  await expectApi(connector, id, { worker: "kw2", state: "active" });
  const types = (await connector.events()).filter((e) => e.interaction === id).map((e) => `${e.type}:${e.worker}`);
  expect(types).toEqual(expect.arrayContaining(["TransferInitiated:kw1", "InteractionRejected:kw2", "InteractionAccepted:kw2", "TransferCompleted:kw1"]));
  // A message list with no line lost or doubled.
  const texts = (await connector.api<{ text: string }[]>("GET", `/api/v1/interactions/${id}/messages`)).map((m) => m.text);
  expect(texts.filter((t) => t === "Where is my parcel?")).toHaveLength(1);
});

test("two chats at once keep their own transcripts and unread counts, and a background message is announced", async ({ connector }) => {
  const kw1 = await contexts.worker(connector, "kw1");
  const pat = await contexts.customer(connector);
  const kim = await contexts.customer(connector);
  await pat.start("Pat", "Billing");
  await acceptPreview(kw1.page);
  await kim.start("Kim", "Refund");
  await acceptPreview(kw1.page);
  const tabs = kw1.page.getByRole("tablist", { name: "Interactions in hand" });
  await expect(tabs.getByRole("tab")).toHaveCount(2);
  // The chat just accepted comes to the front.
  await expect(tabs.getByRole("tab", { name: /Kim/ })).toHaveAttribute("aria-selected", "true");

  await pat.send("First from Pat");
  await pat.send("Second from Pat");
  const patTab = tabs.getByRole("tab", { name: /Pat/ });
  await expect(patTab.getByLabel("2 unread")).toBeVisible();
  await expect(kw1.page.getByRole("status").filter({ hasText: "New message from Pat" })).toHaveText(/New message from Pat \(2 unread\)/);
  const kimChat = new InteractionRegion(kw1.page, "Kim");
  await kimChat.send("Hello Kim");
  await expect(kimChat.transcript).not.toContainText("First from Pat");

  await patTab.click();
  const patChat = new InteractionRegion(kw1.page, "Pat");
  await expect(patChat.transcript).toContainText("Second from Pat");
  await expect(patChat.transcript).not.toContainText("Hello Kim");
  await expect(patTab.getByLabel(/unread/)).toHaveCount(0);
  await kim.send("Kim again");
  await expect(tabs.getByRole("tab", { name: /Kim/ }).getByLabel("1 unread")).toBeVisible();
  const held = (await connector.worker("kw1")).interactions;
  expect(held).toHaveLength(2);
  for (const id of held) expect(await apiInteraction(connector, id)).toMatchObject({ worker: "kw1", state: "active" });
});

test("a Preview that arrives while the worker types takes neither the focus nor the next Space; Alt+A still accepts it", async ({ connector }) => {
  const kw1 = await contexts.worker(connector, "kw1");
  const pat = await contexts.customer(connector);
  const kim = await contexts.customer(connector);
  await pat.start("Pat", "Billing");
  await acceptPreview(kw1.page);
  const chat = new InteractionRegion(kw1.page, "Pat");
  await chat.message.pressSequentially("Hello");

  const kimId = await kim.start("Kim", "Refund");
  const dialog = preview(kw1.page);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Accept" })).toBeEnabled();
  // The worker goes on typing: the space and the words land in the message, not on Accept.
  await kw1.page.keyboard.type(" there");
  await kw1.page.keyboard.press("Space");
  await expect(chat.message).toBeFocused();
  await expect(chat.message).toHaveValue("Hello there ");
  await expect(dialog).toBeVisible();
  await expectApi(connector, kimId, { state: "offered" });
  // It was announced, and its shortcut answers it.
  await expect(dialog).toContainText(/Incoming chat from Kim\. Alt\+A accepts/);
  await kw1.page.keyboard.press("Alt+A");
  await expect(dialog).toBeHidden();
  await expectApi(connector, kimId, { state: "active", worker: "kw1" });
});

test("? opens the Keyboard shortcuts dialog outside a text field, and is text inside one", async ({ connector }) => {
  const kw1 = await contexts.worker(connector, "kw1");
  const pat = await contexts.customer(connector);
  await pat.start("Pat", "Billing");
  await acceptPreview(kw1.page);
  const chat = new InteractionRegion(kw1.page, "Pat");
  const help = kw1.page.getByRole("dialog", { name: "Keyboard shortcuts" });

  await chat.message.pressSequentially("Why?");
  await expect(chat.message).toHaveValue("Why?");
  await expect(help).toBeHidden();

  await chat.button("Transfer").focus();
  await kw1.page.keyboard.press("?");
  await expect(help).toBeVisible();
  await expect(help).toContainText("Accept the Preview in front");
  await expect(help).toContainText("Alt+A");
  await kw1.page.keyboard.press("Escape");
  await expect(help).toBeHidden();
  await expect(chat.button("Transfer")).toBeFocused();
});
