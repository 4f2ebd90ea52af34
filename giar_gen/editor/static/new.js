/* 新建报告表单：年度、机关名称、类型、层级 → 服务器按 giar-gen init 的模板写出文件。 */
(function () {
  "use strict";
  var token = document.querySelector('meta[name="giar-token"]').content;
  var f = document.getElementById("new-form");
  var msg = document.getElementById("new-message");
  f.addEventListener("submit", function (e) {
    e.preventDefault();
    var body = {};
    new FormData(f).forEach(function (v, k) { body[k] = v; });
    msg.textContent = "正在创建……";
    fetch("/api/new", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Giar-Token": token },
      body: JSON.stringify(body)
    }).then(function (r) { return r.json(); }).then(function (b) {
      if (b.ok) { location.href = "/"; } else { msg.textContent = b.message; }
    }, function () { msg.textContent = "无法连接编辑器服务。"; });
  });
}());
