/**
 * The Interaction window for calls in real browsers (issue 10): every control from Preview to Done
 * (Hold/Retrieve, Mute/Unmute, Keypad, Conference, consult Transfer, Hang up), the customer's side
 * driven through the integration API, a timer that survives a reload, and after-call work with its
 * presence and events. At each step the UI and the integration API must agree.
 */
import { Connector } from "./support/connector";
import { Contexts, acceptPreview, expectApi, InteractionRegion } from "./pages/interaction";
import { preview } from "./pages/preview";
import { expect, test } from "./support/fixtures";

let contexts: Contexts;
test.beforeEach(({ browser }) => {
  contexts = new Contexts(browser);
});
test.afterEach(async () => contexts.close());

/** A call timer's text (m:ss, or h:mm:ss) in seconds; NaN when it is not shown or not in that form. */
function seconds(text: string | null): number {
  const m = /^\s*(?:(\d+):)?(\d+):(\d\d)\s*$/.exec(text ?? "");
  return m ? Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) : Number.NaN;
}

async function newCall(connector: Connector, from: string, worker?: string): Promise<string> {
  const created = await connector.api<{ id: string }>("POST", "/api/v1/interactions", { media: "voice", from, subject: "Phone support", ...(worker ? { worker } : {}) });
  return created.id;
}

test("a call from Preview to Done: hold, mute, keypad, the far end, conference, consult transfer, hang up, after-call work", async () => {
  test.setTimeout(90_000);
  const connector = await Connector.start({ routing: { "wrap-up-time": 120, dispositions: ["Resolved", "Follow-up"] } });
  try {
    const kw1 = await contexts.worker(connector, "kw1");
    const kw2 = await contexts.worker(connector, "kw2");
    const id = await newCall(connector, "Robin", "kw1");
    await acceptPreview(kw1.page, "call");
    const call = new InteractionRegion(kw1.page, "Robin");
    await expect(call.region.getByRole("status").filter({ hasText: "Connected" })).toBeVisible();
    await expect(call.region).toContainText("carries no audio");
    await expectApi(connector, id, { state: "active", call: { state: "established", muted: false }, capabilities: ["hold", "mute", "dtmf", "transfer", "consult", "conference", "release"] });

    await call.button("Hold").click();
    await expect(call.button("Retrieve")).toBeEnabled();
    await expect(call.region.getByRole("status").filter({ hasText: "On hold" })).toBeVisible();
    await expectApi(connector, id, { call: { state: "held", heldBy: "worker" }, capabilities: ["retrieve", "mute", "transfer", "consult", "conference", "release"] });
    await call.button("Retrieve").click();
    await expect(call.button("Hold")).toBeEnabled();
    await expectApi(connector, id, { call: { state: "established" } });

    await call.button("Mute").click();
    await expect(call.button("Unmute")).toBeEnabled();
    await expectApi(connector, id, { call: { muted: true } });
    await call.button("Unmute").click();
    await expect(call.button("Mute")).toBeEnabled();
    await expectApi(connector, id, { call: { muted: false } });

    await call.button("Keypad").click();
    const keypad = call.region.getByRole("group", { name: "Keypad" });
    for (const key of ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"]) await expect(keypad.getByRole("button", { name: key, exact: true })).toBeVisible();
    await keypad.getByRole("button", { name: "4", exact: true }).click();
    await expect(call.region.getByText("Keys sent: 4")).toBeVisible();
    await keypad.getByRole("button", { name: "#", exact: true }).click();
    await expect(call.region.getByText("Keys sent: 4#")).toBeVisible();

    // The far end: holds (the worker cannot retrieve it), retrieves, presses keys.
    await connector.api("POST", `/api/v1/interactions/${id}/call/held`);
    await expect(call.region.getByText("On hold by the customer")).toBeVisible();
    await expect(call.button("Hold")).toBeDisabled();
    await expect(call.region.getByRole("button", { name: "Retrieve" })).toHaveCount(0);
    await connector.api("POST", `/api/v1/interactions/${id}/call/retrieved`);
    await connector.api("POST", `/api/v1/interactions/${id}/call/dtmf`, { digits: "12A" });
    await expect(call.region.getByText("Keys pressed by the customer: 12A")).toBeVisible();
    await expect(call.button("Hold")).toBeEnabled();

    // Conference: kw2 is invited, joins as a party, and is removed.
    await call.button("Conference").click();
    const conf = call.dialog("Conference");
    await conf.getByRole("combobox", { name: "To" }).selectOption({ label: "Sam Rivera" });
    await conf.getByRole("button", { name: "Add" }).click();
    await acceptPreview(kw2.page, "call");
    const joined = new InteractionRegion(kw2.page, "Robin");
    await expect(joined.region).toContainText("You joined Alex Morgan's call with Robin.");
    await expect(joined.button("Hang up")).toBeEnabled();
    await expect(joined.region.getByRole("button", { name: "Hold" })).toHaveCount(0);
    await expectApi(connector, id, { participants: [{ role: "customer" }, { role: "worker", id: "kw1" }, { role: "conference", id: "kw2" }] });
    await call.button("Remove Sam Rivera").click();
    await expect(joined.region).toBeHidden();
    await expectApi(connector, id, { participants: [{ role: "customer" }, { role: "worker", id: "kw1" }] });

    // Consult transfer: the customer waits on hold, kw1 and kw2 talk, then kw1 completes.
    await call.transferTo("Sam Rivera", "Needs a refund", "Consult");
    await expect(call.region.getByText("Calling Sam Rivera to consult")).toBeVisible();
    await expectApi(connector, id, { call: { state: "held" }, invite: { purpose: "consult", stage: "offered" } });
    await expect(preview(kw2.page, "call")).toContainText("Needs a refund");
    await acceptPreview(kw2.page, "call");
    await expect(call.button("Complete transfer")).toBeEnabled();
    await expectApi(connector, id, { invite: { stage: "talking" }, capabilities: ["complete-transfer", "cancel-transfer", "mute", "release"] });
    await call.button("Complete transfer").click();
    await expect(call.region).toBeHidden();
    const taken = new InteractionRegion(kw2.page, "Robin");
    await expect(taken.button("Hold")).toBeEnabled();
    await expectApi(connector, id, { worker: "kw2", call: { state: "established" } });

    // kw2 hangs up: After Call Work with Disposition, Note and Done; the presence comes back.
    await taken.button("Hang up").click();
    await kw2.expectPresence("after-call-work");
    await expect(taken.region.getByText(/After Call Work ends in \d+:\d\d/)).toBeVisible();
    await expectApi(connector, id, { state: "wrap-up", call: { state: "released" }, capabilities: ["done"] });
    await taken.region.getByRole("combobox", { name: "Disposition" }).selectOption("Resolved");
    await taken.region.getByRole("textbox", { name: "Note" }).fill("Refund issued");
    await taken.button("Done").click();
    await expect(taken.region).toBeHidden();
    await kw2.expectPresence("available");
    await expectApi(connector, id, { state: "done", disposition: { code: "Resolved", note: "Refund issued" } });

    const types = (await connector.events()).filter((e) => e.interaction === id || e.worker === "kw2").map((e) => e.type);
    for (const type of ["CallEstablished", "CallHeld", "CallRetrieved", "CallMuted", "CallUnmuted", "DtmfSent", "DtmfReceived", "ConferenceInitiated", "ConferenceJoined", "ConferenceLeft", "TransferInitiated", "TransferCompleted", "CallReleased", "WrapUpStarted", "Disposition", "InteractionDone"]) {
      expect(types, type).toContain(type);
    }
    const acw = (await connector.events()).filter((e) => e.worker === "kw2" && e.reasons?.KW_UC_STATUS === "after-call-work");
    expect(acw).toHaveLength(1);
  } finally {
    await connector.dispose();
  }
});

test("the customer hanging up ends the call in the UI at once; the call timer survives a reload", async ({ connector }) => {
  const kw1 = await contexts.worker(connector, "kw1");
  const id = await newCall(connector, "Dana");
  await acceptPreview(kw1.page, "call");
  const call = new InteractionRegion(kw1.page, "Dana");
  const timer = call.region.locator("time");
  await expect(timer).toHaveText(/0:0[1-9]/);
  const s0 = seconds(await timer.textContent());
  expect(s0).toBeGreaterThanOrEqual(1);
  await kw1.page.reload();
  // After the reload the timer goes on from the connector's timestamp, not from zero.
  const shown = await timer.textContent();
  expect(shown).not.toBe("0:00");
  await expect.poll(async () => seconds(await timer.textContent())).toBeGreaterThanOrEqual(s0);
  await connector.api("POST", `/api/v1/interactions/${id}/end`);
  await expect(call.button("Done")).toBeVisible();
  await expect(call.region.getByRole("button", { name: "Hang up" })).toHaveCount(0);
  await expectApi(connector, id, { state: "wrap-up", call: { state: "released" } });
});

test("after-call work ends by itself after wrap-up-time, and a presence chosen by hand during it wins", async () => {
  test.setTimeout(60_000);
  const connector = await Connector.start({ routing: { "wrap-up-time": 3 } });
  try {
    const kw1 = await contexts.worker(connector, "kw1");
    const first = await newCall(connector, "Lee");
    await acceptPreview(kw1.page, "call");
    await new InteractionRegion(kw1.page, "Lee").button("Hang up").click();
    await kw1.expectPresence("after-call-work");
    // The timer ends it: the interaction is done and the worker Available again.
    await kw1.expectPresence("available", 20_000);
    await expect(new InteractionRegion(kw1.page, "Lee").region).toBeHidden();
    await expectApi(connector, first, { state: "done" });

    await newCall(connector, "Max");
    await acceptPreview(kw1.page, "call");
    await new InteractionRegion(kw1.page, "Max").button("Hang up").click();
    await kw1.expectPresence("after-call-work");
    await kw1.choosePresence("busy");
    await new InteractionRegion(kw1.page, "Max").button("Done").click();
    await expect(new InteractionRegion(kw1.page, "Max").region).toBeHidden();
    await kw1.expectPresence("busy");
    const kw1Events = (await connector.events()).filter((e) => e.worker === "kw1").map((e) => `${e.type}:${e.reasons?.KW_UC_STATUS ?? ""}`);
    expect(kw1Events.filter((e) => e.endsWith(":after-call-work"))).toHaveLength(2);
    expect(kw1Events.at(-1)).toMatch(/^InteractionDone/);
  } finally {
    await connector.dispose();
  }
});

test("a blind call transfer arrives at the second worker; a consultation cancelled leaves the customer with the first, on hold", async ({ connector }) => {
  const kw1 = await contexts.worker(connector, "kw1");
  const kw2 = await contexts.worker(connector, "kw2");
  const id = await newCall(connector, "Quinn", "kw1");
  await acceptPreview(kw1.page, "call");
  const call = new InteractionRegion(kw1.page, "Quinn");

  await call.transferTo("Sam Rivera", "Wants to talk to you", "Consult");
  await acceptPreview(kw2.page, "call");
  await expect(new InteractionRegion(kw2.page, "Quinn").region).toContainText("You joined Alex Morgan's call with Quinn.");
  await call.button("Cancel transfer").click();
  await expect(new InteractionRegion(kw2.page, "Quinn").region).toBeHidden();
  await expect(call.button("Retrieve")).toBeEnabled();
  await expectApi(connector, id, { worker: "kw1", call: { state: "held", heldBy: "worker" }, participants: [{ role: "customer" }, { role: "worker", id: "kw1" }] });
  await call.button("Retrieve").click();

  await call.transferTo("Sam Rivera", "Blind");
  await expect(call.region.getByText("Waiting for Sam Rivera to accept the transfer")).toBeVisible();
  await expectApi(connector, id, { worker: "kw1", invite: { purpose: "transfer" }, capabilities: ["cancel-transfer", "mute", "release"] });
  await acceptPreview(kw2.page, "call");
  await expect(call.region).toBeHidden();
  await expect(kw1.page.getByText("Quinn was transferred to Sam Rivera.")).toBeVisible();
  const taken = new InteractionRegion(kw2.page, "Quinn");
  await expect(taken.button("Hold")).toBeEnabled();
  await expectApi(connector, id, { worker: "kw2", state: "active", call: { state: "established" } });
  const kinds = (await connector.events()).filter((e) => e.type === "TransferInitiated" || e.type === "TransferCancelled" || e.type === "TransferCompleted").map((e) => `${e.type}:${e.reasons?.kind ?? e.reasons?.purpose ?? ""}`);
  expect(kinds).toEqual(["TransferInitiated:consult", "TransferCancelled:consult", "TransferInitiated:blind", "TransferCompleted:"]);
});
