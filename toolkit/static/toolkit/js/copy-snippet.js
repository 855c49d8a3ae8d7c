// Copy buttons for the badge's HTML. Without JavaScript the HTML stays selectable in its box.
(function () {
    "use strict";
    if (!navigator.clipboard) {
        return;
    }
    document.querySelectorAll(".copy-button[data-copy-target]").forEach(function (button) {
        var source = document.getElementById(button.getAttribute("data-copy-target"));
        var status = button.nextElementSibling;
        if (!source) {
            return;
        }
        button.hidden = false;
        button.addEventListener("click", function () {
            navigator.clipboard.writeText(source.value).then(
                function () {
                    if (status) {
                        status.textContent = "Copied.";
                    }
                },
                function () {
                    source.select();
                    if (status) {
                        status.textContent = "Select the HTML and copy it with your keyboard.";
                    }
                }
            );
        });
    });
})();
