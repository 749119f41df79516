/*
 * Lens join screen: every few seconds, asks the server who has joined the class and
 * redraws the count and the names, so a projected screen fills up as students join.
 * Names go in with textContent only: a name is whatever a student typed. Without
 * this script the page shows the list as it was when it opened, and says to reload.
 * Plain ES5 and fetch, no libraries, loaded with <script defer>.
 */
(function () {
  'use strict';

  var EVERY_MS = 3000;
  var LIVE = 'This list updates by itself every few seconds.';
  var STALE = 'The list could not be updated just now. If this goes on, reload the page.';

  var section = document.querySelector('[data-members-url]');
  if (!section || !window.fetch) {
    return;
  }
  var url = section.getAttribute('data-members-url');
  var count = section.querySelector('.joined-count');
  var list = section.querySelector('.joined-names');
  var note = section.querySelector('.joined-note');

  // Set text only when it changes: the count is a live region, and a screen reader
  // should hear about a new student, not the same sentence every few seconds.
  function setText(element, text) {
    if (element.textContent !== text) {
      element.textContent = text;
    }
  }

  function namesShown() {
    return Array.prototype.map.call(list.children, function (item) {
      return item.textContent;
    });
  }

  function drawNames(names) {
    if (namesShown().join('\n') === names.join('\n')) {
      return;
    }
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    names.forEach(function (name) {
      var item = document.createElement('li');
      item.textContent = name;
      list.appendChild(item);
    });
  }

  function draw(data) {
    setText(count, data.joined);
    drawNames(data.names);
    setText(note, LIVE);
  }

  function askAgainLater() {
    window.setTimeout(ask, EVERY_MS);
  }

  function ask() {
    // A hidden tab asks nothing; it catches up as soon as it is shown again.
    if (document.hidden) {
      askAgainLater();
      return;
    }
    window.fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('status ' + response.status);
        }
        return response.json();
      })
      .then(draw)
      .catch(function () {
        // Signed out, the server restarting, the network down: say so and keep trying.
        setText(note, STALE);
      })
      .then(askAgainLater);
  }

  setText(note, LIVE);
  askAgainLater();
}());
