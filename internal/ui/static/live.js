// Live updates from the server's event stream (Server-Sent Events). A page that carries
// <div data-stream="/api/v1/stream"> opens one EventSource and re-announces every event on
// the document as a CustomEvent: "tms:position" (a GPS fix) and "tms:load-event" (a stop
// arrival or departure, a status change...). Regions marked data-refresh-on="type ..."
// (with data-refresh-load="ID" to follow one load only) then re-read themselves from the
// page's own address through htmx. Without this file the pages are simply not live.
(function () {
  'use strict';

  var holder = document.querySelector('[data-stream]');
  if (!holder || !window.EventSource) return;

  var loadEvents = ['created', 'updated', 'status_changed', 'assigned', 'unassigned',
    'stop_arrived', 'stop_departed', 'check_call'];
  var source = new EventSource(holder.getAttribute('data-stream'));

  function parse(e) {
    try { return JSON.parse(e.data); } catch (err) { return null; }
  }

  loadEvents.forEach(function (type) {
    source.addEventListener(type, function (e) {
      var ev = parse(e);
      if (!ev) return;
      document.dispatchEvent(new CustomEvent('tms:load-event', { detail: ev }));
      refreshRegions(type, ev);
    });
  });
  source.addEventListener('position', function (e) {
    var p = parse(e);
    if (p) document.dispatchEvent(new CustomEvent('tms:position', { detail: p }));
  });

  var timers = {};

  function refreshRegions(type, ev) {
    var regions = document.querySelectorAll('[data-refresh-on]');
    Array.prototype.forEach.call(regions, function (el) {
      if (el.getAttribute('data-refresh-on').split(' ').indexOf(type) < 0) return;
      var only = el.getAttribute('data-refresh-load');
      if (only && String(ev.load_id) !== only) return;
      schedule(el.id, 300);
    });
  }

  // schedule refreshes a region once after a burst of events.
  function schedule(id, delay) {
    if (timers[id]) return;
    timers[id] = setTimeout(function () {
      timers[id] = null;
      refresh(id);
    }, delay);
  }

  // refresh re-reads one region, unless someone is filling in a form in it: then later.
  function refresh(id) {
    var el = document.getElementById(id);
    if (!el) return;
    if (el.hasAttribute('data-dirty') || (el.contains(document.activeElement) && document.activeElement.form)) {
      schedule(id, 3000);
      return;
    }
    var url = location.pathname + location.search;
    if (window.htmx) {
      window.htmx.ajax('GET', url, { target: '#' + id, select: '#' + id, swap: 'outerHTML' });
      return;
    }
    fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.text(); }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById(id);
      if (fresh) el.replaceWith(fresh);
    });
  }

  // A form someone has typed into marks its region dirty, until it is sent.
  function markDirty(e) {
    var region = e.target.form && e.target.form.closest('[data-refresh-on]');
    if (region) region.setAttribute('data-dirty', '');
  }
  document.addEventListener('input', markDirty);
  document.addEventListener('change', markDirty);
  document.addEventListener('submit', function (e) {
    var region = e.target.closest('[data-refresh-on]');
    if (region) region.removeAttribute('data-dirty');
  });
})();
