/* kbgen: the image zoom view as a modal <dialog> (kbgen.sphinx_ext.translator writes the markup).
 * Without this script each image link still opens its zoom view, an overlay shown by CSS :target;
 * with it the same view becomes a real dialog: focus moves into it and stays there, Escape or a
 * click on the backdrop closes it, and focus returns to the image the reader came from.
 * Labels come from the page (the overlay's own "Fechar"), so they follow the site's language. */
(function () {
  "use strict";
  if (typeof HTMLDialogElement !== "function") return;  // old browser: the :target overlay serves

  var dialog = null;
  var opener = null;

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "kb-zoom-dialog";
    dialog.addEventListener("close", function () {
      // "close" is a queued task: when the reader reopened an image before it ran, the dialog is
      // open again with the new view, which this late event must neither empty nor unfocus.
      if (dialog.open) return;
      dialog.replaceChildren();
      if (opener) opener.focus();
      opener = null;
    });
    // a click on the backdrop lands on the dialog element itself, never on its content
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });
    document.body.appendChild(dialog);
  }

  function open(link, view) {
    if (!dialog) build();
    var close = document.createElement("button");
    close.type = "button";
    close.className = "kb-zoom-close";
    close.textContent = view.querySelector(".kb-zoom-close").textContent;
    close.addEventListener("click", function () { dialog.close(); });
    var figure = view.querySelector(".kb-zoom-figure").cloneNode(true);
    var image = figure.querySelector("img");
    image.removeAttribute("loading");  // shown now
    var caption = figure.querySelector("figcaption");
    dialog.setAttribute("aria-label", caption ? caption.textContent : "");
    var bar = document.createElement("div");
    bar.className = "kb-zoom-bar";
    bar.appendChild(close);
    dialog.replaceChildren(bar, figure);
    opener = link;
    dialog.showModal();
    close.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var links = document.querySelectorAll("a.kb-zoom-link");
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", function (event) {
        var link = event.currentTarget;
        var view = document.getElementById(link.getAttribute("href").slice(1));
        if (!view) return;  // let the browser follow the link
        event.preventDefault();
        open(link, view);
      });
    }
  });
})();
