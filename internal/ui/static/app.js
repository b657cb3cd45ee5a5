// Andi TMS: small enhancements only. Every page works without this file: forms post normally.
// No inline scripts or handlers (the Content-Security-Policy forbids them): behaviour hangs on
// data- attributes.
(function () {
  'use strict';

  // htmx requests carry the session's CSRF token, read from <meta name="csrf-token">.
  var meta = document.querySelector('meta[name="csrf-token"]');
  document.addEventListener('htmx:configRequest', function (e) {
    if (meta) e.detail.headers['X-CSRF-Token'] = meta.content;
  });

  // <form data-confirm="Question?"> asks before submitting.
  document.addEventListener('submit', function (e) {
    var question = e.target.getAttribute('data-confirm');
    if (question && !window.confirm(question)) e.preventDefault();
  });

  // <form hx-select="#region" data-error-slot="#slot">: an answer without the region (an
  // error page, such as a file over the size limit) shows in the slot; the form stays.
  document.addEventListener('htmx:beforeSwap', function (e) {
    var form = e.detail.requestConfig && e.detail.requestConfig.elt;
    var slot = form && form.getAttribute('data-error-slot');
    var region = form && form.getAttribute('hx-select');
    if (!slot || !region || e.detail.xhr.status < 400) return;
    var page = new DOMParser().parseFromString(e.detail.serverResponse, 'text/html');
    if (page.querySelector(region)) return;
    e.detail.target = document.querySelector(slot);
    e.detail.swapOverride = 'innerHTML';
    e.detail.selectOverride = 'unset';
  });

  // <button data-copy="id"> copies the text of the element with that id.
  document.addEventListener('click', function (e) {
    var button = e.target.closest('[data-copy]');
    if (!button || !navigator.clipboard) return;
    var source = document.getElementById(button.getAttribute('data-copy'));
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      button.textContent = 'Copied';
    });
  });
})();
