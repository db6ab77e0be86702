// Public login page. Served without authentication and under `script-src 'self'`,
// so it stays a plain static script with no build step and no inline code.
(function () {
  'use strict';

  var root = document.documentElement;
  var stored = null;
  try { stored = localStorage.getItem('stratus.theme'); } catch (e) { /* storage blocked */ }
  var dark = stored === 'dark' || stored === 'light'
    ? stored === 'dark'
    : window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
  root.setAttribute('data-theme', dark ? 'dark' : 'light');

  function tokenFromHash(hash) {
    var params = new URLSearchParams(hash.replace(/^#/, ''));
    var token = params.get('token');
    return token ? token.trim() : '';
  }

  var hashToken = tokenFromHash(location.hash);
  // The one-time token must not linger in the address bar, history or a screenshot.
  if (location.hash) history.replaceState(null, '', '/login');

  document.addEventListener('DOMContentLoaded', function () {
    var status = document.getElementById('status');
    var form = document.getElementById('token-form');
    var input = document.getElementById('token');
    var submit = form.querySelector('button');

    function show(text, isError) {
      status.textContent = text;
      status.className = isError ? 'error' : '';
    }

    function showForm() {
      form.hidden = false;
      submit.disabled = false;
      input.focus();
    }

    function login(token) {
      show('Signing in…', false);
      submit.disabled = true;
      return fetch('/api/login', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'stratus' },
        body: JSON.stringify({ token: token })
      }).then(function (res) {
        if (res.ok) {
          show('Signed in. Opening Stratus…', false);
          location.replace('/');
          return;
        }
        if (res.status === 401) {
          show('This login link is invalid, expired or already used.', true);
        } else if (res.status === 429) {
          var wait = parseInt(res.headers.get('Retry-After') || '', 10);
          show('Too many attempts; try again in ' + (isNaN(wait) ? 60 : wait) + ' s', true);
        } else {
          show('Sign-in failed (HTTP ' + res.status + ').', true);
        }
        showForm();
      }, function () {
        show('Cannot reach the Stratus server. Check your connection and try again.', true);
        showForm();
      });
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var token = input.value.trim();
      if (token) login(token);
    });

    // A login link pasted into a tab that already shows this page only changes the hash.
    window.addEventListener('hashchange', function () {
      var token = tokenFromHash(location.hash);
      if (!token) return;
      history.replaceState(null, '', '/login');
      login(token);
    });

    if (hashToken) {
      login(hashToken);
    } else {
      show('Sign in with an API token.', false);
      showForm();
    }
  });
})();
