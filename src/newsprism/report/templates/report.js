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
  /* Filters by outlet, speaker and kind (#17): hide what does not match, open the folds that
     hold a match (never the articles, which stay one click away) and say how many match.  The
     outlet filter also narrows coverage rows, article columns and per-outlet cards; speaker and
     kind narrow quote groups and figures (an item with no speaker matches no speaker filter). */
  function has(list, v) { return (" " + (list || "") + " ").indexOf(" " + v + " ") >= 0; }
  /* A quote group's kinds are its versions' kind labels; a figure's kind is "figure"; other
     items (coverage rows, columns, cards) have none: only the outlet filter applies to them. */
  function kindsOf(el) {
    if (el.classList.contains("fg") || el.classList.contains("fg-single")) { return "figure"; }
    if (!el.classList.contains("qg") && !el.classList.contains("qg-single")) { return null; }
    var out = [], ks = el.querySelectorAll(".kind");
    for (var i = 0; i < ks.length; i++) { out.push(ks[i].textContent.trim()); }
    return out.join(" ");
  }
  function speakerOf(el) {
    var h = el.querySelector(".sp");
    return h && !h.classList.contains("unattr") ? h.textContent.toLowerCase() : "";
  }
  function filter(bar) {
    var story = bar.closest("section.story");
    var o = bar.querySelector('[data-f="o"]').value;
    var sp = bar.querySelector('[data-f="sp"]').value.trim().toLowerCase();
    var k = bar.querySelector('[data-f="k"]').value;
    var active = !!(o || sp || k), items = story.querySelectorAll("[data-o]"), n = 0, total = 0;
    for (var i = 0; i < items.length; i++) {
      var el = items[i], kinds = kindsOf(el), ok = !o || has(el.getAttribute("data-o"), o);
      if (kinds !== null) {
        if (ok && sp) { ok = speakerOf(el).indexOf(sp) >= 0; }
        if (ok && k) { ok = has(kinds, k); }
        total++;
        if (ok) { n++; }
      }
      el.classList.toggle("filtered-out", !ok);
      if (ok && active && kinds !== null) {
        for (var d = el.parentElement; d && d !== story; d = d.parentElement) {
          if (d.tagName === "DETAILS" && !d.open && !/-articles$/.test(d.id)) { d.open = true; }
        }
      }
    }
    story.classList.toggle("filtering", active);
    bar.querySelector(".filter-n").textContent = active ? n + " of " + total + " quote groups and figures match" : "";
  }
  var bars = document.querySelectorAll(".filters");
  for (var b = 0; b < bars.length; b++) {
    bars[b].hidden = false;
    bars[b].addEventListener("input", function (ev) { filter(ev.currentTarget); });
    bars[b].addEventListener("change", function (ev) { filter(ev.currentTarget); });
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
