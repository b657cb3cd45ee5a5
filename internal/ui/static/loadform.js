// Load form: the appointment inputs are in the chosen facility's time zone; when the
// facility changes (by hand or after a search), name its zone next to them. The server
// writes the same text, so without this file the zone shows after the next submit.
(function () {
  'use strict';

  function abbreviation(tz) {
    try {
      var parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'short' }).formatToParts(new Date());
      for (var i = 0; i < parts.length; i++) {
        if (parts[i].type === 'timeZoneName') return parts[i].value;
      }
    } catch (err) { /* an unknown zone: show its name only */ }
    return '';
  }

  function showZone(select) {
    var note = document.querySelector('[data-zone-of="' + select.id + '"]');
    if (!note) return;
    var opt = select.options[select.selectedIndex];
    var tz = opt && opt.getAttribute('data-tz');
    if (!tz) {
      note.textContent = 'Times are in the facility\u2019s time zone: choose the facility first.';
      return;
    }
    var name = opt.textContent.split(' \u2014 ')[0];
    var abbr = abbreviation(tz);
    note.textContent = 'Times at ' + name + ': ' + tz + (abbr ? ' (' + abbr + ')' : '');
  }

  // Enter in a facility search looks the facility up instead of saving the whole load.
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter' || !e.target.matches || !e.target.matches('input[name$="facility_q"]')) return;
    e.preventDefault();
    if (window.htmx) {
      window.htmx.trigger(e.target, 'search');
      return;
    }
    var find = e.target.parentElement.querySelector('button[value^="find-stop-"]');
    if (find) find.click();
  });

  document.addEventListener('change', function (e) {
    if (e.target.matches && e.target.matches('select[id$="facility_id"]')) showZone(e.target);
  });
  // A search answer replaced the options: a single match is chosen for the dispatcher.
  document.addEventListener('htmx:afterSwap', function (e) {
    var select = e.detail.target;
    if (!select || select.tagName !== 'SELECT') return;
    if (!select.value && select.options.length === 2) select.selectedIndex = 1;
    showZone(select);
  });
})();
