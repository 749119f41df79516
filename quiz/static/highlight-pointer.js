/*
 * Lens highlight widget, part 2 of 2: mouse drags, taps, touch and text
 * selections over the [data-highlight] passages that highlight.js set up.
 * Plain ES5, no libraries, loaded with <script defer> right after
 * highlight.js.
 *
 * A drag or a text selection marks every word it covers at least one
 * character of (where text cannot be selected, the words from the one
 * pressed on to the one released on); a click or a tap on one word is the
 * native label click; a touch selection marks its words once its handles
 * have rested. A drag never also toggles a word.
 *
 * Uses only window.LensHighlight, defined by highlight.js (see its header):
 * widgets, setWords, changed and setTabStop; it reads each widget's fields
 * and adds w.bounds. Defines no global of its own; without highlight.js it
 * does nothing.
 */
(function () {
  'use strict';

  var H = window.LensHighlight;
  if (!H) return;

  // Long enough for a browser's late click after a drag, short enough that a
  // deliberate click right after is not lost.
  var SUPPRESS_CLICK_MS = 800;
  // A touch selection is still being adjusted by its handles until it rests.
  var TOUCH_SETTLE_MS = 500;

  var probe = null; // a Range reused to compare boundary points
  var mouse = { down: false, start: null, startWidget: null, startSlot: -1, suppressUntil: 0 };
  var touch = { active: false, last: false, timer: 0 };

  /* Finding words ------------------------------------------------------ */

  // Sign of (point A - point B) in document order: -1, 0 or 1.
  function comparePoints(nodeA, offsetA, nodeB, offsetB) {
    if (!probe) probe = document.createRange();
    probe.setStart(nodeA, offsetA);
    probe.collapse(true);
    return -probe.comparePoint(nodeB, offsetB);
  }

  // The first and last non-blank text nodes of a word label, so that a
  // selection only "touches" a word when it covers at least one character.
  function wordBounds(label) {
    var walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT, null);
    var first = null, last = null, node;
    while ((node = walker.nextNode())) {
      if (/\S/.test(node.nodeValue)) {
        if (!first) first = node;
        last = node;
      }
    }
    if (!first) {
      return { sn: label, so: 0, en: label, eo: label.childNodes.length };
    }
    return { sn: first, so: 0, en: last, eo: last.nodeValue.length };
  }

  function widgetFor(node) {
    for (var i = 0; i < H.widgets.length; i++) {
      if (H.widgets[i].passage.contains(node)) return H.widgets[i];
    }
    return null;
  }

  // Position of node in w counted in half-words: word i is 2i+1, a gap after
  // word p is 2p+2 (0 before the first word); -1 when neither.
  function slotAt(w, node) {
    for (var el = node; el && el !== w.passage; el = el.parentNode) {
      var i = w.labels.indexOf(el);
      if (i === -1 && el.tagName === 'INPUT') i = w.inputs.indexOf(el);
      if (i !== -1) return 2 * i + 1;
      for (var g = 0; g < w.gaps.length; g++) {
        if (w.gaps[g].el === el) return 2 * w.gaps[g].prev + 2;
      }
    }
    return -1;
  }

  // {w, idx} for the word containing node, or null.
  function wordAt(node) {
    if (node && node.nodeType !== 1) node = node.parentNode;
    var w = node && widgetFor(node);
    var slot = w ? slotAt(w, node) : -1;
    return slot > 0 && slot % 2 ? { w: w, idx: (slot - 1) / 2 } : null;
  }

  /* Text selections ---------------------------------------------------- */

  function currentSelection() {
    return window.getSelection ? window.getSelection() : null;
  }

  function clearSelection(sel) {
    try { sel.removeAllRanges(); } catch (e) { /* ignore */ }
  }

  // Indexes of the words of w that the range covers at least one character of.
  function touchedWords(w, range) {
    var out = [];
    if (!range.intersectsNode(w.passage)) return out;
    for (var i = 0; i < w.bounds.length; i++) {
      var b = w.bounds[i];
      if (comparePoints(b.sn, b.so, range.endContainer, range.endOffset) < 0 &&
          comparePoints(b.en, b.eo, range.startContainer, range.startOffset) > 0) {
        out.push(i);
      }
    }
    return out;
  }

  // Mark the words of w that the selection touches; {w, idx} of the word it
  // ended on (or the nearest touched one), or null when it touched none.
  function markSelectionIn(w, sel) {
    var touched = [];
    for (var r = 0; r < sel.rangeCount; r++) {
      touched = touched.concat(touchedWords(w, sel.getRangeAt(r)));
    }
    if (!touched.length) return null;
    w.ext = null;
    if (H.setWords(w, touched, true)) H.changed(w);
    var end = wordAt(sel.focusNode);
    var idx = end && end.w === w ? end.idx : touched[touched.length - 1];
    H.setTabStop(w, idx);
    return { w: w, idx: idx };
  }

  // Mark every word the current selection touches in the passages accepted
  // by `accept(w, sel)`; clears the selection when it did. Returns the last
  // {w, idx} touched, or null.
  function markSelection(accept) {
    var sel = currentSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
    var result = null;
    H.widgets.forEach(function (w) {
      if (!accept(w, sel)) return;
      result = markSelectionIn(w, sel) || result;
    });
    if (result) clearSelection(sel);
    return result;
  }

  /* Mouse drags -------------------------------------------------------- */

  // No text selection (e.g. user-select: none): mark the words from the one
  // pressed on to the one released on (a gap between words counts as the
  // space between them, so a click on one gap marks nothing).
  function markSlots(w, startSlot, endSlot) {
    if (startSlot === -1 || endSlot === -1 || startSlot === endSlot) return null;
    var lo = Math.min(startSlot, endSlot), hi = Math.max(startSlot, endSlot);
    var run = [];
    for (var i = 0; i < w.inputs.length; i++) {
      if (2 * i + 1 >= lo && 2 * i + 1 <= hi) run.push(i);
    }
    if (!run.length) return null;
    var last = endSlot % 2 ? (endSlot - 1) / 2
      : run[endSlot > startSlot ? run.length - 1 : 0];
    w.ext = null;
    if (H.setWords(w, run, true)) H.changed(w);
    H.setTabStop(w, last);
    return { w: w, idx: last };
  }

  function onMouseDown(e) {
    if (e.button !== 0) return;
    mouse.down = true;
    mouse.suppressUntil = 0;
    mouse.start = wordAt(e.target);
    mouse.startWidget = widgetFor(e.target);
    mouse.startSlot = mouse.startWidget ? slotAt(mouse.startWidget, e.target) : -1;
    if (mouse.startWidget) mouse.startWidget.ext = null;
  }

  // What the mouse was pressed on, forgotten as the button comes up.
  function endPress() {
    var press = { start: mouse.start, widget: mouse.startWidget, slot: mouse.startSlot };
    mouse.down = false;
    mouse.start = mouse.startWidget = null;
    mouse.startSlot = -1;
    return press;
  }

  // A click on one word (maybe with a little jitter, or a double click that
  // selected it): the native label click toggles it exactly once, so only
  // the stray selection goes.
  function endWordClick(w) {
    var sel = currentSelection();
    if (sel && !sel.isCollapsed && w.passage.contains(sel.focusNode)) clearSelection(sel);
  }

  function selectionEndsInPassage() {
    var sel = currentSelection();
    return !!(sel && !sel.isCollapsed && widgetFor(sel.focusNode));
  }

  function onMouseUp(e) {
    if (e.button !== 0 || !mouse.down) return;
    var press = endPress();
    var end = wordAt(e.target);
    var endWidget = widgetFor(e.target);
    if (press.start && end && press.start.w === end.w && press.start.idx === end.idx) {
      endWordClick(end.w);
      return;
    }
    // Outside every passage: only a selection that ends inside one counts.
    if (!press.widget && !endWidget && !selectionEndsInPassage()) return;
    var hit = markSelection(function (w, sel) {
      return w === press.widget || w === endWidget || w.passage.contains(sel.focusNode);
    });
    if (!hit && press.widget && press.widget === endWidget) {
      hit = markSlots(press.widget, press.slot, slotAt(press.widget, e.target));
    }
    if (hit) mouse.suppressUntil = Date.now() + SUPPRESS_CLICK_MS;
  }

  // A drag must never also toggle a word: swallow a click right after one.
  function onClick(e) {
    if (!mouse.suppressUntil) return;
    var suppress = Date.now() < mouse.suppressUntil;
    mouse.suppressUntil = 0;
    if (suppress && e.target && e.target.closest &&
        e.target.closest('[data-highlight] label, [data-highlight] input')) {
      e.preventDefault();
    }
  }

  /* Touch: a tap is a native click; a long-press selection marks words. */

  function scheduleTouchSelection() {
    window.clearTimeout(touch.timer);
    var sel = currentSelection();
    if (!sel || sel.isCollapsed) return;
    touch.timer = window.setTimeout(function () {
      if (touch.active || mouse.down) return; // touchend will try again
      markSelection(function (w, s) {
        return w.passage.contains(s.focusNode) || w.passage.contains(s.anchorNode);
      });
    }, TOUCH_SETTLE_MS);
  }

  function onTouchStart() {
    touch.active = true;
    touch.last = true;
    window.clearTimeout(touch.timer);
  }

  function onTouchEnd(e) {
    if (!e.touches || !e.touches.length) touch.active = false;
    if (touch.last) scheduleTouchSelection();
  }

  /* Start -------------------------------------------------------------- */

  function initPassage(w) {
    w.bounds = w.labels.map(wordBounds);
    // No drag-and-drop of selected passage text: it would swallow the mouseup.
    w.passage.addEventListener('dragstart', function (e) { e.preventDefault(); });
  }

  function initPointerHandling() {
    var passive = { capture: true, passive: true };
    document.addEventListener('pointerdown', function (e) {
      touch.last = e.pointerType === 'touch';
    }, true);
    document.addEventListener('mousedown', onMouseDown, true);
    document.addEventListener('mouseup', onMouseUp, true);
    document.addEventListener('click', onClick, true);
    document.addEventListener('touchstart', onTouchStart, passive);
    document.addEventListener('touchend', onTouchEnd, passive);
    document.addEventListener('touchcancel', onTouchEnd, passive);
    document.addEventListener('selectionchange', function () {
      if (touch.last && !mouse.down) scheduleTouchSelection();
    });
  }

  function init() {
    H.widgets.forEach(initPassage);
    if (H.widgets.length) initPointerHandling();
  }

  if (document.readyState !== 'loading') init();
  else document.addEventListener('DOMContentLoaded', init);
})();
