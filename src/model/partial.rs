//! Partial knowledge: strings (and JSON texts) with holes where a value is not known.
//!
//! A hole is one private-use character naming what is known about the missing value: nothing
//! ([`Sym::Opaque`]), that it is a concrete value the provider computes ([`Sym::Fixed`]), or that
//! it is one of the scanned account's own well-known values (partition, account, region...). A
//! [`crate::model::Val::Partial`] carries such a text; literal text put into it is sanitized so
//! that configuration text can never forge a hole.

use std::borrow::Cow;

/// What a hole stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sym {
    /// Anything: a variable without a value, an unsupported function... It may even be `*`.
    Opaque,
    /// A concrete value computed by the provider at apply (an ARN, an id): never an IAM
    /// wildcard or policy variable, but otherwise not known.
    Fixed,
    /// `data.aws_partition.*.partition`: the partition the bucket lives in.
    Partition,
    /// `data.aws_caller_identity.*.account_id`: the scanned (owner) account.
    Account,
    /// `data.aws_region.*.name`: a region (never empty, never a wildcard).
    Region,
    /// `data.aws_organizations_organization.*.id`: the owner account's organization.
    Org,
    /// `data.aws_canonical_user_id.*.id`: the owner account's canonical user.
    OwnCanonical,
    /// `data.aws_elb_service_account.*.id`: the AWS account Elastic Load Balancing delivers
    /// access logs from.
    ElbAccount,
    /// `data.aws_cloudfront_log_delivery_canonical_user_id.*.id`: the canonical user CloudFront
    /// delivers standard logs as (the `awslogsdelivery` account).
    CloudFrontLogs,
}

/// Every symbol, in declaration order: hole `BASE + i` is `SYMS[i]`.
const SYMS: [Sym; 9] = [
    Sym::Opaque,
    Sym::Fixed,
    Sym::Partition,
    Sym::Account,
    Sym::Region,
    Sym::Org,
    Sym::OwnCanonical,
    Sym::ElbAccount,
    Sym::CloudFrontLogs,
];

const BASE: u32 = 0xE000;

/// Stand-ins for the symbols once a document is read as plain IAM strings: none of them can be a
/// real account id, ARN segment or wildcard, so they only ever match themselves.
pub const OWN_ACCOUNT: &str = "(own account)";
pub const OWN_ORG: &str = "(own organization)";
pub const REGION: &str = "(region)";
pub const OWN_CANONICAL: &str = "(own canonical user)";
pub const ELB_ACCOUNT: &str = "(elb log delivery account)";
pub const CLOUDFRONT_LOGS: &str = "(cloudfront log delivery)";
/// A computed value in a place where any fixed value will do (a condition value, a principal).
pub const FIXED: &str = "(value known after apply)";
/// A value that matches nothing (no action, ARN or account is spelled with parentheses).
pub const NOTHING: &str = "(nothing)";

impl Sym {
    pub fn hole(self) -> char {
        // SYMS lists the symbols in declaration order: a symbol's discriminant is its index.
        char::from_u32(BASE + self as u32).unwrap_or('\u{E000}')
    }

    pub fn of(c: char) -> Option<Sym> {
        let i = (c as u32).checked_sub(BASE)?;
        SYMS.get(i as usize).copied()
    }

    /// The symbol's stand-in, the same in every reading; None for Opaque and Fixed, whose
    /// reading depends on which side of a decision they are on.
    pub fn stand_in(self) -> Option<&'static str> {
        match self {
            // Bucket ARNs are spelled `arn:aws:...` by the model: the same partition.
            Sym::Partition => Some("aws"),
            Sym::Account => Some(OWN_ACCOUNT),
            Sym::Region => Some(REGION),
            Sym::Org => Some(OWN_ORG),
            Sym::OwnCanonical => Some(OWN_CANONICAL),
            Sym::ElbAccount => Some(ELB_ACCOUNT),
            Sym::CloudFrontLogs => Some(CLOUDFRONT_LOGS),
            Sym::Opaque | Sym::Fixed => None,
        }
    }
}

pub fn is_hole(c: char) -> bool {
    Sym::of(c).is_some()
}

pub fn has_holes(s: &str) -> bool {
    // Every hole is U+E000..U+E008, encoded EE 80 80..88: look for the lead byte first.
    s.as_bytes().contains(&0xEE) && s.chars().any(is_hole)
}

/// Literal text for a partial string: characters that would read as holes become U+FFFD.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if has_holes(s) {
        Cow::Owned(
            s.chars()
                .map(|c| if is_hole(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// A string of one hole.
pub fn hole_text(sym: Sym) -> String {
    sym.hole().to_string()
}

/// Length in bytes of the known part: a lower bound of the final length.
pub fn known_len(s: &str) -> usize {
    s.chars().filter(|c| !is_hole(*c)).map(char::len_utf8).sum()
}

impl Sym {
    /// The longest value the hole can stand for; None when unbounded.
    pub fn max_len(self) -> Option<usize> {
        match self {
            Sym::Opaque => None,
            // ARNs and ids AWS computes are at most 2048 characters.
            Sym::Fixed => Some(2048),
            // aws, aws-cn, aws-us-gov, aws-iso-b, aws-eusc...
            Sym::Partition => Some(16),
            Sym::Account | Sym::ElbAccount => Some(12),
            Sym::Region => Some(32),
            // `o-` and up to 32 characters.
            Sym::Org => Some(34),
            Sym::OwnCanonical | Sym::CloudFrontLogs => Some(64),
        }
    }
}

/// An upper bound of the final length in bytes; None when a hole is unbounded.
pub fn max_len(s: &str) -> Option<usize> {
    holes(s).try_fold(known_len(s), |n, h| Some(n + h.max_len()?))
}

/// Whether every hole of `s` is a symbol (a value of the scanned account, not an unknown).
pub fn only_symbols(s: &str) -> bool {
    holes(s).all(|h| h.stand_in().is_some())
}

/// The holes of `s`, in order.
pub fn holes(s: &str) -> impl Iterator<Item = Sym> + '_ {
    s.chars().filter_map(Sym::of)
}

/// `s` with every hole replaced: symbols by their stand-ins, Opaque and Fixed by `other(sym)`.
pub fn fill(s: &str, other: impl Fn(Sym) -> &'static str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match Sym::of(c) {
            Some(sym) => out.push_str(sym.stand_in().unwrap_or_else(|| other(sym))),
            None => out.push(c),
        }
    }
    out
}

/// `replace(text, search, with)` on a text with holes (`with` may have holes too): the known
/// text is replaced; None when the answer depends on a hole (the search text could run across
/// one, or `search` is empty). A hole's own value may hold the search text too; it stays a hole,
/// and a Fixed one becomes Opaque when `with` could bring a wildcard or policy variable into it.
pub fn replace(text: &str, search: &str, with: &str) -> Option<String> {
    if search.is_empty() || has_holes(search) {
        return None;
    }
    let may_span = |lit: &str, before_hole: bool| {
        (1..search.len()).any(|n| {
            if before_hole {
                search.is_char_boundary(n) && lit.ends_with(&search[..n])
            } else {
                search.is_char_boundary(search.len() - n) && lit.starts_with(&search[search.len() - n..])
            }
        })
    };
    // The scanner's own bucket name placeholders (`${aws_s3_bucket.b}`) are names, not variables.
    let wild = with.contains(['*', '?']) || without_placeholders(with).contains(['$', '&']);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let (lit, hole) = match rest.char_indices().find(|(_, c)| is_hole(*c)) {
            Some((i, c)) => (&rest[..i], Some(c)),
            None => (rest, None),
        };
        let after_hole = out.chars().last().is_some_and(is_hole);
        if (hole.is_some() && may_span(lit, true)) || (after_hole && may_span(lit, false)) {
            return None;
        }
        out.push_str(&lit.replace(search, with));
        match hole {
            Some(c) => {
                let c = if wild && Sym::of(c) == Some(Sym::Fixed) {
                    Sym::Opaque.hole()
                } else {
                    c
                };
                out.push(c);
                rest = &rest[lit.len() + c.len_utf8()..];
            }
            None => return Some(out),
        }
    }
}

/// `s` without the bucket name placeholders the evaluator writes (`${ADDRESS}`, see
/// `model::placeholder_name`).
fn without_placeholders(s: &str) -> Cow<'_, str> {
    if !s.contains("${") {
        return Cow::Borrowed(s);
    }
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        match rest[i..].find('}') {
            Some(j) if rest[i + 2..i + j].contains("aws_s3_bucket.") => rest = &rest[i + j + 1..],
            _ => {
                out.push_str("${");
                rest = &rest[i + 2..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holes_round_trip_and_literals_cannot_forge_them() {
        for s in SYMS {
            assert_eq!(Sym::of(s.hole()), Some(s));
        }
        let forged = format!("arn:{}:s3:::b", Sym::Account.hole());
        assert!(!has_holes(&sanitize(&forged)));
        assert_eq!(known_len(&format!("ab{}c", Sym::Opaque.hole())), 3);
        let t = format!("arn:{}:s3:::{}/*", Sym::Partition.hole(), Sym::Opaque.hole());
        assert_eq!(fill(&t, |_| "*"), "arn:aws:s3:::*/*");
    }

    // Terraform's replace() on known text; a match that could run into a hole is not decided.
    #[test]
    fn replace_known_text_around_holes() {
        let a = Sym::Account.hole();
        let t = format!("arn:aws:s3:::_B_/AWSLogs/{a}/*");
        assert_eq!(
            replace(&t, "_B_", "logs").unwrap(),
            format!("arn:aws:s3:::logs/AWSLogs/{a}/*")
        );
        assert_eq!(replace(&t, "_A_", &a.to_string()).unwrap(), t);
        let spans = format!("x_B{a}");
        assert_eq!(replace(&spans, "_B_", "y"), None);
        let after = format!("{a}B_x");
        assert_eq!(replace(&after, "_B_", "y"), None);
        let fixed = format!("k{}", Sym::Fixed.hole());
        assert_eq!(
            replace(&fixed, "q", "*").unwrap(),
            format!("k{}", Sym::Opaque.hole())
        );
        assert_eq!(
            replace(&fixed, "q", "${var.v}").unwrap(),
            format!("k{}", Sym::Opaque.hole())
        );
        assert_eq!(
            replace(&fixed, "q", "arn:aws:s3:::${aws_s3_bucket.b}").unwrap(),
            fixed
        );
    }
}

/// Whether two texts (either may have holes) could be the same string once every hole is
/// filled: false only when their known text before the first hole, or after the last, differs.
pub fn may_equal(a: &str, b: &str) -> bool {
    fn fixed_ends(s: &str) -> (&str, &str, bool) {
        match (s.find(is_hole), s.rfind(is_hole)) {
            (Some(i), Some(j)) => (
                &s[..i],
                &s[j + s[j..].chars().next().map_or(0, char::len_utf8)..],
                true,
            ),
            _ => (s, s, false),
        }
    }
    let ((pa, sa, ha), (pb, sb, hb)) = (fixed_ends(a), fixed_ends(b));
    match (ha, hb) {
        (false, false) => return a == b,
        (true, false) => return glob_match(a, b),
        (false, true) => return glob_match(b, a),
        (true, true) => {}
    }
    let prefix_ok = pa.starts_with(pb) || pb.starts_with(pa);
    let suffix_ok = sa.ends_with(sb) || sb.ends_with(sa);
    prefix_ok && suffix_ok
}

/// Whether the plain string `s` could be `pattern` with each hole standing for any text.
fn glob_match(pattern: &str, s: &str) -> bool {
    let parts: Vec<&str> = pattern.split(is_hole).collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if s.len() < first.len() + last.len() || !s.starts_with(first) || !s.ends_with(last) {
        return false;
    }
    let mut rest = &s[first.len()..s.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod may_equal_tests {
    use super::*;

    #[test]
    fn known_text_around_holes_tells_strings_apart() {
        let arn = format!("arn:{}:s3:::b", hole_text(Sym::Partition));
        // compact() and distinct() must see that an ARN with a hole is not "" nor another bucket.
        assert!(!may_equal(&arn, ""));
        assert!(!may_equal(&arn, "arn:aws:s3:::other"));
        assert!(may_equal(&arn, "arn:aws:s3:::b"));
        assert!(may_equal(&hole_text(Sym::Opaque), ""));
        assert!(may_equal(
            &arn,
            &format!("arn:aws:s3:::{}", hole_text(Sym::Opaque))
        ));
        assert!(!may_equal("a", "b"));
    }
}
