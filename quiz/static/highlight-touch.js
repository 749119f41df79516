/*
 * Lens highlight widget, part 3 of 3: a finger dragged across words marks
 * them, on phones and tablets. Plain ES5, no libraries, loaded with
 * <script defer> after highlight.js and highlight-pointer.js.
 *
 * A finger put down on a word and moved sideways marks every word from that
 * one to the word under the finger, as it goes (a word it goes back over gets
 * back the state it had before the drag). Moving straight up or down scrolls
 * instead: the passage's CSS (touch-action: pan-y pinch-zoom) leaves vertical
 * swipes and pinches to the browser, which then cancels the pointer, and the
 * drag is undone. A tap is still the label's own click, toggling one word;
 * a long press still selects text, which highlight-pointer.js marks.
 *
 * Uses only window.LensHighlight, defined by highlight.js (see its header):
 * widgets, setWords, changed and setTabStop. Defines no global of its own.
 */
(function () {
  'use strict';

  var H = window.LensHighlight;
  if (!H || !window.PointerEvent) return;

  // Long enough for a browser's late click after a drag; the next touch ends
  // it sooner, so that a tap right after the drag is not lost.
  var SUPPRESS_CLICK_MS = 800;

  // The drag under way: its widget, pointer, first word (from), word under
  // the finger (to), the words' states before it, and whether it moved.
  var drag = null;
  var suppressUntil = 0;

  // {w, idx} for the word label holding el, or null.
  function wordOf(el) {
    var label = el && el.closest ? el.closest('[data-highlight] label') : null;
    for (var i = 0; label && i < H.widgets.length; i++) {
      var idx = H.widgets[i].labels.indexOf(label);
      if (idx !== -1) return { w: H.widgets[i], idx: idx };
    }
    return null;
  }

  // A touch pointer stays with the element it went down on, so the word under
  // the finger is found by where the finger is.
  function wordUnder(e) {
    return wordOf(document.elementFromPoint(e.clientX, e.clientY));
  }

  function statesOf(w) {
    return w.inputs.map(function (input) { return input.checked; });
  }

  // Words from..to marked, every other word as it was before the drag.
  function paint(d, lo, hi) {
    var any = false;
    for (var i = 0; i < d.w.inputs.length; i++) {
      if (H.setWords(d.w, [i], i >= lo && i <= hi ? true : d.before[i])) any = true;
    }
    if (any) H.changed(d.w);
  }

  function onDown(e) {
    drag = null;
    suppressUntil = 0; // a new touch: its own tap must count, however soon
    if (e.pointerType !== 'touch' || !e.isPrimary) return;
    var at = wordOf(e.target);
    if (!at) return;
    at.w.ext = null;
    drag = { w: at.w, id: e.pointerId, from: at.idx, to: at.idx, before: statesOf(at.w), moved: false };
  }

  function onMove(e) {
    if (!drag || e.pointerId !== drag.id) return;
    var at = wordUnder(e);
    // Until the finger reaches another word this may still be a tap.
    if (!at || at.w !== drag.w || at.idx === drag.to) return;
    drag.to = at.idx;
    drag.moved = true;
    paint(drag, Math.min(drag.from, drag.to), Math.max(drag.from, drag.to));
    H.setTabStop(drag.w, drag.to);
  }

  function onUp(e) {
    if (!drag || e.pointerId !== drag.id) return;
    // The drag marked its words: the click a browser may still send must not
    // toggle the last one back.
    if (drag.moved) suppressUntil = Date.now() + SUPPRESS_CLICK_MS;
    drag = null;
  }

  // The browser took the gesture (a scroll or a pinch): no marks from it.
  function onCancel(e) {
    if (!drag || e.pointerId !== drag.id) return;
    if (drag.moved) paint(drag, 0, -1);
    drag = null;
  }

  function onClick(e) {
    if (!suppressUntil) return;
    var suppress = Date.now() < suppressUntil;
    suppressUntil = 0;
    if (suppress && wordOf(e.target)) e.preventDefault();
  }

  function init() {
    if (!H.widgets.length) return;
    document.addEventListener('pointerdown', onDown, true);
    document.addEventListener('pointermove', onMove, true);
    document.addEventListener('pointerup', onUp, true);
    document.addEventListener('pointercancel', onCancel, true);
    document.addEventListener('click', onClick, true);
  }

  if (document.readyState !== 'loading') init();
  else document.addEventListener('DOMContentLoaded', init);
})();
