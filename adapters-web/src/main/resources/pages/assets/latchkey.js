// Latchkey pages: the profile menu, and the two forms, which call the JSON API.
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
      form.querySelectorAll("input").forEach(function (input) { body[input.name] = input.value; });
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
  });
}());
