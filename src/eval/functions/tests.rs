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
    vars.insert("u".into(), Node::unknown("var.u has no value", at));
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
