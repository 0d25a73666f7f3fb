/** The axe check the browser tests share: serious and critical violations, each one printed. */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

export async function seriousViolations(page: Page, label: string, options: { disableRules?: string[] } = {}) {
  const builder = new AxeBuilder({ page });
  if (options.disableRules?.length) builder.disableRules(options.disableRules);
  const results = await builder.analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of results.violations) {
    const where = v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.replace(/\s+/g, " ") ?? ""}`).join("\n");
    console.log(`[axe ${label}] ${v.impact ?? "?"} ${v.id}: ${v.help} (${v.helpUrl})\n${where}`);
  }
  return serious.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
}
