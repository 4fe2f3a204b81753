/* Make the ipywidgets HTML manager load its fonts from this site, not relative to each page.
   The manager finds its files through require.js module paths; point them at _static/. */
(function () {
  "use strict";
  var src = document.currentScript.src;
  var staticDir = src.slice(0, src.lastIndexOf("/") + 1);
  // Each bundled AMD module (base, controls, html-manager, ...) works out its font URLs from
  // its own module URL, so every @jupyter-widgets module must resolve into html-manager/.
  window.require.config({
    paths: {
      "@jupyter-widgets/html-manager/dist": staticDir + "html-manager",
      "@jupyter-widgets": staticDir + "html-manager"
    }
  });
})();
