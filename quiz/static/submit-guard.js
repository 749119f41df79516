/*
 * Lens double-submit guard: once a form.answer-form is on its way, its submit
 * buttons say "Submitting…" and further submissions are ignored, so a double
 * click or an impatient second tap records one answer. Plain ES5, no
 * libraries, loaded with <script defer>.
 */
(function () {
  'use strict';

  var busy = [];             // [{form, buttons}]
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

  function lockButtons(form) {
    var buttons = submitButtons(form);
    buttons.forEach(function (btn) {
      if (btn.tagName === 'INPUT') {
        saved.set(btn, btn.value);
        btn.value = 'Submitting…';
      } else {
        // The nodes themselves, not their text: a button may hold markup.
        saved.set(btn, Array.prototype.slice.call(btn.childNodes));
        btn.textContent = 'Submitting…';
      }
      btn.disabled = true;
    });
    busy.push({ form: form, buttons: buttons });
  }

  function unlockButton(btn) {
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
      lockButtons(form);
    }, 0);
  }

  // A page brought back by the Back button comes from the back/forward cache
  // with its buttons still locked.
  function onPageShow(e) {
    if (!e.persisted) return;
    busy.forEach(function (b) { b.buttons.forEach(unlockButton); });
    busy = [];
  }

  document.addEventListener('submit', onSubmit);
  window.addEventListener('pageshow', onPageShow);
})();
