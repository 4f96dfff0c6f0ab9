//! `bucketguard test-policies`: the OPA unit tests of custom policies (`test_*` rules of
//! `*_test.rego` files) evaluated with the policies they test, the shipped packs and the helper
//! library, as `opa test` would: a test passes when its rule is `true`.

use std::path::PathBuf;

use regorus::{Engine, Value};

use super::load::{LoadError, checked, regorus_problem};
use super::pack::with_pack;

/// One test: its file, its rule, and why it failed (None: it passed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub file: String,
    pub rule: String,
    pub failure: Option<String>,
}

/// Every test of `dirs`, by file then rule name. The files are loaded and checked as a scan's
/// `--policy-dir` is (test files too), so a broken file is the same [`LoadError`].
pub fn run(dirs: &[PathBuf]) -> Result<Vec<Outcome>, LoadError> {
    let files = with_pack(dirs, true)?;
    let tests: Vec<(String, String)> = files
        .iter()
        .filter(|(file, _)| file.ends_with("_test.rego"))
        .cloned()
        .collect();
    let (_, modules) = checked(files)?;
    let mut engine = modules.engine().map_err(|e| LoadError {
        problems: vec![regorus_problem("", &e)],
    })?;
    let packages = packages(&engine);
    let mut out = Vec::new();
    for (file, text) in &tests {
        let Some((_, package)) = packages.iter().find(|(f, _)| f == file) else {
            continue;
        };
        for rule in test_rules(&engine, file, text) {
            let failure = failure(engine.eval_rule(format!("{package}.{rule}")));
            out.push(Outcome {
                file: file.clone(),
                rule,
                failure,
            });
        }
    }
    out.sort_by(|a, b| (&a.file, &a.rule).cmp(&(&b.file, &b.rule)));
    Ok(out)
}

/// `PASS file:rule` / `FAIL file:rule (why)` lines, then the counts.
pub fn render(outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    for o in outcomes {
        match &o.failure {
            None => out.push_str(&format!("PASS {}:{}\n", o.file, o.rule)),
            Some(why) => out.push_str(&format!("FAIL {}:{} ({why})\n", o.file, o.rule)),
        }
    }
    let failed = outcomes.iter().filter(|o| o.failure.is_some()).count();
    out.push_str(&format!(
        "{} tests: {} passed, {failed} failed\n",
        outcomes.len(),
        outcomes.len() - failed
    ));
    out
}

/// (file, package as `data.…`) of every module, in the order they were added.
fn packages(engine: &Engine) -> Vec<(String, String)> {
    let files = engine.get_policies().unwrap_or_default();
    let packages = engine.get_packages().unwrap_or_default();
    files.iter().map(|s| s.get_path().clone()).zip(packages).collect()
}

/// The `test_*` rules `file` declares. regorus lists no rules, so heads are found in the text
/// and each is kept only if the engine confirms the module declares it (not, say, a local
/// variable or a line of a raw string).
fn test_rules(engine: &Engine, file: &str, text: &str) -> Vec<String> {
    let mut rules: Vec<String> = text
        .lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let rest = line.strip_prefix("test_")?;
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            Some(line[.."test_".len() + end].to_string())
        })
        .collect();
    rules.sort();
    rules.dedup();
    rules.retain(|r| engine.has_declared_rule_rooted_at(file, r).unwrap_or(false));
    rules
}

/// Why a test's result is not a pass: `false`, undefined (a condition failed), another value,
/// or the evaluation error.
fn failure<E: std::fmt::Display>(result: Result<Value, E>) -> Option<String> {
    match result {
        Ok(Value::Bool(true)) => None,
        Ok(Value::Bool(false)) => Some("false".into()),
        Ok(Value::Undefined) => Some("undefined: a condition of the test does not hold".into()),
        Ok(other) => Some(format!("{} is not true", super::json_line(&other))),
        Err(e) => Some(regorus_problem("", &e.to_string()).to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(rule: &str, failure: Option<&str>) -> Outcome {
        Outcome {
            file: "p/a_test.rego".into(),
            rule: rule.into(),
            failure: failure.map(str::to_string),
        }
    }

    #[test]
    fn renders_each_test_and_the_counts() {
        let text = render(&[outcome("test_a", None), outcome("test_b", Some("false"))]);
        assert_eq!(
            text,
            "PASS p/a_test.rego:test_a\nFAIL p/a_test.rego:test_b (false)\n2 tests: 1 passed, 1 failed\n"
        );
    }

    #[test]
    fn only_declared_test_rules_count() {
        let text = "package t\n\ntest_one if true\n\ntest_two if {\n\ttest_local := 1\n\ttest_local == 1\n}\n\ntest_two if false\n\nhelper_test_x := 1\n";
        let mut engine = Engine::new();
        engine.add_policy("t.rego".into(), text.into()).unwrap();
        assert_eq!(test_rules(&engine, "t.rego", text), ["test_one", "test_two"]);
    }

    #[test]
    fn only_true_passes() {
        let ok = |v: Value| failure::<String>(Ok(v));
        assert_eq!(ok(Value::Bool(true)), None);
        assert_eq!(ok(Value::Bool(false)).as_deref(), Some("false"));
        assert!(ok(Value::Undefined).unwrap().starts_with("undefined"));
        assert_eq!(ok(Value::from(5u64)).as_deref(), Some("5 is not true"));
    }
}
