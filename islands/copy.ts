// The SMS text's copy button (components/public/copy-button.tsx renders it hidden). Shown only once
// it can work: without JavaScript, or without the clipboard API (older phones, plain http), the
// text stays selectable and no dead button is offered.

export function setUpCopyButtons(root: ParentNode = document): void {
  if (!navigator.clipboard?.writeText) return;
  for (const button of root.querySelectorAll<HTMLButtonElement>("button[data-copy-target]")) {
    const container = button.closest<HTMLElement>("[data-island~='copy']");
    const status = container?.querySelector<HTMLElement>("[role='status']");
    if (!container || !status) continue;
    button.addEventListener("click", () => {
      const target = document.getElementById(button.dataset.copyTarget ?? "");
      if (!(target instanceof HTMLTextAreaElement)) return;
      navigator.clipboard.writeText(target.value).then(
        () => {
          status.textContent = button.dataset.copied ?? "";
        },
        () => {
          // Refused (no permission, page not focused): select the text so the phone's own copy works.
          target.select();
          status.textContent = button.dataset.failed ?? "";
        },
      );
    });
    container.hidden = false;
  }
}

setUpCopyButtons();
