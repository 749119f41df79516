/*
 * Lens highlight widget, part 1 of 2: for every [data-highlight] passage, the
 * live mark count, the keyboard, and the classes is-marked, joined and
 * has-focus; highlight-pointer.js adds the mouse, touch and text selections.
 * Plain ES5, no libraries, loaded with <script defer> after drafts.js (which
 * restores a draft's checkboxes before the first count), then the pointer file.
 *
 * The checkboxes stay the only truth: these scripts just check or uncheck
 * them, then fire "change" on the form (so drafts.js saves the draft);
 * without them the form still works.
 *
 * Keys on a word of the passage:
 *   ArrowRight / ArrowDown    next word
 *   ArrowLeft / ArrowUp       previous word
 *   Home / End                first / last word
 *   Space                     mark or unmark the word (native checkbox)
 *   Shift + any of the moves  give the words moved over the state of the word
 *                             started from (so it extends a mark, or erases);
 *                             moving back in the same Shift run undoes
 *   Delete / Backspace        unmark the whole mark around the word
 *   Enter                     nothing (never submits from the passage)
 *   Tab / Shift+Tab           leave the passage
 *
 * The count's wording lives only in Python: the page gives it as the data-none,
 * data-sentence, data-word-one, data-word-other, data-mark-one and
 * data-mark-other attributes of [data-mark-count].
 *
 * window.LensHighlight, the one global, is for highlight-pointer.js only:
 *   widgets               every passage set up, as a widget (see buildWidget)
 *   setWords(w, idxs, v)  check (v true) or uncheck words; true if any changed
 *   changed(w)            after setWords: repaint, fire "change" on the form
 *   setTabStop(w, idx)    make word idx the passage's one Tab stop
 */
(function () {
  'use strict';

  var WORDING_ATTRS = ['data-none', 'data-sentence', 'data-word-one', 'data-word-other',
    'data-mark-one', 'data-mark-other'];
  var MODIFIER_KEYS = ['Shift', 'Control', 'Alt', 'Meta'];
  var ERASE_KEYS = ['Delete', 'Backspace', 'Del'];
  // How far each arrow key moves (Left, Right, Up, Down: old Edge names).
  var STEPS = { ArrowRight: 1, ArrowDown: 1, Right: 1, Down: 1,
    ArrowLeft: -1, ArrowUp: -1, Left: -1, Up: -1 };

  var hasOwn = Object.prototype.hasOwnProperty;
  var widgets = [];

  /* Wording of the mark count ----------------------------------------- */

  // An attribute the page leaves out is no crash: none falls back to the
  // element's own text, the sentence to just the numbers.
  function readWording(el) {
    var fallback = { 'data-none': el.textContent, 'data-sentence': '{words} / {marks}' };
    var wording = {};
    WORDING_ATTRS.forEach(function (attr) {
      var given = el.getAttribute(attr);
      wording[attr] = given !== null ? given : (attr in fallback ? fallback[attr] : '{n}');
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

  /* State and display -------------------------------------------------- */

  function states(w) {
    return w.inputs.map(function (input) { return input.checked; });
  }

  function showCount(w, s) {
    if (!w.count) return;
    var words = 0, marks = 0;
    s.forEach(function (on, i) {
      if (on) words++;
      if (on && (!s[i - 1] || w.newParagraph[i])) marks++;
    });
    var text = countText(w.wording, words, marks);
    // Rewriting the same text would make screen readers repeat it.
    if (w.count.textContent !== text) w.count.textContent = text;
  }

  // Bring classes and the count in line with the checkboxes.
  function refresh(w) {
    var s = states(w);
    for (var i = 0; i < s.length; i++) w.labels[i].classList.toggle('is-marked', s[i]);
    w.gaps.forEach(function (gap) {
      var p = gap.prev;
      gap.el.classList.toggle('joined', p >= 0 && p + 1 < s.length && s[p] && s[p + 1] &&
        !w.newParagraph[p + 1]);
    });
    showCount(w, s);
  }

  // After this script changed checkboxes (setting .checked fires no event).
  // (Any browser with Element.closest, used below, has the Event constructor.)
  function changed(w) {
    refresh(w);
    if (w.form) w.form.dispatchEvent(new Event('change', { bubbles: true }));
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
    if (key === 'Home') return 0;
    if (key === 'End') return last;
    if (!hasOwn.call(STEPS, key)) return -1;
    return Math.min(Math.max(idx + STEPS[key], 0), last);
  }

  // Unmark the whole run of marked words around word idx.
  function eraseMark(w, idx) {
    w.ext = null;
    if (!w.inputs[idx].checked) return;
    var last = w.inputs.length - 1;
    var lo = idx, hi = idx, run = [];
    while (lo > 0 && w.inputs[lo - 1].checked && !w.newParagraph[lo]) lo--;
    while (hi < last && w.inputs[hi + 1].checked && !w.newParagraph[hi + 1]) hi++;
    for (var i = lo; i <= hi; i++) run.push(i);
    if (setWords(w, run, false)) changed(w);
  }

  function moveFocus(w, e, idx, to) {
    e.preventDefault();
    if (!e.shiftKey) w.ext = null;
    else if (extend(w, idx, to)) changed(w);
    if (to === idx) return;
    setTabStop(w, to);
    w.inputs[to].focus();
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
    } else if (ERASE_KEYS.indexOf(e.key) !== -1) {
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
    var gaps = [], prev = -1, el;
    var walker = document.createTreeWalker(passage, NodeFilter.SHOW_ELEMENT, null);
    while ((el = walker.nextNode())) {
      var li = labels.indexOf(el);
      if (li !== -1) prev = li;
      else if (el.classList.contains('gap')) gaps.push({ el: el, prev: prev });
    }
    return gaps;
  }

  // A widget: its passage, form, checkbox inputs and their labels (word i is
  // inputs[i] in labels[i]), newParagraph[i] (a mark stops before word i),
  // gaps, count element and wording, current (the Tab stop), ext (the Shift
  // run under way, or null); the pointer file adds bounds.
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
      passage: passage, form: form, inputs: inputs, labels: labels,
      newParagraph: labels.map(function (label) { return label.hasAttribute('data-new-paragraph'); }),
      gaps: findGaps(passage, labels),
      count: count, wording: count && readWording(count),
      current: 0, ext: null
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
    // The reset event comes before the form's controls are reset.
    if (w.form) w.form.addEventListener('reset', function () {
      window.setTimeout(function () { changed(w); }, 0);
    });
  }

  function initHighlight(passage) {
    var w = buildWidget(passage);
    if (!w) return;
    // Roving tabindex: the first word is the only Tab stop to begin with.
    w.inputs.forEach(function (input, i) { input.tabIndex = i === 0 ? 0 : -1; });
    listenForFocus(w);
    listenForChanges(w);
    widgets.push(w);
    refresh(w);
  }

  window.LensHighlight = { widgets: widgets, setWords: setWords, changed: changed,
    setTabStop: setTabStop };

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-highlight]'), initHighlight);
  }

  if (document.readyState !== 'loading') init();
  else document.addEventListener('DOMContentLoaded', init);
})();
