// Loaded in <head>, before the first paint and without defer, so the page is drawn once, in
// its final layout: the stylesheets fold the navigation behind "Menu" on narrow screens only
// under the "js" class, and a script run after the paint (site.js is deferred) would move the
// content by the whole height of the unfolded menu (a layout shift). A file, not an inline
// script: the Content Security Policy forbids inline scripts.
document.documentElement.classList.replace("no-js", "js");
