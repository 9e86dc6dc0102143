// The negosim page: the WebSocket goes to the host the page came from (behind a proxy too), the
// terminal gets the keyboard as soon as it exists, and the restart button reloads the page.
(function () {
  "use strict";
  var terminal = document.getElementById("terminal");
  if (terminal) {
    // textual.js reads this attribute on load: keep the server's path, use this page's host and scheme
    var given = new URL(terminal.dataset.sessionWebsocketUrl, window.location.href);
    var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    terminal.dataset.sessionWebsocketUrl = scheme + "//" + window.location.host + given.pathname;
  }
  function focusTerminal() {
    var input = document.querySelector("#terminal textarea");
    if (!input) { return false; }
    input.setAttribute("aria-label", "Application negosim : tapez ici");
    input.focus();
    return true;
  }
  window.addEventListener("load", function () {
    var tries = 0;
    var timer = window.setInterval(function () {
      if (focusTerminal() || ++tries > 100) { window.clearInterval(timer); }
    }, 50);
  });
  function restart() {
    var url = new URL(window.location.href);
    url.searchParams.delete("delay");
    window.location.href = url.pathname + url.search;
  }
  document.querySelectorAll("[data-restart]").forEach(function (button) {
    button.addEventListener("click", restart);
  });
})();
