/* Small progressive enhancements; every page works without them. No build step. */
(function () {
  "use strict";

  // Python indexes a text by code point, JavaScript by UTF-16 unit: count code
  // points so that the offsets sent are the ones the server slices with.
  function codePoints(text) {
    return Array.from(text).length;
  }

  function offsetIn(container, node, offset) {
    var range = document.createRange();
    range.setStart(container, 0);
    range.setEnd(node, offset);
    return codePoints(range.toString());
  }

  // The source page: a selection inside the text fills the hidden offsets.
  function watchSelection() {
    var container = document.getElementById("source-text");
    var form = document.getElementById("selection-form");
    if (!container || !form) return;
    var start = document.getElementById("selection-start");
    var end = document.getElementById("selection-end");
    var quote = document.getElementById("selection-quote");
    var preview = document.getElementById("selection-preview");
    var submit = document.getElementById("selection-submit");
    var emptyPreview = preview.innerHTML;

    function update() {
      var selection = window.getSelection();
      if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
      var range = selection.getRangeAt(0);
      if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return;
      var raw = range.toString();
      var text = raw.trim();
      if (!text) return;
      var lead = codePoints(raw) - codePoints(raw.replace(/^\s+/, ""));
      var first = offsetIn(container, range.startContainer, range.startOffset) + lead;
      start.value = first;
      end.value = first + codePoints(text);
      quote.value = text;
      preview.textContent = text;
      submit.disabled = false;
    }

    document.addEventListener("selectionchange", update);
    container.addEventListener("mouseup", update);
    container.addEventListener("keyup", update);
    form.addEventListener("submit", function (event) {
      if (!start.value || !end.value) {
        event.preventDefault();
        preview.innerHTML = emptyPreview;
      }
    });
  }

  // Quote boxes scroll so that the highlighted quote is in view.
  function scrollToMarks() {
    document.querySelectorAll("[data-scroll-to-mark]").forEach(function (box) {
      var mark = box.querySelector("mark");
      if (mark) box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
    });
  }

  // "Use Monday 2026-05-04": put the suggested working day into the date field.
  function suggestedDates() {
    document.querySelectorAll("[data-set-date]").forEach(function (button) {
      button.addEventListener("click", function () {
        var input = document.querySelector(button.getAttribute("data-set-date"));
        if (input) {
          input.value = button.getAttribute("data-value");
          input.focus();
        }
      });
    });
  }

  // The follow-up form shows the fields each kind of entry needs.
  function followupFields() {
    var form = document.getElementById("followup-form");
    if (!form) return;
    var radios = form.querySelectorAll("input[name='action']");
    function show() {
      var checked = form.querySelector("input[name='action']:checked");
      var action = checked ? checked.value : "note";
      form.querySelectorAll("[data-show-for]").forEach(function (field) {
        var wanted = field.getAttribute("data-show-for").split(" ");
        var hasError = field.classList.contains("has-error");
        field.hidden = wanted.indexOf(action) === -1 && !hasError;
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", show); });
    show();
  }

  // Print buttons: a handler here, not onclick="", which the
  // Content-Security-Policy forbids.
  function printButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // The header's menu button on narrow screens: shown only once this script
  // runs (without it the menu stays open), says whether the menu is open, and
  // Escape closes it and gives the focus back to the button.
  function menuButton() {
    var button = document.querySelector(".menu-toggle");
    var header = document.querySelector(".topbar");
    if (!button || !header) return;
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("open", open);
    }
    button.hidden = false;
    document.documentElement.classList.add("has-menu");
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("open")) {
        set(false);
        button.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    menuButton();
    printButtons();
    watchSelection();
    scrollToMarks();
    suggestedDates();
    followupFields();
    // Lets browser tests wait until the page is enhanced.
    document.documentElement.setAttribute("data-enhanced", "");
  });
})();
