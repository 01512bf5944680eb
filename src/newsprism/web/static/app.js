/* newsprism web app: light a search hit (#hit-<article>-<start>-<end>) in its article column.
   The column's text is the article's cleaned text character for character (report partial),
   so the offsets from the API map onto its text nodes directly.  Convenience only: without
   it the link still opens the right story. */
(function () {
  "use strict";
  var HIT = /^hit-(.+)-(\d+)-(\d+)$/;
  function rangeAt(root, start, end) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var pos = 0, range = document.createRange(), node, started = false;
    while ((node = walker.nextNode())) {
      var len = node.nodeValue.length;
      if (!started && start < pos + len) { range.setStart(node, start - pos); started = true; }
      if (started && end <= pos + len) { range.setEnd(node, end - pos); return range; }
      pos += len;
    }
    return null;
  }
  function light() {
    var m = HIT.exec(decodeURIComponent(location.hash.slice(1)));
    if (!m) { return; }
    var col = document.querySelector('.col[data-article="' + CSS.escape(m[1]) + '"] .text');
    if (!col) { return; }
    var range = rangeAt(col, parseInt(m[2], 10), parseInt(m[3], 10));
    if (!range) { return; }
    /* The articles are folded (a <details>) until asked for: a search hit asks. */
    for (var d = col; d; d = d.parentElement) {
      if (d.tagName === "DETAILS") { d.open = true; }
    }
    if (window.CSS && CSS.highlights && window.Highlight) {
      CSS.highlights.set("np-hit", new Highlight(range));
    }
    /* Scroll the page to the column, then the column (its own scroll box) to the range. */
    col.scrollIntoView({ block: "start" });
    var r = range.getBoundingClientRect(), c = col.getBoundingClientRect();
    col.scrollTop += r.top - c.top - col.clientHeight / 3;
    col.closest(".col").setAttribute("data-hit", m[2] + "-" + m[3]);
  }
  window.addEventListener("hashchange", light);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", light);
  } else { light(); }
})();
