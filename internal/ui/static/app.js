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
