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
  document.addEventListener("DOMContentLoaded", function () {
    nameSidebarToggles();
    document.querySelectorAll("form.tic-kc").forEach(function (form) {
      form.addEventListener("submit", function (event) { check(form, event); });
    });
  });
})();
