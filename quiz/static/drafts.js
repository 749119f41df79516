/*
 * Lens drafts: the choices in a form[data-draft-key] are kept in localStorage
 * under that key, so a reload or a dropped connection loses no unsent answer.
 * [data-clear-draft="KEY"] on a page removes that draft (its answer arrived);
 * [data-clear-all-drafts] removes every draft (a student leaving a shared
 * computer). Plain ES5, no libraries, loaded with <script defer>.
 *
 * Load this before highlight.js: a draft is restored without change events,
 * and the highlight widget's first count must already see it.
 */
(function () {
  'use strict';

  var PREFIX = 'lens:draft:';
  var hasOwn = Object.prototype.hasOwnProperty;
  var forEach = Array.prototype.forEach;

  // localStorage may be missing or throw (private mode, full quota): a draft
  // is a convenience, never a reason to break the page.
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
      keys.forEach(function (key) { if (key && key.indexOf(PREFIX) === 0) storageRemove(key); });
    } catch (e) { /* ignore */ }
  }

  function isChoice(el) {
    return el.name && (el.type === 'checkbox' || el.type === 'radio');
  }

  function serialize(form) {
    var data = {};
    forEach.call(form.elements, function (el) {
      if (!isChoice(el)) return;
      if (!hasOwn.call(data, el.name)) {
        // defineProperty, not assignment: a field named "__proto__" must stay data.
        Object.defineProperty(data, el.name, {
          value: [], enumerable: true, writable: true, configurable: true
        });
      }
      if (el.checked) data[el.name].push(el.value);
    });
    return data;
  }

  // The stored draft as {name: [values]}, or null when absent or tampered with.
  function readDraft(key) {
    var raw = storageGet(key);
    if (!raw) return null;
    var data;
    try { data = JSON.parse(raw); } catch (e) { return null; }
    if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
    return data;
  }

  function restoreDraft(form, key) {
    var data = readDraft(key);
    if (!data) return;
    forEach.call(form.elements, function (el) {
      if (!isChoice(el) || !hasOwn.call(data, el.name)) return;
      var values = data[el.name];
      if (!Array.isArray(values)) return;
      el.checked = values.map(String).indexOf(el.value) !== -1;
    });
  }

  function clearRequestedDrafts() {
    forEach.call(document.querySelectorAll('[data-clear-draft]'), function (el) {
      var key = el.getAttribute('data-clear-draft');
      if (key) storageRemove(key);
    });
    if (document.querySelector('[data-clear-all-drafts]')) clearAllDrafts();
  }

  function keepDraft(form) {
    var key = form.getAttribute('data-draft-key');
    if (!key) return;
    restoreDraft(form, key);
    form.addEventListener('change', function () {
      storageSet(key, JSON.stringify(serialize(form)));
    });
  }

  function init() {
    clearRequestedDrafts();
    forEach.call(document.querySelectorAll('form[data-draft-key]'), keepDraft);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
