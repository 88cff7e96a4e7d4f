import type { Suggestion } from "./search-suggestions";

// Suggestions under the town search box (components/public/town-search-form.tsx), as an ARIA 1.2
// combobox with a list popup: typing shows matching towns, Up/Down move through them
// (aria-activedescendant, focus stays in the box), Enter or a tap opens the town's page, Escape
// closes the list. The form itself is a plain GET form that works without this island; with it,
// Enter on no suggestion still submits the form. The matcher (transliteration tables and a fuzzy
// search, ~19 KB gzip) is fetched when the box gets focus, not with the page: most visits only read.

function setUp(form: HTMLFormElement, input: HTMLInputElement, list: HTMLUListElement, data: HTMLElement): void {
  let suggest: ((query: string) => Suggestion[]) | null = null;
  let loading: Promise<void> | null = null;
  const load = () =>
    (loading ??= import("./search-suggestions").then(
      ({ parseTowns, suggestionSource }) => {
        suggest = suggestionSource(parseTowns(data.textContent), form.dataset.locale ?? "uk");
        // Typed before the matcher arrived: suggest for what is in the box now.
        if (document.activeElement === input && input.value) update();
      },
      () => {
        loading = null; // offline: the plain form still works; the next focus tries again
      },
    ));
  const townHref = form.dataset.townHref ?? "";
  const alsoTemplate = form.dataset.alsoKnownAs ?? "{name}";
  let shown: Suggestion[] = [];
  let active = -1;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  // The browser's own autofill list would cover ours.
  input.setAttribute("autocomplete", "off");

  const optionId = (i: number) => `${list.id}-${i}`;

  function render(): void {
    list.replaceChildren(
      ...shown.map((s, i) => {
        const li = document.createElement("li");
        li.id = optionId(i);
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", String(i === active));
        li.dataset.slug = s.slug;
        li.textContent = s.name;
        if (s.also) {
          const meta = document.createElement("span");
          meta.className = "meta";
          meta.textContent = ` (${alsoTemplate.replace("{name}", s.also)})`;
          li.append(meta);
        }
        return li;
      }),
    );
    const open = shown.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    if (open && active >= 0) input.setAttribute("aria-activedescendant", optionId(active));
    else input.removeAttribute("aria-activedescendant");
  }

  function close(): void {
    shown = [];
    active = -1;
    render();
  }

  function open(slug: string): void {
    location.assign(`${townHref}${encodeURIComponent(slug)}`);
  }

  function update(): void {
    shown = suggest ? suggest(input.value) : [];
    active = -1;
    render();
  }

  input.addEventListener("focus", () => void load());
  input.addEventListener("input", () => {
    if (suggest) update();
    else void load();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (shown.length === 0) {
        shown = suggest ? suggest(input.value) : [];
        if (shown.length === 0) return;
      }
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      active = active === -1 && step === -1 ? shown.length - 1 : (active + step + shown.length) % shown.length;
      render();
    } else if (event.key === "Enter" && active >= 0 && shown[active]) {
      event.preventDefault();
      open(shown[active]!.slug);
    } else if (event.key === "Escape" && shown.length > 0) {
      event.preventDefault();
      close();
    }
  });
  // A tap on a suggestion must not blur the box first (that would close the list under the finger).
  list.addEventListener("mousedown", (event) => event.preventDefault());
  list.addEventListener("click", (event) => {
    const option = (event.target as Element).closest<HTMLLIElement>("[role='option']");
    if (option?.dataset.slug) open(option.dataset.slug);
  });
  input.addEventListener("blur", close);
}

for (const form of document.querySelectorAll<HTMLFormElement>("form[data-island~='search']")) {
  const input = form.querySelector<HTMLInputElement>("input[name='q']");
  const list = form.querySelector<HTMLUListElement>("[role='listbox']");
  const data = document.getElementById(form.dataset.towns ?? "");
  if (input && list && data) setUp(form, input, list, data);
}
