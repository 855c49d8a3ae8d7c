// Progressive enhancement for the whole site; every page works without it.
(function () {
    "use strict";
    // head.js already did this before the first paint; kept for a page cached with an old head.
    document.documentElement.classList.replace("no-js", "js");

    // A form that comes back with errors opens on its error summary (tabindex="-1"), so that
    // keyboard and screen-reader users start where the problem is told, with links to each field.
    var errorSummary = document.querySelector(".error-summary[tabindex]");
    if (errorSummary) {
        errorSummary.focus();
    }

    // On narrow screens the main navigation folds behind a "Menu" button. site.css shows and
    // hides both from the button's aria-expanded alone, from the first paint on (no layout
    // shift); this only flips it. On wide screens the button is not displayed.
    var toggle = document.querySelector(".nav-toggle");
    if (!toggle) {
        return;
    }
    toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") === "true";
        toggle.setAttribute("aria-expanded", open ? "false" : "true");
    });
})();
