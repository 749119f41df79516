// Inside a learning platform's frame, a browser may refuse Lens's cookies. Check by setting one: if it sticks, go
// on to Lens in the frame; if not, say so and leave the "Open Lens in a new window" button.
(function () {
  "use strict";
  var name = "lens_cookie_check=1";
  document.cookie = name + "; path=/; SameSite=None; Secure";
  var kept = document.cookie.indexOf(name) !== -1;
  if (kept) {
    document.cookie = name + "; path=/; SameSite=None; Secure; max-age=0";
    document.getElementById("lti-continue").submit();
  } else {
    document.getElementById("lti-cookies-blocked").hidden = false;
    document.getElementById("lti-cookies-ok").hidden = true;
  }
})();
