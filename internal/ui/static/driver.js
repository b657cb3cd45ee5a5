// Driver view: a check-call form marked data-geolocate adds the phone's position when the
// driver starts filling it in (and the phone allows it). The typed location is enough.
(function () {
  'use strict';
  if (!navigator.geolocation) return;
  document.addEventListener('focusin', function (e) {
    var form = e.target.form;
    if (!form || !form.hasAttribute('data-geolocate') || form.getAttribute('data-located')) return;
    form.setAttribute('data-located', 'asked');
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.elements.lat.value = pos.coords.latitude.toFixed(6);
      form.elements.lon.value = pos.coords.longitude.toFixed(6);
    }, function () { /* refused or unavailable: the typed location goes alone */ }, { timeout: 10000, maximumAge: 60000 });
  });
})();
