// Ticks each <time data-deadline> down once a second (the SLA queue). The server already
// rendered the right value; this only keeps it current. Format: [-]H:MM:SS, as the server's.
(function () {
  "use strict";
  function text(ms) {
    var whole = Math.floor(Math.abs(ms) / 1000);
    var sign = ms < 0 && whole ? "-" : "";
    var h = Math.floor(whole / 3600), m = Math.floor((whole % 3600) / 60), s = whole % 60;
    return sign + h + ":" + (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("time[data-deadline]").forEach(function (el) {
      var left = Date.parse(el.getAttribute("data-deadline")) - now;
      el.textContent = text(left);
      var row = el.closest("tr");
      if (row && left <= 0) { row.classList.add("queue-breached"); }
    });
  }
  tick();
  window.setInterval(tick, 1000);
})();
