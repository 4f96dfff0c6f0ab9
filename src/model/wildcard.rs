//! Wildcard patterns: `*` matches any run of characters, `?` (in IAM patterns) one character.
//! The one matcher for IAM actions and resources and for suppression patterns.

/// IAM wildcard matching: `*` any run, `?` one character. Actions compare case-insensitively,
/// resource ARNs case-sensitively.
pub fn wildcard_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
    // ASCII (every real action and nearly every ARN): bytes, no allocation. This is the hot
    // path of every policy check; lower-casing non-ASCII can change lengths, so it goes the
    // slow way.
    if pattern.is_ascii() && text.is_ascii() {
        let eq = |a: u8, b: u8| {
            if ignore_case {
                a.eq_ignore_ascii_case(&b)
            } else {
                a == b
            }
        };
        return glob(
            pattern.as_bytes(),
            text.as_bytes(),
            |p, t| p == b'?' || eq(p, t),
            b'*',
        );
    }
    let norm = |s: &str| -> Vec<char> {
        if ignore_case {
            s.to_lowercase().chars().collect()
        } else {
            s.chars().collect()
        }
    };
    let (p, t) = (norm(pattern), norm(text));
    glob(&p, &t, |p, t| p == '?' || p == t, '*')
}

/// Iterative glob with backtracking to the last `star`; `matches(p, t)` says whether pattern
/// element `p` matches text element `t` (tried first, as the char version always did).
fn glob<T: Copy + PartialEq>(p: &[T], t: &[T], matches: impl Fn(T, T) -> bool, star_elem: T) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && matches(p[pi], t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == star_elem {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == star_elem)
}

/// Suppression patterns (config `[[suppress]] bucket`): `*` matches any run of characters,
/// everything else (`?` included) literally, case-sensitively.
pub fn star_match(pattern: &str, text: &str) -> bool {
    // Bytes: a literal byte only matches itself, so UTF-8 text matches as its characters would.
    // A `*` in the pattern is always a wildcard, even against a `*` in the text.
    glob(
        pattern.as_bytes(),
        text.as_bytes(),
        |p, t| p != b'*' && p == t,
        b'*',
    )
}

/// Whether some string starting with `prefix` matches `pattern` (case-sensitive, for ARNs).
/// Dynamic programming, so hostile patterns with many `*` stay linear in their size.
pub fn may_match_prefix(pattern: &[char], prefix: &[char]) -> bool {
    if prefix.is_empty() {
        return true;
    }
    // A literal pattern (most Resource ARNs) matches only itself.
    if !pattern.iter().any(|&c| c == '*' || c == '?') {
        return pattern.starts_with(prefix);
    }
    // row[j]: pattern[..i] matches prefix[..j].
    let mut row = vec![false; prefix.len() + 1];
    let mut next = vec![false; prefix.len() + 1];
    row[0] = true;
    for &pc in pattern {
        // A `*` after a matched part of the prefix matches the rest of it and whatever text
        // follows, so the rest of the pattern can match beyond the prefix; after none, nothing can.
        if pc == '*' {
            return row.iter().any(|&r| r);
        }
        next.fill(false);
        for j in 1..=prefix.len() {
            next[j] = row[j - 1] && (pc == '?' || pc == prefix[j - 1]);
        }
        // The rest of the pattern can match text beyond the prefix.
        if next[prefix.len()] {
            return true;
        }
        std::mem::swap(&mut row, &mut next);
    }
    row[prefix.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matcher before its ASCII fast path: chars, lower-cased when ignoring case.
    fn reference_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
        let norm = |s: &str| -> Vec<char> {
            if ignore_case {
                s.to_lowercase().chars().collect()
            } else {
                s.chars().collect()
            }
        };
        glob(&norm(pattern), &norm(text), |p, t| p == '?' || p == t, '*')
    }

    #[test]
    fn ascii_fast_path_matches_like_chars() {
        let patterns = [
            "s3:*",
            "S3:get*",
            "s3:?etObject",
            "*",
            "",
            "a*b*c",
            "*Object*",
            "s3:Get*Acl",
            "**",
        ];
        let texts = [
            "s3:GetObject",
            "S3:GETOBJECTACL",
            "aXbYc",
            "",
            "*",
            "a*b",
            "s3:PutObject",
        ];
        for p in patterns {
            for t in texts {
                for ci in [true, false] {
                    assert_eq!(
                        wildcard_match(p, t, ci),
                        reference_match(p, t, ci),
                        "{p:?} {t:?} {ci}"
                    );
                }
            }
        }
        // Non-ASCII still folds case through Unicode.
        assert!(wildcard_match("arn:aws:s3:::É*", "arn:aws:s3:::é-x", true));
        assert!(!wildcard_match("arn:aws:s3:::É*", "arn:aws:s3:::é-x", false));
    }

    // `*` matches any run of characters, and what follows it is tried from every position, also
    // where the text holds a `*` itself: `*?x` matches `b*x` (`*` takes `b`, `?` the `*`). Only a
    // bucket name S3 rejects puts a `*` in a text matched here, so no scan test.
    #[test]
    fn a_star_tries_the_rest_of_the_pattern_at_a_star_in_the_text() {
        assert!(wildcard_match("*?x", "b*x", false));
        assert!(wildcard_match("*?x", "é*x", false));
    }

    // IAM's `?` matches one character, not one byte: an ASCII pattern against a non-ASCII
    // object key (`é` is two bytes in UTF-8) matches it character by character.
    #[test]
    fn question_mark_is_one_character_of_a_non_ascii_text() {
        assert!(wildcard_match("arn:aws:s3:::b/?", "arn:aws:s3:::b/é", false));
        assert!(!wildcard_match("arn:aws:s3:::b/??", "arn:aws:s3:::b/é", false));
        assert!(wildcard_match("s3:get?", "S3:GETÉ", true));
    }

    // `?` is one character of any kind: a pattern of `?`s alone (no `*`, no literal text) matches
    // every string of its length, so some of them start with any prefix no longer than it.
    #[test]
    fn question_marks_alone_may_match_any_short_enough_prefix() {
        let q = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(may_match_prefix(&q("???"), &q("ab")));
        assert!(may_match_prefix(&q("???"), &q("abc")));
        assert!(!may_match_prefix(&q("???"), &q("abcd")));
        // Literal patterns still match only themselves.
        assert!(may_match_prefix(&q("abc"), &q("ab")));
        assert!(!may_match_prefix(&q("abc"), &q("b")));
    }

    // Suppression patterns know only `*`; `?` is a literal there, and case matters.
    #[test]
    fn star_patterns() {
        assert!(star_match("module.web.*", "module.web.aws_s3_bucket.b"));
        assert!(star_match("*.b", "module.web.aws_s3_bucket.b"));
        assert!(star_match("a*b*c", "aXXbYYc"));
        assert!(!star_match("a*b*c", "aXXbYY"));
        assert!(!star_match("aws_s3_bucket.?", "aws_s3_bucket.b"));
        assert!(star_match("aws_s3_bucket.?", "aws_s3_bucket.?"));
        assert!(!star_match("Aws_s3_bucket.b", "aws_s3_bucket.b"));
        assert!(star_match("módulo.*", "módulo.é"));
        assert!(star_match("*a", "*xa"));
        assert!(star_match("", ""));
        assert!(!star_match("", "x"));
    }
}
