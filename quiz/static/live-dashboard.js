/*
 * Lens live dashboard: every few seconds, asks the server for the class's grid
 * again (templates/teacher/_class_grid.html) and swaps in only the parts whose
 * markup changed, matched by their data-key, so that the page's scroll, the
 * grid's sideways scroll and the focus stay where they were, and a student who
 * joins gets a row in name order. A hidden tab asks less often; after a few
 * failures in a row the page says that updates are paused, and tries again when
 * the teacher comes back to it. Without this script the page shows the grid as
 * it was when it opened. Plain ES5 and fetch, no libraries, loaded with
 * <script defer>.
 */
(function () {
  'use strict';

  var HIDDEN_EVERY_MS = 30000;
  var FAILURES_BEFORE_PAUSE = 3;
  // At most one "N students have answered" a minute: a live region must not chatter.
  var ANNOUNCE_EVERY_MS = 60000;
  var FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]';
  var LIVE = 'The grid updates itself every few seconds.';

  var root = document.querySelector('[data-live-url]');
  var note = document.querySelector('[data-live-note]');
  if (!root || !note || !window.fetch || !window.DOMParser) {
    return;
  }
  var url = root.getAttribute('data-live-url');
  var everyMs = 1000 * (parseFloat(root.getAttribute('data-live-every')) || 5);
  var hasOwn = Object.prototype.hasOwnProperty;
  var slice = Array.prototype.slice;

  var etag = null;       // the digest of the grid shown, sent back so that an unchanged grid costs a 304
  var timer = null;
  var busy = false;      // a request is on its way
  var failures = 0;      // in a row
  var paused = false;
  var answered = {};     // row key -> true: students who answered since the last announcement
  var since = new Date();
  var announcedAt = 0;

  function sameAttributes(a, b) {
    return a.tagName === b.tagName && a.attributes.length === b.attributes.length &&
      slice.call(a.attributes).every(function (attribute) {
        return b.getAttribute(attribute.name) === attribute.value;
      });
  }

  // The element's children by data-key, or null if one has none (or shares one)
  // or text stands between them: such children cannot be matched one by one.
  function keyedChildren(element) {
    var found = {};
    var loose = slice.call(element.childNodes).some(function (node) {
      return node.nodeType === 3 && node.data.trim() !== '';
    });
    var ok = !loose && slice.call(element.children).every(function (child) {
      var key = child.getAttribute('data-key');
      if (!key || hasOwn.call(found, key)) {
        return false;
      }
      found[key] = child;
      return true;
    });
    return ok ? found : null;
  }

  // Makes `current` show what `fresh` shows; the element now in its place.
  function update(current, fresh) {
    if (current.isEqualNode(fresh)) {
      return current;
    }
    if (current.hasAttribute('data-live-parts') && sameAttributes(current, fresh) &&
        updateParts(current, fresh)) {
      return current;
    }
    var replacement = document.importNode(fresh, true);
    current.parentNode.replaceChild(replacement, current);
    return replacement;
  }

  // Updates the children of `current` one by one, matched by key, to those of
  // `fresh`: unchanged ones are left alone, new ones added in their place, and
  // those gone removed. False, touching nothing, if they cannot be matched.
  function updateParts(current, fresh) {
    var had = keyedChildren(current);
    var wanted = keyedChildren(fresh);
    if (!had || !wanted) {
      return false;
    }
    Object.keys(had).forEach(function (key) {
      if (!hasOwn.call(wanted, key)) {
        current.removeChild(had[key]);
      }
    });
    var previous = null;
    slice.call(fresh.children).forEach(function (child) {
      var key = child.getAttribute('data-key');
      var node = hasOwn.call(had, key) ? update(had[key], child) : document.importNode(child, true);
      var place = previous ? previous.nextElementSibling : current.firstElementChild;
      if (node !== place) {
        // A new part, or one that moved (a student renamed, say).
        current.insertBefore(node, place);
      }
      previous = node;
    });
    return true;
  }

  function replaceChildren(current, fresh) {
    current.textContent = '';
    slice.call(fresh.childNodes).forEach(function (node) {
      current.appendChild(document.importNode(node, true));
    });
  }

  // Where an element is: the keys of the parts around it (its own too), and
  // its place among the focusable elements of the innermost one, unless it is
  // that part itself.
  function locate(element) {
    var keys = [];
    var part = element.closest('[data-key]');
    var scope = part || root;
    while (part && root.contains(part)) {
      keys.unshift(part.getAttribute('data-key'));
      part = part.parentElement.closest('[data-key]');
    }
    var index = scope === element ? 'self' : slice.call(scope.querySelectorAll(FOCUSABLE)).indexOf(element);
    return { keys: keys, index: index };
  }

  function childByKey(element, key) {
    return slice.call(element.children).filter(function (child) {
      return child.getAttribute('data-key') === key;
    })[0] || null;
  }

  function find(place) {
    var scope = root;
    place.keys.forEach(function (key) {
      scope = scope && childByKey(scope, key);
    });
    return !scope || place.index === 'self' ? scope : scope.querySelectorAll(FOCUSABLE)[place.index] || null;
  }

  function setNote(text) {
    note.hidden = false;
    if (note.textContent !== text) {
      note.textContent = text;
    }
  }

  // Each row's latest answer, as the server wrote it in data-latest.
  function latestByRow(scope) {
    var found = {};
    slice.call(scope.querySelectorAll('[data-latest]')).forEach(function (cell) {
      found[cell.parentElement.getAttribute('data-key')] = cell.getAttribute('data-latest');
    });
    return found;
  }

  function noteAnswers(fresh) {
    var before = latestByRow(root);
    var after = latestByRow(fresh);
    Object.keys(after).forEach(function (row) {
      if (after[row] && after[row] !== before[row]) {
        answered[row] = true;
      }
    });
  }

  // How long ago, in words: the browser's clock may not be the school's, so no time of day is named.
  function minutesSince(moment) {
    var minutes = Math.max(1, Math.round((Date.now() - moment.getTime()) / 60000));
    return minutes === 1 ? 'the last minute' : 'the last ' + minutes + ' minutes';
  }

  function announce() {
    var count = Object.keys(answered).length;
    if (!count || Date.now() - announcedAt < ANNOUNCE_EVERY_MS) {
      return;
    }
    var who = count === 1 ? '1 student has' : count + ' students have';
    setNote(LIVE + ' ' + who + ' answered in ' + minutesSince(since) + '.');
    answered = {};
    since = new Date();
    announcedAt = Date.now();
  }

  function draw(html) {
    var fresh = new DOMParser().parseFromString('<div>' + html + '</div>', 'text/html').body.firstElementChild;
    noteAnswers(fresh);
    var active = document.activeElement;
    var place = active && active !== root && root.contains(active) ? locate(active) : null;
    if (!updateParts(root, fresh)) {
      replaceChildren(root, fresh);
    }
    if (place && !root.contains(active)) {
      // The part that had the focus changed: give it to the same element in the new part.
      var again = find(place);
      if (again) {
        again.focus({ preventScroll: true });
      }
    }
    announce();
  }

  function later() {
    window.clearTimeout(timer);
    var wait = document.visibilityState === 'hidden' ? Math.max(HIDDEN_EVERY_MS, everyMs) : everyMs;
    timer = window.setTimeout(ask, wait);
  }

  function pause() {
    paused = true;
    window.clearTimeout(timer);
    note.hidden = false;
    note.textContent = 'Live updates paused — ';
    var reload = document.createElement('a');
    reload.href = window.location.pathname + window.location.search;
    reload.textContent = 'reload the page';
    note.appendChild(reload);
    note.appendChild(document.createTextNode(' to see new answers.'));
  }

  function resume() {
    if (!paused) {
      return;
    }
    paused = false;
    failures = 0;
    setNote(LIVE);
    ask();
  }

  function ask() {
    if (busy || paused) {
      return;
    }
    busy = true;
    var headers = { Accept: 'text/html' };
    if (etag) {
      headers['If-None-Match'] = etag;
    }
    // redirect 'error': signed out, the request would end on the sign-in page.
    window.fetch(url, { credentials: 'same-origin', cache: 'no-store', redirect: 'error', headers: headers })
      .then(function (response) {
        if (response.status === 304) {
          return null;
        }
        if (!response.ok) {
          throw new Error('status ' + response.status);
        }
        etag = response.headers.get('ETag');
        return response.text();
      })
      .then(function (html) {
        failures = 0;
        try {
          if (html !== null) {
            draw(html);
          }
        } catch (error) {
          // A bug, not the network: report it as any script error, count it as a failure, and ask for the whole grid.
          etag = null;
          window.setTimeout(function () { throw error; }, 0);
          throw error;
        }
      })
      .catch(function () {
        // The server restarting, the network down, signed out: try again, then stop and say so.
        failures += 1;
        if (failures >= FAILURES_BEFORE_PAUSE) {
          pause();
        }
      })
      .then(function () {
        busy = false;
        if (!paused) {
          later();
        }
      });
  }

  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState !== 'visible') {
      return;
    }
    if (paused) {
      resume();
    } else {
      // Catch up at once on a tab shown again.
      window.clearTimeout(timer);
      ask();
    }
  });
  window.addEventListener('focus', resume);

  setNote(LIVE);
  later();
}());
