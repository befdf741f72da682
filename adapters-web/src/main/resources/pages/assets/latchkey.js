// Latchkey pages: the profile menu, the forms, and the consent pages, which call the JSON API.
"use strict";

(function () {
  function setupMenu() {
    var button = document.getElementById("profile-button");
    var menu = document.getElementById("profile-menu");
    if (!button || !menu) { return; }
    function close() { menu.hidden = true; button.setAttribute("aria-expanded", "false"); }
    function open() {
      menu.hidden = false;
      button.setAttribute("aria-expanded", "true");
      var first = menu.querySelector("a");
      if (first) { first.focus(); }
    }
    button.addEventListener("click", function () { if (menu.hidden) { open(); } else { close(); } });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !menu.hidden) { close(); button.focus(); }
    });
    document.addEventListener("click", function (event) {
      if (!menu.hidden && !menu.contains(event.target) && !button.contains(event.target)) { close(); }
    });
  }

  function clearErrors(form) {
    form.querySelectorAll(".field-error").forEach(function (p) { p.textContent = ""; });
    form.querySelectorAll("input").forEach(function (input) { input.removeAttribute("aria-invalid"); });
  }

  function showFieldErrors(form, errors) {
    var firstInvalid = null;
    errors.forEach(function (error) {
      var input = form.querySelector("[name='" + error.field + "']");
      var slot = document.getElementById(error.field + "-error");
      if (input && slot) {
        var label = form.querySelector("label[for='" + input.id + "']");
        slot.textContent = (label ? label.textContent : error.field) + " " + error.message + ".";
        input.setAttribute("aria-invalid", "true");
        firstInvalid = firstInvalid || input;
      }
    });
    if (firstInvalid) { firstInvalid.focus(); }
  }

  function say(box, kind, text) {
    box.className = "message " + kind;
    box.setAttribute("role", kind === "bad" ? "alert" : "status");
    box.textContent = text;
  }

  function retryText(response, problem) {
    var seconds = parseInt(response.headers.get("Retry-After") || "60", 10);
    var minutes = Math.max(1, Math.ceil(seconds / 60));
    return "Too many attempts. Try again in " + minutes + (minutes === 1 ? " minute." : " minutes.");
  }

  function setupForm(formId, messageId, onSuccess) {
    var form = document.getElementById(formId);
    if (!form) { return; }
    var box = document.getElementById(messageId);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearErrors(form);
      box.textContent = "";
      box.className = "message";
      var body = {};
      form.querySelectorAll("input").forEach(function (input) {
        if ((input.type === "radio" || input.type === "checkbox") && !input.checked) { return; }
        body[input.name] = input.value;
      });
      var submit = form.querySelector("button[type='submit']");
      submit.disabled = true;
      fetch(form.getAttribute("data-endpoint"), {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json, application/problem+json" },
        body: JSON.stringify(body)
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (payload) {
          if (response.ok) {
            onSuccess(form, box, payload);
          } else if (response.status === 400 && payload.errors) {
            showFieldErrors(form, payload.errors);
            say(box, "bad", "Please correct the highlighted fields.");
          } else if (response.status === 429) {
            say(box, "bad", retryText(response, payload));
          } else if (payload.detail) {
            say(box, "bad", payload.detail);
          } else {
            say(box, "bad", "Something went wrong. Please try again in a moment.");
          }
        });
      }).catch(function () {
        say(box, "bad", "We could not reach the service. Please check your connection and try again.");
      }).finally(function () {
        submit.disabled = false;
      });
    });
  }

  function postJson(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json, application/problem+json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (payload) {
        return { response: response, payload: payload };
      });
    });
  }

  // Anything the server sent is shown with textContent only, never parsed as HTML.
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function when(iso) {
    var date = new Date(iso);
    if (!iso || isNaN(date.getTime())) { return String(iso || ""); }
    return date.toLocaleString(undefined, { dateStyle: "long", timeStyle: "short" });
  }

  // "a", "a and b", "a, b and c".
  function inWords(parts) {
    if (parts.length < 2) { return parts.join(""); }
    return parts.slice(0, -1).join(", ") + " and " + parts[parts.length - 1];
  }

  function scopeList(list, scopes) {
    list.replaceChildren();
    (scopes || []).forEach(function (scope) {
      var item = element("li", "", "");
      item.appendChild(element("span", "scope-description", scope.description));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(element("code", "scope-name", scope.scope));
      list.appendChild(item);
    });
  }

  // A mail's link carries its one-time token in the fragment (/consent#ecl_...), which reaches no
  // server log or referrer. It is taken into memory and wiped from the address bar at once, so it
  // is left neither in the history nor on the screen.
  function takeToken() {
    var hash = window.location.hash;
    if (!hash) { return null; }
    history.replaceState(history.state, "", window.location.pathname + window.location.search);
    var token = hash.substring(1);
    return /^ecl_[0-9A-Za-z]+$/.test(token) ? token : null;
  }

  // A token the service cannot read (400) is, to the owner, one that is no longer valid (410).
  function linkRefused(result) {
    return result.response.status === 410 || result.response.status === 400;
  }

  function sayProblem(box, result) {
    if (result.response.status === 429) {
      say(box, "bad", retryText(result.response, result.payload));
    } else if (result.payload.detail) {
      say(box, "bad", result.payload.detail);
    } else {
      say(box, "bad", "Something went wrong. Please try again in a moment.");
    }
  }

  function sayUnreachable(box) {
    say(box, "bad", "We could not reach the service. Please check your connection and try again.");
  }

  // One call of an owner page with a link's token. on.ok gets the answer; on.refused runs for a link
  // no longer valid; any other problem, or no answer, is said in box and then on.failed runs.
  // Optional: on.stale() drops an answer a newer call made moot, on.settled runs before any
  // outcome, on.other(result) may take a status of its own (answering true).
  function postWithLink(url, body, box, on) {
    function failed() { if (on.failed) { on.failed(); } }
    postJson(url, body).then(function (result) {
      if (on.stale && on.stale()) { return; }
      if (on.settled) { on.settled(); }
      if (result.response.ok) {
        on.ok(result.payload);
      } else if (on.other && on.other(result)) {
        return;
      } else if (linkRefused(result)) {
        on.refused();
      } else {
        sayProblem(box, result);
        failed();
      }
    }).catch(function () {
      if (on.settled) { on.settled(); }
      sayUnreachable(box);
      failed();
    });
  }

  // The decision page, opened from the consent mail: what the integration asks for, Approve or Deny.
  function setupConsent() {
    var section = document.getElementById("consent-request");
    if (!section) { return; }
    var title = document.getElementById("consent-title");
    var loading = document.getElementById("consent-loading");
    var lead = document.getElementById("consent-lead");
    var scopes = document.getElementById("consent-scopes");
    var expiry = document.getElementById("consent-expiry");
    var actions = document.getElementById("consent-actions");
    var approve = document.getElementById("approve");
    var deny = document.getElementById("deny");
    var box = document.getElementById("consent-message");
    var manage = document.getElementById("consent-manage");
    var token = null;
    var asked = null;
    var opened = 0;

    function enable(on) { approve.disabled = !on; deny.disabled = !on; }

    function linkNotValid() {
      token = null;
      loading.hidden = true;
      section.hidden = true;
      title.textContent = "This link is no longer valid";
      say(box, "bad", "This link is no longer valid. A consent link works once and for 72 hours: "
          + "to give access, ask the integration to request it again.");
      box.focus();
    }

    function show(preview) {
      asked = preview;
      var name = preview.integration.name;
      title.textContent = name + " asks for access to your store";
      lead.textContent = "If you approve, " + name + " will be able to:";
      scopeList(scopes, preview.scopes);
      expiry.textContent = "This link works once, until " + when(preview.expiresAt) + ".";
      actions.hidden = false;
      enable(true);
      section.hidden = false;
    }

    function decided(status) {
      var name = asked.integration.name;
      token = null;
      section.hidden = true;
      if (status === "GRANTED") {
        title.textContent = "Access granted";
        say(box, "ok", "Access granted: " + name + " can now "
            + inWords(asked.scopes.map(function (scope) { return scope.description; })) + ".");
      } else if (status === "DENIED") {
        title.textContent = "Request denied";
        say(box, "ok", "Request denied: " + name + " was given no access.");
      } else {
        say(box, "ok", "Your decision is saved.");
      }
      manage.hidden = false;
      box.focus();
    }

    function decide(decision) {
      if (!token) { linkNotValid(); return; }
      enable(false);
      box.textContent = "";
      box.className = "message";
      postWithLink("/api/v1/consent-decisions", { token: token, decision: decision }, box, {
        ok: function (payload) { decided(payload.status); },
        refused: linkNotValid,
        failed: function () { enable(true); }
      });
    }

    function load() {
      var link = ++opened;
      token = takeToken();
      asked = null;
      section.hidden = true;
      manage.hidden = true;
      box.textContent = "";
      box.className = "message";
      title.textContent = "Access to your store";
      if (!token) { linkNotValid(); return; }
      loading.hidden = false;
      postWithLink("/api/v1/consent-decisions/preview", { token: token }, box, {
        stale: function () { return link !== opened; }, // another link was opened meanwhile
        settled: function () { loading.hidden = true; },
        ok: show,
        refused: linkNotValid
      });
    }

    approve.addEventListener("click", function () { decide("APPROVE"); });
    deny.addEventListener("click", function () { decide("DENY"); });
    // Another mail link opened in this tab changes only the fragment: no new page load.
    window.addEventListener("hashchange", function () { if (window.location.hash) { load(); } });
    load();
  }

  // The manage page: without a link, a form that mails one; with it, the integrations allowed, each
  // with Withdraw. The token stays in memory for the page's later calls.
  function setupConsents() {
    var form = document.getElementById("owner-link-form");
    var section = document.getElementById("consents");
    if (!form || !section) { return; }
    var box = document.getElementById("consents-message");
    var formBox = document.getElementById("owner-link-message");
    var loading = document.getElementById("consents-loading");
    var empty = document.getElementById("consents-empty");
    var list = document.getElementById("consent-list");
    var expiry = document.getElementById("consents-expiry");
    var token = null;
    var listed = 0;

    function clear(target) { target.textContent = ""; target.className = "message"; }

    function askForLink(text) {
      token = null;
      section.hidden = true;
      form.hidden = false;
      if (text) {
        say(box, "bad", text);
        box.focus();
      }
    }

    function linkNotValid() {
      askForLink("This link is no longer valid: ask for a new one.");
    }

    function showEmptiness() {
      empty.hidden = list.children.length > 0;
    }

    function withdraw(consent, item, button) {
      var name = consent.integration.name;
      button.disabled = true;
      postWithLink("/api/v1/consents/withdraw", { token: token, integrationId: consent.integration.id }, box, {
        ok: function () {
          item.remove();
          showEmptiness();
          say(box, "ok", name + " no longer has access.");
          box.focus();
        },
        other: function (result) {
          if (result.response.status !== 404) { return false; }
          // Withdrawn already (from another tab, say): show what is true now.
          say(box, "ok", name + " no longer has access.");
          box.focus();
          refresh();
          return true;
        },
        refused: linkNotValid,
        failed: function () { button.disabled = false; }
      });
    }

    function entry(consent) {
      var name = consent.integration.name;
      var item = element("li", "card consent");
      item.setAttribute("data-integration", consent.integration.id);
      item.appendChild(element("h2", "", name));
      item.appendChild(element("p", "lead", "Allowed to:"));
      var scopes = element("ul", "scopes");
      scopeList(scopes, consent.scopes);
      item.appendChild(scopes);
      var dates = "Given on " + when(consent.grantedAt);
      if (consent.updatedAt && consent.updatedAt !== consent.grantedAt) {
        dates += "; last changed on " + when(consent.updatedAt);
      }
      item.appendChild(element("p", "hint", dates + "."));
      var button = element("button", "secondary", "Withdraw");
      button.type = "button";
      button.setAttribute("aria-label", "Withdraw " + name);
      button.addEventListener("click", function () { withdraw(consent, item, button); });
      item.appendChild(button);
      return item;
    }

    function render(payload) {
      list.replaceChildren();
      (payload.consents || []).forEach(function (consent) { list.appendChild(entry(consent)); });
      showEmptiness();
      expiry.textContent = payload.expiresAt
        ? "This link works until " + when(payload.expiresAt) + "; then ask for a new one."
        : "";
    }

    function refresh() {
      var listing = ++listed;
      postWithLink("/api/v1/consents/list", { token: token }, box, {
        stale: function () { return listing !== listed; }, // a newer listing (or link) is under way
        settled: function () { loading.hidden = true; },
        ok: render,
        refused: linkNotValid
      });
    }

    function load() {
      var fresh = takeToken();
      clear(box);
      if (!fresh) {
        askForLink(null);
        return;
      }
      token = fresh;
      clear(formBox);
      form.hidden = true;
      section.hidden = false;
      empty.hidden = true;
      list.replaceChildren();
      expiry.textContent = "";
      loading.hidden = false;
      refresh();
    }

    setupForm("owner-link-form", "owner-link-message", function (form, formBox) {
      clear(box);
      say(formBox, "ok", "If this email has an API key, we sent it a link to manage the integrations you "
          + "allowed. The link works for 30 minutes.");
      form.reset();
      formBox.focus();
    });
    window.addEventListener("hashchange", function () { if (window.location.hash) { load(); } });
    load();
  }

  // The privacy page: ask for an export or erasure link; opened from one (/privacy/export#ecl_...,
  // /privacy/erase#ecl_...), download or erase.
  function setupPrivacy() {
    var form = document.getElementById("privacy-link-form");
    var exportSection = document.getElementById("export-section");
    var eraseSection = document.getElementById("erase-section");
    if (!form || !exportSection || !eraseSection) { return; }
    var box = document.getElementById("privacy-message");
    var formBox = document.getElementById("privacy-link-message");
    var download = document.getElementById("download");
    var understood = document.getElementById("erase-understood");
    var erase = document.getElementById("erase");
    var token = null;

    function askForLink(text) {
      token = null;
      exportSection.hidden = true;
      eraseSection.hidden = true;
      form.hidden = false;
      if (text) {
        say(box, "bad", text);
        box.focus();
      }
    }

    function linkNotValid() {
      askForLink("This link is no longer valid: ask for a new one.");
    }

    function count(list, one, many) {
      var n = (list || []).length;
      return n + " " + (n === 1 ? one : many);
    }

    function save(payload) {
      var file = new Blob([JSON.stringify(payload, null, 2)], { type: "application/json" });
      var link = element("a", "", "");
      link.href = URL.createObjectURL(file);
      link.download = "latchkey-my-data.json";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    }

    download.addEventListener("click", function () {
      download.disabled = true;
      postWithLink("/api/v1/owner-data/export", { token: token }, box, {
        ok: function (payload) {
          save(payload);
          token = null;
          exportSection.hidden = true;
          say(box, "ok", "Your data was downloaded: " + count(payload.requests, "request", "requests") + ", "
              + count(payload.keys, "key", "keys") + ", "
              + count(payload.grants, "integration allowed", "integrations allowed") + " and "
              + count(payload.auditEvents, "recorded event", "recorded events")
              + ". The link is used up.");
          box.focus();
        },
        refused: linkNotValid,
        failed: function () { download.disabled = false; }
      });
    });

    understood.addEventListener("change", function () { erase.disabled = !understood.checked; });
    erase.addEventListener("click", function () {
      if (!understood.checked) { return; }
      erase.disabled = true;
      postWithLink("/api/v1/owner-data/erase", { token: token }, box, {
        ok: function (payload) {
          token = null;
          eraseSection.hidden = true;
          var keys = payload.keysRevoked;
          say(box, "ok", "Your data was erased. " + (keys === 1 ? "1 API key was" : keys + " API keys were")
              + " revoked. " + (payload.confirmationSent
                ? "We mailed you a confirmation."
                : "We could not mail you a confirmation, but the erasure is done."));
          box.focus();
        },
        refused: linkNotValid,
        failed: function () { erase.disabled = !understood.checked; }
      });
    });

    function load() {
      var fresh = takeToken();
      box.textContent = "";
      box.className = "message";
      var path = window.location.pathname;
      var section = path === "/privacy/export" ? exportSection : path === "/privacy/erase" ? eraseSection : null;
      if (!fresh || !section) {
        askForLink(null);
        return;
      }
      token = fresh;
      form.hidden = true;
      exportSection.hidden = section !== exportSection;
      eraseSection.hidden = section !== eraseSection;
      download.disabled = false;
      understood.checked = false;
      erase.disabled = true;
      section.querySelector("h2").setAttribute("tabindex", "-1");
      section.querySelector("h2").focus();
    }

    setupForm("privacy-link-form", "privacy-link-message", function (form, formBox) {
      box.textContent = "";
      box.className = "message";
      say(formBox, "ok", "If this email has an API key, we sent it a link. It works once, for 30 minutes.");
      form.reset();
      formBox.focus();
    });
    window.addEventListener("hashchange", function () { if (window.location.hash) { load(); } });
    load();
  }

  function prefillFromLink() {
    var form = document.getElementById("verify-form");
    if (!form) { return; }
    var email = new URLSearchParams(window.location.search).get("email");
    if (email) {
      document.getElementById("email").value = email;
      document.getElementById("apiKey").focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupMenu();
    prefillFromLink();
    setupForm("request-form", "request-message", function (form, box, payload) {
      say(box, "ok", payload.message);
      form.reset();
      box.focus();
    });
    setupForm("verify-form", "verify-message", function (form, box, payload) {
      say(box, "ok", payload.message || "Your API key is verified.");
      box.focus();
    });
    setupConsent();
    setupConsents();
    setupPrivacy();
  });
}());
