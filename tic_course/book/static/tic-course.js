/* Knowledge checks in the static book: no kernel, no server, no network. */
(function () {
  "use strict";
  function check(form, event) {
    event.preventDefault();
    var chosen = Array.prototype.slice.call(form.querySelectorAll("input:checked"));
    var out = form.querySelector(".tic-kc-feedback");
    out.textContent = "";
    if (chosen.length === 0) {
      out.textContent = "Choose an option first.";
      return;
    }
    var notes = form.querySelectorAll(".tic-kc-all li");
    var allRight = true;
    var correctCount = form.querySelectorAll('.tic-kc-all li[data-correct="true"]').length;
    chosen.forEach(function (input) {
      var note = notes[Number(input.value)];
      var ok = note.getAttribute("data-correct") === "true";
      allRight = allRight && ok;
      var p = document.createElement("p");
      p.className = ok ? "tic-kc-right" : "tic-kc-wrong";
      p.textContent = note.textContent;
      out.appendChild(p);
    });
    if (form.getAttribute("data-kind") === "checkbox" && allRight && chosen.length < correctCount) {
      var more = document.createElement("p");
      more.textContent = "Those are right, and more options apply. Try again.";
      out.appendChild(more);
    }
  }
  /* The theme's sidebar toggles are <summary> elements holding only an icon: give each a name
     that says which pages it shows or hides, for screen-reader and voice-control users. */
  function nameSidebarToggles() {
    document.querySelectorAll("nav.bd-links li.has-children > details > summary").forEach(function (summary) {
      var link = summary.parentElement.parentElement.querySelector(":scope > a");
      if (link && !summary.hasAttribute("aria-label")) {
        summary.setAttribute("aria-label", "Pages within " + link.textContent.trim());
      }
    });
  }
  /* A table or code block wider than a phone scrolls sideways; keyboard users can only scroll it
     if it can take focus, so it joins the tab order while (and only while) it overflows. */
  var SCROLLERS = ".pst-scrollable-table-container, div.highlight > pre, div.cell_output .output";
  function markScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(function (el) {
      var overflows = el.scrollWidth > el.clientWidth + 1;
      if (overflows && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-tic-scroller", "");
      } else if (!overflows && el.hasAttribute("data-tic-scroller")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-tic-scroller");
      }
    });
  }
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(markScrollers, 150);
  });
  document.addEventListener("DOMContentLoaded", function () {
    nameSidebarToggles();
    markScrollers();
    document.querySelectorAll("form.tic-kc").forEach(function (form) {
      form.addEventListener("submit", function (event) { check(form, event); });
    });
  });
})();
