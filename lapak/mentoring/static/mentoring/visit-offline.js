/*
 * Lapak pendampingan: a visit typed with no signal is kept on the device and sent when the connection
 * returns. No framework, no build step.
 *
 * The visit form is sent with fetch. When the phone is offline (navigator.onLine false) or the request
 * fails with a network error, the form's fields and photo go to IndexedDB (localStorage cannot hold a
 * photo, and IndexedDB survives the tab being closed). On the `online` event, and on every page that
 * loads this script while online, the kept visits are sent again with the page's current CSRF token.
 * Each visit carries the client UUID the server gave the form, so a visit sent twice (the answer to the
 * first send was lost) is saved once: the server answers "already saved" and the copy is dropped.
 *
 * The page also gets small helpers: a filter over the business list and a "use my location" button.
 */
(function () {
  "use strict";

  var DB_NAME = "lapak-pendampingan";
  var STORE = "kunjungan";
  var notice = document.getElementById("offline-notice");
  var queueBox = document.getElementById("offline-queue");
  var form = document.querySelector("form[data-offline-visit]");
  var syncing = false;
  var MAX_EDGE = 1600;
  var SHRINK_FROM = 700 * 1024;

  function text(key, n) {
    var value = (notice && notice.dataset[key]) || key;
    return n === undefined ? value : value.replace("{n}", String(n));
  }

  // --- IndexedDB, wrapped in promises -------------------------------------------------------------

  function openDb() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "id" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var result = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { db.close(); resolve(result && result.result); };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  // A shared phone: each person's kept visits are sent only from their own session, never another's.
  var currentUser = (notice && notice.dataset.user) || "";

  function keptVisits() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (entries) {
      return entries.filter(function (entry) { return entry.user === currentUser; });
    });
  }
  function keep(entry) { return withStore("readwrite", function (store) { store.put(entry); }); }
  function drop(id) { return withStore("readwrite", function (store) { store.delete(id); }); }

  // --- Entries: a form's data in a shape IndexedDB can store ----------------------------------------

  function newUuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 15) | 64; // version 4
    bytes[8] = (bytes[8] & 63) | 128; // RFC 4122 variant
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function entryFrom(visitForm) {
    var fields = [];
    var files = [];
    var uuidInput = visitForm.elements.namedItem("client_uuid");
    if (!uuidInput.value) { uuidInput.value = newUuid(); }
    new FormData(visitForm).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") { return; }
      if (typeof value === "string") { fields.push([name, value]); }
      else if (value.size) { files.push([name, value, value.name]); }
    });
    var names = Array.prototype.map.call(
      visitForm.querySelectorAll("input[name=businesses]:checked"),
      function (box) { return box.getAttribute("data-name"); }
    );
    var date = visitForm.elements.namedItem("visit_date");
    return {
      id: uuidInput.value, url: visitForm.action, fields: fields, files: files, savedAt: Date.now(), user: currentUser,
      label: ((date && date.value) || "") + " · " + names.join(", "), error: ""
    };
  }

  function formDataOf(entry) {
    var data = new FormData();
    entry.fields.forEach(function (field) { data.append(field[0], field[1]); });
    entry.files.forEach(function (file) { data.append(file[0], file[1], file[2]); });
    return data;
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Resolves to {status: "sent" | "invalid" | "offline" | "later", body}; never rejects.
  function send(entry) {
    var options = {
      method: "POST", body: formDataOf(entry), credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() }
    };
    return fetch(entry.url, options).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      // Not JSON: the login page (session ended) or a server error page. Keep the visit for later.
      if (type.indexOf("application/json") === -1) { return { status: "later" }; }
      return response.json().then(function (body) {
        if (response.ok) { return { status: "sent", body: body }; }
        // 400: the server refused the visit itself; it stays on the device, marked, until removed.
        return { status: response.status < 500 ? "invalid" : "later", body: body };
      });
    }, function () { return { status: "offline" }; });
  }

  // --- What the page shows -------------------------------------------------------------------------

  function say(message, sent) {
    if (!notice) { return; }
    notice.textContent = message;
    notice.hidden = false;
    notice.classList.toggle("sent", Boolean(sent));
  }

  function showQueue() {
    if (!queueBox) { return Promise.resolve(); }
    return keptVisits().then(function (entries) {
      queueBox.textContent = "";
      queueBox.hidden = !entries.length;
      if (!entries.length) { return; }
      var title = document.createElement("h2");
      title.textContent = text("queue") + " (" + entries.length + ")";
      var list = document.createElement("ul");
      entries.forEach(function (entry) {
        var item = document.createElement("li");
        item.textContent = entry.label + " — " + (entry.error ? text("refused") + ": " + entry.error : text("waiting"));
        if (entry.error) {
          var remove = document.createElement("button");
          remove.type = "button";
          remove.className = "secondary outline";
          remove.textContent = text("remove");
          remove.addEventListener("click", function () { drop(entry.id).then(showQueue); });
          item.appendChild(remove);
        }
        list.appendChild(item);
      });
      queueBox.appendChild(title);
      queueBox.appendChild(list);
    }, function () { queueBox.hidden = true; });
  }

  function flatten(errors) {
    return Object.keys(errors || {}).map(function (key) { return errors[key].join(" "); }).join(" ");
  }

  function showErrors(visitForm, errors) {
    visitForm.querySelectorAll("ul[data-js-errors]").forEach(function (list) { list.remove(); });
    Object.keys(errors).forEach(function (key) {
      var target = visitForm.querySelector("[data-field='" + key + "']") ||
        visitForm.querySelector("[data-errors='__all__']");
      var list = document.createElement("ul");
      list.className = "errorlist";
      list.setAttribute("role", "alert");
      list.setAttribute("data-js-errors", "");
      errors[key].forEach(function (message) {
        var item = document.createElement("li");
        item.textContent = message;
        list.appendChild(item);
      });
      target.appendChild(list);
    });
    var first = visitForm.querySelector("ul[data-js-errors]");
    if (first) { first.scrollIntoView({ block: "center" }); }
  }

  function resetForNext(visitForm) {
    var keepValues = {};
    ["team", "status", "visit_date"].forEach(function (name) {
      var field = visitForm.elements.namedItem(name);
      if (field) { keepValues[name] = field.value; }
    });
    visitForm.reset();
    Object.keys(keepValues).forEach(function (name) { visitForm.elements.namedItem(name).value = keepValues[name]; });
    visitForm.elements.namedItem("client_uuid").value = newUuid();
  }

  // --- Sending ------------------------------------------------------------------------------------

  function keepOnDevice(visitForm, entry) {
    return keep(entry).then(function () {
      resetForNext(visitForm);
      say(text("saved"));
      window.scrollTo(0, 0);
      return showQueue();
    });
  }

  function sync() {
    if (syncing || !navigator.onLine) { return Promise.resolve(); }
    syncing = true;
    var sent = 0;
    return keptVisits().then(function (entries) {
      var waiting = entries.filter(function (entry) { return !entry.error; });
      if (waiting.length) { say(text("sending")); }
      return waiting.reduce(function (chain, entry) {
        return chain.then(function () {
          return send(entry).then(function (result) {
            if (result.status === "sent") { sent += 1; return drop(entry.id); }
            if (result.status === "invalid") { entry.error = flatten(result.body.errors); return keep(entry); }
            if (result.status === "later") { say(text("login")); }
            return undefined; // offline again: the next `online` event tries once more
          });
        });
      }, Promise.resolve());
    }).then(function () {
      if (sent) { say(text("sent", sent), true); }
      return showQueue();
    }).catch(function () { return undefined; }).then(function () { syncing = false; });
  }

  function onSubmit(event) {
    var visitForm = event.target;
    event.preventDefault();
    var entry = entryFrom(visitForm);
    if (!navigator.onLine) { keepOnDevice(visitForm, entry); return; }
    var button = visitForm.querySelector("button[type=submit]");
    button.setAttribute("aria-busy", "true");
    button.disabled = true;
    send(entry).then(function (result) {
      if (result.status === "sent") { window.location.href = result.body.url; return undefined; }
      if (result.status === "invalid") { showErrors(visitForm, result.body.errors); return undefined; }
      return keepOnDevice(visitForm, entry);
    }).then(function () {
      button.removeAttribute("aria-busy");
      button.disabled = false;
    });
  }

  // --- Page helpers -------------------------------------------------------------------------------

  function filterList() {
    var filter = document.getElementById("business-filter");
    var list = document.getElementById("business-list");
    if (!filter || !list) { return; }
    // Enter in the filter must not send the visit; "Cari" asks the server for names beyond the list.
    filter.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); } });
    document.querySelectorAll("[data-server-search]").forEach(function (button) {
      button.addEventListener("click", function () {
        window.location.search = "?q=" + encodeURIComponent(filter.value.trim());
      });
    });
    filter.addEventListener("input", function () {
      var words = filter.value.toLowerCase().trim().split(/\s+/);
      list.querySelectorAll("label[data-search]").forEach(function (label) {
        var haystack = label.getAttribute("data-search");
        var box = label.querySelector("input");
        label.hidden = !box.checked && !words.every(function (word) { return haystack.indexOf(word) !== -1; });
      });
    });
  }

  function gpsButton() {
    document.querySelectorAll("[data-gps]").forEach(function (button) {
      if (!navigator.geolocation) { button.hidden = true; return; }
      button.addEventListener("click", function () {
        button.setAttribute("aria-busy", "true");
        navigator.geolocation.getCurrentPosition(function (position) {
          var scope = button.closest("form");
          scope.elements.namedItem("latitude").value = position.coords.latitude.toFixed(6);
          scope.elements.namedItem("longitude").value = position.coords.longitude.toFixed(6);
          button.removeAttribute("aria-busy");
        }, function () { button.removeAttribute("aria-busy"); }, { enableHighAccuracy: true, timeout: 20000 });
      });
    });
  }

  // A phone photo is often 3-6 MB: scaled to the size the server keeps anyway (1600 px) and re-encoded
  // before it is sent or kept, it travels a slow connection in a fraction of the time.
  function shrinkPhotos() {
    document.querySelectorAll("input[type=file][name=photo]").forEach(function (input) {
      input.addEventListener("change", function () {
        var file = input.files && input.files[0];
        if (!file || file.size < SHRINK_FROM || !window.createImageBitmap || !window.DataTransfer) { return; }
        createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
          var scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
          var canvas = document.createElement("canvas");
          canvas.width = Math.round(bitmap.width * scale);
          canvas.height = Math.round(bitmap.height * scale);
          canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
          canvas.toBlob(function (blob) {
            if (!blob || blob.size >= file.size) { return; }
            var transfer = new DataTransfer();
            transfer.items.add(new File([blob], file.name.replace(/\.[^.]*$/, "") + ".jpg", { type: "image/jpeg" }));
            input.files = transfer.files;
          }, "image/jpeg", 0.85);
        }).catch(function () { return undefined; }); // an undecodable file goes as it is; the server says why
      });
    });
  }

  if (form && window.fetch && window.indexedDB) { form.addEventListener("submit", onSubmit); }
  filterList();
  shrinkPhotos();
  gpsButton();
  window.addEventListener("online", sync);
  window.lapakVisitSync = sync; // for tests and a "send now" button
  if (window.indexedDB) { showQueue().then(sync); }
})();
