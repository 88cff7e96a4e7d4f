import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO, pageAs } from "./fixtures/sign-in";
import { createRouteByTyping, createTownByTyping, DEFAULT_REASON_CODE, historyItems, languageField, reasonField, setStatus, statusForm, townNames } from "./fixtures/workspace";

// Two people on the same route: whoever saves second, on the version they loaded, is refused and
// told what is there now (status, by whom, when) instead of silently overwriting it.

const signedInPage = (browser: Browser, role: "admin" | "coordinator"): Promise<Page> => pageAs(browser, role);

test.describe("concurrent edits of one route", () => {
  test.setTimeout(60_000);
  test("the second status update and the second edit, made on an old version, are refused with the newer facts", async ({ browser }) => {
    // B (an admin) sets the route up and keeps its page open; A (a coordinator) changes it meanwhile.
    const [pageA, pageB] = await Promise.all([signedInPage(browser, "coordinator"), signedInPage(browser, "admin")]);
    const town = townNames("Conflictville");
    await createTownByTyping(pageB, town, { lat: "48.60000", lon: "36.90000" });
    const slug = await createRouteByTyping(pageB, town.nameEn, "Zaporizhzhia", "48.60000, 36.90000\n48.20000, 36.00000\n47.83900, 35.14000");
    // Open needs no reason.
    await setStatus(pageB, "Open", "");
    await expect(historyItems(pageB)).toHaveCount(1);

    // Both now show the same version.
    await pageA.goto(`/en/coordinate/routes/${slug}`);
    await expect(historyItems(pageA)).toHaveCount(1);

    // A: Caution, with a reason.
    await setStatus(pageA, "Caution", "A's reason");
    const savedA = (await statusForm(pageA).getByRole("status").textContent())!;
    const timeA = /Status updated (today \d\d:\d\d)\./.exec(savedA)?.[1];
    expect(timeA, savedA).toBeTruthy();

    // B, on the page loaded before A's change: Open.
    const formB = statusForm(pageB);
    // The page B still shows says Open, from before A's change.
    const header = pageB.locator("main > p > .status[data-status]").first();
    await expect(header).toHaveAttribute("data-status", "open");
    await formB.getByRole("radio", { name: "Open", exact: true }).check();
    await reasonField(formB).fill("B's reason");
    await formB.getByRole("button", { name: "Update status" }).click();
    const conflict = formB.getByRole("alert");
    await expect(conflict).toContainText("Not saved: someone else changed this first.");
    await expect(conflict).toContainText(`${DEMO.coordinator} changed this route ${timeA}. Its status is now Caution.`);
    await expect(conflict).toContainText("Their reasons:");
    await expect(conflict.locator(".reason-codes")).toHaveText(DEFAULT_REASON_CODE);
    await expect(conflict.locator(".reason-detail")).toHaveText("A's reason");
    await expect(conflict).toContainText("Nothing you entered was saved over it, and what you typed is kept below.");
    // The whole page now shows the newer state the message describes, without a reload: the
    // header says Caution with A's reason, and the history has A's event on top.
    await expect(header).toHaveAttribute("data-status", "caution");
    await expect(pageB.locator(".current-reason .reason-detail")).toHaveText("A's reason");
    await expect(historyItems(pageB)).toHaveCount(2);
    await expect(historyItems(pageB).first()).toContainText("Caution");
    // What B chose and typed is still there, to decide again.
    await expect(formB.getByRole("radio", { name: "Open", exact: true })).toBeChecked();
    await expect(reasonField(formB)).toHaveValue("B's reason");

    // After a reload: A's Caution stands, and the history has A's event only (no event from B).
    await pageB.reload();
    await expect(pageB.locator(".current-reason .reason-detail")).toHaveText("A's reason");
    const history = historyItems(pageB);
    await expect(history).toHaveCount(2);
    await expect(history.nth(0)).toContainText("Caution");
    await expect(history.nth(0)).toContainText(`by ${DEMO.coordinator}`);
    await expect(history.nth(0).locator(".reason-detail")).toHaveText("A's reason");
    await expect(history.nth(1)).toContainText("Open");
    await expect(history.nth(1)).toContainText(`by ${DEMO.admin}`);
    await expect(history.nth(1).locator(".reason")).toHaveCount(0);
    await expect(history.filter({ hasText: "B's reason" })).toHaveCount(0);
    await expect(statusForm(pageB).getByRole("radio", { name: "Caution", exact: true })).toBeChecked();

    // --- The same for the route's edit page: B opens it, A saves an edit first, then B saves.
    await pageB.goto(`/en/coordinate/routes/${slug}/edit`);
    await expect(languageField(pageB, "Assembly point", "English")).toHaveValue("");
    await pageA.goto(`/en/coordinate/routes/${slug}/edit`);
    await languageField(pageA, "Assembly point", "English").fill("A's assembly point");
    await pageA.getByRole("button", { name: "Save route" }).click();
    await expect(pageA).toHaveURL(new RegExp(`/en/coordinate/routes/${slug}$`));
    await expect(pageA.getByRole("definition").filter({ hasText: "A's assembly point" })).toBeVisible();

    await languageField(pageB, "Assembly point", "English").fill("B's assembly point");
    await languageField(pageB, "Schedule", "Ukrainian").fill("B's schedule");
    await pageB.getByRole("button", { name: "Save route" }).click();
    const editConflict = pageB.getByRole("main").getByRole("alert");
    await expect(editConflict).toContainText("Not saved: someone else changed this first.");
    await expect(editConflict).toContainText("Its status is now Caution.");
    await expect(pageB).toHaveURL(new RegExp(`/en/coordinate/routes/${slug}/edit$`));
    await expect(languageField(pageB, "Assembly point", "English")).toHaveValue("B's assembly point");
    await expect(languageField(pageB, "Schedule", "Ukrainian")).toHaveValue("B's schedule");

    await pageB.goto(`/en/coordinate/routes/${slug}`);
    await expect(pageB.getByRole("definition").filter({ hasText: "A's assembly point" })).toBeVisible();
    await expect(pageB.getByText("B's assembly point")).toHaveCount(0);
    await expect(pageB.getByText("B's schedule")).toHaveCount(0);
    // An edit of the details leaves the status alone.
    await expect(historyItems(pageB)).toHaveCount(2);

    await Promise.all([pageA.context().close(), pageB.context().close()]);
  });
});
