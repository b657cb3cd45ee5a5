// Maps (Leaflet): a load's stops, geofences and truck; the fleet; the facility pin picker.
// Each map is a <div> whose data- attribute carries its JSON; positions arrive live as
// "tms:position" events from live.js. Markers and circles are vectors, so they draw even
// when the tile server cannot be reached. Without Leaflet the pages say so instead.
(function () {
  'use strict';
  if (!window.L) return;
  var L = window.L;

  var colors = { pickup: '#0b6e4f', delivery: '#8a1c1c', truck: '#0b4f8a', on_load: '#0b4f8a', idle: '#1a7f37', stale: '#6b7280' };
  var attribution = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

  function baseMap(el, tiles) {
    var map = L.map(el, { scrollWheelZoom: false });
    if (tiles) L.tileLayer(tiles, { maxZoom: 19, attribution: attribution }).addTo(map);
    return map;
  }

  function data(el, attr) {
    try { return JSON.parse(el.getAttribute(attr)); } catch (err) { return null; }
  }

  function ago(iso) {
    var s = (Date.now() - new Date(iso).getTime()) / 1000;
    if (s < 60) return 'just now';
    if (s < 3600) return Math.floor(s / 60) + ' min ago';
    if (s < 172800) return Math.floor(s / 3600) + ' h ago';
    return Math.floor(s / 86400) + ' days ago';
  }

  // newer reports whether fix time a (ISO 8601) is later than b.
  function newer(a, b) {
    return new Date(a).getTime() > new Date(b).getTime();
  }

  function dot(latlng, color, radius) {
    return L.circleMarker(latlng, { radius: radius || 8, color: '#ffffff', weight: 2, fillColor: color, fillOpacity: 1 });
  }

  // element builds a DOM element with text (never HTML) for popups and lists.
  function element(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  // Load page: stops with their geofences, the breadcrumb and the truck, kept live.
  function loadMap(el) {
    var d = data(el, 'data-map');
    if (!d) return;
    var map = baseMap(el, d.tiles);
    var bounds = [];
    d.stops.forEach(function (s) {
      var at = [s.lat, s.lon];
      L.circle(at, { radius: s.radius_m, color: colors[s.kind], weight: 1, fillOpacity: 0.12 }).addTo(map);
      dot(at, colors[s.kind], 9).addTo(map)
        .bindTooltip(element('span', s.seq + '. ' + s.name + ' (' + s.kind + ')'), { permanent: true, direction: 'top', offset: [0, -10] });
      bounds.push(at);
    });
    var trail = L.polyline([], { color: colors.truck, weight: 3, opacity: 0.7 }).addTo(map);
    if (d.track_url) {
      fetch(d.track_url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : { features: [] }; })
        .then(function (fc) {
          (fc.features || []).forEach(function (f) {
            if (f.properties && f.properties.feature === 'track' && f.geometry.type === 'LineString') {
              var live = trail.getLatLngs();
              trail.setLatLngs(f.geometry.coordinates.map(function (c) { return [c[1], c[0]]; }).concat(live));
            }
          });
        });
    }
    var truck = null, shown = null;
    // place moves the truck's marker to a fix unless it already shows a newer one: a truck
    // with a phone and a hardwired tracker is drawn where it was seen last.
    function place(lat, lon, when) {
      if (shown && newer(shown, when)) return;
      shown = when;
      if (!truck) {
        truck = dot([lat, lon], colors.truck, 10).addTo(map)
          .bindTooltip('', { permanent: true, direction: 'bottom', offset: [0, 10], className: 'truck-label' });
      }
      truck.setLatLng([lat, lon]);
      truck.setTooltipContent(element('span', 'Truck' + (d.truck_unit ? ' ' + d.truck_unit : '') + ', fix ' + ago(when)));
    }
    if (d.fix) {
      place(d.fix.lat, d.fix.lon, d.fix.fix_time);
      bounds.push([d.fix.lat, d.fix.lon]);
    }
    map.fitBounds(bounds, { padding: [40, 40], maxZoom: 13 });
    if (!d.truck_id) return;
    document.addEventListener('tms:position', function (e) {
      var p = e.detail;
      if (p.truck_id !== d.truck_id) return;
      trail.addLatLng([p.lat, p.lon]);
      place(p.lat, p.lon, p.fix_time);
    });
  }

  // Fleet page: every truck's latest fix coloured by state; a click lists the nearest
  // available trucks; a truck's popup links to its load.
  function fleetMap(el) {
    var d = data(el, 'data-fleet');
    if (!d) return;
    var map = baseMap(el, d.tiles);
    var markers = {};
    var bounds = [];
    function state(t) {
      if (Date.now() - new Date(t.fix_time).getTime() > d.stale_ms) return 'stale';
      return t.load_id ? 'on_load' : 'idle';
    }
    function popup(t) {
      var box = element('div', '', { 'class': 'map-popup' });
      box.appendChild(element('strong', 'Truck ' + t.unit));
      box.appendChild(element('p', 'Fix ' + ago(t.fix_time)));
      if (t.load_id) {
        var p = element('p', 'On ');
        p.appendChild(element('a', t.load_number, { href: '/loads/' + t.load_id }));
        box.appendChild(p);
      } else {
        box.appendChild(element('p', 'Available'));
      }
      return box;
    }
    function show(t) {
      var m = markers[t.truck_id];
      if (!m) {
        m = markers[t.truck_id] = dot([t.lat, t.lon], colors[state(t)], 9).addTo(map)
          .bindTooltip(element('span', t.unit), { permanent: true, direction: 'top', offset: [0, -9], className: 'truck-label' })
          .bindPopup('');
      }
      m.truck = t;
      m.setLatLng([t.lat, t.lon]);
      m.setStyle({ fillColor: colors[state(t)] });
      m.setPopupContent(popup(t));
    }
    (d.trucks || []).forEach(function (t) { show(t); bounds.push([t.lat, t.lon]); });
    if (bounds.length) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 11 });
    else map.setView([39.5, -98.35], 4);

    // latest shows t unless its marker already has a newer fix: the truck's other device
    // saw it later. What the truck is doing still comes from t.
    function latest(t) {
      var old = markers[t.truck_id] && markers[t.truck_id].truck;
      if (old && newer(old.fix_time, t.fix_time)) {
        t.lat = old.lat; t.lon = old.lon; t.fix_time = old.fix_time;
      }
      show(t);
    }

    // reload takes the trucks and their list from a fresh copy of the page, so a truck that
    // reports for the first time or changes load looks as it would after a reload.
    var reloading = null;
    function reload() {
      if (reloading) return;
      reloading = setTimeout(function () {
        fetch(location.pathname + location.search, { credentials: 'same-origin' })
          .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
          .then(function (html) {
            var page = new DOMParser().parseFromString(html, 'text/html');
            var fresh = page.getElementById('fleet-map');
            ((fresh && data(fresh, 'data-fleet') || {}).trucks || []).forEach(latest);
            var list = page.getElementById('fleet-trucks'), shown = document.getElementById('fleet-trucks');
            if (list && shown) shown.replaceWith(list);
          })
          .catch(function () {})
          .then(function () { reloading = null; });
      }, 1000);
    }

    document.addEventListener('tms:position', function (e) {
      var p = e.detail;
      if (!p.truck_id) return;
      var old = markers[p.truck_id] && markers[p.truck_id].truck;
      if (!old) { reload(); return; }
      latest({ truck_id: p.truck_id, unit: old.unit, lat: p.lat, lon: p.lon, fix_time: p.fix_time,
        load_id: old.load_id, load_number: old.load_number });
      var age = document.querySelector('#truck-list [data-truck="' + p.truck_id + '"] .fix-age');
      if (age) age.textContent = 'fix just now';
    });
    document.addEventListener('tms:load-event', reload);
    setInterval(function () {
      Object.keys(markers).forEach(function (id) { show(markers[id].truck); });
    }, 60000);

    if (!d.nearest_url) return;
    var clicked = null;
    map.on('click', function (e) {
      var lat = e.latlng.lat.toFixed(5), lon = e.latlng.lng.toFixed(5);
      if (!clicked) clicked = L.circleMarker(e.latlng, { radius: 6, color: '#111827', weight: 2, fillOpacity: 0 }).addTo(map);
      clicked.setLatLng(e.latlng);
      nearest(d.nearest_url + '?lat=' + lat + '&lon=' + lon + '&limit=5&available=true', lat, lon);
    });
  }

  function nearest(url, lat, lon) {
    var out = document.getElementById('nearest');
    if (!out) return;
    out.textContent = 'Looking…';
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (trucks) {
        out.textContent = '';
        out.appendChild(element('p', 'Nearest to ' + lat + ', ' + lon + ':', { 'class': 'muted' }));
        if (!trucks.length) { out.appendChild(element('p', 'No available truck has reported a position.')); return; }
        var list = element('ol', '', { 'class': 'rows nearest-list' });
        trucks.forEach(function (t) {
          var li = element('li');
          li.appendChild(element('a', t.unit_number, { href: '/trucks/' + t.truck_id }));
          li.appendChild(document.createTextNode(' ' + t.miles + ' mi'));
          li.appendChild(element('span', ' · fix ' + ago(t.fix_time), { 'class': 'muted' }));
          list.appendChild(li);
        });
        out.appendChild(list);
      })
      .catch(function () { out.textContent = 'The nearest trucks could not be loaded.'; });
  }

  // Facility form: click to place the facility; the circle previews the geofence.
  function pinMap(el) {
    var d = data(el, 'data-pin');
    if (!d) return;
    var lat = document.getElementById(d.lat), lon = document.getElementById(d.lon), radius = document.getElementById(d.radius);
    if (!lat || !lon) return;
    var map = baseMap(el, d.tiles);
    var pin = null, fence = null;
    function current() {
      var a = parseFloat(lat.value), b = parseFloat(lon.value);
      return isNaN(a) || isNaN(b) || (a === 0 && b === 0) ? null : [a, b];
    }
    function draw(zoom) {
      var at = current();
      if (!at) return;
      var r = parseInt(radius && radius.value, 10) || 300;
      if (!pin) {
        map.setView(at, 15); // a circle measures itself against a map with a view
        pin = dot(at, colors.pickup, 9).addTo(map);
        fence = L.circle(at, { radius: r, color: colors.pickup, weight: 2, fillOpacity: 0.15 }).addTo(map);
      }
      pin.setLatLng(at);
      fence.setLatLng(at);
      fence.setRadius(r);
      if (zoom) map.fitBounds(fence.getBounds(), { padding: [40, 40], maxZoom: 16 });
    }
    if (current()) draw(true);
    else map.setView([39.5, -98.35], 4);
    map.on('click', function (e) {
      lat.value = e.latlng.lat.toFixed(6);
      lon.value = e.latlng.lng.toFixed(6);
      draw(false);
    });
    [lat, lon, radius].forEach(function (input) {
      if (input) input.addEventListener('change', function () { draw(true); });
    });
    // "Look up from the address" answers with a geocoded event (HX-Trigger): fill and show it.
    document.body.addEventListener('geocoded', function (e) {
      var zone = document.getElementById(d.zone);
      lat.value = e.detail.lat.toFixed(6);
      lon.value = e.detail.lon.toFixed(6);
      if (zone && e.detail.time_zone) zone.value = e.detail.time_zone;
      draw(true);
    });
  }

  var el = document.getElementById('load-map');
  if (el) loadMap(el);
  el = document.getElementById('fleet-map');
  if (el) fleetMap(el);
  el = document.getElementById('pin-map');
  if (el) pinMap(el);
})();
