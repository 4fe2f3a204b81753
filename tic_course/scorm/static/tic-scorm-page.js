/* In a SCORM package, on every page of the module: report answers to the launch page that holds
 * the LMS session (tic-scorm-shell.js) and restore what the learner did before. Opened on its own,
 * or in the book, it finds no launch page and does nothing. */
(function () {
  "use strict";
  var shell = null;
  try {
    shell = window.parent !== window && window.parent.TicScormShell ? window.parent.TicScormShell : null;
  } catch (e) {
    shell = null; // a parent on another site: not our launch page
  }
  if (!shell) return;
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.tic-kc").forEach(function (form) {
      var earlier = shell.answerFor(form.getAttribute("data-check"));
      if (earlier && form.ticRestore) form.ticRestore(earlier);
    });
    document.querySelectorAll("section.tic-player").forEach(function (root) {
      var path = shell.pathFor(root.getAttribute("data-scenario"));
      if (path.length && root.ticPlayer) root.ticPlayer.replay(path);
    });
    ["tic:kc-answer", "tic:choice", "tic:scenario-end", "tic:restart"].forEach(function (name) {
      document.addEventListener(name, function (event) { shell.record(name, event.detail); });
    });
    shell.pageShown(window.location.href);
  });
})();
