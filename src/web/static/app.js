// Adal pages: progressive enhancement only. Every form works without this file; with it, uploads
// show their progress, report switches recompute the figures without a reload, rescans show live
// progress, and alert links jump to the marked text. Loaded from /static (CSP: script-src 'self').
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function errorMessage(xhrText, fallback) {
    try {
      var body = JSON.parse(xhrText);
      if (body && body.error && body.error.message) { return body.error.message; }
    } catch (ignored) { /* not JSON */ }
    return fallback;
  }

  function getJson(url, onDone, onFail) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.onload = function () {
      if (xhr.status >= 200 && xhr.status < 300) { onDone(JSON.parse(xhr.responseText)); }
      else if (onFail) { onFail(xhr); }
    };
    xhr.onerror = function () { if (onFail) { onFail(xhr); } };
    xhr.send();
  }

  // Upload with a progress bar, then follow the check job until it ends.
  function enhanceUpload(form) {
    var progressWrap = form.querySelector(".progress-wrap");
    var progress = form.querySelector("progress");
    var status = form.querySelector(".upload-status");
    var error = form.querySelector(".upload-error");
    var button = form.querySelector('button[type="submit"]');
    function fail(message) {
      error.textContent = message;
      error.hidden = false;
      status.textContent = "";
      progressWrap.hidden = true;
      button.disabled = false;
    }
    function followJob(jobUrl) {
      getJson(jobUrl, function (job) {
        if (job.state === "done") {
          status.textContent = form.dataset.msgDone;
          window.setTimeout(function () { window.location.reload(); }, 700);
        } else if (job.state === "failed") {
          fail((job.error && job.error.message) || form.dataset.msgFailed);
        } else {
          window.setTimeout(function () { followJob(jobUrl); }, 800);
        }
      }, function (xhr) { fail(errorMessage(xhr.responseText, form.dataset.msgFailed)); });
    }
    form.addEventListener("submit", function (event) {
      if (!window.FormData) { return; }
      event.preventDefault();
      error.hidden = true;
      button.disabled = true;
      progressWrap.hidden = false;
      progress.value = 0;
      status.textContent = form.dataset.msgUploading;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.dataset.uploadUrl);
      xhr.setRequestHeader("X-CSRF-Token", csrfToken());
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { progress.value = Math.round((100 * e.loaded) / e.total); }
      });
      xhr.onload = function () {
        if (xhr.status === 202) {
          progress.value = 100;
          status.textContent = form.dataset.msgChecking;
          var answer = JSON.parse(xhr.responseText);
          followJob(answer.job_url);
        } else {
          fail(errorMessage(xhr.responseText, form.dataset.msgFailed));
        }
      };
      xhr.onerror = function () { fail(form.dataset.msgFailed); };
      xhr.send(new FormData(form));
    });
  }

  // Report switches: record the exclusion through the API and show the recomputed figures.
  function formatFigure(lang, name, value) {
    if (name === "counted_words") {
      var digits = String(Math.round(value));
      var separator = lang === "en" ? "," : "\u202f";
      return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
    }
    var text = value.toFixed(1);
    if (lang === "en") { return text + "%"; }
    return text.replace(".", ",") + "\u00a0%";
  }

  function enhanceExclusions(form) {
    var figures = document.querySelector(".figures");
    var lang = figures ? figures.dataset.lang : "en";
    var status = form.querySelector(".save-status");
    var minWords = form.querySelector("#opt-min-words");
    var small = form.querySelector("#opt-small");
    function send(body) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.dataset.api);
      xhr.setRequestHeader("Content-Type", "application/json");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRF-Token", csrfToken());
      xhr.onload = function () {
        if (xhr.status !== 200) {
          status.textContent = errorMessage(xhr.responseText, form.dataset.msgFailed);
          return;
        }
        var answer = JSON.parse(xhr.responseText);
        Object.keys(answer.figures).forEach(function (name) {
          var cell = document.querySelector('[data-figure="' + name + '"]');
          if (!cell) { return; }
          var text = formatFigure(lang, name, answer.figures[name]);
          if (cell.textContent !== text) {
            cell.textContent = text;
            cell.classList.remove("changed");
            void cell.offsetWidth;
            cell.classList.add("changed");
          }
        });
        var excluded = answer.exclusions.excluded_sources || [];
        form.querySelectorAll(".source").forEach(function (item) {
          var off = excluded.indexOf(Number(item.dataset.source)) >= 0;
          item.classList.toggle("off", off);
        });
        var crossLanguageOff = answer.exclusions.cross_language === false;
        document.querySelectorAll("a.hl[data-source]").forEach(function (mark) {
          var off = excluded.indexOf(Number(mark.dataset.source)) >= 0
            || (crossLanguageOff && mark.dataset.translated === "1");
          mark.classList.toggle("off", off);
        });
        status.textContent = form.dataset.msgSaved;
      };
      xhr.onerror = function () { status.textContent = form.dataset.msgFailed; };
      xhr.send(JSON.stringify(body));
    }
    function options() {
      var words = Math.max(1, parseInt(minWords.value, 10) || 8);
      var body = {
        quotes: form.querySelector("#opt-quotes").checked,
        bibliography: form.querySelector("#opt-bibliography").checked,
        min_match_words: small.checked ? words : 1
      };
      var crossLanguage = form.querySelector("#opt-cross-language");
      if (crossLanguage) { body.cross_language = crossLanguage.checked; }
      return body;
    }
    form.addEventListener("change", function (event) {
      var input = event.target;
      if (input.name === "reason") { return; }
      status.textContent = "";
      var reasonField = form.querySelector("#exclusion-reason");
      var reason = reasonField ? reasonField.value : "";
      var body = input.name === "count_source"
        ? (input.checked ? { restore_sources: [input.value] } : { exclude_sources: [input.value] })
        : options();
      body.reason = reason;
      send(body);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = options();
      var reasonField = form.querySelector("#exclusion-reason");
      body.reason = reasonField ? reasonField.value : "";
      send(body);
    });
  }

  // Rescan progress: poll each unfinished job.
  function followRescan(item) {
    var progress = item.querySelector("progress");
    var status = item.querySelector(".job-status");
    function poll() {
      getJson("/api/jobs/" + item.dataset.job, function (job) {
        progress.max = Math.max(1, job.progress.total);
        progress.value = job.progress.done;
        var label = job.state === "done" ? item.dataset.msgDone : job.state === "failed" ? item.dataset.msgFailed : item.dataset.msgRunning;
        status.textContent = label + " · " + job.progress.done + " / " + job.progress.total;
        item.dataset.state = job.state;
        if (job.state === "queued" || job.state === "running") { window.setTimeout(poll, 1000); }
      });
    }
    poll();
  }

  // A thesis being checked: reload its page when the state changes (the check finished).
  function watchThesis(element) {
    function poll() {
      getJson(element.dataset.watchThesis, function (thesis) {
        if (thesis.state && thesis.state.state !== "submitted") { window.location.reload(); }
        else { window.setTimeout(poll, 2000); }
      });
    }
    window.setTimeout(poll, 2000);
  }

  // Jump to a marked place of the text (alerts, passages), opening what hides it.
  function jumpTo(id) {
    var target = document.getElementById(id);
    if (!target) { return; }
    var details = target.closest("details");
    if (details) { details.open = true; }
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    var marked = target.classList.contains("anchor") ? target.nextElementSibling : target;
    if (marked) {
      marked.classList.remove("flash-target");
      void marked.offsetWidth;
      marked.classList.add("flash-target");
    }
  }

  // The sitting view's clock of one defense: time to its start, time elapsed in its slot, or
  // that its time is up; the labels come from the page in the reader's language.
  function runClock(clock) {
    var start = Number(clock.getAttribute("data-clock-start"));
    var end = Number(clock.getAttribute("data-clock-end"));
    if (!start || !end) { return; }
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var span = function (ms) {
      var seconds = Math.floor(Math.abs(ms) / 1000);
      var hours = Math.floor(seconds / 3600);
      var text = pad(Math.floor(seconds / 60) % 60) + ":" + pad(seconds % 60);
      return hours ? hours + ":" + text : text;
    };
    var tick = function () {
      var now = Date.now();
      if (now < start) {
        clock.textContent = clock.getAttribute("data-label-before") + " " + span(start - now);
      } else if (now < end) {
        clock.textContent = clock.getAttribute("data-label-running") + " " + span(now - start) + " / " + span(end - start);
      } else {
        clock.textContent = clock.getAttribute("data-label-over");
      }
    };
    tick();
    setInterval(tick, 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.upload-form").forEach(enhanceUpload);
    document.querySelectorAll("form.exclusions").forEach(enhanceExclusions);
    document.querySelectorAll(".job").forEach(function (item) {
      if (item.dataset.state === "queued" || item.dataset.state === "running") { followRescan(item); }
    });
    document.querySelectorAll("[data-watch-thesis]").forEach(watchThesis);
    document.querySelectorAll("[data-clock-start]").forEach(runClock);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details.passage").forEach(function (d) { d.open = true; });
    });
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
      });
    });
    document.addEventListener("click", function (event) {
      var link = event.target.closest("[data-jump]");
      if (link) {
        event.preventDefault();
        jumpTo(link.dataset.jump);
        history.replaceState(null, "", "#" + link.dataset.jump);
        return;
      }
      var mark = event.target.closest("a.hl");
      if (mark) {
        var passage = document.getElementById(mark.getAttribute("href").slice(1));
        if (passage) { passage.open = true; }
      }
    });
  });
}());
