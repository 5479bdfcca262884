function t(src, f) { try { f(); print(src, "ok"); } catch (e) { print(src, e.name); } }
t("fn let", function () { let x; eval("var x"); });
t("fn var", function () { var x; eval("var x = 1"); });
t("block let", function () { { let y; eval("var y"); } });
t("catch param", function () { try { throw 1 } catch (e) { eval("var e = 2"); } });
t("catch block let", function () { try { throw 1 } catch (e) { let z; eval("var z"); } });
t("param", function (p) { eval("var p = 3"); });
t("block fn", function () { { function g() {} eval("var g"); } });
t("nested eval", function () { eval("let q; eval('var q')"); });
t("fn decl vs let", function () { let h; eval("function h() {}"); });
let gl = 1;
t("global let", function () { (0, eval)("var gl"); });
t("global let direct", () => eval("var gl"));
t("global var ok", () => eval("var newglobal = 1"));
{ let bl; t("script block let", () => eval("var bl")); }
print(typeof newglobal);
