/* Knowledge checks in the static book: no kernel, no server, no network. */
(function () {
  "use strict";
  /* The authored option ids of the chosen inputs (data-keys maps displayed position -> id). */
  function responseOf(form, chosen) {
    var keys = (form.getAttribute("data-keys") || "").split(" ");
    return chosen.map(function (input) { return keys[Number(input.value)] || input.value; });
  }
  function check(form, event, silent) {
    if (event) event.preventDefault();
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
    var complete = allRight && chosen.length === correctCount;
    if (!silent) {
      // Other scripts (the SCORM package's tracking) follow answers through this event.
      form.dispatchEvent(new CustomEvent("tic:kc-answer", { bubbles: true, detail: {
        id: form.getAttribute("data-check"),
        chapter: form.getAttribute("data-chapter"),
        objective: (form.getAttribute("data-objectives") || "").split(" ")[0],
        objectives: (form.getAttribute("data-objectives") || "").split(" ").filter(Boolean),
        response: responseOf(form, chosen),
        correct: complete
      } }));
    }
  }
  /* Show an earlier answer again (resuming in an LMS): tick the options with these authored ids
     and show their feedback, without sending the answer a second time. */
  function restore(form, responseIds) {
    var keys = (form.getAttribute("data-keys") || "").split(" ");
    form.querySelectorAll("input").forEach(function (input) {
      input.checked = responseIds.indexOf(keys[Number(input.value)] || input.value) !== -1;
    });
    check(form, null, true);
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
      form.addEventListener("submit", function (event) { check(form, event, false); });
      form.ticRestore = function (responseIds) { restore(form, responseIds); };
    });
  });
})();
