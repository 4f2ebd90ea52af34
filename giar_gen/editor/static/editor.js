/* giar-gen 年度报告编辑器：表单状态、实时校验、粘贴、保存。没有外部依赖，离线可用。 */
(function () {
  "use strict";
  var token = document.querySelector('meta[name="giar-token"]').content;
  var data = JSON.parse(document.getElementById("editor-data").textContent);
  var digest = data.digest;
  var base = data.state;
  var sums = {};
  data.sums.forEach(function (s) { Object.keys(s).forEach(function (k) { sums[k] = s[k]; }); });
  var form = document.getElementById("form");
  var raw = document.getElementById("raw");
  var inputs = {};
  form.querySelectorAll("input.cell").forEach(function (el) { inputs[el.dataset.cell] = el; });
  var outputs = {};
  form.querySelectorAll("output.computed").forEach(function (el) { outputs[el.dataset.cell] = el; });

  function storeKey() { return "giar-edit:" + digest; }

  function collect() {
    if (raw) { return { raw: raw.value }; }
    var st = { fields: {}, parts: {}, cells: {} };
    form.querySelectorAll("[data-field]").forEach(function (el) { st.fields[el.dataset.field] = el.value; });
    form.querySelectorAll("[data-part]").forEach(function (el) { st.parts[el.dataset.part] = el.value; });
    Object.keys(inputs).forEach(function (k) { st.cells[k] = inputs[k].value; });
    return st;
  }

  function apply(st) {
    if (raw) { if (typeof st.raw === "string") { raw.value = st.raw; } return; }
    form.querySelectorAll("[data-field]").forEach(function (el) {
      var v = (st.fields || {})[el.dataset.field];
      if (typeof v !== "string") { return; }
      if (el.tagName === "SELECT" && !Array.prototype.some.call(el.options, function (o) { return o.value === v; })) {
        var o = document.createElement("option"); o.value = v; o.textContent = v; el.appendChild(o);
      }
      el.value = v;
    });
    form.querySelectorAll("[data-part]").forEach(function (el) {
      var v = (st.parts || {})[el.dataset.part]; if (typeof v === "string") { el.value = v; }
    });
    Object.keys(inputs).forEach(function (k) { var v = (st.cells || {})[k]; if (typeof v === "string") { inputs[k].value = v; } });
  }

  function canonical(v) {  /* JSON with sorted keys: the order of the form is not the order of the file */
    if (v === null || typeof v !== "object") { return JSON.stringify(v); }
    return "{" + Object.keys(v).sort().map(function (k) { return JSON.stringify(k) + ":" + canonical(v[k]); }).join(",") + "}";
  }
  function same(a, b) { return canonical(a) === canonical(b); }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Giar-Token": token },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (b) { return { status: r.status, body: b }; },
        function () { return { status: r.status, body: { message: "服务器返回了无法识别的内容（" + r.status + "）" } }; });
    }, function () { return { status: 0, body: { message: "无法连接编辑器服务（giar-gen edit 是否已关闭？）" } }; });
  }

  /* ---- 合计：客户端即时求和，服务器返回的值为准 ---- */
  function number(s) {
    s = (s || "").trim().replace(/[,，]/g, "");
    if (!s) { return null; }
    if (!/^-?\d+(\.\d+)?$/.test(s)) { return NaN; }
    return Number(s);
  }
  function value(cid, depth) {
    if (sums[cid] && !inputs[cid]) { return total(cid, depth + 1); }
    return inputs[cid] ? number(inputs[cid].value) : null;
  }
  function total(cid, depth) {
    if (depth > 5) { return null; }
    var t = 0;
    for (var i = 0; i < sums[cid].length; i++) {
      var v = value(sums[cid][i], depth);
      if (v === null || isNaN(v)) { return v; }
      t += v;
    }
    return Math.round(t * 1e6) / 1e6;
  }
  function showTotal(cid, text) {
    var el = outputs[cid];
    el.textContent = text === "" ? "未填" : text;
    el.classList.toggle("blank", text === "");
  }
  function updateTotals() {
    Object.keys(outputs).forEach(function (cid) {
      var v = total(cid, 0);
      showTotal(cid, v === null || isNaN(v) ? "" : String(v));
    });
  }

  /* ---- 状态 ---- */
  var statusEl = document.getElementById("status");
  function dirty() { return !same(collect(), base); }
  function showStatus() {
    var d = dirty();
    statusEl.textContent = d ? "有未保存的修改" : "已保存";
    statusEl.classList.toggle("dirty", d);
  }
  function remember() {
    try {
      if (dirty()) { localStorage.setItem(storeKey(), JSON.stringify(collect())); }
      else { localStorage.removeItem(storeKey()); }
    } catch (e) { /* 存储已满或被禁用：只是不能在刷新后恢复 */ }
  }

  var banner = document.getElementById("banner");
  function say(message, kind, extra) {
    banner.hidden = false;
    banner.className = "banner " + (kind || "info");
    banner.textContent = message;
    if (extra) { banner.appendChild(extra); }
  }

  /* ---- 实时校验 ---- */
  var timer = null, sent = 0, shown = 0;
  var editedAt = 0;
  window.giarEditor = { checks: 0, previews: 0, latencies: [] };
  function changed() {
    editedAt = performance.now();
    updateTotals();
    showStatus();
    remember();
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  }
  function check() {
    var mine = ++sent;
    var started = editedAt;
    post("/api/check", collect()).then(function (r) {
      if (mine < shown) { return; }
      shown = mine;
      render(r.body);
      window.giarEditor.checks = mine;
      window.giarEditor.lastFindings = performance.now() - started;
    });
  }

  var sev = { error: "错误", warning: "警告", info: "提示" };
  function clearMarks() {
    form.querySelectorAll(".mark-error, .mark-warning, .suspect").forEach(function (el) {
      el.classList.remove("mark-error", "mark-warning", "suspect");
      if (el.dataset.title !== undefined) { el.title = el.dataset.title; }
    });
    form.querySelectorAll("ul.notes").forEach(function (ul) { ul.textContent = ""; });
  }
  function li(cls, text) { var e = document.createElement("li"); e.className = cls; e.textContent = text; return e; }
  function render(res) {
    if (!res || !res.findings) { say(res && res.message || "校验失败", "error"); return; }
    clearMarks();
    var list = document.getElementById("findings");
    list.textContent = "";
    if (!res.findings.length) { list.appendChild(li("none", "没有发现问题。")); }
    res.findings.forEach(function (f) {
      var item = document.createElement("li");
      item.className = "finding " + f.severity + (f.acknowledged !== null ? " acknowledged" : "");
      var head = document.createElement("div");
      head.className = "head";
      head.textContent = (sev[f.severity] || f.severity) + (f.acknowledged !== null ? "（已确认）" : "") + " [" + f.code + "] " + (f.field ? f.field + "：" : "") + f.message;
      item.appendChild(head);
      var details = document.createElement("ul");
      if (f.suspect_label) { details.appendChild(li("suspect-note", "最可能出错：" + f.suspect_label)); }
      (f.labels || []).forEach(function (l) { details.appendChild(li("", "单元格：" + l)); });
      if (f.expected !== null) { details.appendChild(li("", "应为：" + f.expected + "　实际：" + f.actual)); }
      else if (f.actual !== null) { details.appendChild(li("", "实际：" + f.actual)); }
      if (f.hint) { details.appendChild(li("hint", "提示：" + f.hint)); }
      if (f.line) { details.appendChild(li("where", "文件第 " + f.line + " 行")); }
      item.appendChild(details);
      var first = f.targets.length ? document.getElementById(f.targets[0]) : null;
      if (first) {
        item.tabIndex = 0;
        item.classList.add("link");
        item.addEventListener("click", function () {
          first.scrollIntoView({ block: "center", behavior: "smooth" });
          var focusable = first.querySelector("input, textarea, select");
          if (focusable) { focusable.focus({ preventScroll: true }); }
        });
      }
      list.appendChild(item);
      var cls = f.severity === "error" ? "mark-error" : "mark-warning";
      f.targets.forEach(function (id) {
        var el = document.getElementById(id);
        if (!el) { return; }
        if (f.acknowledged === null) { el.classList.add(cls); }
        if (id.indexOf("cell:") === 0) {
          if (el.dataset.title === undefined) { el.dataset.title = el.title || ""; }
          el.title = (el.title ? el.title + "\n" : "") + head.textContent;
        } else {
          var notes = el.querySelector("ul.notes");
          if (notes) { notes.appendChild(li(f.severity, head.textContent + (f.hint ? "（" + f.hint + "）" : ""))); }
        }
      });
      if (f.suspect) { var s = document.getElementById(f.suspect); if (s) { s.classList.add("suspect"); } }
    });
    document.getElementById("counts").textContent =
      res.errors || res.warnings ? res.errors + " 个错误，" + res.warnings + " 个警告" : "校验通过";
    document.getElementById("counts").className = "counts" + (res.errors ? " bad" : res.warnings ? " warn" : " good");
    Object.keys(res.computed || {}).forEach(function (cid) { if (outputs[cid]) { showTotal(cid, res.computed[cid]); } });
    var note = document.getElementById("preview-note");
    if (res.preview) {
      note.textContent = "";
      var frame = document.getElementById("preview");
      var doc = frame.contentDocument;
      var y = doc && doc.scrollingElement ? doc.scrollingElement.scrollTop : 0;
      frame.onload = function () {
        try { frame.contentDocument.scrollingElement.scrollTop = y; } catch (e) { /* 沙箱中不可访问 */ }
        window.giarEditor.previews = shown;
        window.giarEditor.lastPreview = performance.now() - editedAt;
      };
      frame.srcdoc = res.preview;
    } else if (!res.ok) {
      note.textContent = "（有无法使用的输入，预览暂未更新）";
      window.giarEditor.previews = shown;
    }
  }

  /* ---- 输入、粘贴、键盘 ---- */
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("paste", function (e) {
    var el = e.target;
    if (!el.matches || !el.matches("input.cell")) { return; }
    var text = (e.clipboardData || window.clipboardData).getData("text");
    text = text.replace(/\r\n?/g, "\n").replace(/\n$/, "");
    if (!/[\t\n]/.test(text)) { return; }
    e.preventDefault();
    var table = el.closest("table");
    var at = {}, rows = [];
    table.querySelectorAll("[data-r]").forEach(function (c) {
      var r = +c.dataset.r;
      if (!at[r]) { at[r] = {}; rows.push(r); }
      at[r][+c.dataset.c] = c;
    });
    var start = rows.indexOf(+el.dataset.r), c0 = +el.dataset.c, filled = 0, skipped = 0;
    text.split("\n").forEach(function (line, i) {
      var r = rows[start + i];
      line.split("\t").forEach(function (v, j) {
        var target = r === undefined ? null : at[r][c0 + j];
        if (target && target.tagName === "INPUT") { target.value = v.trim(); filled++; }
        else { skipped++; }
      });
    });
    say("已从剪贴板填入 " + filled + " 格" + (skipped ? "（" + skipped + " 格落在合计或表格之外，已略过）" : "") + "。", "info");
    changed();
  });
  form.addEventListener("keydown", function (e) {
    var el = e.target;
    if (e.key !== "Enter" || !el.matches("input.cell")) { return; }
    e.preventDefault();
    var table = el.closest("table");
    var next = Array.prototype.filter.call(table.querySelectorAll("input.cell"), function (c) {
      return +c.dataset.c === +el.dataset.c && +c.dataset.r > +el.dataset.r;
    })[0];
    if (next) { next.focus(); next.select(); }
  });

  /* ---- 保存 ---- */
  var dialog = document.getElementById("conflict");
  /* 一个版本的全文，另一版本中没有的行标黄，并滚动到第一处不同 */
  function showVersion(id, text, other) {
    var pre = document.getElementById(id), seen = {}, first = null;
    pre.textContent = "";
    other.split("\n").forEach(function (l) { seen[l] = true; });
    text.split("\n").forEach(function (line) {
      var node = seen[line] ? document.createTextNode(line + "\n") : document.createElement("mark");
      if (!seen[line]) { node.textContent = line + "\n"; if (!first) { first = node; } }
      pre.appendChild(node);
    });
    setTimeout(function () { if (first) { pre.scrollTop = first.offsetTop - pre.offsetTop - 40; } }, 0);
  }
  function save(overwrite) {
    return post("/api/save", { state: collect(), base: digest, overwrite: !!overwrite }).then(function (r) {
      if (r.status === 200) {
        try { localStorage.removeItem(storeKey()); } catch (e) { /* 无妨 */ }
        digest = r.body.digest;
        base = r.body.state;
        if (dialog.open) { dialog.close(); }
        if (r.body.reload || (raw && !("raw" in base))) { location.reload(); return true; }
        say(r.body.message, "ok");
        showStatus();
        return true;
      }
      if (r.status === 409 && r.body.conflict) {
        showVersion("conflict-disk", r.body.disk, r.body.mine);
        showVersion("conflict-mine", r.body.mine, r.body.disk);
        say(r.body.message, "error");
        dialog.showModal();
        return false;
      }
      if (r.body.findings) { render(r.body); }
      say(r.body.message || "保存失败", "error");
      return false;
    });
  }
  document.getElementById("save").addEventListener("click", function () { save(false); });
  document.getElementById("keep-mine").addEventListener("click", function () { save(true); });
  document.getElementById("take-disk").addEventListener("click", function () {
    post("/api/reload", {}).then(function () {
      try { localStorage.removeItem(storeKey()); } catch (e) { /* 无妨 */ }
      location.reload();
    });
  });
  document.getElementById("conflict-cancel").addEventListener("click", function () { dialog.close(); });

  document.getElementById("build").addEventListener("click", function () {
    var ready = dirty() ? save(false) : Promise.resolve(true);
    ready.then(function (ok) {
      if (!ok) { return; }
      say("正在生成……", "info");
      post("/api/build", {}).then(function (r) {
        if (!r.body.ok) { say(r.body.message || "生成失败", "error"); return; }
        var links = document.createElement("span");
        links.className = "downloads";
        r.body.files.forEach(function (f) {
          var a = document.createElement("a");
          a.href = f.url; a.textContent = "下载 " + f.name; a.setAttribute("download", f.name);
          a.className = "download";
          links.appendChild(a);
        });
        say(r.body.message + "（在数据文件旁边）。", "ok", links);
      });
    });
  });

  /* ---- Excel 工作簿：只把内容发给服务器（不是路径），填入表格，由用户保存 ---- */
  var upload = document.getElementById("upload");
  if (upload) {
    upload.addEventListener("change", function () {
      var file = upload.files[0];
      if (!file) { return; }
      file.arrayBuffer().then(function (buf) {
        return fetch("/api/upload-tables", {
          method: "POST", credentials: "same-origin", body: buf,
          headers: { "Content-Type": "application/octet-stream", "X-Giar-Token": token,
                     "X-Upload-Name": encodeURIComponent(file.name) }
        }).then(function (r) { return r.json(); });
      }).then(function (b) {
        upload.value = "";
        if (!b.ok) { say(b.message || "读入失败", "error"); return; }
        Object.keys(b.cells).forEach(function (k) { if (inputs[k]) { inputs[k].value = b.cells[k]; } });
        var list = document.createElement("ul");
        (b.notes || []).forEach(function (n) { list.appendChild(li(n.severity, n.message + (n.cells.length ? "（" + n.cells.join("；") + "）" : ""))); });
        say(b.message, b.notes && b.notes.length ? "error" : "ok", list);
        changed();
      }, function () { say("无法读入这个文件。", "error"); });
    });
  }

  window.addEventListener("beforeunload", function () { remember(); });

  /* ---- 启动：恢复未保存的修改，首次校验 ---- */
  var restored = null;
  try { restored = JSON.parse(localStorage.getItem(storeKey()) || "null"); } catch (e) { restored = null; }
  if (restored && !same(restored, base)) {
    apply(restored);
    var undo = document.createElement("button");
    undo.type = "button"; undo.textContent = "放弃这些修改";
    undo.addEventListener("click", function () { apply(base); changed(); banner.hidden = true; });
    say("已恢复上次未保存的修改（刷新或关闭页面前尚未保存）。", "info", undo);
  }
  updateTotals();
  showStatus();
  check();
}());
