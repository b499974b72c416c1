// hybridlint HTML reports: table filters, sorting and summary links. No network, no storage, no eval.
"use strict";
(function () {
  function rowText(row) {
    if (row.searchText === undefined) {
      row.searchText = row.textContent.toLowerCase();
    }
    return row.searchText;
  }

  function applyFilters(group) {
    var table = document.getElementById(group.getAttribute("data-filters-for"));
    var terms = group.querySelector("input[type=search]").value.toLowerCase().split(/\s+/).filter(Boolean);
    var selects = Array.prototype.slice.call(group.querySelectorAll("select[data-key]"));
    var rows = Array.prototype.slice.call(table.tBodies[0].rows).filter(function (row) {
      return row.classList.contains("row");
    });
    var shown = 0;
    rows.forEach(function (row) {
      var text = rowText(row);
      var visible = terms.every(function (term) { return text.indexOf(term) !== -1; }) &&
        selects.every(function (select) {
          return select.value === "" || row.getAttribute("data-" + select.getAttribute("data-key")) === select.value;
        });
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    var count = group.querySelector(".count");
    if (count) { count.textContent = shown + " of " + rows.length + " shown"; }
    var none = table.querySelector("tr.no-match");
    if (none) { none.hidden = shown !== 0 || rows.length === 0; }
  }

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    return cell.getAttribute("data-value") || cell.textContent.trim().toLowerCase();
  }

  function sortBy(header) {
    var table = header.closest("table");
    var body = table.tBodies[0];
    var index = header.cellIndex;
    var descending = header.getAttribute("aria-sort") === "ascending";
    Array.prototype.forEach.call(header.parentNode.cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var rows = Array.prototype.slice.call(body.rows).filter(function (row) { return row.classList.contains("row"); });
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var order = x.localeCompare(y, undefined, { numeric: true });
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    var none = body.querySelector("tr.no-match");
    if (none) { body.appendChild(none); }
  }

  function setFilter(button) {
    var group = document.querySelector(".filters[data-filters-for='" + button.getAttribute("data-target") + "']");
    if (!group) { return; }
    group.querySelector("input[type=search]").value = "";
    Array.prototype.forEach.call(group.querySelectorAll("select[data-key]"), function (select) {
      select.value = button.getAttribute("data-" + select.getAttribute("data-key")) || "";
    });
    applyFilters(group);
    group.scrollIntoView();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".filters[data-filters-for]"), function (group) {
      group.hidden = false;
      group.addEventListener("input", function () { applyFilters(group); });
      group.addEventListener("change", function () { applyFilters(group); });
      var reset = group.querySelector("button.reset");
      if (reset) {
        reset.addEventListener("click", function () {
          group.querySelector("input[type=search]").value = "";
          Array.prototype.forEach.call(group.querySelectorAll("select"), function (select) { select.value = ""; });
          applyFilters(group);
        });
      }
      applyFilters(group);
    });
    Array.prototype.forEach.call(document.querySelectorAll("th[data-sort]"), function (header) {
      header.addEventListener("click", function () { sortBy(header); });
    });
    Array.prototype.forEach.call(document.querySelectorAll("button[data-target]"), function (button) {
      button.hidden = false;
      var plain = button.previousElementSibling;
      if (plain && plain.classList.contains("plain")) { plain.remove(); }
      button.addEventListener("click", function () { setFilter(button); });
    });
    // A copy button per fix: the fix's exact text, through the clipboard API, or by selecting it
    // and copying where that API is not allowed (a file:// page in some browsers). Nothing is fetched.
    Array.prototype.forEach.call(document.querySelectorAll("button.copy"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var code = button.parentElement.querySelector("pre.fix");
        if (!code) { return; }
        var text = code.textContent;
        var done = function () { button.textContent = "Copied"; };
        var fallback = function () {
          var range = document.createRange();
          range.selectNodeContents(code);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          try { document.execCommand("copy"); done(); } catch (e) { button.textContent = "Select and copy"; }
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done, fallback);
        } else {
          fallback();
        }
      });
    });
    window.addEventListener("beforeprint", function () {
      Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
    });
  });
}());
