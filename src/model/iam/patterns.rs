//! Resource / NotResource patterns found by the text before their first wildcard. A pattern can
//! match an ARN (or an ARN beginning with a prefix) only if that text and the ARN agree as far
//! as both go; one document naming N buckets is asked about each of them, and trying every
//! pattern for every bucket is quadratic (16,000 buckets: seconds).

use std::sync::OnceLock;

/// Lists shorter than this are tried whole: sorting them would cost more than it saves.
const INDEXED_FROM: usize = 32;

/// A list's patterns (index, length of the literal text) in the order of their literal text,
/// built on first use.
#[derive(Clone, Debug, Default)]
pub struct Index(OnceLock<Vec<(u32, u32)>>);

/// An index is derived from its list: two statements are equal whatever theirs hold.
impl PartialEq for Index {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// The text of `pattern` before its first wildcard.
fn literal(pattern: &str) -> &str {
    &pattern[..pattern.find(['*', '?']).unwrap_or(pattern.len())]
}

/// The patterns of `list` that may match one of `targets` or a text beginning with one of them
/// (all others cannot), in list order.
pub fn near<'l>(list: &'l [String], index: &'l Index, targets: &[&str]) -> impl Iterator<Item = &'l String> {
    // Short lists are tried whole, without allocating.
    let picked = (list.len() >= INDEXED_FROM).then(|| picked(list, index, targets));
    let whole = picked.is_none().then(|| list.iter());
    let picked = picked.into_iter().flatten().map(move |i| &list[i as usize]);
    whole.into_iter().flatten().chain(picked)
}

/// The positions in `list` of [`near`]'s patterns, through the index.
fn picked(list: &[String], index: &Index, targets: &[&str]) -> Vec<u32> {
    let order = index.0.get_or_init(|| {
        let mut order: Vec<(u32, u32)> = (0..list.len())
            .map(|i| (i as u32, literal(&list[i]).len() as u32))
            .collect();
        order.sort_by(|&(a, _), &(b, _)| literal(&list[a as usize]).cmp(literal(&list[b as usize])));
        order
    });
    let lit = |&(i, len): &(u32, u32)| &list[i as usize][..len as usize];
    let from = |text: &str| order.partition_point(|e| lit(e) < text);
    let mut found: Vec<u32> = Vec::new();
    for t in targets {
        // Literals the target begins with (the empty one included)...
        for end in t.char_indices().map(|(k, _)| k).chain([t.len()]) {
            let pre = &t[..end];
            let run = order[from(pre)..].iter().take_while(|e| lit(e) == pre);
            found.extend(run.map(|e| e.0));
        }
        // ...and literals that begin with the target.
        let run = order[from(t)..].iter().take_while(|e| lit(e).starts_with(t));
        found.extend(run.map(|e| e.0));
    }
    found.sort_unstable();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_patterns_whose_literal_agrees_with_a_target_are_near() {
        let mut list: Vec<String> = (0..40).map(|i| format!("arn:aws:s3:::b{i}/*")).collect();
        list.extend([
            "*".into(),
            "arn:aws:s3:::b1*".into(),
            "arn:aws:s3:::b10/x/?".into(),
            "arn:aws:s3:::c".into(),
        ]);
        let index = Index::default();
        let near = |t: &[&str]| near(&list, &index, t).map(String::as_str).collect::<Vec<_>>();
        assert_eq!(
            near(&["arn:aws:s3:::b1", "arn:aws:s3:::b1/"]),
            [
                "arn:aws:s3:::b1/*",
                "arn:aws:s3:::b10/*",
                "arn:aws:s3:::b11/*",
                "arn:aws:s3:::b12/*",
                "arn:aws:s3:::b13/*",
                "arn:aws:s3:::b14/*",
                "arn:aws:s3:::b15/*",
                "arn:aws:s3:::b16/*",
                "arn:aws:s3:::b17/*",
                "arn:aws:s3:::b18/*",
                "arn:aws:s3:::b19/*",
                "*",
                "arn:aws:s3:::b1*",
                "arn:aws:s3:::b10/x/?"
            ]
        );
        assert_eq!(near(&["arn:aws:s3:::c"]), ["*", "arn:aws:s3:::c"]);
        assert_eq!(near(&["arn:aws:s3:::d"]), ["*"]);
        // Short lists are tried whole.
        let few = vec!["arn:aws:s3:::x".to_string()];
        assert_eq!(
            super::near(&few, &Index::default(), &["arn:aws:s3:::y"]).count(),
            1
        );
    }
}
