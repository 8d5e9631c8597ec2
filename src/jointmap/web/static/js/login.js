"use strict";
(async function () {
  await JM.init();
  const form = document.getElementById("login-form");
  form.onsubmit = async (e) => {
    e.preventDefault();
    const error = document.getElementById("login-error");
    try {
      await JM.api("/api/session", { method: "POST", body: { username: form.username.value, password: form.password.value } });
      const next = new URLSearchParams(location.search).get("next");
      location.href = next && next.startsWith("/") && !next.startsWith("//") ? next : "/map";
    } catch (err) {
      error.textContent = err.message;
    }
  };
  document.body.dataset.ready = "1";
})();
