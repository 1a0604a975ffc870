/*
 * The list of incidents beside the map (geo/map/static/incident_map.js draws them).
 *
 * It lists what the map shows: the incidents of the layers that are on, inside the date
 * range, passing the list's own filters (text search, type, claimant, precision), which
 * filter the map as well (App.setMask), and, with "Only what is in view", inside the map's
 * view. Rows are virtualised: only the few in sight exist in the page, so 50,000 incidents
 * cost one array of indices. Clicking a row (or Enter on it) flies to the incident and
 * opens it; opening one on the map highlights its row. Everything from the articles
 * reaches the page through textContent. The visible incidents download as GeoJSON or CSV,
 * made in the browser.
 */
(function (global) {
  'use strict';

  var L = global.L, IM = global.IncidentMap, el = IM.el;
  var ROW_HEIGHT = 66, OVERSCAN = 8, SEARCH_DELAY_MS = 120;
  var PRECISION = {1: 'town', 2: 'near town', 3: 'region', 4: 'country'};

  function option(select, value, label) {
    var o = el('option', null, label);
    o.value = value;
    select.appendChild(o);
    return o;
  }

  function labelled(text, control) {
    var label = el('label', 'nc-field');
    label.appendChild(el('span', 'nc-field-name', text));
    label.appendChild(control);
    return label;
  }

  var IncidentList = L.Control.extend({
    options: {position: 'topleft'},

    initialize: function (app, options) {
      L.setOptions(this, options);
      this._app = app;
      this.filters = {q: '', type: '', claimant: '', precision: ''};
      this.inView = false;
      this.descending = false;
      this.rows = new Int32Array(0);
      this._cursor = -1;
      app.list = this;
    },

    onAdd: function (map) {
      var app = this._app, self = this;
      var root = this._root = el('section', 'nc-list leaflet-bar');
      root.setAttribute('aria-label', 'Incident list');
      L.DomEvent.disableClickPropagation(root);
      L.DomEvent.disableScrollPropagation(root);

      var head = el('div', 'nc-list-head');
      this._toggle = el('button', 'nc-list-toggle', 'List');
      this._toggle.type = 'button';
      this._toggle.setAttribute('aria-controls', 'nc-list-body');
      head.appendChild(this._toggle);
      this._count = el('output', 'nc-list-count');
      this._count.setAttribute('aria-live', 'polite');
      head.appendChild(this._count);
      root.appendChild(head);

      var body = this._body = el('div', 'nc-list-body');
      body.id = 'nc-list-body';
      this._search = el('input', 'nc-search');
      this._search.type = 'search';
      this._search.placeholder = 'Search place, text, claimant, source';
      this._search.setAttribute('aria-label', 'Search incidents');
      body.appendChild(this._search);

      var filters = el('div', 'nc-filters');
      this._type = el('select');
      this._type.setAttribute('aria-label', 'Type');
      option(this._type, '', 'All types');
      app.types.forEach(function (t) { option(this._type, t.key, t.label); }, this);
      filters.appendChild(labelled('Type', this._type));
      this._claimant = el('select');
      this._claimant.setAttribute('aria-label', 'Claimed by');
      option(this._claimant, '', 'Anyone');
      filters.appendChild(labelled('Claimed by', this._claimant));
      this._precision = el('select');
      this._precision.setAttribute('aria-label', 'Precision');
      option(this._precision, '', 'Any precision');
      [1, 2, 3, 4].forEach(function (p) { option(this._precision, String(p), PRECISION[p]); }, this);
      filters.appendChild(labelled('Located to', this._precision));
      body.appendChild(filters);

      var tools = el('div', 'nc-list-tools');
      var inView = el('label', 'nc-inview');
      this._inView = el('input');
      this._inView.type = 'checkbox';
      inView.appendChild(this._inView);
      inView.appendChild(el('span', null, 'Only what is in view'));
      tools.appendChild(inView);
      this._sort = el('button', 'nc-sort', 'Oldest first');
      this._sort.type = 'button';
      this._sort.setAttribute('aria-label', 'Sort by date');
      tools.appendChild(this._sort);
      body.appendChild(tools);

      var downloads = el('div', 'nc-downloads');
      downloads.appendChild(el('span', null, 'Download the listed incidents:'));
      this._geojson = el('button', 'nc-download', 'GeoJSON');
      this._csv = el('button', 'nc-download', 'CSV');
      this._geojson.type = this._csv.type = 'button';
      downloads.appendChild(this._geojson);
      downloads.appendChild(this._csv);
      body.appendChild(downloads);

      this._undatedNote = el('p', 'nc-list-note');
      body.appendChild(this._undatedNote);

      var scroller = this._scroller = el('div', 'nc-list-rows');
      scroller.tabIndex = 0;
      scroller.setAttribute('role', 'listbox');
      scroller.setAttribute('aria-label', 'Incidents, by date (arrow keys to move, Enter to open)');
      this._spacer = scroller.appendChild(el('div', 'nc-list-spacer'));
      body.appendChild(scroller);
      root.appendChild(body);

      this._toggle.addEventListener('click', function () { self.setOpen(!self.open); });
      this._search.addEventListener('input', function () {
        clearTimeout(self._searchTimer);
        self._searchTimer = setTimeout(function () { self.setFilters({q: self._search.value}); }, SEARCH_DELAY_MS);
      });
      this._type.addEventListener('change', function () { self.setFilters({type: self._type.value}); });
      this._claimant.addEventListener('change', function () { self.setFilters({claimant: self._claimant.value}); });
      this._precision.addEventListener('change', function () { self.setFilters({precision: self._precision.value}); });
      this._inView.addEventListener('change', function () { self.setInView(self._inView.checked); });
      this._sort.addEventListener('click', function () { self.setDescending(!self.descending); });
      this._geojson.addEventListener('click', function () { self.download('geojson'); });
      this._csv.addEventListener('click', function () { self.download('csv'); });
      scroller.addEventListener('scroll', function () { self._paint(); });
      scroller.addEventListener('keydown', function (e) { self._key(e); });
      scroller.addEventListener('click', function (e) {
        var row = e.target.closest('.nc-list-row');
        if (row) self.activate(+row.getAttribute('data-pos'));
      });

      app.onChange(function () { self.refresh(); });
      app.onSelect(function (i) { self._selected(i); });
      map.on('moveend', function () { if (self.inView) self.refresh(); });
      // Open beside the map on a desktop; folded on a phone, where it opens as a bottom sheet,
      // and in a big map whose details are packed (unpacked when the list is opened).
      this.setOpen(map.getSize().x >= 640 && !app._packedDetails());
      return root;
    },

    setOpen: function (open) {
      this.open = !!open;
      this._root.classList.toggle('nc-list-open', this.open);
      this._toggle.setAttribute('aria-expanded', String(this.open));
      this._toggle.textContent = this.open ? 'Hide list' : 'List';
      // On a phone the open list is a sheet over the bottom panels: its corner goes on top.
      this._app.map.getContainer().classList.toggle('nc-list-shown', this.open);
      if (this.open) {
        var self = this;
        this._app.loadDetails().then(function () { self._detailsReady(); }, function () {});
        this.refresh();
      }
      this._changed();
    },

    setFilters: function (changes) {
      var self = this;
      // A search still being typed (its timer pending) is not undone by another filter.
      if ('q' in changes && this._search.value !== changes.q) {
        clearTimeout(this._searchTimer);
        this._search.value = changes.q;
      } else if (!('q' in changes)) {
        clearTimeout(this._searchTimer);
        changes.q = this._search.value;
      }
      L.extend(this.filters, changes);
      this._type.value = this.filters.type;
      this._precision.value = this.filters.precision;
      if (this.filters.claimant && !this._claimantOption(this.filters.claimant)) {
        option(this._claimant, this.filters.claimant, this.filters.claimant);
      }
      this._claimant.value = this.filters.claimant;
      var needsDetails = this.filters.q || this.filters.claimant || this.filters.precision;
      if (needsDetails && !this._index) {
        return this._app.loadDetails().then(function () { self._detailsReady(); self._applyMask(); });
      }
      this._applyMask();
      return Promise.resolve();
    },

    setInView: function (on) {
      this.inView = !!on;
      this._inView.checked = this.inView;
      this.refresh();
      this._changed();
    },

    setDescending: function (on) {
      this.descending = !!on;
      this._sort.textContent = this.descending ? 'Newest first' : 'Oldest first';
      this.refresh();
      this._changed();
    },

    _claimantOption: function (value) {
      for (var k = 0; k < this._claimant.options.length; k++) if (this._claimant.options[k].value === value) return true;
      return false;
    },

    // Once the details are here: claimants to choose from, and the text each search looks in.
    _detailsReady: function () {
      if (this._index) return;
      var app = this._app, table = app._detailsTable(), fields = table.fields, strings = table.strings;
      var F = {}, n = app.n, k;
      fields.forEach(function (name, j) { F[name] = j; });
      var party = new Array(n), text = new Array(n), precision = new Uint8Array(n), parties = {};
      var labels = {district: 3}, titles = (table.sources || []).map(function (s) { return (s && s[0]) || ''; });
      for (k = 1; k <= 4; k++) labels[PRECISION[k]] = k;
      for (var i = 0; i < n; i++) {
        var row = table.incidents[i] || [], claimed = row[F.claimed_by] || [], names = [];
        for (k = 0; k < claimed.length; k++) {
          var p = strings[claimed[k]].split(' (')[0];
          names.push(p);
          parties[p] = (parties[p] || 0) + 1;
        }
        party[i] = names;
        precision[i] = app.data.country[i] ? 4 : (labels[strings[row[F.geo_label]]] || 0);
        var words = [strings[row[F.place]] || ''], ev = row[F.evidence] || [];
        for (k = 0; k + 1 < ev.length; k += 2) words.push(table.sentences[ev[k + 1]], titles[ev[k]] || '');
        for (k = 0; k < claimed.length; k++) words.push(strings[claimed[k]]);
        (row[F.denied_by] || []).forEach(function (s) { words.push(strings[s]); });
        text[i] = words.join('\n').toLowerCase();
      }
      this._index = {party: party, text: text, precision: precision};
      var chosen = this._claimant.value;
      Object.keys(parties).sort().forEach(function (p) {
        if (!this._claimantOption(p)) option(this._claimant, p, p + ' (' + parties[p] + ')');
      }, this);
      option(this._claimant, '-', 'No one named');
      this._claimant.value = chosen;
      this._paint(true);
    },

    _applyMask: function () {
      var f = this.filters, app = this._app, n = app.n;
      if (!f.q && !f.type && !f.claimant && !f.precision) {
        app.setMask(null);
        this._changed();
        return;
      }
      var mask = new Uint8Array(n), index = this._index, q = f.q.trim().toLowerCase();
      var type = -1;
      app.types.forEach(function (t, k) { if (t.key === f.type) type = k; });
      var precision = f.precision ? +f.precision : 0;
      for (var i = 0; i < n; i++) {
        if (f.type && app.data.type[i] !== type) continue;
        if (index) {
          if (precision && index.precision[i] !== precision) continue;
          if (f.claimant === '-' ? index.party[i].length : f.claimant && index.party[i].indexOf(f.claimant) < 0) continue;
          if (q && index.text[i].indexOf(q) < 0) continue;
        }
        mask[i] = 1;
      }
      app.setMask(mask);
      this._changed();
    },

    /** The listed incidents: indices into the store, in date order (or reversed). */
    refresh: function () {
      if (!this._root) return;
      // Folded, the list costs nothing per slider step: it is made when opened or downloaded.
      this._stale = !this.open;
      if (this._stale) return;
      var app = this._app, layers = app.activeLayers(), total = 0, l, k;
      for (l = 0; l < layers.length; l++) total += layers[l].visibleIndices().length;
      var rows = new Int32Array(total), n = 0;
      var bounds = this.inView ? app.map.getBounds() : null;
      var south, north, west, east;
      if (bounds) { south = bounds.getSouth(); north = bounds.getNorth(); west = bounds.getWest(); east = bounds.getEast(); }
      for (l = 0; l < layers.length; l++) {
        var idx = layers[l].visibleIndices();
        for (k = 0; k < idx.length; k++) {
          var i = idx[k];
          if (bounds) {
            var la = app.data.lat[i], lo = app.data.lon[i];
            if (la < south || la > north || lo < west || lo > east) continue;
          }
          rows[n++] = i;
        }
      }
      rows = rows.subarray(0, n);
      rows.sort();  // the store is in date order: index order is date order
      if (this.descending) rows.reverse();
      this.rows = rows;
      this._cursor = Math.min(this._cursor, n - 1);
      var undated = app.undatedCount(), hidden = undated && !app.undatedShown();
      this._count.textContent = n.toLocaleString('en') + ' of ' + app.n.toLocaleString('en') + ' incidents';
      this._undatedNote.textContent = !undated ? '' : hidden
        ? undated + ' undated incident' + (undated === 1 ? ' is' : 's are') + ' not listed (dates narrowed or switched off).'
        : undated + ' undated incident' + (undated === 1 ? '' : 's') + ' listed last, marked "undated".';
      this._spacer.style.height = (n * ROW_HEIGHT) + 'px';
      this._paint(true);
    },

    _paint: function (force) {
      if (!this.open) return;
      var scroller = this._scroller, top = scroller.scrollTop, height = scroller.clientHeight || 400;
      var first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
      var last = Math.min(this.rows.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
      if (!force && first === this._first && last === this._last) return;
      this._first = first; this._last = last;
      var nodes = scroller.querySelectorAll('.nc-list-row');
      for (var k = 0; k < nodes.length; k++) scroller.removeChild(nodes[k]);
      var ready = !!this._app._detailsTable();
      for (var pos = first; pos < last; pos++) scroller.appendChild(this._row(pos, ready));
    },

    _row: function (pos, ready) {
      var app = this._app, i = this.rows[pos], type = app.types[app.data.type[i]];
      var row = el('div', 'nc-list-row');
      row.id = 'nc-row-' + pos;
      row.setAttribute('role', 'option');
      row.setAttribute('data-pos', String(pos));
      row.setAttribute('data-id', app.data.id[i]);
      row.setAttribute('aria-selected', String(i === app.selected));
      if (i === app.selected) row.classList.add('nc-selected');
      if (pos === this._cursor) row.classList.add('nc-cursor');
      row.style.top = (pos * ROW_HEIGHT) + 'px';
      var line = el('div', 'nc-list-line');
      line.appendChild(IM.symbolCanvas(type, 12));
      var start = app.data.start[i], end = app.data.end[i];
      var when = start === null ? 'undated' : IM.isoOfDay(start) + (end !== start ? ' – ' + IM.isoOfDay(end) : '');
      line.appendChild(el('span', 'nc-list-date' + (start === null ? ' nc-list-undated' : ''), when));
      line.appendChild(el('span', 'nc-list-type', type.label));
      row.appendChild(line);
      if (!ready) { row.appendChild(el('div', 'nc-list-place', 'Loading…')); return row; }
      var d = app.details(i), where = IM.placeLabel(d.place, d.geo_label, !!(app.data.area && app.data.area[i]));
      if (d.geo_label && d.geo_label !== 'town' && where === (d.place || '(unnamed place)')) where += ' (' + d.geo_label + ')';
      var place = el('div', 'nc-list-place', where);
      if (d.claimed_by && d.claimed_by.length) place.appendChild(el('span', 'nc-list-claimant', ' · ' + d.claimed_by.join('; ')));
      row.appendChild(place);
      if (d.evidence && d.evidence.length) row.appendChild(el('div', 'nc-list-evidence', d.evidence[0][1]));
      return row;
    },

    _key: function (e) {
      var n = this.rows.length, page = Math.max(1, Math.floor(this._scroller.clientHeight / ROW_HEIGHT) - 1);
      var moves = {ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page};
      if (!n) return;
      if (e.key in moves) this._moveCursor(Math.max(0, Math.min(n - 1, (this._cursor < 0 ? -1 : this._cursor) + moves[e.key])));
      else if (e.key === 'Home') this._moveCursor(0);
      else if (e.key === 'End') this._moveCursor(n - 1);
      else if ((e.key === 'Enter' || e.key === ' ') && this._cursor >= 0) this.activate(this._cursor);
      else return;
      e.preventDefault();
    },

    _moveCursor: function (pos) {
      this._cursor = pos;
      this._scrollTo(pos);
      this._paint(true);
      this._scroller.setAttribute('aria-activedescendant', 'nc-row-' + pos);
    },

    _scrollTo: function (pos) {
      var s = this._scroller, top = pos * ROW_HEIGHT;
      if (top < s.scrollTop) s.scrollTop = top;
      else if (top + ROW_HEIGHT > s.scrollTop + s.clientHeight) s.scrollTop = top + ROW_HEIGHT - s.clientHeight;
    },

    /** Open the incident of row `pos` on the map. */
    activate: function (pos) {
      if (pos < 0 || pos >= this.rows.length) return;
      this._cursor = pos;
      this._app.openIncident(this.rows[pos]);
    },

    _selected: function (i) {
      var pos = -1;
      for (var k = 0; k < this.rows.length; k++) if (this.rows[k] === i) { pos = k; break; }
      if (pos >= 0) { this._cursor = pos; if (this.open) this._scrollTo(pos); }
      this._paint(true);
      this._changed();
    },

    _changed: function () {
      if (this._onChange) this._onChange();
    },

    // ---- downloads ------------------------------------------------------------------

    /** The listed incidents as GeoJSON Features with their details (a promise). */
    features: function () {
      if (this._stale) { this.open = true; this.refresh(); this.open = false; }
      var app = this._app, rows = this.rows;
      return app.loadDetails().then(function () {
        var out = [];
        for (var k = 0; k < rows.length; k++) {
          var i = rows[k], d = app.details(i), seen = {}, sources = [];
          (d.evidence || []).forEach(function (e) {
            if (seen[e[0]]) return;
            seen[e[0]] = true;
            sources.push(app.articleSource(e[0]));
          });
          out.push({
            type: 'Feature', id: app.data.id[i],
            geometry: {type: 'Point', coordinates: [app.data.lon[i], app.data.lat[i]]},
            properties: {
              id: app.data.id[i], event_type: app.types[app.data.type[i]].key,
              date: d.date || null, date_end: d.date_end || null, date_precision: d.date_precision || null,
              place: d.place || null, geo_precision: app.data.country[i] ? 'country' : (d.geo_label || null),
              killed: d.killed == null ? null : d.killed, wounded: d.wounded == null ? null : d.wounded,
              claimed_by: d.claimed_by || [], denied_by: d.denied_by || [], origin: d.origin || null,
              evidence: (d.evidence || []).map(function (e) { return {article: app.articleName(e[0]), sentence: e[1]}; }),
              sources: sources
            }
          });
        }
        return out;
      });
    },

    download: function (format) {
      var self = this;
      return this.features().then(function (features) {
        var text, type, name;
        if (format === 'csv') {
          text = csvOf(features); type = 'text/csv'; name = 'incidents-listed.csv';
        } else {
          text = JSON.stringify({type: 'FeatureCollection', features: features}) + '\n';
          type = 'application/geo+json'; name = 'incidents-listed.geojson';
        }
        var url = URL.createObjectURL(new Blob([text], {type: type + ';charset=utf-8'}));
        var a = el('a');
        a.href = url;
        a.download = name;
        self._root.appendChild(a);
        a.click();
        self._root.removeChild(a);
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
        return text;
      });
    }
  });

  var CSV_COLUMNS = ['id', 'event_type', 'date', 'date_end', 'date_precision', 'place', 'geo_precision', 'killed',
                     'wounded', 'claimed_by', 'denied_by', 'origin', 'evidence', 'source_titles', 'source_outlets',
                     'source_urls', 'source_published', 'lat', 'lon'];

  // A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is written as text.
  function cell(value) {
    if (value === null || value === undefined) return '';
    var text = String(value);
    if (/^[=+\-@\t\r]/.test(text) && typeof value !== 'number') text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csvOf(features) {
    var lines = [CSV_COLUMNS.join(',')];
    features.forEach(function (f) {
      var p = f.properties, s = p.sources;
      var values = [p.id, p.event_type, p.date, p.date_end, p.date_precision, p.place, p.geo_precision, p.killed,
        p.wounded, p.claimed_by.join('; '), p.denied_by.join('; '), p.origin,
        p.evidence.map(function (e) { return e.article + ': ' + e.sentence; }).join(' | ')];
      ['title', 'outlet', 'url', 'published'].forEach(function (key) {
        values.push(s.map(function (x) { return x[key] || ''; }).join(' | '));
      });
      values.push(f.geometry.coordinates[1], f.geometry.coordinates[0]);
      lines.push(values.map(cell).join(','));
    });
    return lines.join('\n') + '\n';
  }

  IM.incidentList = function (app, options) { return new IncidentList(app, options); };
  IM.IncidentList = IncidentList;
  IM.csvOf = csvOf;
}(window));
