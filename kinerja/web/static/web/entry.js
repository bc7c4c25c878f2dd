/* The quarter's entry grid, kept close to a spreadsheet: arrows and Enter move within a column, Tab goes to the
   next value, Ctrl+Enter saves, and a block copied from Excel fills the cells it covers. Progressive enhancement:
   without this script the form is an ordinary form and still saves. No inline script or style (CSP). */
(function () {
  "use strict";

  function start() {
    var form = document.getElementById("entry");
    if (!form) { return; }
    var table = form.querySelector("table.grid");
    if (!table) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var pasteStatus = document.getElementById("paste-status");
    var problems = document.getElementById("grid-problems");

    // Notes and evidence stay reachable (arrows, mouse) but Tab goes value to value, as in a spreadsheet.
    Array.prototype.forEach.call(form.querySelectorAll("table.grid .aux"), function (el) {
      el.setAttribute("tabindex", "-1");
    });

    function cellsOf(row) {
      return Array.prototype.slice.call(row.querySelectorAll("input[data-col]:not([disabled])"));
    }

    function cellIn(row, col) {
      var found = row.querySelector("input[data-col='" + col + "']:not([disabled])");
      if (!found && (col === "k" || col === "n")) {
        // One "Realisasi" column: a count in one row, the ratio's numerator in the next.
        found = row.querySelector("input[data-col='" + (col === "k" ? "n" : "k") + "']:not([disabled])");
      }
      return found;
    }

    function go(target) {
      if (!target) { return false; }
      target.focus();
      if (typeof target.select === "function") { target.select(); }
      return true;
    }

    function vertical(input, step) {
      var index = rows.indexOf(input.closest("tr"));
      for (var i = index + step; i >= 0 && i < rows.length; i += step) {
        if (go(cellIn(rows[i], input.dataset.col))) { return; }
      }
    }

    function horizontal(input, step) {
      var cells = cellsOf(input.closest("tr"));
      go(cells[cells.indexOf(input) + step]);
    }

    function atEdge(input, end) {
      var start = input.selectionStart;
      if (start === null || start === undefined) { return true; }  // type=url has no caret position
      if (start !== input.selectionEnd) { return false; }
      return end ? start === input.value.length : start === 0;
    }

    function save() {
      var button = form.querySelector("button[name=save]");
      if (!button) { return; }
      if (typeof form.requestSubmit === "function") { form.requestSubmit(button); } else { button.click(); }
    }

    form.addEventListener("keydown", function (event) {
      var input = event.target;
      if (input.tagName !== "INPUT" || input.type === "file") { return; }
      var inGrid = input.hasAttribute("data-col") && input.closest("table.grid");
      if (event.key === "Enter") {
        event.preventDefault();  // Enter never submits the whole form
        if (event.ctrlKey || event.metaKey) { save(); } else if (inGrid) { vertical(input, event.shiftKey ? -1 : 1); }
        return;
      }
      if (!inGrid || event.altKey || event.ctrlKey || event.metaKey) { return; }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        vertical(input, event.key === "ArrowDown" ? 1 : -1);
      } else if (event.key === "ArrowRight" && atEdge(input, true)) {
        event.preventDefault();
        horizontal(input, 1);
      } else if (event.key === "ArrowLeft" && atEdge(input, false)) {
        event.preventDefault();
        horizontal(input, -1);
      }
    });

    // A block copied from Excel arrives as lines of tab-separated cells: each value goes to the cell it covers,
    // downward row by row and rightward along the row's fields.
    table.addEventListener("paste", function (event) {
      var input = event.target;
      if (!input.hasAttribute || !input.hasAttribute("data-col")) { return; }
      var text = (event.clipboardData || window.clipboardData).getData("text");
      text = text.replace(/(\r?\n)+$/, "");
      if (text.indexOf("\t") < 0 && text.indexOf("\n") < 0) { return; }  // one value: the browser pastes it
      event.preventDefault();
      var lines = text.split(/\r?\n/);
      var index = rows.indexOf(input.closest("tr"));
      var filled = 0;
      var outside = 0;
      lines.forEach(function (line, down) {
        var values = line.split("\t");
        var row = rows[index + down];
        var first = row ? (down === 0 ? input : cellIn(row, input.dataset.col)) : null;
        var cells = row ? cellsOf(row) : [];
        var at = first ? cells.indexOf(first) : -1;
        values.forEach(function (value, right) {
          var cell = at >= 0 ? cells[at + right] : null;
          value = value.trim();
          if (!cell) {
            if (value) { outside += 1; }
            return;
          }
          cell.value = value;
          filled += 1;
          // The live check (htmx) reads each filled value as the save will and marks what it cannot read.
          cell.dispatchEvent(new Event("input", { bubbles: true }));
        });
      });
      if (pasteStatus) {
        pasteStatus.textContent = filled + " " + form.dataset.msgPasted +
          (outside ? "; " + outside + " " + form.dataset.msgOutside : "") + ".";
      }
    });

    // Every value the live check could not read, listed next to the grid: a pasted column is checked at a glance.
    function listProblems() {
      if (!problems) { return; }
      var found = [];
      Array.prototype.forEach.call(table.querySelectorAll(".check .capaian.error"), function (mark) {
        var row = mark.closest("tr");
        var label = row ? row.querySelector("th").textContent.replace(/\s+/g, " ").trim() : "";
        var reason = mark.parentNode.querySelector(".check-reason");
        found.push((label.length > 90 ? label.slice(0, 89) + "…" : label) +
          (reason ? " — " + reason.textContent : ""));
      });
      problems.textContent = "";
      if (!found.length) { return; }
      var title = document.createElement("p");
      title.textContent = form.dataset.msgUnread;
      var list = document.createElement("ul");
      found.forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        list.appendChild(item);
      });
      problems.appendChild(title);
      problems.appendChild(list);
    }
    document.body.addEventListener("htmx:afterSettle", listProblems);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
