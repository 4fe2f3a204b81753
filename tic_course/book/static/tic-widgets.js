/* Load the ipywidgets libraries only when a widget is about to be seen.

   The widget manager is one 3.6 MB script (already minified by its authors); loading it in the
   page head made a notebook page blank for half a minute on a phone. The build adds this small
   deferred script only to pages that hold widget state (myst-nb's nb_ipywidgets_js). It waits
   until a widget output comes within half a screen of the viewport, then loads require.js and the
   HTML manager from this site's own _static folder (never a CDN), which renders every widget. */
(function () {
  "use strict";
  var staticDir = document.currentScript.src.replace(/[^/]*$/, "");
  var started = false;

  function addScript(src, attrs, then) {
    var s = document.createElement("script");
    s.src = staticDir + src;
    Object.keys(attrs).forEach(function (k) { s.setAttribute(k, attrs[k]); });
    s.onload = then;
    document.head.appendChild(s);
  }

  function load() {
    if (started) return;
    started = true;
    document.documentElement.setAttribute("data-tic-widgets", "loading");
    addScript("require.js", {}, function () {
      // Every bundled @jupyter-widgets module works out its font URLs from its own module URL,
      // so each must resolve into html-manager/ on this site.
      window.require.config({
        paths: {
          "@jupyter-widgets/html-manager/dist": staticDir + "html-manager",
          "@jupyter-widgets": staticDir + "html-manager"
        }
      });
      addScript("html-manager/embed-amd.js", {
        "data-jupyter-widgets-cdn": staticDir + "html-manager/",
        "data-jupyter-widgets-cdn-only": "true"
      }, function () { document.documentElement.setAttribute("data-tic-widgets", "loaded"); });
    });
  }

  function start() {
    var views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
    if (!views.length) return;
    if (!("IntersectionObserver" in window)) { load(); return; }
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        observer.disconnect();
        load();
      }
    }, { rootMargin: "50% 0px" });
    Array.prototype.forEach.call(views, function (v) { observer.observe(v.parentElement); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
