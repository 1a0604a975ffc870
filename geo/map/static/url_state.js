/*
 * The map's state in the URL fragment, so a view can be shared and reopened:
 *
 *   #view=LAT,LON,ZOOM&from=YYYY-MM-DD&to=YYYY-MM-DD&layers=NAME|NAME&undated=0
 *    &q=TEXT&type=KEY&claimant=PARTY&precision=N&inview=1&desc=1&list=0&sel=INCIDENT_ID
 *
 * Opening such a link restores all of it; each discrete change (a filter, a layer, a
 * selection) is a history entry, so back and forward step through them, while moving the
 * map or a slider handle only replaces the current entry. Values are read as data: a
 * name that matches no layer, a date outside the corpus or an unknown id is ignored.
 */
(function (global) {
  'use strict';

  var IM = global.IncidentMap;
  var WRITE_DELAY_MS = 250;

  function parse(hash) {
    var params = new URLSearchParams((hash || '').replace(/^#/, '')), out = {};
    params.forEach(function (value, key) { out[key] = value; });
    return out;
  }

  function UrlState(app, api) {
    this.app = app;
    this.api = api;
    this._applying = false;
    this._written = null;
    var self = this, map = app.map;
    this.apply(parse(global.location.hash), true);
    this._written = this.fragment();
    this._discrete = this._discretePart(this._written);
    app.onChange(function () { self.schedule(); });
    app.onSelect(function () { self.schedule(); });
    map.on('moveend overlayadd overlayremove popupopen popupclose', function () { self.schedule(); });
    if (app.list) app.list._onChange = function () { self.schedule(); };
    // Going back or forward, or a link pasted into the same tab: restore what it says
    // (a move to a fragment fires both events; the second finds it applied already).
    function navigated() {
      var fragment = global.location.hash.replace(/^#/, '');
      if (fragment === self._written) return;
      self._written = fragment;
      self.apply(parse(fragment), false);
    }
    global.addEventListener('popstate', navigated);
    global.addEventListener('hashchange', navigated);
  }

  /** The fragment (without '#') that describes the page now. */
  UrlState.prototype.fragment = function () {
    var app = this.app, map = app.map, params = new URLSearchParams(), c = map.getCenter();
    params.set('view', [c.lat.toFixed(4), c.lng.toFixed(4), map.getZoom()].join(','));
    if (app.minDay !== null && (app.range.from !== app.minDay || app.range.to !== app.maxDay)) {
      params.set('from', IM.isoOfDay(app.range.from));
      params.set('to', IM.isoOfDay(app.range.to));
    }
    params.set('layers', this.api.layers().filter(function (l) { return l.on; }).map(function (l) { return l.name; }).join('|'));
    if (!app.showUndated) params.set('undated', '0');
    var list = app.list;
    if (list) {
      var f = list.filters;
      ['q', 'type', 'claimant', 'precision'].forEach(function (k) { if (f[k]) params.set(k, f[k]); });
      if (list.inView) params.set('inview', '1');
      if (list.descending) params.set('desc', '1');
      params.set('list', list.open ? '1' : '0');
    }
    if (app.selected !== null && app.map._popup && app.map.hasLayer(app.map._popup)) params.set('sel', app.data.id[app.selected]);
    return params.toString();
  };

  // What makes a history entry: everything but the view and the date range.
  UrlState.prototype._discretePart = function (fragment) {
    var params = new URLSearchParams(fragment);
    params.delete('view'); params.delete('from'); params.delete('to');
    return params.toString();
  };

  UrlState.prototype.schedule = function () {
    var self = this;
    clearTimeout(this._timer);
    this._timer = setTimeout(function () { self.write(); }, WRITE_DELAY_MS);
  };

  UrlState.prototype.write = function () {
    if (this._applying) return;  // what restoring changes is not a new entry
    var fragment = this.fragment();
    if (fragment === this._written) return;
    var discrete = this._discretePart(fragment), url = '#' + fragment;
    if (discrete !== this._discrete) global.history.pushState(null, '', url);
    else global.history.replaceState(null, '', url);
    this._written = fragment;
    this._discrete = discrete;
  };

  /** Restore the page from a parsed fragment. */
  UrlState.prototype.apply = function (s, initial) {
    var app = this.app, api = this.api, map = app.map, list = app.list, self = this;
    this._applying = true;
    try {
      if (s.layers !== undefined) {
        var on = {};
        s.layers.split('|').forEach(function (name) { on[name] = true; });
        api.layers().forEach(function (l) { if (!!on[l.name] !== l.on) api.setLayer(l.name, !!on[l.name]); });
      }
      app.showUndated = s.undated !== '0';
      var from = IM.dayOfIso(s.from), to = IM.dayOfIso(s.to);
      if (app.minDay !== null) {
        if (from !== null && to !== null) app.setRange(from, to); else app.setRange(app.minDay, app.maxDay);
      } else app.refilter();
      if (list) {
        list.setDescending(s.desc === '1');
        list.setInView(s.inview === '1');
        if (s.list !== undefined) list.setOpen(s.list === '1');
        list.setFilters({q: s.q || '', type: s.type || '', claimant: s.claimant || '', precision: s.precision || ''});
      }
      var view = (s.view || '').split(',').map(Number);
      if (view.length === 3 && view.every(isFinite)) map.setView([view[0], view[1]], view[2], {animate: false});
      var selected = s.sel ? app.indexOfId(s.sel) : null;
      if (selected !== null) {
        app.openIncident(selected, {animate: false, zoom: map.getZoom()});
        if (view.length === 3 && view.every(isFinite)) map.setView([view[0], view[1]], view[2], {animate: false});
      } else if (!initial) map.closePopup();
    } finally {
      // Changes made while applying fire events after this returns (a frame later): keep
      // them from writing a new history entry.
      var restored = this._discretePart(this.fragment());
      setTimeout(function () {
        self._applying = false;
        // The state as restored is the current entry; anything the user changed since
        // (a filter chosen while the page was opening) is written as a new one.
        self._discrete = restored;
        self._written = null;
        self.write();
      }, WRITE_DELAY_MS + 50);
    }
  };

  IM.urlState = function (app, api) { return new UrlState(app, api); };
  IM.parseFragment = parse;
}(window));
