// The map of signatories on /participants/. Reads its data addresses from the map element's
// data-* attributes (no inline script: the site's CSP forbids it). The page works without it:
// the same places are listed below the map, page by page (the map's data comes from
// /participants/map.geojson, with the page's filters: the page never lists every signatory).
//
// Drawing a map is the heaviest work of the site (Leaflet, a cluster of every signatory, country
// outlines): done at load, it held a phone's main thread for most of a second while the page was
// being read. So the libraries are loaded and the map drawn only when the map comes near the
// window (on a phone it is below the filters), and the country outlines only when there are no
// tiles, or the tile server fails.
(function () {
    "use strict";
    var element = document.getElementById("signatory-map");
    if (!element) {
        return;
    }

    function loadScript(src) {
        return new Promise(function (resolve, reject) {
            var script = document.createElement("script");
            script.src = src;
            script.addEventListener("load", resolve);
            script.addEventListener("error", reject);
            document.head.appendChild(script);
        });
    }

    function showError() {
        var message = document.createElement("p");
        message.className = "signatory-map__error";
        message.textContent = "The map could not load its data. The list below has every signatory, page by page.";
        element.appendChild(message);
    }

    function start() {
        loadScript(element.dataset.leafletSrc)
            .then(function () { return loadScript(element.dataset.markerclusterSrc); })
            .then(drawMap, showError);
    }

    if ("IntersectionObserver" in window) {
        var observer = new IntersectionObserver(function (entries) {
            if (entries.some(function (entry) { return entry.isIntersecting; })) {
                observer.disconnect();
                start();
            }
        }, { rootMargin: "300px 0px" });
        observer.observe(element);
    } else {
        start();
    }

    function drawMap() {
        var EUROPE = L.latLngBounds([34, -25], [71, 45]);

        // The marker images by their addresses from the page: Leaflet guesses their folder from
        // leaflet.css, which fails on the hashed file names of production's static files
        // (marker-icon.<hash>.png), and then asks for marker-icon.png beside the page: a 404.
        if (element.dataset.markerIconSrc) {
            L.Icon.Default.imagePath = "";
            L.Icon.Default.mergeOptions({
                iconUrl: element.dataset.markerIconSrc,
                iconRetinaUrl: element.dataset.markerIconRetinaSrc,
                shadowUrl: element.dataset.markerShadowSrc
            });
        }

        // maxZoom on the map itself, not only on the tiles: the cluster layer needs it, and
        // without tiles (MAP_TILES_URL empty) the map has no other.
        var map = L.map(element, {
            scrollWheelZoom: false, worldCopyJump: true, minZoom: 2, maxZoom: 18
        });
        map.fitBounds(EUROPE);
        element.classList.add("signatory-map--ready");

        // Country outlines shipped with the site, drawn under the tiles: if the tile server cannot
        // be reached, the map still shows where the markers are.
        // Drawn on one canvas rather than as thousands of SVG paths, and only when needed.
        map.createPane("basemap"); // stacked under the tiles by participants.css
        var outlinesAsked = false;
        function drawOutlines() {
            if (outlinesAsked || !element.dataset.basemapUrl) {
                return;
            }
            outlinesAsked = true;
            fetch(element.dataset.basemapUrl)
                .then(function (response) { return response.ok ? response.json() : null; })
                .then(function (outlines) {
                    if (outlines) {
                        L.geoJSON(outlines, {
                            pane: "basemap",
                            renderer: L.canvas({ pane: "basemap" }),
                            interactive: false,
                            style: { color: "#8a94a6", weight: 1, fillColor: "#eef1f5", fillOpacity: 1 }
                        }).addTo(map);
                    }
                })
                .catch(function () { /* the markers matter more than the outlines */ });
        }

        if (element.dataset.tilesUrl) {
            L.tileLayer(element.dataset.tilesUrl, {
                maxZoom: 18,
                attribution: element.dataset.tilesAttribution || ""
            }).on("tileerror", drawOutlines).addTo(map);
        } else {
            drawOutlines();
        }

        function popupContent(properties) {
            // Built with DOM methods, never innerHTML: names come from the data.
            var box = document.createElement("div");
            var link = document.createElement("a");
            link.href = properties.url;
            link.textContent = properties.name;
            var name = document.createElement("strong");
            name.appendChild(link);
            box.appendChild(name);
            var meta = document.createElement("p");
            meta.textContent = properties.kind_label + " · " + properties.country_name;
            box.appendChild(meta);
            if (properties.status_label) {
                var status = document.createElement("p");
                status.className = "signatory-map__status";
                status.textContent = "Monitoring status: " + properties.status_label;
                box.appendChild(status);
            }
            if (properties.approximate) {
                var note = document.createElement("p");
                note.className = "signatory-map__approximate";
                note.textContent = "Shown at the centre of " + properties.country_name + ".";
                box.appendChild(note);
            }
            return box;
        }

        // Places closer than 80 px share a cluster (the library's default radius): a marker is 41 px
        // tall and a cluster 40 px wide, so no two targets overlap and each is easy to hit (WCAG 2.5.8).
        var clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 80 });
        // Signatories on hold (monitoring status on_hold) are shown grey (participants.css).
        var onHoldIcon = new L.Icon.Default({ className: "signatory-map__marker--on-hold" });
        fetch(element.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
            .then(function (response) {
                if (!response.ok) {
                    throw new Error(response.status);
                }
                return response.json();
            })
            .then(function (collection) {
                var layer = L.geoJSON(collection, {
                    pointToLayer: function (feature, latlng) {
                        var onHold = feature.properties.status === "on_hold";
                        var options = {
                            title: feature.properties.name + (onHold ? " (on hold)" : ""),
                            alt: feature.properties.name + (onHold ? " (on hold)" : ""),
                            opacity: feature.properties.approximate ? 0.75 : 1
                        };
                        if (onHold) {
                            options.icon = onHoldIcon;
                        }
                        return L.marker(latlng, options);
                    },
                    onEachFeature: function (feature, marker) {
                        marker.bindPopup(popupContent(feature.properties));
                    }
                });
                clusters.addLayer(layer);
                map.addLayer(clusters);
                var bounds = layer.getBounds();
                if (bounds.isValid()) {
                    // No zoom animation on arrival: the map opens where the markers are, and is
                    // settled (data-markers) before anyone, or any checker, reads it.
                    map.fitBounds(bounds.pad(0.15), { maxZoom: 7, animate: false });
                }
                element.setAttribute("data-markers", String(collection.features.length));
            })
            .catch(showError);
    }
})();
