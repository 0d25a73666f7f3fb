/**
 * The next command added to the companion's protocol cannot silently answer ok: with one more
 * kind in `softphoneCommandSchema`, the baresip adapter no longer compiles (its switch over the
 * command ends in a `never` check). TypeScript's own compiler, run on the real sources with the
 * protocol file given one more kind in memory.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const PROTOCOL = path.join(ROOT, "lib/companion/protocol.ts");
const ADAPTER = path.join(ROOT, "lib/companion/softphone/baresip.ts");
const LAST_KIND = `z.object({ kind: z.literal("unmute") }).strict(),`;

function adapterErrors(extraKind: string | undefined): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const options = { ...config.options, incremental: false, noEmit: true };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => {
    const text = readFile(file);
    if (extraKind === undefined || path.resolve(file) !== PROTOCOL || text === undefined) return text;
    if (!text.includes(LAST_KIND)) throw new Error("the protocol's last command kind moved; update this test");
    return text.replace(LAST_KIND, `${LAST_KIND}\n  z.object({ kind: z.literal("${extraKind}") }).strict(),`);
  };
  const program = ts.createProgram([ADAPTER], options, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(ADAPTER))
    .map((d) => `${d.file ? path.relative(ROOT, d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

describe("the softphone commands the baresip adapter handles", () => {
  it("compiles with the protocol as it is", () => {
    expect(adapterErrors(undefined)).toEqual([]);
  }, 60_000);

  it("stops compiling when the protocol gains a command kind the adapter does not handle", () => {
    expect(readFileSync(PROTOCOL, "utf8")).toContain(LAST_KIND);
    const errors = adapterErrors("transfer");
    expect(errors).toEqual([expect.stringMatching(/^lib\/companion\/softphone\/baresip\.ts: Type .*"transfer".* is not assignable to type 'never'/s)]);
  }, 60_000);
});
