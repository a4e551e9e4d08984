/* kbgen: high-contrast toggle (eMAG) and the header menu's Escape key. A file, not inline script: the site
   runs under a strict CSP. Both are enhancements: the menu is a <details> that opens without script. */
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
    // the switch is hidden in the markup: without script it could not work
    var items = document.querySelectorAll(".kb-contrast-item");
    for (var j = 0; j < items.length; j++) items[j].hidden = false;
    var buttons = document.querySelectorAll(".kb-contrast-toggle");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () {
        var on = !root.classList.contains("kb-high-contrast");
        try { window.localStorage.setItem(KEY, on ? "high" : "normal"); } catch (e) { /* private mode */ }
        apply(on);
      });
    }
    // Escape closes an open header menu and gives focus back to its "Menu" button
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      var menu = document.querySelector(".kb-menu[open]");
      if (!menu || !menu.contains(document.activeElement)) return;
      menu.open = false;
      var summary = menu.querySelector("summary");
      if (summary) summary.focus();
    });
  });
})();
