/*
 * Lens quiz enhancements. Plain JS, no libraries, loaded with <script defer>.
 *
 * 1. Highlight widget for every [data-highlight] passage (keyboard, mouse drag,
 *    touch selection, mark count, classes is-marked / joined / has-focus).
 * 2. Drafts: form[data-draft-key] checkbox/radio state kept in localStorage;
 *    [data-clear-draft="KEY"] removes a draft; [data-clear-all-drafts] removes
 *    every draft (a student leaving a shared computer).
 * 3. Double-submit guard for form.answer-form.
 *
 * The checkboxes stay the only truth: everything here just checks or unchecks
 * them, so without this script the form still works.
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
 */
(function () {
  'use strict';

  var hasOwn = Object.prototype.hasOwnProperty;
  var forEach = Array.prototype.forEach;

  /* ------------------------------------------------------------------ *
   * localStorage, which may be missing or throw (private mode, quotas). *
   * ------------------------------------------------------------------ */
  function storageGet(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function storageSet(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* ignore */ }
  }
  function storageRemove(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
  }

  function clearAllDrafts() {
    try {
      var keys = [];
      for (var i = 0; i < window.localStorage.length; i++) keys.push(window.localStorage.key(i));
      keys.forEach(function (key) { if (key && key.indexOf('lens:draft:') === 0) storageRemove(key); });
    } catch (e) { /* ignore */ }
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

  /* ------------------------------------------------------------------ *
   * Highlight widget                                                    *
   * ------------------------------------------------------------------ */
  var widgets = [];
  var probe = null; // a Range reused to compare boundary points

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

  function states(w) {
    return w.inputs.map(function (input) { return input.checked; });
  }

  function countText(words, marks) {
    if (!words) return 'No words marked.';
    return words + (words === 1 ? ' word' : ' words') + ' marked in ' +
      marks + (marks === 1 ? ' mark.' : ' marks.');
  }

  // Bring classes and the count in line with the checkboxes.
  function refresh(w) {
    var s = states(w);
    var n = s.length;
    var words = 0, marks = 0;
    for (var i = 0; i < n; i++) {
      w.labels[i].classList.toggle('is-marked', s[i]);
      if (s[i]) {
        words++;
        if (i === 0 || !s[i - 1]) marks++;
      }
    }
    w.gaps.forEach(function (gap) {
      var p = gap.prev;
      gap.el.classList.toggle('joined', p >= 0 && p + 1 < n && s[p] && s[p + 1]);
    });
    if (w.count) {
      var text = countText(words, marks);
      if (w.count.textContent !== text) w.count.textContent = text;
    }
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

  function onKeyDown(w, e) {
    var idx = w.inputs.indexOf(e.target);
    if (idx === -1) return;
    var key = e.key;
    if (key === 'Enter') {
      // Never submit from inside the passage: too easy to hit by accident.
      e.preventDefault();
      return;
    }
    if (key === 'Shift' || key === 'Control' || key === 'Alt' || key === 'Meta') return;
    if (e.altKey || e.ctrlKey || e.metaKey) {
      w.ext = null;
      return;
    }
    var last = w.inputs.length - 1;
    var to;
    switch (key) {
      case 'ArrowRight': case 'ArrowDown': case 'Right': case 'Down':
        to = Math.min(idx + 1, last); break;
      case 'ArrowLeft': case 'ArrowUp': case 'Left': case 'Up':
        to = Math.max(idx - 1, 0); break;
      case 'Home':
        to = 0; break;
      case 'End':
        to = last; break;
      case 'Delete': case 'Backspace': case 'Del':
        e.preventDefault();
        w.ext = null;
        if (!w.inputs[idx].checked) return;
        var lo = idx, hi = idx;
        while (lo > 0 && w.inputs[lo - 1].checked) lo--;
        while (hi < last && w.inputs[hi + 1].checked) hi++;
        var run = [];
        for (var i = lo; i <= hi; i++) run.push(i);
        if (setWords(w, run, false)) changed(w);
        return;
      default:
        // Space (native toggle), Tab, letters...: ends any Shift run.
        w.ext = null;
        return;
    }
    e.preventDefault();
    if (e.shiftKey) {
      if (extend(w, idx, to)) changed(w);
    } else {
      w.ext = null;
    }
    if (to !== idx) focusWord(w, to);
  }

  function initHighlight(passage) {
    for (var k = 0; k < widgets.length; k++) {
      if (widgets[k].passage === passage) return widgets[k];
    }
    var inputs = Array.prototype.slice.call(
      passage.querySelectorAll('input[type="checkbox"]'));
    if (!inputs.length) return null;
    var labels = inputs.map(function (input) {
      return input.closest('.word') || input.closest('label') || input.parentNode;
    });
    var form = passage.closest('form');
    var w = {
      passage: passage,
      form: form,
      inputs: inputs,
      labels: labels,
      bounds: labels.map(wordBounds),
      gaps: [],
      count: (form || passage.parentNode).querySelector('[data-mark-count]'),
      current: 0,
      ext: null
    };

    // Each .gap remembers the index of the word before it (-1 if none).
    var prev = -1;
    var walker = document.createTreeWalker(passage, NodeFilter.SHOW_ELEMENT, null);
    var el;
    while ((el = walker.nextNode())) {
      var li = labels.indexOf(el);
      if (li !== -1) prev = li;
      else if (el.classList.contains('gap')) w.gaps.push({ el: el, prev: prev });
    }

    // Roving tabindex: the first word is the only Tab stop to begin with.
    inputs.forEach(function (input, i) { input.tabIndex = i === 0 ? 0 : -1; });

    passage.addEventListener('keydown', function (e) { onKeyDown(w, e); });

    passage.addEventListener('focusin', function (e) {
      var idx = inputs.indexOf(e.target);
      if (idx === -1) return;
      setTabStop(w, idx);
      labels[idx].classList.add('has-focus');
      if (w.ext && w.ext.focus !== idx) w.ext = null;
    });

    passage.addEventListener('focusout', function (e) {
      var idx = inputs.indexOf(e.target);
      if (idx !== -1) labels[idx].classList.remove('has-focus');
      if (!e.relatedTarget || !passage.contains(e.relatedTarget)) w.ext = null;
    });

    // Native toggles (click, tap, Space): the change event already bubbles
    // to the form, so only classes, count and Tab stop need updating.
    passage.addEventListener('change', function (e) {
      var idx = inputs.indexOf(e.target);
      if (idx === -1) return;
      w.ext = null;
      setTabStop(w, idx);
      refresh(w);
    });

    // No drag-and-drop of selected passage text: it would swallow the mouseup.
    passage.addEventListener('dragstart', function (e) { e.preventDefault(); });

    if (form) {
      form.addEventListener('reset', function () {
        window.setTimeout(function () { changed(w); }, 0);
      });
    }

    widgets.push(w);
    refresh(w);
    return w;
  }

  /* Mouse drags and text selections ----------------------------------- */

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

  function clearSelection(sel) {
    try { sel.removeAllRanges(); } catch (e) { /* ignore */ }
  }

  // Mark every word the current selection touches in the passages accepted
  // by `accept(w, sel)`; clears the selection when it did. Returns the last
  // {w, idx} touched, or null.
  function markSelection(accept) {
    var sel = window.getSelection ? window.getSelection() : null;
    if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
    var result = null;
    widgets.forEach(function (w) {
      if (!accept(w, sel)) return;
      var touched = [];
      for (var r = 0; r < sel.rangeCount; r++) {
        touched = touched.concat(touchedWords(w, sel.getRangeAt(r)));
      }
      if (!touched.length) return;
      w.ext = null;
      if (setWords(w, touched, true)) changed(w);
      // The word the selection ended on (or the nearest touched one).
      var end = wordAt(sel.focusNode);
      var idx = end && end.w === w ? end.idx : touched[touched.length - 1];
      setTabStop(w, idx);
      result = { w: w, idx: idx };
    });
    if (result) clearSelection(sel);
    return result;
  }

  var mouse = { down: false, start: null, startWidget: null, startSlot: -1, suppressUntil: 0 };

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

  function onMouseDown(e) {
    if (e.button !== 0) return;
    mouse.down = true;
    mouse.suppressUntil = 0;
    mouse.start = wordAt(e.target);
    mouse.startWidget = widgetFor(e.target);
    mouse.startSlot = mouse.startWidget ? slotAt(mouse.startWidget, e.target) : -1;
    if (mouse.startWidget) mouse.startWidget.ext = null;
  }

  function onMouseUp(e) {
    if (e.button !== 0 || !mouse.down) return;
    mouse.down = false;
    var start = mouse.start;
    var startWidget = mouse.startWidget;
    var end = wordAt(e.target);
    var endWidget = widgetFor(e.target);
    mouse.start = mouse.startWidget = null;
    var startSlot = mouse.startSlot;
    mouse.startSlot = -1;

    if (start && end && start.w === end.w && start.idx === end.idx) {
      // A click on one word (maybe with a little jitter, or a double click
      // that selected it): the native label click toggles it exactly once.
      var sel = window.getSelection ? window.getSelection() : null;
      if (sel && !sel.isCollapsed && start.w.passage.contains(sel.focusNode)) {
        clearSelection(sel);
      }
      return;
    }
    if (!startWidget && !endWidget) {
      // Outside every passage: only a selection that ends inside one counts.
      var s = window.getSelection ? window.getSelection() : null;
      if (!s || s.isCollapsed || !widgetFor(s.focusNode)) return;
    }

    var hit = markSelection(function (w, sel) {
      return w === startWidget || w === endWidget || w.passage.contains(sel.focusNode);
    });
    if (!hit && startWidget && startWidget === endWidget) {
      // No text selection (e.g. user-select: none): mark the words from the
      // one pressed on to the one released on (a gap between words counts
      // as the space between them, so a click on one gap marks nothing).
      var w = startWidget;
      var endSlot = slotAt(w, e.target);
      if (startSlot !== -1 && endSlot !== -1 && startSlot !== endSlot) {
        var run = [];
        var lo = Math.min(startSlot, endSlot), hi = Math.max(startSlot, endSlot);
        for (var i = 0; i < w.inputs.length; i++) {
          if (2 * i + 1 >= lo && 2 * i + 1 <= hi) run.push(i);
        }
        if (run.length) {
          var last = endSlot % 2 ? (endSlot - 1) / 2
            : run[endSlot > startSlot ? run.length - 1 : 0];
          w.ext = null;
          if (setWords(w, run, true)) changed(w);
          setTabStop(w, last);
          hit = { w: w, idx: last };
        }
      }
    }
    if (hit) mouse.suppressUntil = Date.now() + 800;
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
  var touch = { active: false, last: false, timer: 0 };

  function scheduleTouchSelection() {
    window.clearTimeout(touch.timer);
    var sel = window.getSelection ? window.getSelection() : null;
    if (!sel || sel.isCollapsed) return;
    touch.timer = window.setTimeout(function () {
      if (touch.active || mouse.down) return; // touchend will try again
      markSelection(function (w, s) {
        return w.passage.contains(s.focusNode) || w.passage.contains(s.anchorNode);
      });
    }, 500);
  }

  function initPointerHandling() {
    document.addEventListener('pointerdown', function (e) {
      touch.last = e.pointerType === 'touch';
    }, true);
    document.addEventListener('mousedown', onMouseDown, true);
    document.addEventListener('mouseup', onMouseUp, true);
    document.addEventListener('click', onClick, true);
    document.addEventListener('touchstart', function () {
      touch.active = true;
      touch.last = true;
      window.clearTimeout(touch.timer);
    }, { capture: true, passive: true });
    var touchEnd = function (e) {
      if (!e.touches || !e.touches.length) touch.active = false;
      if (touch.last) scheduleTouchSelection();
    };
    document.addEventListener('touchend', touchEnd, { capture: true, passive: true });
    document.addEventListener('touchcancel', touchEnd, { capture: true, passive: true });
    document.addEventListener('selectionchange', function () {
      if (touch.last && !mouse.down) scheduleTouchSelection();
    });
  }

  /* ------------------------------------------------------------------ *
   * Drafts                                                              *
   * ------------------------------------------------------------------ */
  function isChoice(el) {
    return el.name && (el.type === 'checkbox' || el.type === 'radio');
  }

  function serialize(form) {
    var data = {};
    forEach.call(form.elements, function (el) {
      if (!isChoice(el)) return;
      if (!hasOwn.call(data, el.name)) {
        Object.defineProperty(data, el.name, {
          value: [], enumerable: true, writable: true, configurable: true
        });
      }
      if (el.checked) data[el.name].push(el.value);
    });
    return data;
  }

  function restoreDraft(form, key) {
    var raw = storageGet(key);
    if (!raw) return;
    var data;
    try { data = JSON.parse(raw); } catch (e) { return; }
    if (!data || typeof data !== 'object' || Array.isArray(data)) return;
    forEach.call(form.elements, function (el) {
      if (!isChoice(el) || !hasOwn.call(data, el.name)) return;
      var values = data[el.name];
      if (!Array.isArray(values)) return;
      el.checked = values.map(String).indexOf(el.value) !== -1;
    });
  }

  function initDrafts() {
    forEach.call(document.querySelectorAll('[data-clear-draft]'), function (el) {
      var key = el.getAttribute('data-clear-draft');
      if (key) storageRemove(key);
    });
    if (document.querySelector('[data-clear-all-drafts]')) clearAllDrafts();
    forEach.call(document.querySelectorAll('form[data-draft-key]'), function (form) {
      var key = form.getAttribute('data-draft-key');
      if (!key) return;
      restoreDraft(form, key);
      form.addEventListener('change', function () {
        storageSet(key, JSON.stringify(serialize(form)));
      });
    });
  }

  /* ------------------------------------------------------------------ *
   * Double-submit guard                                                 *
   * ------------------------------------------------------------------ */
  var busy = [];           // [{form, buttons}]
  var saved = new WeakMap(); // button -> original content

  function submitButtons(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.type === 'submit' &&
        (el.tagName === 'BUTTON' || el.tagName === 'INPUT');
    });
  }

  function isBusy(form) {
    return busy.some(function (b) { return b.form === form; });
  }

  function onSubmit(e) {
    var form = e.target;
    if (!form || form.tagName !== 'FORM' || !form.classList.contains('answer-form')) return;
    if (isBusy(form)) {
      e.preventDefault();
      return;
    }
    // Disable only after the submission has started: a disabled button
    // would drop out of the form data.
    window.setTimeout(function () {
      if (e.defaultPrevented || isBusy(form)) return;
      var buttons = submitButtons(form);
      buttons.forEach(function (btn) {
        if (btn.tagName === 'INPUT') {
          saved.set(btn, btn.value);
          btn.value = 'Submitting…';
        } else {
          saved.set(btn, Array.prototype.slice.call(btn.childNodes));
          btn.textContent = 'Submitting…';
        }
        btn.disabled = true;
      });
      busy.push({ form: form, buttons: buttons });
    }, 0);
  }

  function releaseForms() {
    busy.forEach(function (b) {
      b.buttons.forEach(function (btn) {
        if (saved.has(btn)) {
          var orig = saved.get(btn);
          if (btn.tagName === 'INPUT') {
            btn.value = orig;
          } else {
            btn.textContent = '';
            orig.forEach(function (node) { btn.appendChild(node); });
          }
          saved.delete(btn);
        }
        btn.disabled = false;
      });
    });
    busy = [];
  }

  /* ------------------------------------------------------------------ */
  function init() {
    initDrafts();
    forEach.call(document.querySelectorAll('[data-highlight]'), initHighlight);
    if (widgets.length) initPointerHandling();
    document.addEventListener('submit', onSubmit);
    window.addEventListener('pageshow', function (e) {
      if (e.persisted) releaseForms();
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
