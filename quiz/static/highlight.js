/*
 * Lens highlight widget for every [data-highlight] passage: keyboard, mouse
 * drag, touch selection, the live mark count, and the classes is-marked,
 * joined and has-focus. Plain ES5, no libraries, loaded with <script defer>
 * after drafts.js (which restores a draft's checkboxes before the first count).
 *
 * The checkboxes stay the only truth: this script just checks or unchecks
 * them and then fires "change" on the form (so drafts.js saves the draft);
 * without it the form still works.
 *
 * Keys on a word of the passage:
 *   ArrowRight / ArrowDown        next word
 *   ArrowLeft / ArrowUp           previous word
 *   Home / End                    first / last word
 *   Space                         mark or unmark the word (native checkbox)
 *   Shift + any of the moves      move and give the words moved over the state
 *                                 of the word you started from (extends a mark
 *                                 from a marked word, erases from an unmarked
 *                                 one); going back the other way in the same
 *                                 Shift run undoes, like a text selection
 *   Delete / Backspace            unmark the whole mark around the word
 *   Enter                         does nothing (never submits from the passage)
 *   Tab / Shift+Tab               leave the passage
 *
 * The count sentence in [data-mark-count] is first written by the server; so
 * that both say the same words, its wording comes from that element's
 * attributes below, with these defaults when the page gives none.
 */
(function () {
  'use strict';

  var WORDING = {
    'data-none': 'No words marked.',
    'data-sentence': '{words} marked in {marks}.',
    'data-word-one': '{n} word',
    'data-word-other': '{n} words',
    'data-mark-one': '{n} mark',
    'data-mark-other': '{n} marks'
  };
  var MODIFIER_KEYS = ['Shift', 'Control', 'Alt', 'Meta'];
  // Long enough for a browser's late click after a drag, short enough that a
  // deliberate click right after is not lost.
  var SUPPRESS_CLICK_MS = 800;
  // A touch selection is still being adjusted by its handles until it rests.
  var TOUCH_SETTLE_MS = 500;

  var hasOwn = Object.prototype.hasOwnProperty;
  var widgets = [];
  var probe = null; // a Range reused to compare boundary points
  var mouse = { down: false, start: null, startWidget: null, startSlot: -1, suppressUntil: 0 };
  var touch = { active: false, last: false, timer: 0 };

  /* Wording of the mark count ----------------------------------------- */

  function readWording(el) {
    var wording = {};
    Object.keys(WORDING).forEach(function (attr) {
      var given = el ? el.getAttribute(attr) : null;
      wording[attr] = given === null ? WORDING[attr] : given;
    });
    return wording;
  }

  // Replaces each {name} in one pass, so a value is never filled in again.
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return hasOwn.call(values, name) ? values[name] : whole;
    });
  }

  function plural(wording, noun, n) {
    return fill(wording['data-' + noun + (n === 1 ? '-one' : '-other')], { n: String(n) });
  }

  function countText(wording, words, marks) {
    if (!words) return wording['data-none'];
    return fill(wording['data-sentence'], {
      words: plural(wording, 'word', words),
      marks: plural(wording, 'mark', marks)
    });
  }

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
    for (var i = 0; i < widgets.length; i++) {
      if (widgets[i].passage.contains(node)) return widgets[i];
    }
    return null;
  }

  // {w, idx} for the word containing node, or null.
  function wordAt(node) {
    if (!node) return null;
    if (node.nodeType !== 1) node = node.parentNode;
    var w = node && widgetFor(node);
    if (!w) return null;
    for (var el = node; el && el !== w.passage; el = el.parentNode) {
      var idx = w.labels.indexOf(el);
      if (idx !== -1) return { w: w, idx: idx };
      if (el.tagName === 'INPUT') {
        idx = w.inputs.indexOf(el);
        if (idx !== -1) return { w: w, idx: idx };
      }
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

  function wordsBetween(lo, hi) {
    var out = [];
    for (var i = lo; i <= hi; i++) out.push(i);
    return out;
  }

  /* State and display -------------------------------------------------- */

  function states(w) {
    return w.inputs.map(function (input) { return input.checked; });
  }

  function paintWords(w, s) {
    for (var i = 0; i < s.length; i++) w.labels[i].classList.toggle('is-marked', s[i]);
  }

  function paintGaps(w, s) {
    w.gaps.forEach(function (gap) {
      var p = gap.prev;
      gap.el.classList.toggle('joined', p >= 0 && p + 1 < s.length && s[p] && s[p + 1]);
    });
  }

  function showCount(w, s) {
    if (!w.count) return;
    var words = 0, marks = 0;
    for (var i = 0; i < s.length; i++) {
      if (s[i]) {
        words++;
        if (i === 0 || !s[i - 1]) marks++;
      }
    }
    var text = countText(w.wording, words, marks);
    // Rewriting the same text would make screen readers repeat it.
    if (w.count.textContent !== text) w.count.textContent = text;
  }

  // Bring classes and the count in line with the checkboxes.
  function refresh(w) {
    var s = states(w);
    paintWords(w, s);
    paintGaps(w, s);
    showCount(w, s);
  }

  function notifyChange(form) {
    if (!form) return;
    var ev;
    try {
      ev = new Event('change', { bubbles: true });
    } catch (e) {
      ev = document.createEvent('Event');
      ev.initEvent('change', true, false);
    }
    form.dispatchEvent(ev);
  }

  // After this script changed checkboxes (setting .checked fires no event).
  function changed(w) {
    refresh(w);
    notifyChange(w.form);
  }

  // Set several words; returns true when any of them changed.
  function setWords(w, indexes, value) {
    var any = false;
    indexes.forEach(function (i) {
      var input = w.inputs[i];
      if (input && !input.disabled && input.checked !== value) {
        input.checked = value;
        any = true;
      }
    });
    return any;
  }

  function setTabStop(w, idx) {
    if (idx < 0 || idx >= w.inputs.length) return;
    if (w.current !== idx && w.inputs[w.current]) w.inputs[w.current].tabIndex = -1;
    w.inputs[idx].tabIndex = 0;
    w.current = idx;
  }

  function focusWord(w, idx) {
    setTabStop(w, idx);
    w.inputs[idx].focus();
  }

  /* Keyboard ----------------------------------------------------------- */

  // Shift+move from word `from` to word `to`: words between the anchor (the
  // word the Shift run started on) and `to` take the anchor's state; words
  // that fall out of that span get back the state they had before the run.
  function extend(w, from, to) {
    if (!w.ext || w.ext.focus !== from) {
      w.ext = { anchor: from, snapshot: states(w), brush: w.inputs[from].checked };
    }
    var ext = w.ext;
    ext.focus = to;
    var lo = Math.min(ext.anchor, to), hi = Math.max(ext.anchor, to);
    var any = false;
    for (var i = 0; i < w.inputs.length; i++) {
      var want = (i >= lo && i <= hi) ? ext.brush : ext.snapshot[i];
      if (setWords(w, [i], want)) any = true;
    }
    return any;
  }

  // The word a movement key goes to from word idx; -1 for any other key.
  function moveTarget(key, idx, last) {
    switch (key) {
      case 'ArrowRight': case 'ArrowDown': case 'Right': case 'Down':
        return Math.min(idx + 1, last);
      case 'ArrowLeft': case 'ArrowUp': case 'Left': case 'Up':
        return Math.max(idx - 1, 0);
      case 'Home':
        return 0;
      case 'End':
        return last;
      default:
        return -1;
    }
  }

  function isEraseKey(key) {
    return key === 'Delete' || key === 'Backspace' || key === 'Del';
  }

  // Unmark the whole run of marked words around word idx.
  function eraseMark(w, idx) {
    w.ext = null;
    if (!w.inputs[idx].checked) return;
    var last = w.inputs.length - 1;
    var lo = idx, hi = idx;
    while (lo > 0 && w.inputs[lo - 1].checked) lo--;
    while (hi < last && w.inputs[hi + 1].checked) hi++;
    if (setWords(w, wordsBetween(lo, hi), false)) changed(w);
  }

  function moveFocus(w, e, idx, to) {
    e.preventDefault();
    if (e.shiftKey) {
      if (extend(w, idx, to)) changed(w);
    } else {
      w.ext = null;
    }
    if (to !== idx) focusWord(w, to);
  }

  function onKeyDown(w, e) {
    var idx = w.inputs.indexOf(e.target);
    if (idx === -1) return;
    if (e.key === 'Enter') {
      // Never submit from inside the passage: too easy to hit by accident.
      e.preventDefault();
      return;
    }
    if (MODIFIER_KEYS.indexOf(e.key) !== -1) return;
    if (e.altKey || e.ctrlKey || e.metaKey) {
      w.ext = null;
    } else if (isEraseKey(e.key)) {
      e.preventDefault();
      eraseMark(w, idx);
    } else {
      var to = moveTarget(e.key, idx, w.inputs.length - 1);
      // Space (native toggle), Tab, letters...: end any Shift run.
      if (to === -1) w.ext = null;
      else moveFocus(w, e, idx, to);
    }
  }

  /* Setting up a passage ----------------------------------------------- */

  // Each .gap remembers the index of the word before it (-1 if none).
  function findGaps(passage, labels) {
    var gaps = [];
    var prev = -1;
    var walker = document.createTreeWalker(passage, NodeFilter.SHOW_ELEMENT, null);
    var el;
    while ((el = walker.nextNode())) {
      var li = labels.indexOf(el);
      if (li !== -1) prev = li;
      else if (el.classList.contains('gap')) gaps.push({ el: el, prev: prev });
    }
    return gaps;
  }

  function buildWidget(passage) {
    var inputs = Array.prototype.slice.call(
      passage.querySelectorAll('input[type="checkbox"]'));
    if (!inputs.length) return null;
    var labels = inputs.map(function (input) {
      return input.closest('.word') || input.closest('label') || input.parentNode;
    });
    var form = passage.closest('form');
    var count = (form || passage.parentNode).querySelector('[data-mark-count]');
    return {
      passage: passage,
      form: form,
      inputs: inputs,
      labels: labels,
      bounds: labels.map(wordBounds),
      gaps: findGaps(passage, labels),
      count: count,
      wording: readWording(count),
      current: 0,
      ext: null
    };
  }

  function listenForFocus(w) {
    w.passage.addEventListener('focusin', function (e) {
      var idx = w.inputs.indexOf(e.target);
      if (idx === -1) return;
      setTabStop(w, idx);
      w.labels[idx].classList.add('has-focus');
      if (w.ext && w.ext.focus !== idx) w.ext = null;
    });
    w.passage.addEventListener('focusout', function (e) {
      var idx = w.inputs.indexOf(e.target);
      if (idx !== -1) w.labels[idx].classList.remove('has-focus');
      if (!e.relatedTarget || !w.passage.contains(e.relatedTarget)) w.ext = null;
    });
  }

  function listenForChanges(w) {
    w.passage.addEventListener('keydown', function (e) { onKeyDown(w, e); });
    // Native toggles (click, tap, Space): the change event already bubbles
    // to the form, so only classes, count and Tab stop need updating.
    w.passage.addEventListener('change', function (e) {
      var idx = w.inputs.indexOf(e.target);
      if (idx === -1) return;
      w.ext = null;
      setTabStop(w, idx);
      refresh(w);
    });
    // No drag-and-drop of selected passage text: it would swallow the mouseup.
    w.passage.addEventListener('dragstart', function (e) { e.preventDefault(); });
    if (w.form) {
      // The reset event comes before the form's controls are reset.
      w.form.addEventListener('reset', function () {
        window.setTimeout(function () { changed(w); }, 0);
      });
    }
  }

  function initHighlight(passage) {
    for (var k = 0; k < widgets.length; k++) {
      if (widgets[k].passage === passage) return widgets[k];
    }
    var w = buildWidget(passage);
    if (!w) return null;
    // Roving tabindex: the first word is the only Tab stop to begin with.
    w.inputs.forEach(function (input, i) { input.tabIndex = i === 0 ? 0 : -1; });
    listenForFocus(w);
    listenForChanges(w);
    widgets.push(w);
    refresh(w);
    return w;
  }

  /* Mouse drags and text selections ------------------------------------ */

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
    if (setWords(w, touched, true)) changed(w);
    var end = wordAt(sel.focusNode);
    var idx = end && end.w === w ? end.idx : touched[touched.length - 1];
    setTabStop(w, idx);
    return { w: w, idx: idx };
  }

  // Mark every word the current selection touches in the passages accepted
  // by `accept(w, sel)`; clears the selection when it did. Returns the last
  // {w, idx} touched, or null.
  function markSelection(accept) {
    var sel = currentSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
    var result = null;
    widgets.forEach(function (w) {
      if (!accept(w, sel)) return;
      result = markSelectionIn(w, sel) || result;
    });
    if (result) clearSelection(sel);
    return result;
  }

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
    if (setWords(w, run, true)) changed(w);
    setTabStop(w, last);
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
    Array.prototype.forEach.call(document.querySelectorAll('[data-highlight]'), initHighlight);
    if (widgets.length) initPointerHandling();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
