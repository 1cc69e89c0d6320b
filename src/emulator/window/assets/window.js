/*
 * The payment window's only script (the page's CSP allows no other). It tells the merchant page that the window is
 * open, and on the last page hands the result over: to the merchant page by postMessage when the window is an
 * iframe, or by navigating this page when the window replaced the merchant page (windowTarget 'self').
 */
(function () {
  'use strict';
  var SOURCE = 'toss-emulator-window';
  var node = document.getElementById('window-data');
  if (!node) return;
  var data;
  try {
    data = JSON.parse(node.textContent || '{}');
  } catch (e) {
    return;
  }
  var inFrame = data.target === 'iframe' && window.parent !== window && typeof data.parentOrigin === 'string';

  function post(message) {
    message.source = SOURCE;
    window.parent.postMessage(message, data.parentOrigin);
  }

  if (data.kind === 'opened') {
    if (inFrame) post({ type: 'opened', windowId: data.windowId });
    var first = document.querySelector('input:not([type=hidden]), select, button');
    if (first && typeof first.focus === 'function') first.focus();
    // Escape closes the window, like its close button.
    document.addEventListener('keydown', function (event) {
      if (event.key !== 'Escape') return;
      var close = document.querySelector('[data-testid=close-button]');
      if (close) close.click();
    });
    return;
  }
  if (data.kind === 'result') {
    if (inFrame) {
      post({ type: 'result', outcome: data.outcome, url: data.url, result: data.result });
    } else if (typeof data.url === 'string') {
      window.location.replace(data.url);
    }
  }
})();
