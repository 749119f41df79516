/*
 * The exercise builder's live checks. A short moment after the teacher stops typing, or changes a choice, the form
 * is sent to its check.json address, which answers what "Check and preview" would say of it: the validator's
 * messages by field, and the gaming warnings. Each message is written in its field's problem slot (the element the
 * page draws that field's messages in), slots with no message now are emptied, and a one-line summary is announced
 * politely; focus stays where it is. Without this script the "Check and preview" button says the same.
 */
(function () {
  'use strict';

  var WAIT_MS = 600;

  function clear(element) {
    while (element.firstChild) { element.removeChild(element.firstChild); }
  }

  function line(tag, text) {
    var element = document.createElement(tag);
    element.textContent = text;
    return element;
  }

  // A message's `code` marks drawn as code, as the page's own ticks filter draws them; text only, never markup.
  function withCode(message) {
    var paragraph = document.createElement('p');
    message.split('`').forEach(function (piece, index) {
      if (!piece) { return; }
      paragraph.appendChild(index % 2 ? line('code', piece) : document.createTextNode(piece));
    });
    return paragraph;
  }

  function plural(count, word) {
    return count + ' ' + word + (count === 1 ? '' : 's');
  }

  function initChecks(form) {
    var summary = form.querySelector('[data-check-summary]');
    var warnings = form.querySelector('[data-check-warnings]');
    var timer = null;
    var busy = false;
    var again = false;

    function writeSlot(slot, messages) {
      clear(slot);
      messages.forEach(function (message) { slot.appendChild(withCode(message)); });
      var field = slot.closest('.field, .builder-part');
      if (field) { field.classList.toggle('has-error', messages.length > 0); }
    }

    function writeWarnings(found) {
      clear(warnings);
      warnings.hidden = !found.length;
      if (!found.length) { return; }
      warnings.appendChild(line('p', plural(found.length, 'warning') + ': lazy answers that score too well, or text too hard to read.'));
      var list = document.createElement('ul');
      found.forEach(function (warning) { list.appendChild(line('li', warning)); });
      warnings.appendChild(list);
    }

    function show(checks) {
      var fields = checks.fields || {};
      var slots = {};
      var placed = {};
      Array.prototype.forEach.call(form.querySelectorAll('[data-problems]'), function (slot) {
        slots[slot.getAttribute('data-problems')] = slot;
      });
      // A message for a field this page does not draw goes with the item's own messages, never lost.
      Object.keys(fields).forEach(function (name) {
        var home = slots[name] ? name : 'item';
        placed[home] = (placed[home] || []).concat(fields[name]);
      });
      Object.keys(slots).forEach(function (name) { writeSlot(slots[name], placed[name] || []); });
      writeWarnings(checks.warnings || []);
      // The verdict drawn with the page speaks of the form as it was sent; this one replaces it.
      var drawn = document.querySelector('[data-check-verdict]');
      if (drawn) { drawn.parentNode.removeChild(drawn); }
      var said = checks.count
        ? plural(checks.count, 'problem') + ' now: each is shown beside its field. Nothing is saved until the file is sound.'
        : 'No problems so far: the file would be sound. Press “Check and preview” to try the item.';
      if (summary.textContent !== said) { summary.textContent = said; }
    }

    // One request at a time: a change made meanwhile is sent when the answer is in.
    function send() {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      var token = form.querySelector('input[name="csrf_token"]');
      window.fetch(form.getAttribute('data-check-url'), {
        method: 'POST',
        body: new FormData(form),
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'X-CSRFToken': token ? token.value : '' }
      }).then(function (response) {
        var type = response.headers.get('Content-Type') || '';
        return type.indexOf('application/json') === 0 ? response.json() : null;
      }).then(function (checks) {
        if (checks) { show(checks); }
      }).catch(function () {
        // Offline, or signed out: the "Check and preview" button still says it all.
      }).then(function () {
        busy = false;
        if (again) {
          again = false;
          send();
        }
      });
    }

    function changed(event) {
      // Ticking words, or answering in the preview, changes nothing the file holds until a button is pressed.
      if (!event.target.closest || event.target.closest('[data-builder-words], [data-no-live-check]')) { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(send, WAIT_MS);
    }

    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    var labels = form.querySelector('textarea[name="labels"]');
    if (labels) { labels.addEventListener('input', function () { followLabels(form, labels.value); }); }
  }

  // Each claim's label menu offers the labels as typed now; a chosen label no longer typed stays, marked.
  function followLabels(form, typed) {
    var names = typed.split('\n').map(function (name) { return name.trim(); }).filter(Boolean);
    Array.prototype.forEach.call(form.querySelectorAll('select[name="part_label"]'), function (menu) {
      var chosen = menu.value;
      clear(menu);
      menu.appendChild(option('', 'Choose its label'));
      names.forEach(function (name) { menu.appendChild(option(name, name)); });
      if (chosen && names.indexOf(chosen) === -1) { menu.appendChild(option(chosen, chosen + ' (not among the labels)')); }
      menu.value = chosen;
    });
  }

  function option(value, text) {
    var element = line('option', text);
    element.value = value;
    return element;
  }

  function init() {
    if (!window.fetch || !window.FormData) { return; }
    Array.prototype.forEach.call(document.querySelectorAll('form[data-check-url]'), initChecks);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
