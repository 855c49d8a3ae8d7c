// Progressive enhancement for the whole site; every page works without it.
(function () {
    "use strict";
    document.documentElement.classList.replace("no-js", "js");

    // A form that comes back with errors opens on its error summary (tabindex="-1"), so that
    // keyboard and screen-reader users start where the problem is told, with links to each field.
    var errorSummary = document.querySelector(".error-summary[tabindex]");
    if (errorSummary) {
        errorSummary.focus();
    }

    // On narrow screens the main navigation folds behind a "Menu" button.
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("main-nav");
    if (!toggle || !nav) {
        return;
    }
    var narrow = window.matchMedia("(max-width: 52rem)");
    function apply() {
        if (narrow.matches) {
            toggle.hidden = false;
            var open = toggle.getAttribute("aria-expanded") === "true";
            nav.setAttribute("data-collapsed", open ? "false" : "true");
        } else {
            toggle.hidden = true;
            nav.removeAttribute("data-collapsed");
        }
    }
    toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") === "true";
        toggle.setAttribute("aria-expanded", open ? "false" : "true");
        apply();
    });
    narrow.addEventListener("change", apply);
    apply();
})();
