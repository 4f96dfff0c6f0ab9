//! Built-in functions against the results Terraform's documentation gives, and the rules for
//! Unknown arguments. `var.u` is a variable without a value; `var.t` a template string.

use std::path::PathBuf;

use crate::eval::{Evaluator, Scope};
use crate::model::node::Map;
use crate::model::{Node, Origin, Val};

fn eval_in(expr: &str, dir: Option<PathBuf>) -> Node {
    let e = hcl_edit::parser::parse_expr(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
    let mut ev = Evaluator::new("m", dir, "", &[]);
    let at = Origin::default();
    let mut vars = Map::new();
    vars.insert("u".into(), Node::not_known("var.u has no value", at));
    vars.insert("t".into(), Node::new(Val::Str("Hello, ${name}!".into()), at));
    ev.vars = vars;
    ev.eval(&e, &Scope::root(), at)
}

/// The value as JSON, or `?` and the reason when it is Unknown.
fn ev(expr: &str) -> String {
    show(&eval_in(expr, None))
}

fn show(n: &Node) -> String {
    match (&n.val, n.to_json()) {
        (Val::Unknown(r), _) => format!("? {r}"),
        (_, Some(j)) => j.to_string(),
        (v, None) => format!("partly unknown {v:?}"),
    }
}

#[track_caller]
fn check(cases: &[(&str, &str)]) {
    for (expr, want) in cases {
        assert_eq!(ev(expr), *want, "{expr}");
    }
}

#[track_caller]
fn unknown(expr: &str, reason: &str) {
    let got = ev(expr);
    assert!(
        got.starts_with('?') && got.contains(reason),
        "{expr} gave {got}, not unknown for {reason:?}"
    );
}

#[test]
fn numeric() {
    check(&[
        // signum gives -1, 0 or 1.
        ("signum(-13)", "-1"),
        ("signum(0)", "0"),
        ("signum(344)", "1"),
        // pow raises to a power.
        ("pow(3, 2)", "9"),
        ("pow(4, 0.5)", "2"),
        // log(number, base).
        ("log(16, 2)", "4"),
        // parseint: any base from 2 to 62.
        ("parseint(\"100\", 10)", "100"),
        ("parseint(\"FF\", 16)", "255"),
        ("parseint(\"-10\", 16)", "-16"),
        ("parseint(\"1011111011101111\", 2)", "48879"),
        ("parseint(\"aA\", 62)", "656"),
        ("sum([10, 13, 6, 4.5])", "33.5"),
        // An invalid digit is an error, which try() catches.
        ("try(parseint(\"12\", 2), \"bad\")", "\"bad\""),
    ]);
}

#[test]
fn strings() {
    check(&[
        // regex without groups: the match.
        (
            r#"regex("[a-z]+", "53453453.345345aaabbbccc23454")"#,
            r#""aaabbbccc""#,
        ),
        // unnamed groups: a list; named groups: a map.
        (
            r#"regex("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)", "2019-02-01")"#,
            r#"["2019","02","01"]"#,
        ),
        (
            r#"regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")"#,
            r#"{"authority":"terraform.io","scheme":"https"}"#,
        ),
        // A group that takes no part in the match is null.
        (r#"regex("(a)?(b)", "b")"#, r#"[null,"b"]"#),
        // regexall: one result per match; none is an empty list.
        (r#"regexall("[a-z]+", "1234abcd5678efgh9")"#, r#"["abcd","efgh"]"#),
        (r#"length(regexall("[a-z]+", "123456789")) > 0"#, "false"),
        (
            r#"regexall("(\\w)=(\\d)", "a=1,b=2")"#,
            r#"[["a","1"],["b","2"]]"#,
        ),
        // No match, or mixed named and unnamed groups: errors.
        (r#"can(regex("x", "abc"))"#, "false"),
        (r#"can(regex("(a)(?P<b>b)", "ab"))"#, "false"),
        // replace: a substring, or a pattern in slashes with $n / ${name} in the replacement.
        (r#"replace("1 + 2 + 3", "+", "-")"#, r#""1 - 2 - 3""#),
        (
            r#"replace("hello world", "/w.*d/", "everybody")"#,
            r#""hello everybody""#,
        ),
        (r#"replace("a-b", "/(a)-(?P<x>b)/", "$x-$1")"#, r#""b-a""#),
        (r#"strcontains("hello world", "wor")"#, "true"),
        (r#"strrev("hello")"#, r#""olleh""#),
        // templatestring renders a string it reads through a reference, with the given vars.
        (
            r#"templatestring(var.t, { name = "Ander" })"#,
            r#""Hello, Ander!""#,
        ),
    ]);
}

#[test]
fn format_verbs() {
    check(&[
        // Go's fmt verbs, flags, width, precision and argument indexes.
        (r#"format("Hello, %s!", "Ander")"#, r#""Hello, Ander!""#),
        (r#"format("There are %d lights", 4)"#, r#""There are 4 lights""#),
        (
            r#"format("%-5s|%5s|%.2s", "ab", "cd", "xyz")"#,
            r#""ab   |   cd|xy""#,
        ),
        (
            r#"format("%05d|%+d|% d|%x|%X|%#x|%o|%b", 42, 5, 7, 255, 255, 255, 8, 5)"#,
            r#""00042|+5| 7|ff|FF|0xff|10|101""#,
        ),
        (
            r#"format("%.2f|%6.2f|%f", 3.14159, 3.14159, 1)"#,
            r#""3.14|  3.14|1.000000""#,
        ),
        (
            r#"format("%e|%.2E", 1234.5678, 1234.5678)"#,
            r#""1.234568e+03|1.23E+03""#,
        ),
        (
            r#"format("%g|%g|%g|%g|%.3g", 1234.5678, 1e21, 0.00001, 100000, 1)"#,
            r#""1234.5678|1e+21|1e-05|100000|1""#,
        ),
        (
            r#"format("%t|%q|%v|%#v|%v", true, "a\"b", [1, 2], "x", 1.5)"#,
            r#""true|\"a\\\"b\"|[1,2]|\"x\"|1.5""#,
        ),
        (r#"format("%[2]s %[1]s %%", "a", "b")"#, r#""b a %""#),
        // %d of a fraction, too few or too many arguments: errors.
        (r#"can(format("%d", 1.5))"#, "false"),
        (r#"can(format("%s %s", "a"))"#, "false"),
        (r#"can(format("%s", "a", "b"))"#, "false"),
        // formatlist: lists element by element, other arguments repeated.
        (
            r#"formatlist("Hello, %s!", ["Valentina", "Ander"])"#,
            r#"["Hello, Valentina!","Hello, Ander!"]"#,
        ),
        (
            r#"formatlist("%s, %s!", "Salutations", ["Valentina", "Ander"])"#,
            r#"["Salutations, Valentina!","Salutations, Ander!"]"#,
        ),
        (r#"can(formatlist("%s%s", ["a"], ["b", "c"]))"#, "false"),
    ]);
}

#[test]
fn collections() {
    check(&[
        // setproduct: every combination, in order.
        (
            r#"setproduct(["development", "staging"], ["app1", "app2"])"#,
            r#"[["development","app1"],["development","app2"],["staging","app1"],["staging","app2"]]"#,
        ),
        (r#"setproduct(["a"], [])"#, "[]"),
        (
            r#"chunklist(["a", "b", "c", "d", "e"], 2)"#,
            r#"[["a","b"],["c","d"],["e"]]"#,
        ),
        (r#"index(["a", "b", "c"], "b")"#, "1"),
        (r#"can(index(["a"], "z"))"#, "false"),
        (
            r#"matchkeys(["i-123", "i-abc", "i-def"], ["us-west", "us-east", "us-east"], ["us-east"])"#,
            r#"["i-abc","i-def"]"#,
        ),
        (
            r#"setintersection(["a", "b"], ["b", "c"], ["b", "d"])"#,
            r#"["b"]"#,
        ),
        (r#"setsubtract(["a", "b", "c"], ["a", "c"])"#, r#"["b"]"#),
        (
            r#"setunion(["b", "a"], ["c", "b"], ["d"])"#,
            r#"["a","b","c","d"]"#,
        ),
        (
            r#"transpose({ a = ["1", "2"], b = ["2", "3"] })"#,
            r#"{"1":["a"],"2":["a","b"],"3":["b"]}"#,
        ),
        (r#"toset([3, 1, 2, 1])"#, "[1,2,3]"),
        (r#"distinct(["a", "b", "a"])"#, r#"["a","b"]"#),
        (r#"compact(["a", "", null, "b"])"#, r#"["a","b"]"#),
        (r#"flatten([["a", ["b"]], [], "c"])"#, r#"["a","b","c"]"#),
        (r#"alltrue(["true", true])"#, "true"),
        (r#"anytrue([])"#, "false"),
    ]);
}

#[test]
fn unknown_elements_stay_local() {
    check(&[
        // A list with an unknown element is still a list: its length, its other elements.
        (r#"length(["a", var.u])"#, "2"),
        (r#"element(["a", var.u], 0)"#, r#""a""#),
        (r#"keys({ a = var.u, b = 1 })"#, r#"["a","b"]"#),
        (r#"lookup({ a = "x", b = var.u }, "a")"#, r#""x""#),
        (r#"merge({ a = var.u }, { b = 1 }).b"#, "1"),
        (r#"concat(["a"], [var.u])[0]"#, r#""a""#),
        // A known match decides contains/alltrue/anytrue whatever the unknown element is.
        (r#"contains(["a", var.u], "a")"#, "true"),
        (r#"alltrue([false, var.u])"#, "false"),
        (r#"anytrue([var.u, true])"#, "true"),
    ]);
    for expr in [
        r#"contains(["b", var.u], "a")"#,
        r#"alltrue([true, var.u])"#,
        r#"index([var.u, "a"], "a")"#,
        // An unknown element could be a duplicate, empty, or a list.
        r#"distinct(["a", var.u])"#,
        r#"compact(["a", var.u])"#,
        r#"flatten([["a"], var.u])"#,
        r#"sort(["b", var.u])"#,
        r#"sum([1, var.u])"#,
        // Not an error: try() does not fall back on a value that is only not known yet.
        r#"try(sum([1, var.u]), 0)"#,
        r#"try(parseint(var.u, 10), 0)"#,
        r#"can(regex("a", var.u))"#,
    ] {
        unknown(expr, "var.u has no value");
    }
}

#[test]
fn known_arguments_decide() {
    check(&[
        // The substring does not occur: the replacement is never used.
        (r#"replace("a-b", "/", var.u)"#, r#""a-b""#),
        (r#"replace("a-b", "/x+/", var.u)"#, r#""a-b""#),
        (r#"coalesce("a", var.u)"#, r#""a""#),
        (r#"coalescelist([], ["a"], var.u)"#, r#"["a"]"#),
        (r#"contains([], var.u)"#, "false"),
        (r#"lookup({ a = "x" }, "a", var.u)"#, r#""x""#),
        (r#"join(var.u, ["only"])"#, r#""only""#),
        (r#"join(var.u, [])"#, r#""""#),
        (r#"startswith(var.u, "")"#, "true"),
        (r#"setintersection([], var.u)"#, "[]"),
    ]);
    for expr in [
        r#"replace("a/b", "/", var.u)"#,
        r#"replace(var.u, "/", "-")"#,
        r#"coalesce(var.u, "a")"#,
        r#"coalescelist(var.u, ["a"])"#,
        r#"contains(["a"], var.u)"#,
        r#"lookup({ a = "x" }, "b", var.u)"#,
        r#"join(var.u, ["a", "b"])"#,
        r#"merge({ a = 1 }, var.u)"#,
        r#"concat(["a"], var.u)"#,
    ] {
        unknown(expr, "var.u has no value");
    }
}

#[test]
fn encodings_and_hashes() {
    check(&[
        (r#"base64encode("Hello World")"#, r#""SGVsbG8gV29ybGQ=""#),
        (r#"base64decode("SGVsbG8gV29ybGQ=")"#, r#""Hello World""#),
        (r#"can(base64decode("not base64!"))"#, "false"),
        (
            r#"textencodebase64("Hello World", "UTF-16LE")"#,
            r#""SABlAGwAbABvACAAVwBvAHIAbABkAA==""#,
        ),
        (
            r#"textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE")"#,
            r#""Hello World""#,
        ),
        (r#"urlencode("Hello World!")"#, r#""Hello+World%21""#),
        (r#"urlencode("☃")"#, r#""%E2%98%83""#),
        (
            r#"csvdecode("a,b,c\n1,2,3\n4,\"5,\"\"x\"\"\",6")"#,
            r#"[{"a":"1","b":"2","c":"3"},{"a":"4","b":"5,\"x\"","c":"6"}]"#,
        ),
        (r#"md5("hello world")"#, r#""5eb63bbbe01eeed093cb22bb8f5acdc3""#),
        (
            r#"sha1("hello world")"#,
            r#""2aae6c35c94fcfb415dbe95f408b9ce91ee846ed""#,
        ),
        (
            r#"sha256("hello world")"#,
            r#""b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9""#,
        ),
        (
            r#"sha512("hello world")"#,
            r#""309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f""#,
        ),
        (
            r#"base64sha256("hello world")"#,
            r#""uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=""#,
        ),
        // uuidv5 of the DNS namespace, as Terraform's documentation shows.
        (
            r#"uuidv5("dns", "www.terraform.io")"#,
            r#""a5008fae-b28c-5ba5-96cd-82b4c53552d6""#,
        ),
        (
            r#"uuidv5("6ba7b811-9dad-11d1-80b4-00c04fd430c8", "https://www.terraform.io/")"#,
            r#""9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5""#,
        ),
    ]);
    // Random values are not known before apply; try() does not fall back on them.
    unknown("uuid()", "not known before apply");
    unknown(r#"try(bcrypt("x"), "y")"#, "not known before apply");
}

#[test]
fn networks() {
    check(&[
        (r#"cidrsubnet("172.16.0.0/12", 4, 2)"#, r#""172.18.0.0/16""#),
        (r#"cidrsubnet("10.1.2.0/24", 4, 15)"#, r#""10.1.2.240/28""#),
        (
            r#"cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)"#,
            r#""fd00:fd12:3456:7800:a200::/72""#,
        ),
        (r#"cidrhost("10.12.112.0/20", 16)"#, r#""10.12.112.16""#),
        (r#"cidrhost("10.12.112.0/20", 268)"#, r#""10.12.113.12""#),
        (r#"cidrhost("10.12.112.0/20", -1)"#, r#""10.12.127.255""#),
        (
            r#"cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)"#,
            r#""fd00:fd12:3456:7890::22""#,
        ),
        (r#"cidrnetmask("172.16.0.0/12")"#, r#""255.240.0.0""#),
        (
            r#"cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)"#,
            r#"["10.1.0.0/20","10.1.16.0/20","10.1.32.0/24","10.1.48.0/20"]"#,
        ),
        (
            r#"cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)"#,
            r#"["fd00:fd12:3456:7800::/72","fd00:fd12:3456:7800:100::/72","fd00:fd12:3456:7800:200::/72","fd00:fd12:3456:7800:300::/88"]"#,
        ),
        // Whole address spaces and single addresses.
        (r#"cidrsubnet("::/0", 0, 0)"#, r#""::/0""#),
        (r#"cidrhost("2001:db8::1/128", 0)"#, r#""2001:db8::1""#),
        (r#"cidrnetmask("10.0.0.0/0")"#, r#""0.0.0.0""#),
        (r#"cidrnetmask("10.0.0.1/32")"#, r#""255.255.255.255""#),
        (r#"can(cidrsubnet("10.0.0.0/30", 4, 0))"#, "false"),
        (r#"can(cidrhost("10.0.0.0/33", 0))"#, "false"),
        (r#"can(cidrhost("10.0.0.0/30", 4))"#, "false"),
    ]);
}

#[test]
fn times() {
    check(&[
        (
            r#"timeadd("2017-11-22T00:00:00Z", "10m")"#,
            r#""2017-11-22T00:10:00Z""#,
        ),
        (
            r#"timeadd("2024-02-28T23:00:00+01:00", "1h30m")"#,
            r#""2024-02-29T00:30:00+01:00""#,
        ),
        (
            r#"timeadd("2017-01-01T00:00:00Z", "-1s")"#,
            r#""2016-12-31T23:59:59Z""#,
        ),
        (
            r#"timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00+01:00")"#,
            "0",
        ),
        (r#"timecmp("2017-11-22T00:00:00Z", "2017-11-22T00:00:01Z")"#, "-1"),
        (
            r#"formatdate("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z")"#,
            r#""02 Jan 2018 23:12 UTC""#,
        ),
        (
            r#"formatdate("EEEE, DD-MMM-YY hh:mm:ss ZZZ", "2018-01-02T23:12:01Z")"#,
            r#""Tuesday, 02-Jan-18 23:12:01 UTC""#,
        ),
        (
            r#"formatdate("EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00")"#,
            r#""Tue, 02 Jan 2018 23:12:01 -0800""#,
        ),
        (
            r#"formatdate("MMM DD, YYYY", "2018-01-02T23:12:01Z")"#,
            r#""Jan 02, 2018""#,
        ),
        (r#"formatdate("HH:mmaa", "2018-01-02T23:12:01Z")"#, r#""11:12pm""#),
        (
            r#"formatdate("'Date:' YYYY-MM-DD ''", "2018-01-02T23:12:01Z")"#,
            r#""Date: 2018-01-02 '""#,
        ),
        (r#"can(timeadd("2017-13-01T00:00:00Z", "1h"))"#, "false"),
        (r#"can(timeadd("2017-01-01T00:00:00+0é00", "1h"))"#, "false"),
        (r#"can(timeadd("2017-01-01T00:00:00Z", "1y"))"#, "false"),
    ]);
    // The time Terraform runs is not known to a scan; try() does not fall back on it.
    unknown(r#"try(timestamp(), "x")"#, "not known before apply");
    unknown("plantimestamp()", "not known");
}

#[test]
fn files_and_paths() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hello.txt"), "hello world").unwrap();
    std::fs::create_dir_all(dir.path().join("sub/deep")).unwrap();
    std::fs::write(dir.path().join("sub/a.json"), "{}").unwrap();
    std::fs::write(dir.path().join("sub/deep/b.json"), "{}").unwrap();
    let fs = |e: &str| show(&eval_in(e, Some(dir.path().to_path_buf())));
    assert_eq!(fs(r#"file("hello.txt")"#), r#""hello world""#);
    assert_eq!(fs(r#"file("${path.module}/hello.txt")"#), r#""hello world""#);
    assert_eq!(fs(r#"filebase64("hello.txt")"#), r#""aGVsbG8gd29ybGQ=""#);
    assert_eq!(
        fs(r#"filemd5("hello.txt")"#),
        r#""5eb63bbbe01eeed093cb22bb8f5acdc3""#
    );
    assert_eq!(
        fs(r#"filebase64sha256("hello.txt")"#),
        r#""uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=""#
    );
    assert_eq!(fs(r#"fileexists("hello.txt")"#), "true");
    assert_eq!(fs(r#"fileexists("nothing.txt")"#), "false");
    assert_eq!(
        fs(r#"fileset(path.module, "sub/**/*.json")"#),
        r#"["sub/a.json","sub/deep/b.json"]"#
    );
    assert_eq!(fs(r#"fileset("sub", "*.json")"#), r#"["a.json"]"#);
    // A file outside the scanned tree is not read: not known, not an error.
    assert!(fs(r#"try(file("/etc/hostname"), "x")"#).starts_with('?'));
    check(&[
        (r#"basename("foo/bar/baz.txt")"#, r#""baz.txt""#),
        (r#"dirname("foo/bar/baz.txt")"#, r#""foo/bar""#),
        (r#"dirname("baz.txt")"#, r#"".""#),
        (r#"pathexpand("relative/path")"#, r#""relative/path""#),
        (r#"sensitive("x")"#, r#""x""#),
        (r#"nonsensitive(sensitive(1))"#, "1"),
        // type() only exists in terraform console.
        (r#"can(type(1))"#, "false"),
    ]);
    unknown(r#"pathexpand("~/.ssh/id_rsa")"#, "home directory");
    unknown(r#"abspath("x")"#, "not known");
}

#[test]
fn odd_arguments_never_panic() {
    let names = "abs ceil floor log max min parseint pow signum sum chomp endswith format formatlist \
        indent join lower regex regexall replace split startswith strcontains strrev substr \
        templatestring title trim trimprefix trimsuffix trimspace upper alltrue anytrue chunklist \
        coalesce coalescelist compact concat contains distinct element flatten index keys length \
        lookup matchkeys merge one range reverse setintersection setproduct setsubtract setunion \
        slice sort transpose values zipmap base64encode base64decode csvdecode jsondecode \
        jsonencode textencodebase64 textdecodebase64 urlencode md5 sha1 sha256 sha512 base64sha256 \
        base64sha512 uuidv5 file fileexists fileset filebase64 filemd5 templatefile basename dirname \
        pathexpand abspath cidrhost cidrnetmask cidrsubnet cidrsubnets timeadd timecmp formatdate \
        timestamp uuid can try tobool tolist tomap tonumber toset tostring sensitive nonsensitive";
    let args = [
        "null",
        "-1",
        "1e300",
        "\"%[9]d%0999999d\"",
        "\"\"",
        "[]",
        "[\"a\", 1, null]",
        "{ a = [\"b\"] }",
        "var.u",
        "\"/(/\"",
        "\"::/0\"",
        "\"2017-01-01T00:00:00Z\"",
        "\"9999999999h\"",
    ];
    for name in names.split_whitespace() {
        for a in &args {
            for b in &args {
                for c in ["", ", 0", ", var.u", ", \"x\""] {
                    let e = format!("{name}({a}, {b}{c})");
                    let _ = eval_in(&e, None);
                }
            }
            let _ = eval_in(&format!("{name}({a})"), None);
        }
    }
}

#[test]
fn partly_known_strings_are_told_apart_by_their_known_text() {
    // An ARN with an unknown bucket name is neither "" nor an ARN of another service:
    // compact() and distinct() keep it (terraform-aws-modules' SourceArn conditions).
    let n = eval_in(
        r#"compact(distinct(["arn:aws:s3:::${var.u}", "", "arn:aws:sns:::x", "arn:aws:sns:::x"]))"#,
        None,
    );
    let Val::List(items) = &n.val else {
        panic!("not a list: {n:?}")
    };
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(matches!(items[0].val, Val::Partial(_)), "{items:?}");
    assert_eq!(items[1].as_str(), Some("arn:aws:sns:::x"));
    // Two texts that could be the same string: the length is not known.
    unknown(
        r#"distinct(["arn:aws:s3:::${var.u}", "arn:aws:s3:::b"])"#,
        "var.u has no value",
    );
    unknown(r#"compact(["${var.u}", "a"])"#, "var.u has no value");
}

/// The string a function gives, unquoted.
#[track_caller]
fn check_text(cases: &[(&str, &str)]) {
    for (expr, want) in cases {
        match eval_in(expr, None).val {
            Val::Str(s) => assert_eq!(s, *want, "{expr}"),
            v => panic!("{expr} gave {v:?}"),
        }
    }
}

#[test]
fn yaml_decoding() {
    // Terraform 1.11's results (terraform console): YAML 1.1 bools, YAML 1.2 core numbers,
    // timestamps as RFC 3339 strings, keys typed then written as strings (`n:` is "false"),
    // quoted and block scalars always strings, `<<` merges in order, aliases copy.
    check(&[
        (r#"yamldecode("hello: world")"#, r#"{"hello":"world"}"#),
        (
            r#"yamldecode("a: \"123\"\nb: 123\nc: yes\nd: on\ne: 0x1F\nf: 0o17\ng: 017\nh: 1_000\ni: .5\nj: +1\nk: 1e3\nl: ~\nm: 2001-12-14\nn: 2001-12-14t21:59:43.10-05:00\no: !!str 12\nq: \"yes\"\nr: 0b101\ns: -0b101\nt: 1.\nu: \nv: [1, a, \"b\"]\nw: 12:30\nx: NaN\ny: 1__0\nz: -0x1F")"#,
            r#"{"a":"123","b":123,"c":true,"d":true,"e":31,"f":15,"false":"2001-12-14T21:59:43-05:00","g":17,"h":"1_000","i":0.5,"j":1,"k":1000,"l":null,"m":"2001-12-14T00:00:00Z","o":"12","q":"yes","r":"0b101","s":"-0b101","t":1,"true":"1__0","u":null,"v":[1,"a","b"],"w":"12:30","x":"NaN","z":"-0x1F"}"#,
        ),
        (
            r#"yamldecode("- 1E3\n- 1.5e+3\n- -.5\n- 0O17\n- 0X1F\n- 0x1f\n- 0o8\n- +0x1F\n- +017\n- 0.\n- .\n- 1e\n- Inf\n- 00\n- -017\n- 0x_1\n- 2001-12-14 21:59:43.10\n- 2001-1-2\n- 2001-12-14T21:59:43.123456789Z\n- 2001-12-14 21:59:43.10 -5\n- 2001-13-14\n- 2001-02-29\n- 2000-02-29\n- 2001-12-14T21:59:43+02:00\n- 2001-12-14T21:59:43-00:00\n- 0.1e-2\n- .e3\n- 1.e3")"#,
            r#"[1000,1500,-0.5,"0O17","0X1F",31,"0o8","+0x1F",17,0,".","1e","Inf",0,-17,"0x_1","2001-12-14T21:59:43Z","2001-01-02T00:00:00Z","2001-12-14T21:59:43Z","2001-12-14 21:59:43.10 -5","2001-13-14","2001-02-29","2000-02-29T00:00:00Z","2001-12-14T21:59:43+02:00","2001-12-14T21:59:43Z",0.001,".e3",1000]"#,
        ),
        (
            r#"yamldecode("a: |-\n  123\nb: >-\n  1\n  2\nc: |\n  x\nd: !!int \"12\"\ne: !!float 1\nf: !!bool yes\ng: !!bool \"yes\"\nh: !!null x\ni: !!timestamp 2001-12-14\nj: !!timestamp \"2001-12-14\"\nk: !!int 0x1F\nl: !!int 1_000\nm: !!int -0x1F\nn: !!int 0b11\no: !!seq [1]\np: !!map {b: 1}\n!!str q: 1\nr: 'it''s'")"#,
            r#"{"a":"123","b":"1 2","c":"x\n","d":"12","e":1,"f":true,"false":3,"g":"yes","h":null,"i":"2001-12-14T00:00:00Z","j":"2001-12-14","k":31,"l":1000,"m":-31,"o":[1],"p":{"b":1},"q":1,"r":"it's"}"#,
        ),
        (r#"yamldecode("---\n")"#, r#"null"#),
        (r#"yamldecode("~")"#, r#"null"#),
        (
            r#"yamldecode("a: &x {p: 1, q: 1}\nb:\n  q: 2\n  <<: *x\nc:\n  <<: *x\n  q: 2\nd:\n  \"<<\": {p: 3}\ne: &y [1, 2]\nf: *y")"#,
            r#"{"a":{"p":1,"q":1},"b":{"p":1,"q":1},"c":{"p":1,"q":2},"d":{"p":3},"e":[1,2],"f":[1,2]}"#,
        ),
        (
            r#"yamldecode("1.0: a\n0x1F: b\non: c\n2001-12-14: d\n\"1.0\": e")"#,
            r#"{"1":"a","1.0":"e","2001-12-14T00:00:00Z":"d","31":"b","true":"c"}"#,
        ),
        (r#"yamldecode("%YAML 1.1\n---\n1")"#, r#"1"#),
        (r#"yamldecode("{a: 1, b}")"#, r#"{"a":1,"b":null}"#),
        (r#"yamldecode("[a: 1]")"#, r#"[{"a":1}]"#),
        (r#"yamldecode("? a\n: 1")"#, r#"{"a":1}"#),
        (r#"yamldecode("a: 1\na: 2")"#, r#"{"a":2}"#),
        (r#"yamldecode("---\na: 1\n...\n")"#, r#"{"a":1}"#),
        (r#"yamldecode("a: \"\\x41\\u00e9\\t\"")"#, r#"{"a":"Aé\t"}"#),
    ]);
    // Terraform's errors: several documents, none, a null or non-scalar key, NaN, tags it does
    // not know, a self-referring or undefined alias, YAML 1.2 directives, merging a sequence.
    for bad in [
        r#"yamldecode("---\na: 1\n---\nb: 2")"#,
        r#"yamldecode("")"#,
        r##"yamldecode("# c")"##,
        r#"yamldecode("1: a\ntrue: b\n~: c")"#,
        r#"yamldecode("? [1]\n: a")"#,
        r#"yamldecode("a: .nan")"#,
        r#"yamldecode("a: !foo x")"#,
        r#"yamldecode("a: ! 12")"#,
        r#"yamldecode("a: !!str [1]")"#,
        r#"yamldecode("b: &a {c: *a}")"#,
        r#"yamldecode("a: *b")"#,
        r#"yamldecode("%YAML 1.2\n---\n1")"#,
        r#"yamldecode("a: &x [1]\nb:\n  <<: *x")"#,
        r#"yamldecode("a: [1")"#,
        r#"yamldecode("? &k key\n: *k")"#,
    ] {
        check(&[(&format!("can({bad})"), "false")]);
    }
    // Beyond f64, or where YAML 1.1 and 1.2 escapes differ: not known, never a guess.
    unknown(r#"yamldecode("a: 99999999999999999999")"#, "not evaluated");
    unknown(r#"yamldecode("a: 12e1000")"#, "not evaluated");
    unknown(r#"yamldecode("a: -.inf")"#, "not evaluated");
    let deep = format!("yamldecode(\"{}{}\")", "[".repeat(300), "]".repeat(300));
    unknown(&deep, "not evaluated");
    unknown(r#"yamldecode(".inf: a")"#, "not evaluated");
    unknown(r#"yamldecode("a: \"x\\/y\"")"#, "not evaluated");
    unknown("yamldecode(var.u)", "var.u has no value");
}

#[test]
fn yaml_encoding() {
    // Terraform 1.11's text (terraform console), the documentation's example first: keys and
    // strings double-quoted, multi-line strings as literal blocks, `...` after a plain scalar.
    check_text(&[
        (
            r#"yamlencode({"a":"b", "c":"d"})"#,
            "\"a\": \"b\"\n\"c\": \"d\"\n",
        ),
        (
            r#"yamlencode({a=[1,2,{b=true}], c=null, d="x y", e="123", f="true"})"#,
            "\"a\":\n- 1\n- 2\n- \"b\": true\n\"c\": null\n\"d\": \"x y\"\n\"e\": \"123\"\n\"f\": \"true\"\n",
        ),
        (
            r#"yamlencode({a={}, b=[], c=[[1,2],[3]], d={e={f=1}}, g=1.5, h=-3, i=1e15, j=0.1, k="", l="a\nb", m="a\nb\n", n="é", o="\"q\"", p="a\tb", q="yes", r=true})"#,
            "\"a\": {}\n\"b\": []\n\"c\":\n- - 1\n  - 2\n- - 3\n\"d\":\n  \"e\":\n    \"f\": 1\n\"g\": 1.5\n\"h\": -3\n\"i\": 1000000000000000\n\"j\": 0.1\n\"k\": \"\"\n\"l\": |-\n  a\n  b\n\"m\": |\n  a\n  b\n\"n\": \"\u{e9}\"\n\"o\": \"\\\"q\\\"\"\n\"p\": \"a\\tb\"\n\"q\": \"yes\"\n\"r\": true\n",
        ),
        (r#"yamlencode("x")"#, "\"x\"\n"),
        (r#"yamlencode([])"#, "[]\n"),
        (r#"yamlencode(null)"#, "null\n...\n"),
        (r#"yamlencode(1)"#, "1\n...\n"),
        (r#"yamlencode(true)"#, "true\n...\n"),
        (r#"yamlencode({})"#, "{}\n"),
        (r#"yamlencode("a\nb")"#, "|-\n  a\n  b\n"),
        (r#"yamlencode("\n")"#, "|2+\n\n"),
        (r#"yamlencode("a\n\n")"#, "|+\n  a\n\n"),
        (
            r#"yamlencode([{a=1,b=2},[1]])"#,
            "- \"a\": 1\n  \"b\": 2\n- - 1\n",
        ),
        (
            r#"yamlencode({"a b"=1, "":2, "é"=3})"#,
            "\"\": 2\n\"a b\": 1\n\"\u{e9}\": 3\n",
        ),
        (
            r#"yamlencode(["a\nb", {a="x\ny\n"}, [{b=[1]}], {c={d=[{e=1,f=[2]}]}}, "a\n\nb", "a\nb\n\n", " a\nb", "\na", "a \nb", "a\n b", "a\tb\nc", "😀", "\u0085\r", "a\n", "é\nü"])"#,
            "- |-\n  a\n  b\n- \"a\": |\n    x\n    y\n- - \"b\":\n    - 1\n- \"c\":\n    \"d\":\n    - \"e\": 1\n      \"f\":\n      - 2\n- |-\n  a\n\n  b\n- |+\n  a\n  b\n\n- |2-\n   a\n  b\n- |2-\n\n  a\n- \"a \\nb\"\n- |-\n  a\n   b\n- \"a\\tb\\nc\"\n- \"\\U0001F600\"\n- \"\\N\\r\"\n- |\n  a\n- |-\n  \u{e9}\n  \u{fc}\n",
        ),
        (r#"yamlencode({k=["a\nb"]})"#, "\"k\":\n- |-\n  a\n  b\n"),
        (
            r#"yamlencode([{k=["a\nb"]}])"#,
            "- \"k\":\n  - |-\n    a\n    b\n",
        ),
        (r#"yamlencode([[["a\nb"]]])"#, "- - - |-\n      a\n      b\n"),
        (r#"yamlencode([[[]], [{}]])"#, "- - []\n- - {}\n"),
        (
            r#"yamlencode({a=[{b={c=[[1]]}}]})"#,
            "\"a\":\n- \"b\":\n    \"c\":\n    - - 1\n",
        ),
        (
            r#"yamlencode([0.30000000000000004, 1e-7, -0.5, 123456789012345, 2.5e-300])"#,
            "- 0.30000000000000004\n- 0.0000001\n- -0.5\n- 123456789012345\n- 0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000025\n",
        ),
        (
            r#"yamlencode({"${join("", [for i in range(64): "a"])}" = 1})"#,
            "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": 1\n",
        ),
        (
            r#"yamlencode(["\u0001", "\\", "a\u2029b", "\ufeff", "\u00a0", "\u007f", "\u0085", "\u0000\u0007\u0008\u000b\u000c\r\u001b", "\u0100", "\uffff"])"#,
            "- \"\\x01\"\n- \"\\\\\"\n- \"a\\Pb\"\n- \"\\uFEFF\"\n- \"\u{a0}\"\n- \"\\x7F\"\n- \"\\N\"\n- \"\\0\\a\\b\\v\\f\\r\\e\"\n- \"\u{100}\"\n- \"\\uFFFF\"\n",
        ),
        (
            r#"yamlencode(["${join("", [for i in range(38): "ab"])}a xy"])"#,
            "- \"ababababababababababababababababababababababababababababababababababababababa xy\"\n",
        ),
        (
            r#"yamlencode({"${join("", [for i in range(128): "a"])}" = 1})"#,
            "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": 1\n",
        ),
    ]);
    // A double-quoted value folds at a space past column 80 (the space dropped, `\` before a
    // second one), its continuation indented two past its block.
    check_text(&[
        (
            r#"yamlencode(["${join("", [for i in range(39): "ab"])} x y"])"#,
            "- \"ababababababababababababababababababababababababababababababababababababababab\n  x y\"\n",
        ),
        (
            r#"yamlencode(["${join("", [for i in range(39): "ab"])}  x"])"#,
            "- \"ababababababababababababababababababababababababababababababababababababababab\n  \\ x\"\n",
        ),
        (
            r#"yamlencode(["${join("", [for i in range(78): "é"])} x"])"#,
            "- \"\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\n  x\"\n",
        ),
        (
            r#"yamlencode({a={b=["${join(" ", [for i in range(40): "word"])}"]}})"#,
            "\"a\":\n  \"b\":\n  - \"word word word word word word word word word word word word word word word word\n    word word word word word word word word word word word word word word word word\n    word word word word word word word word\"\n",
        ),
        (
            r#"yamlencode([["${join(" ", [for i in range(30): "w\"\t"])}"]])"#,
            "- - \"w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t\n    w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t\n    w\\\"\\t w\\\"\\t w\\\"\\t w\\\"\\t\"\n",
        ),
        (
            r#"yamlencode("${join(" ", [for i in range(25): "root"])}")"#,
            "\"root root root root root root root root root root root root root root root root root\n  root root root root root root root root\"\n",
        ),
        (
            r#"yamlencode({"${join(" ", [for i in range(25): "key"])}" = 1})"#,
            "\"key key key key key key key key key key key key key key key key key key key key key key key key key\": 1\n",
        ),
        (
            r#"yamlencode({a={b="${join(" ", [for i in range(40): "word"])}"}})"#,
            "\"a\":\n  \"b\": \"word word word word word word word word word word word word word word word\n    word word word word word word word word word word word word word word word word\n    word word word word word word word word word\"\n",
        ),
    ]);
    // Where go-yaml writes `? key`, or f64 lost digits: not known.
    unknown(
        r#"yamlencode({"${join("", [for i in range(129): "a"])}" = 1})"#,
        "`? key` form",
    );
    unknown("yamlencode([12345678901234567890])", "exact integers");
    unknown("yamlencode(1e20)", "exact integers");
    unknown("yamlencode({a = [var.u]})", "var.u has no value");
}

#[test]
fn issensitive_by_form() {
    // Terraform marks the value itself: sensitive() marks it, nonsensitive() and constructors
    // (whose elements keep their marks) do not, nor does a literal.
    check(&[
        (r#"issensitive(sensitive("x"))"#, "true"),
        ("issensitive(sensitive(null))", "true"),
        ("issensitive((sensitive(var.u)))", "true"),
        (r#"issensitive("x")"#, "false"),
        ("issensitive(null)", "false"),
        (r#"issensitive({a = sensitive("x")})"#, "false"),
        (r#"issensitive([sensitive("x")])"#, "false"),
        (r#"issensitive(nonsensitive(sensitive("x")))"#, "false"),
        (r#"issensitive(nonsensitive("x"))"#, "false"),
        ("issensitive(<<EOT\nabc\nEOT\n)", "false"),
        // An error in the argument stays an error.
        (r#"can(issensitive(sensitive(parseint("z", 2))))"#, "false"),
    ]);
    // Derived values carry the mark (Terraform says true for each): the scan does not track it.
    for derived in [
        r#"issensitive("${sensitive("a")}b")"#,
        "issensitive(sensitive(1) + 1)",
        "issensitive(sensitive({a = 1}).a)",
        r#"issensitive({(sensitive("k")) = 1})"#,
        "issensitive(var.u)",
    ] {
        unknown(derived, "does not track sensitive values");
    }
}

#[test]
fn gzip_and_decryption_are_not_evaluated() {
    // Go's exact deflate bytes are not reproduced; decrypting needs a private key.
    unknown(r#"base64gzip("hello world")"#, "exact gzip bytes");
    unknown(r#"try(base64gzip("x"), "y")"#, "not supported");
    unknown(r#"rsadecrypt("x", "k")"#, "does not decrypt secrets");
}

/// try() and can() go by the Unknown's kind, never by the words of its reason.
#[test]
fn try_and_can_go_by_the_kind_not_the_text() {
    let with_var = |expr: &str, var: Node| {
        let e = hcl_edit::parser::parse_expr(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
        let mut ev = Evaluator::new("m", None, "", &[]);
        let mut vars = Map::new();
        vars.insert("x".into(), var);
        ev.vars = vars;
        show(&ev.eval(&e, &Scope::root(), Origin::default()))
    };
    let at = Origin::default();
    // A value not known whose reason says none of "not known", "has no value"...: still not
    // an error, so try() does not fall back and can() does not say false.
    let pending = || Node::not_known("waiting for the pipeline", at);
    for expr in [
        r#"try(var.x, "d")"#,
        "can(var.x)",
        r#"try(upper(var.x), "d")"#,
        r#"can("${var.x}-a")"#,
    ] {
        assert_eq!(with_var(expr, pending()), "? waiting for the pipeline", "{expr}");
    }
    // An error whose message happens to say "not known": still an error.
    let error = || Node::unknown("the key is not known to this map", at);
    assert_eq!(with_var(r#"try(var.x, "d")"#, error()), r#""d""#);
    assert_eq!(with_var("can(var.x)", error()), "false");
    check(&[
        (r#"try(tonumber("not known"), 0)"#, "0"),
        (r#"can(tonumber("not known"))"#, "false"),
        (r#"try(tonumber("not supported"), 1)"#, "1"),
    ]);
}
