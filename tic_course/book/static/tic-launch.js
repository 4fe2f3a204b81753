/* Launch links: open a scenario notebook on a JupyterHub (nbgitpuller) or on Binder.
 *
 * The learners' notebooks are a git repository published inside this site (notebooks.git), so the
 * links are completed here from the page's own address: they work wherever the course is served.
 * Settings come from _config.yml through window.TIC_LAUNCH (see tic_course/book/launch_buttons.py).
 */
(function () {
  "use strict";
  var cfg = window.TIC_LAUNCH;
  var HUB_KEY = "tic-jupyterhub-url";
  if (!cfg) { return; }

  function contentRoot() {
    return document.documentElement.getAttribute("data-content_root") || "./";
  }
  function absolute(path) {
    return new URL(path, new URL(contentRoot(), window.location.href)).href;
  }
  function repositoryUrl() { return absolute(cfg.repository); }

  /* nbgitpuller's link format: https://nbgitpuller.readthedocs.io/en/latest/link.html
     depth=0 asks for a full clone: a site's static git repository cannot serve shallow ones. */
  function hubLink(hub, notebook) {
    var params = new URLSearchParams();
    params.set("repo", repositoryUrl());
    params.set("branch", cfg.branch);
    params.set("depth", "0");
    params.set("targetpath", cfg.folder);
    params.set("urlpath", cfg.interface + "/" + cfg.folder + "/" + notebook);
    return hub.replace(/\/+$/, "") + "/hub/user-redirect/git-pull?" + params.toString();
  }
  /* BinderHub's "git" provider takes any git URL, escaped as one path segment. */
  function binderLink(notebook) {
    return cfg.binderhub + "/v2/git/" + encodeURIComponent(repositoryUrl()) + "/" + cfg.branch +
      "?urlpath=" + encodeURIComponent(cfg.interface + "/" + notebook);
  }
  function validHub(text) {
    try {
      var url = new URL(text.trim());
      return (url.protocol === "https:" || url.protocol === "http:") && url.host ? url.origin + url.pathname : null;
    } catch (e) { return null; }
  }
  function rememberedHub() {
    try { return window.localStorage.getItem(HUB_KEY) || ""; } catch (e) { return ""; }
  }
  function rememberHub(hub) {
    try { window.localStorage.setItem(HUB_KEY, hub); } catch (e) { /* private browsing: ask next time */ }
  }
  function servedFromFile() { return window.location.protocol === "file:"; }

  /* One accessible dialog: asks for the hub's address, or explains why launching cannot work. */
  var dialog = null;
  function buildDialog() {
    dialog = document.createElement("dialog");
    dialog.className = "tic-launch-dialog";
    dialog.setAttribute("aria-labelledby", "tic-launch-title");
    dialog.innerHTML =
      '<form method="dialog" novalidate>' +
      '<h2 id="tic-launch-title">Open on your JupyterHub</h2>' +
      '<div class="tic-launch-ask">' +
      '<p id="tic-launch-help">Enter the address of your organisation\'s JupyterHub, as your course ' +
      'or IT team gave it to you. This browser remembers it for next time.</p>' +
      '<label for="tic-launch-hub">JupyterHub address</label>' +
      '<input id="tic-launch-hub" name="hub" type="url" autocomplete="url" spellcheck="false" ' +
      'aria-describedby="tic-launch-help tic-launch-error">' +
      '<p id="tic-launch-error" class="tic-launch-error" aria-live="assertive"></p>' +
      '</div>' +
      '<p class="tic-launch-file" hidden>These buttons need the course to be opened from a web ' +
      'address: a JupyterHub or Binder cannot fetch notebooks from a file on this computer. Ask ' +
      'your course team for the course\'s web address, or use the download button at the top of ' +
      'the page to run the notebook in Jupyter on this computer.</p>' +
      '<div class="tic-launch-actions">' +
      '<button type="submit" value="open" class="tic-launch-open">Open notebook</button> ' +
      '<button type="submit" value="cancel" class="tic-launch-cancel" formnovalidate>Cancel</button>' +
      '</div></form>';
    document.body.appendChild(dialog);
    dialog.querySelector("form").addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (!submitter || submitter.value !== "open") { return; }
      var hub = validHub(dialog.querySelector("#tic-launch-hub").value);
      if (!hub) {
        event.preventDefault();
        dialog.querySelector("#tic-launch-error").textContent =
          "Enter the full address, starting with https:// (for example https://jupyter.example.org).";
        dialog.querySelector("#tic-launch-hub").focus();
        return;
      }
      rememberHub(hub);
      window.open(hubLink(hub, dialog.getAttribute("data-notebook")), "_blank", "noopener");
    });
    return dialog;
  }
  function showDialog(notebook, explainFile) {
    var d = dialog || buildDialog();
    d.setAttribute("data-notebook", notebook || "");
    d.querySelector("#tic-launch-title").textContent =
      explainFile ? "Launching needs a web address" : "Open on your JupyterHub";
    d.querySelector(".tic-launch-ask").hidden = explainFile;
    d.querySelector(".tic-launch-file").hidden = !explainFile;
    d.querySelector(".tic-launch-open").hidden = explainFile;
    d.querySelector(".tic-launch-cancel").textContent = explainFile ? "Close" : "Cancel";
    d.querySelector("#tic-launch-error").textContent = "";
    d.querySelector("#tic-launch-hub").value = rememberedHub();
    d.showModal();
    (explainFile ? d.querySelector(".tic-launch-cancel") : d.querySelector("#tic-launch-hub")).focus();
  }

  function wire(link, kind, notebook) {
    if (kind === "archive") {
      link.href = absolute(cfg.archive);
      link.setAttribute("download", "");
      return;
    }
    if (kind === "binder" && cfg.binderhub && !servedFromFile()) {
      link.href = binderLink(notebook);
      link.target = "_blank";
      link.rel = "noopener";
      return;
    }
    if (kind === "jupyterhub" && cfg.jupyterhub && !servedFromFile()) {
      link.href = hubLink(cfg.jupyterhub, notebook);
      link.target = "_blank";
      link.rel = "noopener";
      return;
    }
    /* No hub configured, or opened from a file: the link opens the dialog instead. */
    link.removeAttribute("target");
    link.setAttribute("aria-haspopup", "dialog");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      showDialog(notebook, servedFromFile());
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var meta = document.querySelector('meta[name="tic-notebook"]');
    if (meta) {
      var notebook = meta.getAttribute("content");
      document.querySelectorAll("a.btn-tic-launch-jupyterhub").forEach(function (a) { wire(a, "jupyterhub", notebook); });
      document.querySelectorAll("a.btn-tic-launch-binder").forEach(function (a) { wire(a, "binder", notebook); });
    }
    document.querySelectorAll("a.tic-launch-link").forEach(function (a) {
      wire(a, a.getAttribute("data-launch"), a.getAttribute("data-notebook"));
    });
  });
})();
