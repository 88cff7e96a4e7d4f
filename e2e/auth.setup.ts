import fs from "node:fs";
import path from "node:path";
import { expect, test as setup } from "@playwright/test";
import { DEMO, signIn, STORAGE_STATE, type Role } from "./fixtures/sign-in";

// The "setup" project (playwright.config.ts): signs each demo account in once per run, through the
// real form, and stores the session for the specs (fixtures/sign-in.ts says what they must not do
// with it). Always run afresh: the server's database and AUTH_SECRET are new on every run, so a
// session stored by an earlier run would be refused.

for (const role of Object.keys(DEMO) as Role[]) {
  setup(`sign in as the demo ${role}`, async ({ page }) => {
    await signIn(page, role);
    await expect(page.getByText(`Signed in as ${DEMO[role]} (${role})`)).toBeVisible();
    fs.mkdirSync(path.dirname(STORAGE_STATE[role]), { recursive: true });
    await page.context().storageState({ path: STORAGE_STATE[role] });
  });
}
