/* kbgen: high-contrast toggle (eMAG). A file, not inline script: the site runs under a strict CSP. */
(function () {
  "use strict";
  var KEY = "kbgen-contrast";
  var root = document.documentElement;
  function stored() {
    try { return window.localStorage.getItem(KEY) === "high"; } catch (e) { return false; }
  }
  function apply(on) {
    root.classList.toggle("kb-high-contrast", on);
    var buttons = document.querySelectorAll(".kb-contrast-toggle");
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
  }
  apply(stored());
  document.addEventListener("DOMContentLoaded", function () {
    apply(stored());
    var buttons = document.querySelectorAll(".kb-contrast-toggle");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () {
        var on = !root.classList.contains("kb-high-contrast");
        try { window.localStorage.setItem(KEY, on ? "high" : "normal"); } catch (e) { /* private mode */ }
        apply(on);
      });
    }
  });
})();
