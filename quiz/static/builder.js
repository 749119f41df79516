/*
 * The exercise builder's word picker: for every [data-builder-words] text (the source document, or the passage),
 * drawn as one checkbox per word. Without this script a teacher ticks the first and the last word of a run; with it
 * they may also drag across the words, Shift+click to extend a run, and move with the arrow keys (Shift+arrow ticks
 * as it moves). The words from the first ticked to the last are shown below the text, as Lens will quote them.
 */
(function () {
  'use strict';

  function initPicker(group) {
    var boxes = Array.prototype.slice.call(group.querySelectorAll('input[type="checkbox"]'));
    var shown = group.nextElementSibling;
    var anchor = null;
    var drag = null;
    if (!boxes.length) { return; }

    function indexOf(box) { return boxes.indexOf(box); }

    function tickRange(from, to, state) {
      var low = Math.min(from, to);
      var high = Math.max(from, to);
      for (var i = low; i <= high; i += 1) { boxes[i].checked = state; }
    }

    // The text of the run, read from the page itself: what Lens will quote (it adds … where a sentence is cut).
    function showSelection() {
      if (!shown || !shown.hasAttribute('data-builder-selection')) { return; }
      var ticked = boxes.filter(function (box) { return box.checked; });
      if (!ticked.length) {
        shown.textContent = 'No words ticked.';
        return;
      }
      var first = ticked[0].closest('label');
      var last = ticked[ticked.length - 1].closest('label');
      var text = '';
      for (var node = first; node; node = node.nextSibling) {
        text += node.textContent;
        if (node === last) { break; }
      }
      shown.textContent = 'Selected: “' + text.replace(/\s+/g, ' ').trim() + '”';
    }

    // One word of the text is in the Tab order; the arrow keys move between words, as in a student's passage.
    function focusWord(index) {
      boxes.forEach(function (box, at) { box.tabIndex = at === index ? 0 : -1; });
      boxes[index].focus();
    }

    group.addEventListener('click', function (event) {
      var label = event.target.closest('label.word');
      if (!label) { return; }
      var box = label.querySelector('input');
      if (event.target !== box) {
        // The click on the label, before the browser passes it on to the box: a drag or a Shift+click handles the
        // run itself, and the box must not then be toggled.
        if (drag && drag.moved) {
          event.preventDefault();
          drag = null;
        } else if (event.shiftKey && anchor !== null) {
          event.preventDefault();
          tickRange(anchor, indexOf(box), true);
          anchor = indexOf(box);
          showSelection();
        }
        return;
      }
      anchor = indexOf(box);
      showSelection();
    });

    group.addEventListener('pointerdown', function (event) {
      var label = event.target.closest('label.word');
      if (!label || event.button !== 0 || event.pointerType === 'touch') { return; }
      drag = { from: indexOf(label.querySelector('input')), moved: false };
    });

    group.addEventListener('pointerover', function (event) {
      var label = event.target.closest('label.word');
      if (!drag || !label || !(event.buttons & 1)) { return; }
      var at = indexOf(label.querySelector('input'));
      if (at === drag.from && !drag.moved) { return; }
      drag.moved = true;
      tickRange(drag.from, at, true);
      anchor = at;
      showSelection();
    });

    // After the click that may follow a drag's release, which the click handler needs to see.
    document.addEventListener('pointerup', function () {
      var ended = drag;
      window.setTimeout(function () { if (drag === ended) { drag = null; } }, 0);
    });

    group.addEventListener('keydown', function (event) {
      var at = indexOf(event.target);
      if (at < 0) { return; }
      var moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
      var next = null;
      if (event.key in moves) { next = Math.min(boxes.length - 1, Math.max(0, at + moves[event.key])); }
      if (event.key === 'Home') { next = 0; }
      if (event.key === 'End') { next = boxes.length - 1; }
      if (next === null) { return; }
      event.preventDefault();
      if (event.shiftKey) {
        tickRange(at, next, true);
        anchor = next;
      }
      focusWord(next);
      showSelection();
    });

    group.addEventListener('change', showSelection);
    boxes.forEach(function (box, at) { box.tabIndex = at === 0 ? 0 : -1; });
    showSelection();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-builder-words]'), initPicker);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
