/*
 * The interactive part of the incident map written by geo/map/render.py.
 *
 * Incidents are embedded once as compact columnar arrays (a <script type="application/json">
 * block), sorted by start date. All incident layers are drawn on one canvas owned by the
 * store (App): a redraw stamps one pre-rasterised sprite per place and type straight into
 * the canvas's pixel buffer and hands it over with one putImageData, so 50,000 incidents
 * cost one pass over typed arrays instead of 50,000 Leaflet objects or 35,000 drawImage
 * calls. The date filter finds each layer's window with two binary searches; the redraw
 * runs in the next animation frame, at most once per frame however many inputs came in.
 * Popups are built lazily, on click, from a second JSON block that is parsed only then;
 * every piece of article text reaches the page through textContent, never innerHTML.
 */
(function (global) {
  'use strict';

  var L = global.L;
  var DAY_MS = 86400000;

  function isoOfDay(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  function dayOfIso(iso) {
    if (typeof iso !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
    var t = Date.parse(iso + 'T00:00:00Z');
    return isNaN(t) ? null : Math.round(t / DAY_MS);
  }

  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  // Build DOM without ever parsing strings as HTML.
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function lowerBound(arr, n, value) {
    var lo = 0, hi = n;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (arr[mid] < value) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // ---- symbols ---------------------------------------------------------------------

  // Adds one symbol as a sub-path, so a whole layer is filled and stroked in one call.
  function traceSymbol(ctx, symbol, x, y, r) {
    var i, a, k;
    switch (symbol) {
      case 'square':
        k = r * 0.85;
        ctx.moveTo(x - k, y - k); ctx.lineTo(x + k, y - k); ctx.lineTo(x + k, y + k); ctx.lineTo(x - k, y + k);
        break;
      case 'triangle':
        ctx.moveTo(x, y - r * 1.2); ctx.lineTo(x + r * 1.1, y + r * 0.8); ctx.lineTo(x - r * 1.1, y + r * 0.8);
        break;
      case 'diamond':
        ctx.moveTo(x, y - r * 1.25); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r * 1.25); ctx.lineTo(x - r, y);
        break;
      case 'star':
        for (i = 0; i < 10; i++) {
          a = -Math.PI / 2 + i * Math.PI / 5;
          k = i % 2 ? r * 0.55 : r * 1.3;
          if (i) ctx.lineTo(x + k * Math.cos(a), y + k * Math.sin(a)); else ctx.moveTo(x + k * Math.cos(a), y + k * Math.sin(a));
        }
        break;
      case 'plus':
        k = r * 0.4;
        ctx.moveTo(x - k, y - r); ctx.lineTo(x + k, y - r); ctx.lineTo(x + k, y - k); ctx.lineTo(x + r, y - k);
        ctx.lineTo(x + r, y + k); ctx.lineTo(x + k, y + k); ctx.lineTo(x + k, y + r); ctx.lineTo(x - k, y + r);
        ctx.lineTo(x - k, y + k); ctx.lineTo(x - r, y + k); ctx.lineTo(x - r, y - k); ctx.lineTo(x - k, y - k);
        break;
      case 'hexagon':
        for (i = 0; i < 6; i++) {
          a = Math.PI / 6 + i * Math.PI / 3;
          if (i) ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a)); else ctx.moveTo(x + r * Math.cos(a), y + r * Math.sin(a));
        }
        break;
      default: // circle
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, Math.PI * 2);
    }
    ctx.closePath();
  }

  function symbolCanvas(style, size) {
    var ratio = global.devicePixelRatio || 1;
    var canvas = el('canvas', 'nc-symbol');
    canvas.width = size * ratio; canvas.height = size * ratio;
    canvas.style.width = size + 'px'; canvas.style.height = size + 'px';
    canvas.setAttribute('aria-hidden', 'true');
    var ctx = canvas.getContext('2d');
    ctx.scale(ratio, ratio);
    ctx.beginPath();
    traceSymbol(ctx, style.symbol, size / 2, size / 2, size * 0.34);
    ctx.fillStyle = style.color; ctx.fill();
    ctx.lineWidth = 1; ctx.strokeStyle = '#fff'; ctx.stroke();
    return canvas;
  }

  // ---- the incident store and the filter --------------------------------------------

  function App(map, data, detailsId) {
    this.map = map;
    this.data = data;
    this.n = data.lat.length;
    this.types = data.types;
    this._detailsId = detailsId;
    this._details = null;
    this.layers = [];
    this.minDay = data.minDay;
    this.maxDay = data.maxDay;
    this.range = {from: data.minDay, to: data.maxDay};
    this.showUndated = true;
    // Incidents that pass the list's filters (search, type, claimant, precision), or null for all.
    this.mask = null;
    this.selected = null;
    this._listeners = [];
    this._selectListeners = [];
    // World pixel coordinates at zoom 0; at zoom z a point is p0 * 2^z - pixelOrigin.
    // Incidents at the same coordinates share a spot: one stamp per spot and layer.
    var crs = map.options.crs, spotOf = new Map(), spotIncident = [];
    this.spotIncident = spotIncident;  // per spot: an incident drawn there (for its position)
    this.px = new Float64Array(this.n);
    this.py = new Float64Array(this.n);
    this.spot = new Int32Array(this.n);
    for (var i = 0; i < this.n; i++) {
      var p = crs.latLngToPoint(L.latLng(data.lat[i], data.lon[i]), 0);
      this.px[i] = p.x; this.py[i] = p.y;
      var key = data.lat[i] + ',' + data.lon[i], s = spotOf.get(key);
      if (s === undefined) { s = spotOf.size; spotOf.set(key, s); spotIncident.push(i); }
      this.spot[i] = s;
    }
    this.canvas = new IncidentCanvas(this, spotOf.size);
    this._listen(map.getContainer());
  }

  // Incidents are drawn above the places and overlays but their canvases let pointer
  // events through (so places stay clickable elsewhere); a capture-phase listener on
  // the map container gives incidents the first claim on a click.
  App.prototype._listen = function (container) {
    var self = this, down = null;
    function onMap(e) {
      return !(e.target.closest && e.target.closest('.leaflet-control-container, .leaflet-popup-pane, .leaflet-tooltip-pane'));
    }
    container.addEventListener('pointerdown', function (e) { down = [e.clientX, e.clientY]; }, true);
    container.addEventListener('click', function (e) {
      // A click that ends a drag of the map is not a click on an incident.
      if (down && Math.abs(e.clientX - down[0]) + Math.abs(e.clientY - down[1]) > 6) return;
      if (!onMap(e)) return;
      if (self._openPopupAt(self.map.mouseEventToLayerPoint(e))) e.stopPropagation();
    }, true);
    container.addEventListener('mousemove', function (e) {
      if (self._hoverPending || !onMap(e)) return;
      self._hoverPending = true;
      var point = self.map.mouseEventToLayerPoint(e);
      L.Util.requestAnimFrame(function () {
        self._hoverPending = false;
        var over = self._hits(point).best !== null;
        container.classList.toggle('nc-pointer', over);
        // Pointing at an incident: a click is likely, so start unpacking the details now.
        if (over && !self._details) self.loadDetails().catch(function () {});
      });
    }, true);
  };

  App.prototype.onChange = function (fn) { this._listeners.push(fn); };

  App.prototype._changed = function () {
    for (var i = 0; i < this._listeners.length; i++) this._listeners[i](this);
  };

  /** Create one incident layer: incidents of `types` (indices), country-level or not. */
  App.prototype.layer = function (options) {
    var layer = new IncidentLayer(this, options);
    this.layers.push(layer);
    return layer;
  };

  App.prototype.setRange = function (from, to) {
    if (from === null || to === null || isNaN(from) || isNaN(to)) throw new Error('setRange needs two ISO dates (YYYY-MM-DD)');
    if (from > to) { var t = from; from = to; to = t; }
    if (this.minDay !== null) {
      from = Math.max(this.minDay, Math.min(this.maxDay, from));
      to = Math.max(this.minDay, Math.min(this.maxDay, to));
    }
    this.range = {from: from, to: to};
    this.refilter();
  };

  App.prototype.setShowUndated = function (on) {
    this.showUndated = !!on;
    this.refilter();
  };

  /** Undated incidents are drawn only over the whole date range: a narrowed range never mixes them in. */
  App.prototype.undatedShown = function () {
    var whole = this.minDay === null || (this.range.from <= this.minDay && this.range.to >= this.maxDay);
    return this.showUndated && whole;
  };

  /** Keep only incidents i with mask[i] (a Uint8Array of n), or all with null. */
  App.prototype.setMask = function (mask) {
    this.mask = mask;
    this.refilter();
  };

  App.prototype.onSelect = function (fn) { this._selectListeners.push(fn); };

  App.prototype.select = function (i) {
    this.selected = i;
    for (var k = 0; k < this._selectListeners.length; k++) this._selectListeners[k](i);
  };

  App.prototype.indexOfId = function (id) {
    if (!this._byId) {
      this._byId = new Map();
      for (var i = 0; i < this.n; i++) this._byId.set(this.data.id[i], i);
    }
    var found = this._byId.get(id);
    return found === undefined ? null : found;
  };

  /** Fly to incident `i` and open its popup (with the other incidents drawn on its spot). */
  App.prototype.openIncident = function (i, options) {
    var self = this, map = this.map, at = L.latLng(this.data.lat[i], this.data.lon[i]);
    var zoom = Math.max(map.getZoom(), (options && options.zoom) || 9), opened = false;
    function open() {
      if (opened) return;
      opened = true;
      self._showPopup(i, self._spotHits(i));
    }
    if (options && options.animate === false) {
      map.setView(at, zoom, {animate: false});
      open();
      return;
    }
    map.once('moveend', open);
    map.flyTo(at, zoom, {duration: 0.5});
    setTimeout(open, 900);  // no moveend when the view does not change
  };

  App.prototype._spotHits = function (i) {
    var hits = [i], spot = this.spot[i], layers = this.activeLayers();
    for (var l = 0; l < layers.length; l++) {
      var idx = layers[l].visibleIndices();
      for (var k = 0; k < idx.length; k++) if (this.spot[idx[k]] === spot && idx[k] !== i) hits.push(idx[k]);
    }
    return hits;
  };

  App.prototype.refilter = function () {
    for (var i = 0; i < this.layers.length; i++) this.layers[i].refilter();
    this._changed();
  };

  App.prototype.activeLayers = function () {
    return this.layers.filter(function (layer) { return layer.isOn(); });
  };

  /** Incidents currently drawn (in a layer that is on, inside the date range), as GeoJSON Features. */
  App.prototype.visible = function () {
    var out = [], data = this.data, self = this;
    this.activeLayers().forEach(function (layer) {
      var idx = layer.visibleIndices();
      for (var k = 0; k < idx.length; k++) {
        var i = idx[k];
        out.push({
          type: 'Feature',
          id: data.id[i],
          geometry: {type: 'Point', coordinates: [data.lon[i], data.lat[i]]},
          properties: {
            id: data.id[i],
            event_type: self.types[data.type[i]].key,
            date: data.start[i] === null ? null : isoOfDay(data.start[i]),
            date_end: data.end[i] === null ? null : isoOfDay(data.end[i]),
            country_level: !!data.country[i],
            layer: layer.options.name
          }
        });
      }
    });
    return out;
  };

  // Fields of a details row that are indices into `strings` (see DETAIL_FIELDS in render.py).
  var TEXT_FIELDS = {place: 1, geo_label: 1, date_precision: 1, origin: 1};
  var TEXT_LIST_FIELDS = {claimed_by: 1, denied_by: 1};

  // Details are plain JSON in small maps; big maps embed them zlib-compressed (base64),
  // unpacked by the browser's own DecompressionStream (asynchronous) on the first click.
  App.prototype._detailsTable = function () {
    if (this._details) return this._details;
    var node = document.getElementById(this._detailsId);
    if (node && node.type === 'application/json') this._details = JSON.parse(node.textContent);
    return this._details || null;
  };

  /** Whether the details are embedded compressed (and not unpacked yet). */
  App.prototype._packedDetails = function () {
    if (this._details) return false;
    var node = document.getElementById(this._detailsId);
    return !!node && node.type !== 'application/json';
  };

  /** A promise of the details table (parsed, or unpacked and parsed, once). */
  App.prototype.loadDetails = function () {
    var table = this._detailsTable(), self = this;
    if (table) return Promise.resolve(table);
    if (this._loading) return this._loading;
    var node = document.getElementById(this._detailsId);
    if (!node) return Promise.reject(new Error('the map has no incident details'));
    if (typeof DecompressionStream === 'undefined') {
      return Promise.reject(new Error('this browser cannot unpack them: open the map in Chrome 80, Firefox 113, Safari 16.4 or newer'));
    }
    var text = atob(node.textContent.trim()), bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
    this._loading = new Response(stream).text().then(function (json) {
      self._details = JSON.parse(json);
      return self._details;
    });
    this._loading.catch(function () { self._loading = null; });  // a later click tries again
    return this._loading;
  };

  /** What the popup shows for incident `i`: {place, geo_label, date, date_end, killed, ..., evidence: [[article, sentence]]}. */
  App.prototype.details = function (i) {
    var table = this._detailsTable();
    if (!table) throw new Error('incident details are not unpacked yet: wait for app.loadDetails()');
    var row = table.incidents[i] || [], strings = table.strings, d = {};
    table.fields.forEach(function (name, k) {
      var v = row[k];
      if (v === undefined || v === null) return;
      if (name === 'evidence') {
        d.evidence = [];
        for (var j = 0; j + 1 < v.length; j += 2) d.evidence.push([v[j], table.sentences[v[j + 1]]]);
      } else if (TEXT_FIELDS[name]) d[name] = strings[v];
      else if (TEXT_LIST_FIELDS[name]) d[name] = v.map(function (s) { return strings[s]; });
      else d[name] = v;
    });
    if (this.data.start[i] !== null) {
      d.date = isoOfDay(this.data.start[i]);
      d.date_end = isoOfDay(this.data.end[i]);
    }
    return d;
  };

  App.prototype.articleName = function (k) {
    return this._detailsTable().articles[k];
  };

  /** What is known of article `k`: {article, title, outlet, url, published} (nulls when unknown). */
  App.prototype.articleSource = function (k) {
    var table = this._detailsTable(), row = (table.sources && table.sources[k]) || [];
    return {article: table.articles[k], title: row[0] || null, outlet: row[1] || null, url: row[2] || null,
            published: row[3] || null};
  };

  // Only web addresses become links: javascript:, data: and anything else stay text.
  function isWebUrl(url) {
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return false;
    try {
      var protocol = new URL(url).protocol;
      return protocol === 'http:' || protocol === 'https:';
    } catch (e) { return false; }
  }

  /** A source's title as a link (http(s) only, no referrer, no opener) or as text. */
  function sourceTitle(source) {
    var title = source.title || source.article;
    if (!isWebUrl(source.url)) return el('span', 'nc-source-title', title);
    var a = el('a', 'nc-source-title', title);
    a.href = source.url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }

  function sourceLine(source) {
    var cite = el('cite');
    cite.appendChild(sourceTitle(source));
    var meta = [source.outlet, source.published ? source.published.replace('T', ' ') : null,
                source.title ? source.article : null].filter(Boolean);
    if (meta.length) cite.appendChild(el('span', 'nc-source-meta', meta.join(' · ')));
    if (source.url && !isWebUrl(source.url)) cite.appendChild(el('span', 'nc-source-url', source.url));
    return cite;
  }

  App.prototype._hits = function (layerPoint) {
    var z = Math.pow(2, this.map.getZoom()), origin = this.map.getPixelOrigin();
    var best = null, bestD = Infinity, hits = [];
    var layers = this.activeLayers();
    for (var l = 0; l < layers.length; l++) {
      var r = layers[l].radius() + 4, idx = layers[l].visibleIndices();
      for (var k = 0; k < idx.length; k++) {
        var i = idx[k];
        var dx = this.px[i] * z - origin.x - layerPoint.x, dy = this.py[i] * z - origin.y - layerPoint.y;
        var d = dx * dx + dy * dy;
        if (d <= r * r) {
          hits.push(i);
          if (d < bestD) { bestD = d; best = i; }
        }
      }
    }
    return {best: best, hits: hits};
  };

  App.prototype._openPopupAt = function (layerPoint) {
    var found = this._hits(layerPoint);
    if (found.best === null) return false;
    // Incidents drawn on the same spot (one town, many days) share one popup.
    this._showPopup(found.best, found.hits.sort(function (a, b) { return a - b; }));
    return true;
  };

  App.prototype._showPopup = function (best, hits) {
    var self = this, map = this.map, size = map.getSize();
    // The popup must fit between the panels, close button included (on a phone above all).
    var top = Math.max(cornerSize(map, 'top left')[1], cornerSize(map, 'top right')[1]) + 8;
    var bottom = Math.max(cornerSize(map, 'bottom left')[1], cornerSize(map, 'bottom right')[1]) + 8;
    if (!narrow(map)) { top = 12; bottom = 12; }  // beside the panels there is room enough
    var popup = L.popup({maxWidth: Math.min(380, size.x - 60), minWidth: Math.min(240, size.x - 80),
                         maxHeight: Math.max(120, Math.min(360, size.y - top - bottom - 60)), className: 'nc-popup',
                         autoPanPaddingTopLeft: [10, top], autoPanPaddingBottomRight: [10, bottom]})
      .setLatLng([this.data.lat[best], this.data.lon[best]]);
    this.select(best);
    if (this._detailsTable()) {
      popup.setContent(this.popupContent(hits)).openOn(this.map);
      return true;
    }
    popup.setContent(el('p', 'nc-loading', 'Unpacking the sources…')).openOn(this.map);
    this.loadDetails().then(function () {
      popup.setContent(self.popupContent(hits));
    }, function (err) {
      popup.setContent(el('p', 'nc-error', 'The sources cannot be shown: ' + err.message));
    });
    return true;
  };

  var MAX_POPUP_INCIDENTS = 25;

  App.prototype.popupContent = function (indices) {
    var root = el('div', 'nc-popup-body');
    var shown = indices.slice(0, MAX_POPUP_INCIDENTS);
    if (indices.length > 1) root.appendChild(el('p', 'nc-stack', indices.length + ' incidents at this place'));
    for (var k = 0; k < shown.length; k++) root.appendChild(this.incidentCard(shown[k]));
    if (indices.length > shown.length) {
      root.appendChild(el('p', 'nc-more', (indices.length - shown.length) + ' more incidents here: zoom in or narrow the dates.'));
    }
    return root;
  };

  var AREA_KINDS = {district: 1, region: 1};

  /** "Tartar district": where an incident is, said so that an area (`isArea`) never reads as a point. */
  function placeLabel(place, precision, isArea) {
    var name = place || '(unnamed place)';
    if (!isArea || !AREA_KINDS[precision]) return name;
    return name.toLowerCase().indexOf(precision) >= 0 ? name : name + ' ' + precision;
  }

  function countText(total, civilians, military) {
    if (total == null && civilians == null && military == null) return null;
    var parts = [];
    if (civilians != null) parts.push(civilians + ' civilian');
    if (military != null) parts.push(military + ' military');
    var head = total == null ? '' : String(total);
    if (!parts.length) return head;
    return head ? head + ' (' + parts.join(', ') + ')' : parts.join(', ');
  }

  App.prototype.incidentCard = function (i) {
    var d = this.details(i), type = this.types[this.data.type[i]];
    var card = el('section', 'nc-incident');
    var head = el('h3');
    head.appendChild(symbolCanvas(type, 14));
    head.appendChild(el('span', null, type.label));
    card.appendChild(head);
    var dl = el('dl');
    function row(label, value) {
      if (value === null || value === undefined || value === '') return;
      dl.appendChild(el('dt', null, label));
      dl.appendChild(el('dd', null, value));
    }
    var isArea = !!(this.data.area && this.data.area[i]), where = placeLabel(d.place, d.geo_label, isArea);
    if (isArea && AREA_KINDS[d.geo_label]) where += ' — located only to the ' + d.geo_label + ', not a point in it';
    else if (d.geo_label) where += ' — ' + d.geo_label + ' precision';
    row('Place', where);
    var when;
    if (!d.date) when = 'undated';
    else if (d.date_end && d.date_end !== d.date) when = d.date + ' to ' + d.date_end;
    else when = d.date;
    row('Date', when + (d.date_precision ? ' (' + d.date_precision + ')' : ''));
    row('Killed', countText(d.killed, d.killed_civilians, d.killed_military));
    row('Wounded', countText(d.wounded, d.wounded_civilians, d.wounded_military));
    row('Claimed by', (d.claimed_by || []).join('; '));
    row('Denied by', (d.denied_by || []).join('; '));
    row('Origin', d.origin);
    card.appendChild(dl);
    var sources = el('ol', 'nc-sources');
    var evidence = d.evidence || [];
    for (var k = 0; k < evidence.length; k++) {
      var li = el('li');
      li.appendChild(sourceLine(this.articleSource(evidence[k][0])));
      li.appendChild(el('q', null, evidence[k][1]));
      sources.appendChild(li);
    }
    if (evidence.length) {
      card.appendChild(el('h4', null, evidence.length === 1 ? 'Source' : 'Sources (' + evidence.length + ')'));
      card.appendChild(sources);
    }
    var id = el('p', 'nc-id', 'id ' + this.data.id[i]);
    card.appendChild(id);
    return card;
  };

  // ---- incident layers: a filtered view of the store, drawn on the shared canvas ----

  var IncidentLayer = L.Layer.extend({
    options: {pane: 'ncIncidents', name: '', types: null, countryLevel: false},

    initialize: function (app, options) {
      L.setOptions(this, options);
      this._app = app;
      var data = app.data, types = this.options.types, wanted = {};
      if (types) types.forEach(function (t) { wanted[t] = true; });
      var dated = [], undated = [], maxSpan = 0;
      for (var i = 0; i < app.n; i++) {
        if (!!data.country[i] !== !!this.options.countryLevel) continue;
        if (types && !wanted[data.type[i]]) continue;
        if (data.start[i] === null) { undated.push(i); continue; }
        dated.push(i);
        maxSpan = Math.max(maxSpan, data.end[i] - data.start[i]);
      }
      this._dated = Int32Array.from(dated);
      this._starts = Float64Array.from(dated.map(function (j) { return data.start[j]; }));
      this._undated = Int32Array.from(undated);
      this._maxSpan = maxSpan;
      this.total = dated.length + undated.length;
      // Filled in place on every filter: no garbage per slider step.
      this._buffer = new Int32Array(this.total);
      this._visible = this._buffer.subarray(0, 0);
      this.refilter();
    },

    count: function () { return this.total; },

    visibleIndices: function () { return this._visible; },

    radius: function () {
      var z = this._map ? this._map.getZoom() : 8;
      var r = z >= 7 ? 6 : z >= 5 ? 5 : 4;
      return this.options.countryLevel ? r + 3 : r;
    },

    refilter: function () {
      var app = this._app, end = app.data.end, from = app.range.from, to = app.range.to, mask = app.mask;
      var out = this._buffer, n = 0, k, i;
      if (from !== null) {
        // Sorted by start: candidates start in [from - longest span, to]; ranges that end
        // before `from` are dropped one by one (there are few of them).
        var lo = lowerBound(this._starts, this._starts.length, from - this._maxSpan);
        var hi = lowerBound(this._starts, this._starts.length, to + 1);
        if (mask) {
          for (k = lo; k < hi; k++) { i = this._dated[k]; if (end[i] >= from && mask[i]) out[n++] = i; }
        } else {
          for (k = lo; k < hi; k++) { i = this._dated[k]; if (end[i] >= from) out[n++] = i; }
        }
      }
      if (app.undatedShown()) {
        if (mask) {
          for (k = 0; k < this._undated.length; k++) if (mask[this._undated[k]]) out[n++] = this._undated[k];
        } else { out.set(this._undated, n); n += this._undated.length; }
      }
      this._visible = out.subarray(0, n);
      app.canvas.schedule();
    },

    /** On the map (Leaflet still sets _map while onRemove runs). */
    isOn: function () { return !!this._map && !this._removing; },

    onAdd: function () { this._removing = false; this._app.canvas.layerToggled(); },

    onRemove: function () { this._removing = true; this._app.canvas.layerToggled(); }
  });

  var PADDING = 0.1;

  /*
   * The one canvas every incident layer is drawn on, in the order the layers were made
   * (the legend's order; country-level last). It follows the map like Leaflet's own
   * renderers: PADDING around the view, scaled during zoom animations, redrawn after.
   */
  function IncidentCanvas(app, spots) {
    this._app = app;
    this._map = app.map;
    this._stamped = new Int32Array(spots);  // per spot: the pass that last stamped it
    this._counts = new Int32Array(spots);   // per spot: incidents drawn there in this redraw
    this._touched = new Int32Array(spots);  // the spots counted, to clear them next time
    this._pass = 0;
    this._pending = false;
    this._image = null;
    var el_ = this._el = el('canvas', 'nc-incident-canvas leaflet-zoom-animated');
    el_.setAttribute('aria-hidden', 'true');
    this._ctx = el_.getContext('2d');
    var map = this._map, self = this;
    map.getPane('ncIncidents').appendChild(el_);
    map.on('viewreset moveend zoomend resize', this._reset, this);
    map.on('zoom', function () { self._updateTransform(map.getCenter(), map.getZoom()); });
    if (map._zoomAnimated) {
      map.on('zoomanim', function (e) { self._updateTransform(e.center, e.zoom); });
    }
    this._reset();
  }

  IncidentCanvas.prototype.layerToggled = function () {
    this.schedule();
    this._app._changed();
  };

  /** Redraw in the next animation frame (once, however many changes came before it). */
  IncidentCanvas.prototype.schedule = function () {
    if (this._pending) return;
    this._pending = true;
    var self = this;
    L.Util.requestAnimFrame(function () { self._pending = false; self.draw(); });
  };

  IncidentCanvas.prototype._updateTransform = function (center, zoom) {
    if (!this._center) return;
    var map = this._map, scale = map.getZoomScale(zoom, this._zoom);
    var viewHalf = map.getSize().multiplyBy(0.5 + PADDING);
    var currentCenterPoint = map.project(this._center, zoom);
    var topLeftOffset = viewHalf.multiplyBy(-scale).add(currentCenterPoint).subtract(map._getNewPixelOrigin(center, zoom));
    if (L.Browser.any3d) L.DomUtil.setTransform(this._el, topLeftOffset, scale);
    else L.DomUtil.setPosition(this._el, topLeftOffset);
  };

  IncidentCanvas.prototype._reset = function () {
    var map = this._map, size = map.getSize();
    if (!size.x || !size.y) return;
    var min = map.containerPointToLayerPoint(size.multiplyBy(-PADDING)).round();
    this._bounds = L.bounds(min, min.add(size.multiplyBy(1 + PADDING * 2)).round());
    this._center = map.getCenter();
    this._zoom = map.getZoom();
    var s = this._bounds.getSize(), ratio = global.devicePixelRatio || 1;
    var w = Math.round(ratio * s.x), h = Math.round(ratio * s.y);
    L.DomUtil.setPosition(this._el, this._bounds.min);
    if (this._el.width !== w || this._el.height !== h) {
      this._el.width = w; this._el.height = h;
      this._image = null;
    }
    this._el.style.width = s.x + 'px'; this._el.style.height = s.y + 'px';
    this._updateTransform(this._center, this._zoom);
    this.draw();
  };

  // Two ways to put the stamps on the canvas. Without a GPU (a software canvas, as in
  // headless Chromium) writing the pixels ourselves and handing them over with one
  // putImageData is 2-3 times as fast as a drawImage per stamp; with a GPU, drawImage can
  // win, above all on high-density screens. The first big redraw (at load) times each
  // method twice (the first time is a warm-up) up to pixels on the canvas. Timings at
  // load are noisy (the page is still busy), so drawImage is chosen only when it takes
  // less than DRAW_IMAGE_MARGIN of the time: a wrong choice costs at most that factor.
  var METHODS = ['pixels', 'drawImage'], MIN_TIMED_STAMPS = 1000, TRIALS = 2, DRAW_IMAGE_MARGIN = 0.5;

  /** Force a drawing method ('pixels' or 'drawImage'), or null to let timings decide. */
  IncidentCanvas.prototype.useMethod = function (method) {
    if (method !== null && METHODS.indexOf(method) < 0) throw new Error('unknown drawing method ' + method);
    this._forced = method;
    this.draw();
  };

  IncidentCanvas.prototype.method = function () {
    if (this._forced) return this._forced;
    if (this._choice) return this._choice;
    var samples = this._samples;
    return samples && samples.drawImage.length < samples.pixels.length ? 'drawImage' : 'pixels';
  };

  IncidentCanvas.prototype._timed = function (method, msPerStamp) {
    var samples = this._samples || (this._samples = {pixels: [], drawImage: []});
    samples[method].push(msPerStamp);
    if (samples.pixels.length >= TRIALS && samples.drawImage.length >= TRIALS) {
      var best = function (m) { return Math.min.apply(null, samples[m].slice(1)); };
      this._choice = best('drawImage') < DRAW_IMAGE_MARGIN * best('pixels') ? 'drawImage' : 'pixels';
    }
  };

  /** Draw every incident that is visible now (synchronous; schedule() defers it to a frame). */
  IncidentCanvas.prototype.draw = function () {
    if (!this._bounds || !this._el.width || !this._el.height) return;
    var method = this.method(), started = performance.now(), stamps = this._drawWith(method);
    this.stamps = stamps;
    if (this._forced || this._choice || stamps < MIN_TIMED_STAMPS) return;
    // The first big redraw (at load) runs every trial at once, rather than slowing the
    // user's first slider moves with them.
    for (;;) {
      // The browser records drawImage calls and rasterises them later: reading a pixel
      // makes it finish now, so both methods are timed up to pixels on the canvas.
      this._ctx.getImageData(0, 0, 1, 1);
      this._timed(method, (performance.now() - started) / stamps);
      if (this._choice) break;
      method = this.method();
      started = performance.now();
      this._drawWith(method);
    }
    if (method !== this._choice) this._drawWith(this._choice);
  };

  IncidentCanvas.prototype._drawWith = function (method) {
    var app = this._app, map = this._map, canvas = this._el, ctx = this._ctx, W = canvas.width, H = canvas.height;
    var pixels = method === 'pixels', stamps = 0;
    if (pixels) {
      if (!this._image) {
        this._image = ctx.createImageData(W, H);
        this._rgba = new Uint32Array(this._image.data.buffer);
        // Plain bytes (not the clamped view): stores truncate instead of clamping and rounding.
        this._bytes = new Uint8Array(this._image.data.buffer);
      }
      this._rgba.fill(0);
    } else {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, W, H);
    }
    var bytes = this._bytes, rgba = this._rgba;
    var ratio = W / (this._bounds.max.x - this._bounds.min.x);
    var origin = map.getPixelOrigin(), z = Math.pow(2, this._zoom);
    var ox = origin.x + this._bounds.min.x, oy = origin.y + this._bounds.min.y;
    var px = app.px, py = app.py, spot = app.spot, stamped = this._stamped, typeOf = app.data.type;
    var counts = this._counts, touched = this._touched, nTouched = this._nTouched || 0, area = app.data.area;
    for (var c = 0; c < nTouched; c++) counts[touched[c]] = 0;
    nTouched = 0;
    var rings = [];
    for (var l = 0; l < app.layers.length; l++) {
      var layer = app.layers[l];
      if (!layer.isOn()) continue;
      // A new pass number per layer marks its spots as not yet stamped, with no clearing.
      // A layer of several types (country-level) stamps each type once per spot.
      var pass = ++this._pass, idx = layer._visible, r = layer.radius(), country = !!layer.options.countryLevel;
      var sprites = {}, oneType = layer.options.types && layer.options.types.length === 1, seen = new Set();
      for (var k = 0; k < idx.length; k++) {
        var i = idx[k], t = typeOf[i], s = spot[i];
        if (!counts[s]++) touched[nTouched++] = s;
        if (area && area[i] && counts[s] === 1) rings.push(i);
        if (oneType) {
          if (stamped[spot[i]] === pass) continue;
          stamped[spot[i]] = pass;
        } else {
          var key = spot[i] * 1024 + t;
          if (seen.has(key)) continue;
          seen.add(key);
        }
        var sprite = sprites[t] || (sprites[t] = spriteFor(app.types[t], r, country, ratio, W));
        var x = Math.round((px[i] * z - ox) * ratio), y = Math.round((py[i] * z - oy) * ratio);
        if (pixels) stamp(sprite, bytes, rgba, W, H, x, y);
        else ctx.drawImage(sprite.canvas, x - sprite.half, y - sprite.half);
        stamps++;
      }
    }
    this._nTouched = nTouched;
    if (pixels) ctx.putImageData(this._image, 0, 0);
    var project = function (i) { return [(px[i] * z - ox) * ratio, (py[i] * z - oy) * ratio]; };
    if (rings.length) this._drawRings(rings, project, ratio);
    this._drawCounts(nTouched, project, ratio);
    return stamps;
  };

  // Incidents located only to a district or region: a ring the size of the area, drawn
  // under the symbols (destination-over), so an area never looks like a point.
  IncidentCanvas.prototype._drawRings = function (rings, project, ratio) {
    var app = this._app, ctx = this._ctx, map = this._map, W = this._el.width, H = this._el.height;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalCompositeOperation = 'destination-over';
    ctx.setLineDash([5 * ratio, 4 * ratio]);
    ctx.lineWidth = 1.5 * ratio;
    var worldPx = 256 * Math.pow(2, this._zoom);
    for (var k = 0; k < rings.length; k++) {
      var i = rings[k], p = project(i), lat = app.data.lat[i];
      var metresPerPx = 40075016.686 * Math.cos(lat * Math.PI / 180) / worldPx;
      var r = app.data.area[i] * 1000 / metresPerPx * ratio;
      if (r < 10 * ratio || p[0] + r < 0 || p[1] + r < 0 || p[0] - r > W || p[1] - r > H) continue;
      var colour = app.types[app.data.type[i]].color;
      ctx.beginPath();
      ctx.arc(p[0], p[1], r, 0, Math.PI * 2);
      ctx.strokeStyle = colour;
      ctx.globalAlpha = 0.8;
      ctx.stroke();
      ctx.globalAlpha = 0.08;
      ctx.fillStyle = colour;
      ctx.fill();
    }
    ctx.restore();
  };

  // Several incidents drawn on one spot: their number beside the symbol (when few enough
  // spots are on screen for the numbers to be read).
  var MAX_COUNT_LABELS = 250;
  IncidentCanvas.prototype._drawCounts = function (nTouched, project, ratio) {
    var ctx = this._ctx, counts = this._counts, touched = this._touched, W = this._el.width, H = this._el.height;
    var first = this._app.spotIncident, labels = [];
    for (var k = 0; k < nTouched; k++) {
      var s = touched[k];
      if (counts[s] < 2) continue;
      var p = project(first[s]);
      if (p[0] < 0 || p[1] < 0 || p[0] > W || p[1] > H) continue;
      labels.push([p[0], p[1], counts[s]]);
      if (labels.length > MAX_COUNT_LABELS) return;
    }
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.font = '600 ' + Math.round(10 * ratio) + 'px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.lineWidth = 3 * ratio;
    ctx.strokeStyle = '#ffffff';
    ctx.fillStyle = '#1f2a30';
    for (var j = 0; j < labels.length; j++) {
      var x = labels[j][0] + 7 * ratio, y = labels[j][1] - 7 * ratio, text = String(labels[j][2]);
      ctx.strokeText(text, x, y);
      ctx.fillText(text, x, y);
    }
    ctx.restore();
    this.countLabels = labels.length;
  };

  // A sprite is a symbol rasterised once by the browser (anti-aliased), kept as its
  // non-transparent pixels: offsets from the centre and colours, ready to be stamped.
  var spriteCache = {};

  function spriteFor(style, r, country, ratio, width) {
    var key = [style.color, style.symbol, r, country, ratio].join('|'), cached = spriteCache[key];
    if (cached) {
      // Offsets depend on the row length of the buffer, which changes with the window.
      if (cached.width !== width) {
        for (var j = 0; j < cached.n; j++) cached.offset[j] = cached.dy[j] * width + cached.dx[j];
        cached.width = width;
      }
      return cached;
    }
    var size = 2 * Math.ceil(r * 1.3 + 2), px = Math.ceil(size * ratio), canvas = document.createElement('canvas');
    canvas.width = px; canvas.height = px;
    var ctx = canvas.getContext('2d');
    ctx.scale(ratio, ratio);
    ctx.beginPath();
    traceSymbol(ctx, style.symbol, size / 2, size / 2, r);
    ctx.globalAlpha = country ? 0.45 : 0.9;
    ctx.fillStyle = style.color;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.lineWidth = country ? 2 : 1;
    ctx.strokeStyle = country ? style.color : '#ffffff';
    if (country) ctx.setLineDash([3, 2]);
    ctx.stroke();
    var pixels = ctx.getImageData(0, 0, px, px).data, words = new Uint32Array(pixels.buffer.slice(0));
    var half = Math.floor(px / 2), dx = [], dy = [], colour = [], alpha = [], rgb = [];
    for (var y = 0; y < px; y++) {
      for (var x = 0; x < px; x++) {
        var b = (y * px + x) * 4;
        if (!pixels[b + 3]) continue;
        dx.push(x - half); dy.push(y - half);
        colour.push(words[y * px + x]); alpha.push(pixels[b + 3]);
        // Colour times alpha (times 255, the scale of the blend): straight to the blend.
        rgb.push(pixels[b] * pixels[b + 3] * 255, pixels[b + 1] * pixels[b + 3] * 255, pixels[b + 2] * pixels[b + 3] * 255);
      }
    }
    var sprite = {
      n: dx.length, dx: Int32Array.from(dx), dy: Int32Array.from(dy), half: half, extent: px,
      canvas: canvas, colour: Uint32Array.from(colour), alpha: Uint8Array.from(alpha), weighted: Float64Array.from(rgb),
      width: width, offset: Int32Array.from(dx.map(function (v, k) { return dy[k] * width + v; }))
    };
    spriteCache[key] = sprite;
    return sprite;
  }

  // Source-over compositing of one sprite at (x, y) into a non-premultiplied RGBA buffer,
  // as drawImage would do it, without a drawImage call per stamp.
  function stamp(sprite, bytes, rgba, W, H, x, y) {
    var half = sprite.half, extent = sprite.extent;
    if (x + extent < 0 || y + extent < 0 || x - extent >= W || y - extent >= H) return;
    var centre = y * W + x, offset = sprite.offset, n = sprite.n;
    if (x - half >= 0 && y - half >= 0 && x - half + extent <= W && y - half + extent <= H) {
      for (var k = 0; k < n; k++) blend(sprite, bytes, rgba, k, centre + offset[k]);
    } else {
      var dx = sprite.dx, dy = sprite.dy;
      for (var j = 0; j < n; j++) {
        var qx = x + dx[j], qy = y + dy[j];
        if (qx >= 0 && qy >= 0 && qx < W && qy < H) blend(sprite, bytes, rgba, j, centre + offset[j]);
      }
    }
  }

  function blend(sprite, bytes, rgba, k, q) {
    var b = q << 2, da = bytes[b + 3], sa = sprite.alpha[k];
    if (da === 0 || sa === 255) { rgba[q] = sprite.colour[k]; return; }
    // Both translucent: out = src + dst * (1 - srcAlpha), in straight (not premultiplied) colour.
    var keep = da * (255 - sa), total = sa * 255 + keep, f = 1 / total, src = sprite.weighted, c = k * 3;
    // Each result is at most 255; + 0.5 rounds, as the byte store truncates.
    bytes[b] = (src[c] + bytes[b] * keep) * f + 0.5;
    bytes[b + 1] = (src[c + 1] + bytes[b + 1] * keep) * f + 0.5;
    bytes[b + 2] = (src[c + 2] + bytes[b + 2] * keep) * f + 0.5;
    bytes[b + 3] = total / 255 + 0.5;
  }

  // ---- panes, basemap, places, overlays ---------------------------------------------

  function ensurePanes(map) {
    [['ncBasemap', 150], ['ncLabels', 160], ['ncOverlays', 380], ['ncPlaces', 390], ['ncIncidents', 450]].forEach(function (p) {
      if (!map.getPane(p[0])) {
        var pane = map.createPane(p[0]);
        pane.style.zIndex = p[1];
        if (p[0] === 'ncLabels' || p[0] === 'ncBasemap') pane.style.pointerEvents = 'none';
      }
    });
  }

  function basemap(map, countries, attribution) {
    ensurePanes(map);
    var land = L.geoJSON(countries, {
      pane: 'ncBasemap',
      renderer: L.canvas({pane: 'ncBasemap', padding: 0.2}),
      interactive: false,
      attribution: attribution,
      style: function () { return {color: '#9a9088', weight: 0.8, fillColor: '#f3efe6', fillOpacity: 1}; }
    });
    var labels = [];
    countries.features.forEach(function (f) {
      var node = el('span', null, f.properties.name);
      var marker = L.marker([f.properties.label[1], f.properties.label[0]], {
        pane: 'ncLabels', interactive: false, keyboard: false,
        icon: L.divIcon({className: 'nc-country-label', html: node, iconSize: null})
      });
      marker.rank = f.properties.rank;
      labels.push(marker);
    });
    var labelGroup = L.layerGroup();
    function showLabels() {
      var z = map.getZoom();
      labels.forEach(function (m) {
        var want = m.rank <= z + 1;
        if (want && !labelGroup.hasLayer(m)) labelGroup.addLayer(m);
        else if (!want && labelGroup.hasLayer(m)) labelGroup.removeLayer(m);
      });
    }
    var group = L.layerGroup([land, labelGroup]);
    group.getAttribution = function () { return attribution; };
    group.on('add', function () {
      map.getContainer().classList.add('nc-offline-basemap');
      map.on('zoomend', showLabels);
      showLabels();
    });
    group.on('remove', function () {
      map.getContainer().classList.remove('nc-offline-basemap');
      map.off('zoomend', showLabels);
    });
    return group;
  }

  // How each kind of overlay is drawn (kinds are set by geo/map/basemap_build.py).
  var OVERLAY_STYLES = {
    historical_boundary: {color: '#5b2c83', weight: 2, fill: false},
    disputed_area: {color: '#b03a2e', weight: 2, dashArray: '6 4', fill: true, fillColor: '#b03a2e', fillOpacity: 0.05},
    line_of_control: {color: '#b03a2e', weight: 2.5, dashArray: '2 5', lineCap: 'round'},
    claim_line: {color: '#8c6d31', weight: 1.5, dashArray: '5 4'},
    reference_line: {color: '#5b2c83', weight: 1.5, dashArray: '8 3'}
  };

  /** One named overlay (a FeatureCollection of areas or lines), its features' titles as tooltips. */
  function overlay(map, collection) {
    ensurePanes(map);
    var layer = L.geoJSON(collection, {
      pane: 'ncOverlays',
      style: function (f) { return L.extend({}, OVERLAY_STYLES[f.properties.kind] || OVERLAY_STYLES.claim_line); }
    });
    layer.eachLayer(function (l) { l.bindTooltip(el('span', null, l.feature.properties.title || l.feature.properties.name), {sticky: true}); });
    return layer;
  }

  function placesLayer(map, places) {
    ensurePanes(map);
    var renderer = L.canvas({pane: 'ncPlaces'});
    var group = L.layerGroup(), articles = places.articles;
    places.rows.forEach(function (p) {
      // p: [lat, lon, name, kind, country, mentions, metonym_mentions, articles]
      var marker = L.circleMarker([p[0], p[1]], {
        pane: 'ncPlaces', renderer: renderer, radius: 3 + Math.min(5, Math.sqrt(p[5] || 0)),
        color: '#37474f', weight: 1, fillColor: '#ffffff', fillOpacity: 0.8
      });
      marker.bindTooltip(el('span', null, p[2]), {direction: 'top', offset: [0, -4]});
      marker.bindPopup(function () {
        var root = el('div', 'nc-place');
        root.appendChild(el('h3', null, p[2]));
        var dl = el('dl');
        [['Kind', p[3]], ['Country', p[4]], ['Mentions', String(p[5]) + (p[6] ? ' (' + p[6] + ' as a metonym)' : '')]].forEach(function (row) {
          if (row[1] === null || row[1] === undefined) return;
          dl.appendChild(el('dt', null, row[0])); dl.appendChild(el('dd', null, row[1]));
        });
        root.appendChild(dl);
        if (p[7] && p[7].length) {
          root.appendChild(el('h4', null, 'Articles'));
          var ul = el('ul', 'nc-sources');
          p[7].forEach(function (a) { ul.appendChild(el('li', null, articles[a])); });
          root.appendChild(ul);
        }
        return root;
      }, {className: 'nc-popup'});
      group.addLayer(marker);
    });
    // Offline there are no town names on the basemap: label the most-mentioned places
    // once zoomed in far enough for the labels not to pile up.
    var labels = L.layerGroup();
    places.rows.filter(function (p) { return p[3] !== 'country'; }).sort(function (a, b) { return (b[5] || 0) - (a[5] || 0); }).slice(0, MAX_PLACE_LABELS).forEach(function (p) {
      labels.addLayer(L.marker([p[0], p[1]], {
        pane: 'ncLabels', interactive: false, keyboard: false,
        icon: L.divIcon({className: 'nc-place-label', html: el('span', null, p[2]), iconSize: null})
      }));
    });
    function showLabels() {
      if (map.getZoom() >= PLACE_LABEL_ZOOM) group.addLayer(labels); else group.removeLayer(labels);
    }
    group.on('add', function () { map.on('zoomend', showLabels); showLabels(); });
    group.on('remove', function () { map.off('zoomend', showLabels); });
    return group;
  }

  var MAX_PLACE_LABELS = 300, PLACE_LABEL_ZOOM = 8;

  // ---- controls: time slider, legend -------------------------------------------------

  var TimeSlider = L.Control.extend({
    options: {position: 'bottomleft', title: null},

    initialize: function (app, options) {
      L.setOptions(this, options);
      this._app = app;
      this._timer = null;
    },

    onAdd: function () {
      var app = this._app, self = this;
      var root = el('div', 'nc-timeslider leaflet-bar');
      root.setAttribute('role', 'group');
      root.setAttribute('aria-label', 'Date filter');
      L.DomEvent.disableClickPropagation(root);
      L.DomEvent.disableScrollPropagation(root);
      if (this.options.title) root.appendChild(el('div', 'nc-title', this.options.title));
      if (app.minDay === null) {
        root.appendChild(el('div', 'nc-range-label', 'No dated incidents'));
      } else {
        var top = el('div', 'nc-row');
        this._play = el('button', 'nc-play', '▶');
        this._play.type = 'button';
        this._play.setAttribute('aria-label', 'Play: move the date window forward');
        this._play.title = 'Play: move the date window forward';
        top.appendChild(this._play);
        this._label = el('output', 'nc-range-label');
        this._label.setAttribute('aria-live', 'polite');
        top.appendChild(this._label);
        root.appendChild(top);

        this._hist = el('canvas', 'nc-histogram');
        this._hist.setAttribute('role', 'img');
        root.appendChild(this._hist);

        var track = el('div', 'nc-track');
        this._from = this._rangeInput('Start date');
        this._to = this._rangeInput('End date');
        track.appendChild(this._from);
        track.appendChild(this._to);
        root.appendChild(track);
        var ends = el('div', 'nc-row nc-ends');
        ends.appendChild(el('span', null, isoOfDay(app.minDay)));
        ends.appendChild(el('span', null, isoOfDay(app.maxDay)));
        root.appendChild(ends);

        this._from.addEventListener('input', function () { self._stop(); self._fromInputs('from'); });
        this._to.addEventListener('input', function () { self._stop(); self._fromInputs('to'); });
        this._play.addEventListener('click', function () { self._timer ? self._stop() : self._start(); });
      }
      var undated = app.undatedCount();
      var sw = el('label', 'nc-undated');
      this._undated = el('input');
      this._undated.type = 'checkbox';
      this._undated.checked = app.showUndated;
      this._undated.disabled = undated === 0;
      sw.appendChild(this._undated);
      this._undatedCount = undated;
      this._undatedLabel = sw.appendChild(el('span', null, 'Show undated incidents (' + undated + ')'));
      root.appendChild(sw);
      this._undated.addEventListener('change', function () { app.setShowUndated(self._undated.checked); });

      app.onChange(function () { self._sync(); });
      app.map.on('resize', function () { self._histSize = null; self._sync(); });
      this._sync();
      // Not in the page yet, so the histogram has no size: draw it again once it has.
      if (this._hist) L.Util.requestAnimFrame(function () { self._drawHistogram(); });
      return root;
    },

    onRemove: function () { this._stop(); },

    _rangeInput: function (label) {
      var input = el('input', 'nc-range');
      input.type = 'range';
      input.min = String(this._app.minDay);
      input.max = String(this._app.maxDay);
      input.step = '1';
      input.setAttribute('aria-label', label);
      return input;
    },

    _fromInputs: function (moved) {
      var from = +this._from.value, to = +this._to.value;
      // Handles never cross: the moved one pushes the other.
      if (from > to) { if (moved === 'from') to = from; else from = to; }
      this._app.setRange(from, to);
    },

    _sync: function () {
      var app = this._app;
      if (this._undated) {
        this._undated.checked = app.showUndated;
        // Undated incidents never mix into a narrowed range: say so where they are switched.
        var hidden = this._undatedCount && app.showUndated && !app.undatedShown();
        this._undatedLabel.textContent = 'Show undated incidents (' + this._undatedCount + ')' +
          (hidden ? ': hidden while the dates are narrowed' : '');
        this._undatedLabel.parentNode.classList.toggle('nc-undated-hidden', !!hidden);
      }
      if (app.minDay === null) return;
      this._from.value = String(app.range.from);
      this._to.value = String(app.range.to);
      this._from.setAttribute('aria-valuetext', isoOfDay(app.range.from));
      this._to.setAttribute('aria-valuetext', isoOfDay(app.range.to));
      var text = app.range.from === app.range.to ? isoOfDay(app.range.from) : isoOfDay(app.range.from) + ' – ' + isoOfDay(app.range.to);
      this._label.textContent = text;
      this._drawHistogram();
    },

    _drawHistogram: function () {
      var app = this._app, canvas = this._hist, ratio = global.devicePixelRatio || 1;
      // Reading the size forces a layout: once it is known, again only after a resize.
      if (!this._histSize) {
        var measured = canvas.clientWidth;
        if (measured) this._histSize = [measured, canvas.clientHeight || 36];
      }
      var w = this._histSize ? this._histSize[0] : 280, h = this._histSize ? this._histSize[1] : 36;
      // Resizing a canvas reallocates it: only when its size really changed.
      if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
        canvas.width = Math.round(w * ratio); canvas.height = Math.round(h * ratio);
      }
      var ctx = canvas.getContext('2d');
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, w, h);
      var counts = app.dayCounts(), span = app.maxDay - app.minDay + 1;
      // One bar per day, or per group of days when there are more days than pixels.
      var bins = Math.max(1, Math.min(span, Math.floor(w / 2)));
      var per = span / bins, binCounts = new Float64Array(bins), peak = 0;
      for (var d = 0; d < span; d++) {
        var b = Math.min(bins - 1, Math.floor(d / per));
        binCounts[b] += counts[d];
      }
      for (var k = 0; k < bins; k++) peak = Math.max(peak, binCounts[k]);
      var bw = w / bins;
      for (var j = 0; j < bins; j++) {
        if (!binCounts[j]) continue;
        var dayStart = app.minDay + Math.floor(j * per), dayEnd = app.minDay + Math.floor((j + 1) * per) - 1;
        var inside = dayEnd >= app.range.from && dayStart <= app.range.to;
        var bh = Math.max(2, (h - 2) * binCounts[j] / peak);
        ctx.fillStyle = inside ? '#37474f' : '#c5cbd0';
        ctx.fillRect(j * bw + 0.5, h - bh, Math.max(1, bw - 1), bh);
      }
      canvas.setAttribute('aria-label', 'Incidents per day; busiest day ' + peak);
    },

    _start: function () {
      var app = this._app, self = this;
      var width = app.range.to - app.range.from;
      if (app.range.to >= app.maxDay) app.setRange(app.minDay, app.minDay + width);
      var step = Math.max(1, Math.ceil((app.maxDay - app.minDay) / 120));
      this._play.textContent = '❚❚';
      this._play.setAttribute('aria-label', 'Pause');
      this._play.title = 'Pause';
      this._play.classList.add('nc-playing');
      this._timer = setInterval(function () {
        var to = Math.min(app.maxDay, app.range.to + step);
        app.setRange(to - width, to);
        if (to >= app.maxDay) self._stop();
      }, 300);
    },

    _stop: function () {
      if (!this._timer) return;
      clearInterval(this._timer);
      this._timer = null;
      this._play.textContent = '▶';
      this._play.setAttribute('aria-label', 'Play: move the date window forward');
      this._play.title = 'Play: move the date window forward';
      this._play.classList.remove('nc-playing');
    }
  });

  App.prototype.undatedCount = function () {
    var n = 0;
    for (var i = 0; i < this.n; i++) if (this.data.start[i] === null) n++;
    return n;
  };

  /** Incidents per day (by start date) in the layers that are on. */
  App.prototype.dayCounts = function () {
    var key = this.activeLayers().map(function (l) { return L.stamp(l); }).join(',');
    if (this._countsKey === key) return this._counts;
    var counts = new Float64Array(this.maxDay - this.minDay + 1), data = this.data;
    this.activeLayers().forEach(function (layer) {
      for (var k = 0; k < layer._dated.length; k++) counts[data.start[layer._dated[k]] - this.minDay]++;
    }, this);
    this._counts = counts; this._countsKey = key;
    return counts;
  };

  var Legend = L.Control.extend({
    options: {position: 'bottomright'},
    initialize: function (app, options) { L.setOptions(this, options); this._app = app; },
    onAdd: function () {
      var root = el('details', 'nc-legend leaflet-bar');
      // Open on a desktop, folded on a phone (tap the title to unfold).
      root.open = !narrow(this._app.map);
      L.DomEvent.disableClickPropagation(root);
      L.DomEvent.disableScrollPropagation(root);
      root.appendChild(el('summary', 'nc-title', 'Incident types'));
      var list = el('ul');
      var counts = {};
      for (var i = 0; i < this._app.n; i++) counts[this._app.data.type[i]] = (counts[this._app.data.type[i]] || 0) + 1;
      this._app.types.forEach(function (t, k) {
        var li = el('li');
        li.appendChild(symbolCanvas(t, 16));
        li.appendChild(el('span', null, t.label));
        li.appendChild(el('span', 'nc-count', String(counts[k] || 0)));
        list.appendChild(li);
      });
      root.appendChild(list);
      root.appendChild(el('div', 'nc-note', 'Dashed, larger symbols: located only to a country.'));
      return root;
    }
  });

  var NARROW = 640;

  function narrow(map) { return map.getSize().x < NARROW; }

  // Size of the panels in one corner of the map ('bottom left', ...): [width, height] in pixels.
  function cornerSize(map, corner) {
    var node = map.getContainer().querySelector('.leaflet-control-container ' + corner.replace(/(\w+)/g, '.leaflet-$1').replace(' ', ''));
    if (!node) return [0, 0];
    var box = node.getBoundingClientRect();
    return [box.width, box.height];
  }

  /** Open on `bounds` ([[south, west], [north, east]]), clear of the panels (slider, legend, layer list). */
  function fit(map, bounds, options) {
    var size = map.getSize(), gap = 12;
    var bottom = Math.max(cornerSize(map, 'bottom left')[1], cornerSize(map, 'bottom right')[1]);
    // The bottom right also holds the attribution, as wide as half the map: only the layer list counts.
    var right = cornerSize(map, 'top right')[0];
    // Never more than 40% of the map, or a phone would be left with no room at all.
    var padRight = Math.min(Math.round(right + gap), Math.round(size.x * 0.4));
    var padBottom = Math.min(Math.round(bottom + gap), Math.round(size.y * 0.4));
    // No animation: the page opens on its view (and is drawn once, not zoomed into).
    // The top left holds the zoom buttons and the incident list.
    var padLeft = Math.min(Math.round(cornerSize(map, 'top left')[0] + gap), Math.round(size.x * 0.4));
    map.fitBounds(bounds, L.extend({paddingTopLeft: [Math.max(30, padLeft), 30], paddingBottomRight: [padRight, padBottom],
                                    animate: false}, options));
  }

  // ---- public API -----------------------------------------------------------------

  function expose(app, entries, layerControl) {
    var map = app.map;
    if (layerControl && narrow(map)) {
      // On a phone the layer list would cover the map: fold it behind its button.
      layerControl.collapse();
      map.on('click', layerControl.collapse, layerControl);
    }
    var api = {
      map: map,
      app: app,
      setRange: function (fromIso, toIso) {
        app.setRange(dayOfIso(fromIso), dayOfIso(toIso));
        return {from: isoOfDay(app.range.from), to: isoOfDay(app.range.to)};
      },
      range: function () {
        return app.range.from === null ? null : {from: isoOfDay(app.range.from), to: isoOfDay(app.range.to)};
      },
      setShowUndated: function (on) { app.setShowUndated(on); },
      visible: function () { return app.visible(); },
      layers: function () {
        return entries.filter(function (e) { return e.overlay; }).map(function (e) {
          return {name: e.name, on: map.hasLayer(e.layer)};
        });
      },
      baseLayers: function () {
        return entries.filter(function (e) { return !e.overlay; }).map(function (e) {
          return {name: e.name, on: map.hasLayer(e.layer)};
        });
      },
      setLayer: function (name, on) {
        entries.forEach(function (e) {
          if (e.name !== name) return;
          if (on) map.addLayer(e.layer); else map.removeLayer(e.layer);
        });
      }
    };
    global.incidentMap = api;
    return api;
  }

  global.IncidentMap = {
    App: App,
    IncidentLayer: IncidentLayer,
    app: function (map, dataId, detailsId) {
      ensurePanes(map);
      return new App(map, readJson(dataId), detailsId);
    },
    readJson: readJson,
    basemap: basemap,
    overlay: overlay,
    placesLayer: placesLayer,
    timeSlider: function (app, options) { return new TimeSlider(app, options); },
    legend: function (app, options) { return new Legend(app, options); },
    expose: expose,
    fit: fit,
    isoOfDay: isoOfDay,
    isWebUrl: isWebUrl,
    placeLabel: placeLabel,
    el: el,
    symbolCanvas: symbolCanvas,
    dayOfIso: dayOfIso
  };
}(window));
