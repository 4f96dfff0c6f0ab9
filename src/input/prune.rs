//! Top-level blocks the scan never reads, left unparsed.
//!
//! Most of a monorepo is not S3 (instances, networks, roles...), and parsing those blocks costs
//! more than everything else a scan does. Before a module is parsed, a small lexer finds the
//! extent of each top-level block. A `resource` or `data` block whose type the scan does not
//! keep, or a `variable`, which nothing kept refers to (directly or through other such blocks),
//! and the blocks the evaluator ignores (`terraform`, `provider`, `moved`...) are pruned: only
//! the runs of blocks between them are parsed with hcl-edit, and the caller offsets their spans
//! back, so origins, lines and columns stay those of the file. A file the lexer does not follow
//! (unbalanced braces, a newline in a quoted string, top-level attributes...) is parsed whole, so
//! hcl-edit reports its errors.
//!
//! References are found textually (`TYPE.NAME`, `data.TYPE.NAME`), which can only keep too
//! much: a name in a comment or a string keeps its block, never the other way round.

use crate::model::Mode;

/// One file of a module: its text, and whether it is native syntax (JSON files are never pruned
/// but their references count).
pub struct File<'t> {
    pub text: &'t str,
    pub native: bool,
}

/// For each file, the byte ranges to parse when some of its blocks were pruned (each a sequence
/// of whole top-level blocks, in order), or `None` to parse the file as it is.
///
/// `outputs_unused`: the module is a root module, whose `output` blocks nothing reads.
pub fn prune(
    files: &[File],
    keep: fn(Mode, &str) -> bool,
    outputs_unused: bool,
) -> Vec<Option<Vec<std::ops::Range<usize>>>> {
    let (candidates, by_ref) = candidates(files, keep, outputs_unused);
    if candidates.is_empty() {
        return vec![None; files.len()];
    }
    let mut in_file: Vec<Vec<usize>> = vec![Vec::new(); files.len()];
    for (c, &(f, _, _)) in candidates.iter().enumerate() {
        in_file[f].push(c);
    }
    let needed = needed(files, &candidates, &by_ref, &in_file);
    files
        .iter()
        .enumerate()
        .map(|(f, file)| {
            let mut pruned = in_file[f].iter().filter(|&&c| !needed[c]).peekable();
            pruned.peek()?;
            // What lies between the pruned blocks, when it holds more than white space.
            let mut kept = Vec::new();
            let mut at = 0;
            for &c in pruned.chain(std::iter::once(&usize::MAX)) {
                let (start, end) = candidates
                    .get(c)
                    .map_or((file.text.len(), 0), |&(_, s, e)| (s, e));
                if !file.text[at..start].trim_ascii().is_empty() {
                    kept.push(at..start);
                }
                at = end;
            }
            Some(kept)
        })
        .collect()
}

/// A block that may be left unparsed: (file, start, end).
type Candidate = (usize, usize, usize);

/// Candidates by the reference that would need them: (data?, `var` or type, name).
type ByRef<'t> = rustc_hash::FxHashMap<(bool, &'t str, &'t str), Vec<usize>>;

/// The blocks that may be left unparsed, and which references need each.
fn candidates<'t>(
    files: &[File<'t>],
    keep: fn(Mode, &str) -> bool,
    outputs_unused: bool,
) -> (Vec<Candidate>, ByRef<'t>) {
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut by_ref: ByRef = Default::default();
    for (f, file) in files.iter().enumerate() {
        let blocks = if file.native { top_blocks(file.text) } else { None };
        for b in blocks.iter().flatten() {
            let never_read = matches!(
                b.kind,
                "terraform" | "provider" | "moved" | "import" | "removed" | "check"
            );
            if never_read || (outputs_unused && b.kind == "output") {
                // Not under any reference: never needed.
                candidates.push((f, b.start, b.end));
                continue;
            }
            if let ("variable", [n]) = (b.kind, b.labels.as_slice()) {
                // Needed where `var.NAME` is.
                by_ref
                    .entry((false, "var", n))
                    .or_default()
                    .push(candidates.len());
                candidates.push((f, b.start, b.end));
                continue;
            }
            let (data, [t, n]) = (b.kind == "data", b.labels.as_slice()) else {
                continue;
            };
            let mode = if data { Mode::Data } else { Mode::Managed };
            let wanted = || keep(mode, t) && crate::model::build::contributes(t, &file.text[b.start..b.end]);
            if (data || b.kind == "resource") && !wanted() {
                by_ref.entry((data, t, n)).or_default().push(candidates.len());
                candidates.push((f, b.start, b.end));
            }
        }
    }
    (candidates, by_ref)
}

/// Which candidates are needed: everything outside the candidates is kept, and what it refers
/// to is needed, transitively.
fn needed(files: &[File], candidates: &[Candidate], by_ref: &ByRef, in_file: &[Vec<usize>]) -> Vec<bool> {
    let mut needed = vec![false; candidates.len()];
    let mut work: Vec<usize> = Vec::new();
    let visit = |text: &str, work: &mut Vec<usize>, needed: &mut Vec<bool>| {
        references(text, |key| {
            for &c in by_ref.get(&key).into_iter().flatten() {
                if !needed[c] {
                    needed[c] = true;
                    work.push(c);
                }
            }
        })
    };
    for (f, file) in files.iter().enumerate() {
        let mut at = 0;
        for &c in &in_file[f] {
            let (_, start, end) = candidates[c];
            visit(&file.text[at..start], &mut work, &mut needed);
            at = end;
        }
        visit(&file.text[at..], &mut work, &mut needed);
    }
    while let Some(c) = work.pop() {
        let (f, start, end) = candidates[c];
        visit(&files[f].text[start..end], &mut work, &mut needed);
    }
    needed
}

/// A top-level block: its kind, its labels when they are plain strings or identifiers, and its
/// byte extent.
#[derive(Debug, PartialEq)]
struct Top<'t> {
    kind: &'t str,
    labels: Vec<&'t str>,
    start: usize,
    end: usize,
}

/// The top-level blocks of a native-syntax file, or `None` when the file is not a plain
/// sequence of blocks this lexer follows.
fn top_blocks(text: &str) -> Option<Vec<Top<'_>>> {
    let t = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        i = skip_space(t, i, true)?;
        if i >= t.len() {
            return Some(out);
        }
        let start = i;
        let kind = ident(text, &mut i)?;
        let mut labels = Vec::new();
        loop {
            i = skip_space(t, i, false)?;
            match t.get(i)? {
                b'{' => break,
                b'"' => {
                    let end = i + 1 + t[i + 1..].iter().position(|&c| c == b'"' || c == b'\n')?;
                    let label = &text[i + 1..end];
                    // An escape or a template in a label: not a name this lexer can compare.
                    if t[end] != b'"' || label.contains(['\\', '$', '%']) {
                        return None;
                    }
                    labels.push(label);
                    i = end + 1;
                }
                _ => labels.push(ident(text, &mut i)?),
            }
        }
        let end = block_end(t, i)?;
        out.push(Top {
            kind,
            labels,
            start,
            end,
        });
        i = end;
    }
}

fn is_ident(c: u8) -> bool {
    CLASS[c as usize] & IDENT != 0
}

/// Byte classes for the hot loops: identifier bytes, and the bytes that can change the lexer's
/// state in an expression (`CODE`) or in a quoted string (`QUOTED`); the others are skipped.
const IDENT: u8 = 1;
const CODE: u8 = 2;
const QUOTED: u8 = 4;
static CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' {
            class[b] = IDENT;
        }
        b += 1;
    }
    let mut k = 0;
    let code = b"\"{}#/<";
    while k < code.len() {
        class[code[k] as usize] |= CODE;
        k += 1;
    }
    let mut k = 0;
    let quoted = b"\\\"\n$%";
    while k < quoted.len() {
        class[quoted[k] as usize] |= QUOTED;
        k += 1;
    }
    class
};

/// The first index at or after `i` whose byte is of `class` (or the end of the text).
fn next_of(t: &[u8], i: usize, class: u8) -> usize {
    t[i.min(t.len())..]
        .iter()
        .position(|&c| CLASS[c as usize] & class != 0)
        .map_or(t.len(), |n| i + n)
}

/// An identifier at `*i` (advancing past it).
fn ident<'t>(text: &'t str, i: &mut usize) -> Option<&'t str> {
    let t = text.as_bytes();
    let start = *i;
    if !t
        .get(start)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
    {
        return None;
    }
    *i += t[start..].iter().take_while(|&&c| is_ident(c)).count();
    Some(&text[start..*i])
}

/// Past spaces and comments; across newlines only when `newlines` (between blocks).
fn skip_space(t: &[u8], mut i: usize, newlines: bool) -> Option<usize> {
    while let Some(&c) = t.get(i) {
        match c {
            b' ' | b'\t' => i += 1,
            b'\r' | b'\n' if newlines => i += 1,
            b'#' if newlines => i = line_end(t, i),
            b'/' if newlines && t.get(i + 1) == Some(&b'/') => i = line_end(t, i),
            b'/' if t.get(i + 1) == Some(&b'*') => i = comment_end(t, i)?,
            _ => break,
        }
    }
    Some(i)
}

/// The index of the newline ending the line at `i` (or the end of the text).
fn line_end(t: &[u8], i: usize) -> usize {
    memchr::memchr(b'\n', &t[i..]).map_or(t.len(), |n| i + n)
}

/// Just past the `*/` closing the comment opened at `i`.
fn comment_end(t: &[u8], i: usize) -> Option<usize> {
    memchr::memmem::find(&t[i + 2..], b"*/").map(|n| i + 2 + n + 2)
}

/// How deep heredocs and the template interpolations inside them may nest before the lexer
/// gives up on a file (which is then parsed whole, under the parser's own nesting limit).
const MAX_NESTING: usize = 64;

/// Where the lexer writes the extents of the comments it passes, when asked to.
type Comments<'c> = Option<&'c mut Vec<std::ops::Range<usize>>>;

/// What follows a `<<`.
enum Heredoc {
    /// Not a heredoc (`<<` as an operator, or no marker): code goes on.
    Not,
    /// Just past the closing marker line.
    End(usize),
    /// Unterminated, or nested too deeply: the lexer does not follow the file.
    Lost,
}

/// The heredoc whose `<<` is at `i`. Its closing marker is a line of its own at the heredoc's
/// own level: a marker line inside a `${ ... }` or `%{ ... }` (say in a comment or a nested
/// heredoc there) does not close it, so interpolations are followed as code.
fn heredoc(t: &[u8], i: usize, nesting: usize, comments: &mut Comments) -> Heredoc {
    let mut j = i + 2;
    if t.get(j) == Some(&b'-') {
        j += 1;
    }
    let start = j;
    if !t.get(j).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_') {
        return Heredoc::Not;
    }
    while t.get(j).is_some_and(|&c| is_ident(c)) {
        j += 1;
    }
    let marker = &t[start..j];
    if t.get(j) == Some(&b'\r') {
        j += 1;
    }
    if t.get(j) != Some(&b'\n') {
        return Heredoc::Not;
    }
    if nesting >= MAX_NESTING {
        return Heredoc::Lost;
    }
    let (mut at, mut line_start) = (j + 1, true);
    loop {
        if line_start && t[at..line_end(t, at)].trim_ascii() == marker {
            return Heredoc::End(line_end(t, at));
        }
        let Some(k) = memchr::memchr3(b'\n', b'$', b'%', &t[at..]).map(|n| at + n) else {
            return Heredoc::Lost;
        };
        let c = t[k];
        (at, line_start) = match (t.get(k + 1), t.get(k + 2)) {
            _ if c == b'\n' => (k + 1, true),
            (Some(&d), Some(&b'{')) if d == c => (k + 3, false),
            (Some(&b'{'), _) => match lex(t, k + 2, nesting + 1, false, comments) {
                Some(end) => (end, false),
                None => return Heredoc::Lost,
            },
            _ => (k + 1, false),
        };
    }
}

/// Just past the `}` closing the `{` at `open`, following quoted strings, template
/// interpolations and directives, heredocs and comments.
pub fn block_end(t: &[u8], open: usize) -> Option<usize> {
    lex(t, open + 1, 0, false, &mut None)
}

/// The extents of the comments of a native-syntax file (`#`, `//`, `/* */`), not counting
/// comment-like text in strings and heredocs; `None` when the lexer does not follow the file.
pub fn comments(text: &str) -> Option<Vec<std::ops::Range<usize>>> {
    let mut out = Vec::new();
    lex(text.as_bytes(), 0, 0, true, &mut Some(&mut out))?;
    Some(out)
}

/// Lex code from `i`, inside a `{` whose closing `}` it returns just past; or, for a whole
/// file (`file`), to the end of the text, which it returns. `None` when the text is not
/// balanced or not followed.
fn lex(t: &[u8], mut i: usize, nesting: usize, file: bool, comments: &mut Comments) -> Option<usize> {
    let mut stack = vec![Frame::Brace];
    loop {
        let quoted = *stack.last()? == Frame::Quoted;
        i = next_of(t, i, if quoted { QUOTED } else { CODE });
        let Some(&c) = t.get(i) else {
            return (file && stack.len() == 1).then_some(t.len());
        };
        if quoted {
            i = quoted_step(t, i, &mut stack)?;
            continue;
        }
        let next = t.get(i + 1).copied();
        let comment_end = match c {
            b'"' => {
                stack.push(Frame::Quoted);
                None
            }
            b'{' => {
                stack.push(Frame::Brace);
                None
            }
            b'}' => {
                stack.pop();
                match stack.len() {
                    0 if file => return None,
                    0 => return Some(i + 1),
                    _ => None,
                }
            }
            b'#' => Some(line_end(t, i)),
            b'/' if next == Some(b'/') => Some(line_end(t, i)),
            b'/' if next == Some(b'*') => Some(comment_end(t, i)?),
            b'<' if next == Some(b'<') => match heredoc(t, i, nesting, comments) {
                Heredoc::Not => None,
                Heredoc::End(end) => {
                    i = end;
                    continue;
                }
                Heredoc::Lost => return None,
            },
            _ => None,
        };
        if let Some(end) = comment_end {
            if let Some(out) = comments {
                out.push(i..end);
            }
            i = end;
            continue;
        }
        i += 1;
    }
}

/// What the lexer is inside.
#[derive(PartialEq)]
enum Frame {
    /// `{` in an expression.
    Brace,
    /// `${` or `%{` in a quoted string: an expression until its `}`.
    Template,
    Quoted,
}

/// Past the byte at `i` of a quoted string (an escape, its end, a template opening); `None` at
/// a line break, which a quoted string cannot hold.
fn quoted_step(t: &[u8], mut i: usize, stack: &mut Vec<Frame>) -> Option<usize> {
    let (c, next) = (t[i], t.get(i + 1).copied());
    match c {
        b'\\' => i += 1,
        b'"' => {
            stack.pop();
        }
        b'\n' => return None,
        b'$' | b'%' if next == Some(c) && t.get(i + 2) == Some(&b'{') => i += 2,
        b'$' | b'%' if next == Some(b'{') => {
            stack.push(Frame::Template);
            i += 1;
        }
        _ => {}
    }
    Some(i + 1)
}

/// Calls `found((is_data, type, name))` for every `TYPE.NAME` and `data.TYPE.NAME` in `text`.
fn references<'t>(text: &'t str, mut found: impl FnMut((bool, &'t str, &'t str))) {
    let t = text.as_bytes();
    // Every reference has a dot: look around each one rather than at every identifier.
    for dot in memchr::memchr_iter(b'.', t) {
        let Some(first) = ident_before(text, dot) else {
            continue;
        };
        let mut k = dot;
        let Some(second) = dotted(text, &mut k) else {
            continue;
        };
        if first != "data" {
            found((false, first, second));
        } else if let Some(third) = dotted(text, &mut k) {
            found((true, second, third));
        }
    }
}

/// The identifier ending (before optional spaces) at `end`, when it starts a traversal: not a
/// number and not itself after a dot (`a.b.c` is looked at from its first dot only).
fn ident_before(text: &str, end: usize) -> Option<&str> {
    let t = text.as_bytes();
    let mut j = end;
    while j > 0 && matches!(t[j - 1], b' ' | b'\t') {
        j -= 1;
    }
    let stop = j;
    while j > 0 && is_ident(t[j - 1]) {
        j -= 1;
    }
    let starts = t.get(j).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_');
    let mut before = j;
    while before > 0 && matches!(t[before - 1], b' ' | b'\t') {
        before -= 1;
    }
    (starts && j < stop && (before == 0 || t[before - 1] != b'.')).then(|| &text[j..stop])
}

/// `.ident` after optional spaces at `*i` (advancing past it).
fn dotted<'t>(text: &'t str, i: &mut usize) -> Option<&'t str> {
    let t = text.as_bytes();
    let mut j = *i;
    while matches!(t.get(j), Some(b' ' | b'\t')) {
        j += 1;
    }
    if t.get(j) != Some(&b'.') {
        return None;
    }
    j += 1;
    while matches!(t.get(j), Some(b' ' | b'\t')) {
        j += 1;
    }
    let id = ident(text, &mut j)?;
    *i = j;
    Some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only_s3(mode: Mode, t: &str) -> bool {
        mode == Mode::Managed && t.starts_with("aws_s3_")
    }

    fn pruned(files: &[&str]) -> Vec<Option<String>> {
        let files: Vec<File> = files
            .iter()
            .map(|t| File {
                text: t,
                native: true,
            })
            .collect();
        pruned_with(&files, false)
    }

    /// The text hcl-edit sees of each file: the kept ranges in place, blanks around them.
    fn pruned_with(files: &[File], outputs_unused: bool) -> Vec<Option<String>> {
        pruned_by(files, only_s3, outputs_unused)
    }

    fn pruned_by(files: &[File], keep: fn(Mode, &str) -> bool, outputs_unused: bool) -> Vec<Option<String>> {
        let kept = prune(files, keep, outputs_unused);
        let blank = |text: &str, ranges: Vec<std::ops::Range<usize>>| {
            let mut out: String = text
                .bytes()
                .map(|b| if b == b'\n' { '\n' } else { ' ' })
                .collect();
            for r in ranges {
                out.replace_range(r.clone(), &text[r]);
            }
            out
        };
        files
            .iter()
            .zip(kept)
            .map(|(f, k)| k.map(|r| blank(f.text, r)))
            .collect()
    }

    #[test]
    fn lexer_follows_strings_templates_heredocs_and_comments() {
        let text = r#"# top } comment
resource "aws_instance" "a" {
  user_data = <<-EOT
    } unbalanced { in a heredoc "
  EOT
  tags = { Name = "x}${jsonencode({a = "}"})}%{ if true }y{%{ endif }" } // }
  /* } */ note = "$${not} %%{a} \" }"
}
data aws_iam_policy_document p {}
"#;
        let blocks = top_blocks(text).expect("lexed");
        assert_eq!(blocks.len(), 2);
        assert_eq!(
            (blocks[0].kind, blocks[0].labels.as_slice()),
            ("resource", &["aws_instance", "a"][..])
        );
        assert!(text[blocks[0].end..].starts_with("\ndata aws_iam_policy_document"));
        assert_eq!(blocks[1].labels, ["aws_iam_policy_document", "p"]);
        assert_eq!(
            &text[blocks[1].start..blocks[1].end],
            "data aws_iam_policy_document p {}"
        );
    }

    #[test]
    fn a_marker_line_inside_an_interpolation_does_not_close_the_heredoc() {
        let text = "resource \"a\" \"b\" {\n  x = <<EOT\n${ \"a\" /*\nEOT\n{ */ }\n$${ %%{\nEOT\n}\nresource \"c\" \"d\" {}\n";
        let blocks = top_blocks(text).expect("lexed");
        assert_eq!(blocks.len(), 2);
        assert!(text[..blocks[0].end].ends_with("EOT\n}"));
        // Nested past the lexer's depth: not followed, so parsed whole.
        let deep = format!(
            "a {{\n  x = {}1{}\n}}\n",
            "<<E\n${".repeat(70),
            "}\nE\n".repeat(70)
        );
        assert_eq!(top_blocks(&deep), None);
    }

    #[test]
    fn comments_are_told_from_strings_and_heredocs() {
        let text = "# one\na = \"# no\" // two\nb = <<E\n# no\nE\n/* three */ c = \"${x /* four */}\"\n";
        let found: Vec<&str> = comments(text)
            .expect("lexed")
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(found, ["# one", "// two", "/* three */", "/* four */"]);
        assert_eq!(comments("a = \"x\n"), None);
    }

    #[test]
    fn files_the_lexer_does_not_follow_are_left_whole() {
        for text in [
            "resource \"a\" \"b\" {\n  x = \"unterminated\n}\n",
            "resource \"a\" \"b\" {\n",
            "acl = \"private\"\n",
            "resource \"a\" \"${b}\" {}\n",
            "resource \"a\" \"b\" {}\n}\n",
        ] {
            assert_eq!(top_blocks(text), None, "{text}");
            assert_eq!(pruned(&[text]), vec![None], "{text}");
        }
    }

    #[test]
    fn unreferenced_blocks_are_pruned_keeping_offsets() {
        let main = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = local.n\n}\n\
                    resource \"aws_instance\" \"i\" {\n  ami = \"é\"\n}\n\
                    resource \"aws_kms_key\" \"k\" {\n  policy = data.aws_iam_policy_document.kp.json\n}\n\
                    data \"aws_iam_policy_document\" \"kp\" {}\n\
                    data \"aws_iam_policy_document\" \"unused\" {}\n";
        // The reference sits in another file, spaced out around the dot.
        let other = "resource \"aws_s3_bucket_server_side_encryption_configuration\" \"e\" {\n\
                     kms = aws_kms_key . k.arn\n}\n";
        let out = pruned(&[main, other]);
        let text = out[0].as_deref().expect("pruned");
        assert_eq!(text.len(), main.len());
        assert_eq!(text.lines().count(), main.lines().count());
        assert!(!text.contains("aws_instance") && !text.contains("unused"));
        assert!(text.contains("aws_kms_key\" \"k\"") && text.contains("\"kp\""));
        assert_eq!(text.find("bucket = local.n"), main.find("bucket = local.n"));
        assert!(hcl_edit::parser::parse_body(text).is_ok());
        assert_eq!(out[1], None);
    }

    #[test]
    fn root_outputs_and_what_only_they_use_are_pruned() {
        let text = "resource \"aws_instance\" \"i\" {}\noutput \"ip\" { value = aws_instance.i.ip }\n";
        let files = [File { text, native: true }];
        let root = pruned_with(&files, true);
        assert_eq!(root[0].as_deref().map(str::trim), Some(""));
        // In a child module the parent may read the output, and through it the instance.
        assert_eq!(pruned_with(&files, false), vec![None]);
    }

    #[test]
    fn unread_variables_and_blocks_the_evaluator_ignores_are_pruned() {
        let text = "terraform {\n  required_version = \">= 1.3\"\n}\n\
                    provider \"aws\" {\n  region = var.region\n}\n\
                    variable \"region\" {}\nvariable \"name\" { default = \"x\" }\n\
                    variable \"ami\" {}\nvariable \"unused\" {}\n\
                    resource \"aws_instance\" \"i\" {\n  ami = var.ami\n}\n\
                    resource \"aws_s3_bucket\" \"b\" {\n  bucket = var.name\n}\n";
        let out = pruned(&[text]);
        let kept = out[0].as_deref().expect("pruned");
        assert_eq!(kept.len(), text.len());
        for gone in ["terraform", "provider", "\"region\"", "\"ami\"", "\"unused\""] {
            assert!(!kept.contains(gone), "{gone} is kept");
        }
        assert!(kept.contains("variable \"name\""));
        assert!(hcl_edit::parser::parse_body(kept).is_ok());
    }

    /// A role adds to the model only through `inline_policy`: one without is read only when
    /// something read refers to it, and then what it refers to is read too.
    #[test]
    fn roles_without_inline_policies_are_pruned_unless_referenced() {
        let text = "resource \"aws_iam_role\" \"plain\" {\n  assume_role_policy = data.aws_iam_policy_document.a.json\n}\n\
                    data \"aws_iam_policy_document\" \"a\" {}\n\
                    resource \"aws_iam_role\" \"inline\" {\n  dynamic \"inline_policy\" {}\n}\n\
                    resource \"aws_iam_role\" \"named\" {\n  name = var.role\n}\n\
                    variable \"role\" {}\n\
                    resource \"aws_s3_bucket_policy\" \"p\" {\n  policy = aws_iam_role.named.arn\n}\n";
        let files = [File { text, native: true }];
        let out = pruned_by(&files, crate::model::build::wanted, false);
        let kept = out[0].as_deref().expect("pruned");
        for gone in ["\"plain\"", "\"a\""] {
            assert!(!kept.contains(gone), "{gone} is kept");
        }
        for read in ["\"inline\"", "\"named\"", "variable \"role\""] {
            assert!(kept.contains(read), "{read} is pruned");
        }
    }

    #[test]
    fn json_files_keep_what_they_reference() {
        let main = "resource \"aws_kms_key\" \"k\" {}\nresource \"aws_kms_key\" \"j\" {}\n";
        let json = r#"{"resource": {"aws_s3_bucket": {"b": {"x": "${aws_kms_key.k.arn}"}}}}"#;
        let files = [
            File {
                text: main,
                native: true,
            },
            File {
                text: json,
                native: false,
            },
        ];
        let out = pruned_with(&files, false);
        let text = out[0].as_deref().expect("pruned");
        assert!(text.contains("\"k\"") && !text.contains("\"j\""));
    }
}
