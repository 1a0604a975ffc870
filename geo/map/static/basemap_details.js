/*
 * Rivers, lakes and towns on the offline basemap (Natural Earth, shipped in the package and
 * cut by geo/map/render.py to where the map's data is). What is drawn follows the zoom: a
 * feature appears from the zoom Natural Earth gives it (min_zoom), rivers grow wider and
 * town names larger as one zooms in, and at most MAX_TOWNS names are in view at once, the
 * biggest towns first. Names reach the page through textContent only.
 */
(function (global) {
  'use strict';

  var L = global.L, IM = global.IncidentMap, el = IM.el;
  var WATER = '#8fb8d6', LAKE_FILL = '#c4dcec', MAX_TOWNS = 160;

  function riverStyle(f, z) {
    var p = f.properties, shown = z >= p.min_zoom - 1;
    return {color: WATER, opacity: shown ? 0.9 : 0, weight: Math.max(0.6, Math.min(3.5, (z - p.rank / 2) * 0.35))};
  }

  function lakeStyle(f, z) {
    var shown = z >= f.properties.min_zoom - 1;
    return {color: WATER, weight: 0.6, opacity: shown ? 0.9 : 0, fillColor: LAKE_FILL, fillOpacity: shown ? 1 : 0};
  }

  function basemapDetails(map, data) {
    var renderer = L.canvas({pane: 'ncBasemap', padding: 0.2});
    var lakes = L.geoJSON(data.lakes, {pane: 'ncBasemap', renderer: renderer, interactive: false,
                                       style: function (f) { return lakeStyle(f, map.getZoom()); }});
    var rivers = L.geoJSON(data.rivers, {pane: 'ncBasemap', renderer: renderer, interactive: false,
                                         style: function (f) { return riverStyle(f, map.getZoom()); }});
    var towns = data.towns.rows, labels = L.layerGroup(), markers = {};

    function label(k) {
      if (markers[k]) return markers[k];
      var t = towns[k], node = el('span', t[4] <= 3 ? 'nc-town-big' : null, t[2]);
      markers[k] = L.marker([t[1], t[0]], {
        pane: 'ncLabels', interactive: false, keyboard: false,
        icon: L.divIcon({className: 'nc-town-label', html: node, iconSize: null})
      });
      return markers[k];
    }

    function update() {
      var z = map.getZoom(), bounds = map.getBounds().pad(0.1), wanted = {}, shown = 0;
      lakes.setStyle(function (f) { return lakeStyle(f, z); });
      rivers.setStyle(function (f) { return riverStyle(f, z); });
      // Rows are sorted by rank: the biggest towns get the names first.
      for (var k = 0; k < towns.length && shown < MAX_TOWNS; k++) {
        var t = towns[k];
        // Near a place of the articles, which is labelled from zoom 8: named once, as they spell it.
        if (z < t[3] - 1 || (t[5] && z >= 8) || !bounds.contains([t[1], t[0]])) continue;
        wanted[k] = true;
        shown++;
      }
      labels.eachLayer(function (m) { if (!wanted[m.townIndex]) labels.removeLayer(m); });
      Object.keys(wanted).forEach(function (k) {
        var m = label(+k);
        m.townIndex = +k;
        if (!labels.hasLayer(m)) labels.addLayer(m);
      });
      map.getContainer().classList.toggle('nc-zoomed-in', z >= 9);
    }

    var group = L.layerGroup([lakes, rivers, labels]);
    group.on('add', function () { map.on('zoomend moveend', update); update(); });
    group.on('remove', function () { map.off('zoomend moveend', update); });
    return group;
  }

  IM.basemapDetails = basemapDetails;
}(window));
