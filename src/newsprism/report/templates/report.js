/* newsprism report: convenience only; the page works without it (:target highlights). */
(function () {
  "use strict";
  var lit = [];
  function clear() {
    for (var i = 0; i < lit.length; i++) { lit[i].classList.remove("hl"); }
    lit = [];
  }
  /* Most of a story is folded in <details>: open the folds around a link's target (and the
     target itself when it is a fold, e.g. the articles) so the evidence is on screen. */
  function reveal(el) {
    for (var d = el; d; d = d.parentElement) {
      if (d.tagName === "DETAILS" && !d.open) { d.open = true; }
    }
  }
  /* A span split by an overlapping one has several fragments; light them all. */
  function light() {
    clear();
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) { return; }
    var el = document.getElementById(id);
    if (!el) { return; }
    reveal(el);
    var key = el.getAttribute("data-k");
    var els = key ? document.querySelectorAll('[data-k="' + CSS.escape(key) + '"]') : [el];
    for (var j = 0; j < els.length; j++) { els[j].classList.add("hl"); lit.push(els[j]); }
    /* Scroll inside the article column as well as the page. */
    el.scrollIntoView({ block: "center", behavior: "smooth" });
  }
  window.addEventListener("hashchange", light);
  if (location.hash) { light(); }
  /* Clicking a quote or figure in an article jumps to its ledger entry,
     unless the reader is selecting text. */
  document.addEventListener("click", function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) { return; }
    /* A link to the current hash fires no hashchange: reveal its target anyway. */
    var a = t.closest('a[href^="#"]');
    if (a && a.getAttribute("href") === location.hash) {
      var same = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (same) { reveal(same); same.scrollIntoView({ block: "center" }); }
    }
    var mark = t.closest(".text [data-ledger]");
    if (!mark || t.closest("a")) { return; }
    var sel = window.getSelection();
    if (sel && String(sel).length > 0) { return; }
    location.hash = "#" + mark.getAttribute("data-ledger");
  });
})();
