/* The API's documentation pages (/docs, /redoc): the tools' markup mended where axe-core finds
   it unusable by a screen reader or a keyboard, after the tools render and each time they
   render again. Nothing here changes what the tools do. */
(function () {
  "use strict";

  function named(el) {
    return (el.textContent || "").trim() !== "" || el.hasAttribute("aria-label") ||
      el.hasAttribute("aria-labelledby") || el.hasAttribute("title");
  }

  function mend() {
    var root = document.querySelector("#swagger-ui, redoc");
    if (root && !root.hasAttribute("role")) root.setAttribute("role", "main");

    /* Swagger UI: an operation's summary is one button holding a link to the operation's own
       address; a control inside a control is reached by neither. The button opens the
       operation and sets the address, so the inner link loses its href (its text stays). */
    document.querySelectorAll(".opblock-summary-control a[href]").forEach(function (a) {
      a.removeAttribute("href");
    });

    /* Swagger UI: icon-only buttons (copy to clipboard, ...) get the name their box shows on
       hover, or what they do. */
    document.querySelectorAll("#swagger-ui button").forEach(function (b) {
      if (named(b)) return;
      var box = b.closest("[title]");
      b.setAttribute("aria-label", box ? box.getAttribute("title") : "Copy to clipboard");
    });

    /* Swagger UI: an answer's highlighted text scrolls sideways, so the keyboard must reach it. */
    document.querySelectorAll("#swagger-ui pre.microlight:not([tabindex])").forEach(function (pre) {
      pre.setAttribute("tabindex", "0");
    });

    /* ReDoc: the menu's nested lists hold menu items but are not menus. */
    document.querySelectorAll("redoc li[role='menuitem'] > ul:not([role])").forEach(function (ul) {
      ul.setAttribute("role", "menu");
    });

    /* ReDoc: the content-type choice has its label beside it, not tied to it. */
    document.querySelectorAll("redoc select").forEach(function (s) {
      if (s.hasAttribute("aria-label") || s.hasAttribute("aria-labelledby")) return;
      var box = s.parentElement && s.parentElement.previousElementSibling;
      var text = box ? (box.textContent || "").trim() : "";
      s.setAttribute("aria-label", text || "Content type");
    });
  }

  mend();
  new MutationObserver(mend).observe(document.documentElement, { childList: true, subtree: true });
})();
