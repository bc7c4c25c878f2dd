// Every page (web/base.html): wide tables scroll inside their own box, and a cell that explains itself in its title
// (a printed figure that differs, an undefined capaian) shows the explanation on tap or Enter, not only on hover.
(function () {
  "use strict";

  function scroller(element) {
    for (let node = element.parentElement; node && node.tagName !== "MAIN"; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowX;
      if (overflow === "auto" || overflow === "scroll") return node;
    }
    return null;
  }

  // A scrolling box must be reachable with the keyboard to be scrolled (arrow keys once it has focus); it is named
  // by the table's caption or the heading before it.
  function reachable(box, table) {
    if (box.hasAttribute("tabindex")) return;
    box.tabIndex = 0;
    if (!box.hasAttribute("role")) box.setAttribute("role", "region");
    if (box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby")) return;
    const caption = table.querySelector("caption");
    let heading = null;
    for (let node = box; node && !heading && node.tagName !== "BODY"; node = node.parentElement) {
      heading = node.previousElementSibling;
      while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
    }
    const name = (caption || heading || document.querySelector("main h1") || {}).textContent;
    if (name) box.setAttribute("aria-label", name.trim().replace(/\s+/g, " "));
  }

  function boxTables(root) {
    root.querySelectorAll("main table").forEach(function (table) {
      let box = scroller(table);
      if (!box) {
        box = document.createElement("div");
        box.className = "table-box";
        table.parentNode.insertBefore(box, table);
        box.appendChild(table);
      }
      reachable(box, table);
    });
  }

  let tip = null;
  let owner = null;

  function hide() {
    if (tip) tip.remove();
    if (owner) owner.setAttribute("aria-expanded", "false");
    tip = null;
    owner = null;
  }

  function show(cell) {
    const text = cell.getAttribute("title") || cell.dataset.explanation;
    if (!text) return;
    if (owner === cell) { hide(); return; }
    hide();
    // The explanation moves from the title to the page while shown, so hover does not show it twice.
    cell.dataset.explanation = text;
    tip = document.createElement("div");
    tip.className = "tip";
    tip.setAttribute("role", "status");
    tip.textContent = text;
    document.body.appendChild(tip);
    const rect = cell.getBoundingClientRect();
    const left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth
      - tip.offsetWidth - 8));
    tip.style.left = left + "px";
    tip.style.top = (rect.bottom + window.scrollY + 4) + "px";
    owner = cell;
    cell.setAttribute("aria-expanded", "true");
  }

  function explained(root) {
    root.querySelectorAll("main td[title], main tr[title] > td:first-child").forEach(function (cell) {
      if (!cell.hasAttribute("title") && !cell.parentElement.hasAttribute("title")) return;
      if (!cell.hasAttribute("title")) cell.setAttribute("title", cell.parentElement.getAttribute("title"));
      cell.classList.add("explained");
      cell.tabIndex = 0;
      cell.setAttribute("role", "button");
      cell.setAttribute("aria-expanded", "false");
      if (!cell.hasAttribute("aria-label")) {
        cell.setAttribute("aria-label", (cell.textContent.trim() + " — " + cell.getAttribute("title")).trim());
      }
    });
  }

  function setUp(root) {
    boxTables(root);
    explained(root);
  }

  document.addEventListener("click", function (event) {
    const cell = event.target.closest && event.target.closest("td.explained");
    if (cell) show(cell); else if (!(tip && tip.contains(event.target))) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hide(); return; }
    const cell = event.target.closest && event.target.closest("td.explained");
    if (cell && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); show(cell); }
  });
  window.addEventListener("resize", hide);
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  // Content swapped in by htmx gets the same treatment.
  document.addEventListener("htmx:afterSettle", function (event) { setUp(event.target); });
}());
