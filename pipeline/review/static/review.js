// Keyboard shortcuts for the common review path; every action is still a plain form or link.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });

  const form = document.getElementById("decide-form");
  const correction = document.getElementById("correction");
  const focused = document.querySelector(".flag-card.focused");
  if (focused) focused.scrollIntoView({ block: "nearest" });
  const mark = document.querySelector("#article-text .focus");
  if (mark) mark.scrollIntoView({ block: "center" });

  if (correction) {
    correction.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        document.getElementById("correct").click();
      }
    });
  }
  if (form) {
    form.addEventListener("submit", (event) => {
      if (event.submitter && event.submitter.value === "corrected" && !correction.value.trim()) {
        event.preventDefault();
        correction.focus();
        correction.setCustomValidity("Enter the corrected value or text");
        correction.reportValidity();
      }
    });
    correction.addEventListener("input", () => correction.setCustomValidity(""));
  }

  const cards = Array.from(document.querySelectorAll(".flag-card"));
  const move = (step) => {
    const index = cards.indexOf(focused);
    const target = cards[index + step];
    if (target) target.querySelector(".flag-link").click();
  };
  const keys = {
    c: () => document.getElementById("confirm")?.click(),
    d: () => document.getElementById("dismiss")?.click(),
    u: () => document.getElementById("clear")?.click(),
    e: () => {
      if (!correction) return;
      if (!correction.value && correction.placeholder) correction.value = correction.placeholder.replace(/\?+$/, "");
      correction.focus();
      correction.select();
    },
    j: () => move(1),
    k: () => move(-1),
  };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName)) return;
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });
});
