// Live updates: when the server says something changed, fetch the board again and
// swap it in. At most one fetch runs at a time; changes during it cause one more.
(function () {
  var board = document.getElementById("board");
  var busy = false, again = false;
  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(board.dataset.src, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { board.innerHTML = html; })
      .catch(function () {})
      .finally(function () { busy = false; if (again) { again = false; refresh(); } });
  }
  var live = new EventSource(board.dataset.live);
  live.addEventListener("update", refresh);
  live.addEventListener("hello", refresh); // after a reconnect, catch up on what was missed
  setInterval(refresh, 30000); // "failing for N minutes" grows without any event
})();
