/** The sign-in pages as a person sees them: the dev form, and where a refused sign-in lands. */
import type { Locator, Page } from "@playwright/test";

export class SignInPages {
  /** The dev form's one button, "Sign in as <name>". */
  readonly devButton: Locator;
  readonly heading: Locator;
  /** On / when signed out with OpenID Connect configured. */
  readonly organisationLink: Locator;

  constructor(readonly page: Page) {
    this.devButton = page.getByRole("button", { name: /^Sign in as / });
    this.heading = page.getByRole("heading", { level: 1 });
    this.organisationLink = page.getByRole("link", { name: "Sign in with your organisation account" });
  }
}

/** The test identity provider's own login form (tests/support/oidc-provider.ts). */
export class ProviderLoginPage {
  constructor(readonly page: Page) {}

  async signIn(username: string, password: string): Promise<void> {
    await this.page.getByRole("textbox", { name: "Username" }).fill(username);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }
}
