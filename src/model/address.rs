//! Terraform resource addresses, read in one place:
//! `module.a["x"].module.b[0].aws_s3_bucket.b["k"]`, `data.aws_iam_policy_document.p`.
//! Instance keys are quoted strings that may hold `.`, `[`, `]` or escaped quotes: every reader
//! here skips them, so a key is never taken for syntax.

use super::resource::Mode;

/// A resource instance address, split into its parts (borrowed from the text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Address<'a> {
    /// The module path, `module.a["x"].module.b[0]`; "" for the root module.
    pub module: &'a str,
    pub mode: Mode,
    /// `aws_s3_bucket`.
    pub rtype: &'a str,
    /// `b`.
    pub name: &'a str,
    /// The instance key as written, `[0]` / `["k"]`; "" without one.
    pub key: &'a str,
}

impl<'a> Address<'a> {
    /// The parts of `address`; None when it is not `[module path.][data.]TYPE.NAME[key]`
    /// (anything after the instance, such as an attribute, is ignored).
    pub fn parse(address: &'a str) -> Option<Address<'a>> {
        let mut segments = segments(address);
        let mut module_end = 0;
        let mut seg = segments.next()?;
        while seg.1 == "module" {
            let (start, name) = segments.next()?;
            module_end = start + name.len();
            seg = segments.next()?;
        }
        let mode = if seg.1 == "data" {
            Mode::Data
        } else {
            Mode::Managed
        };
        if mode == Mode::Data {
            seg = segments.next()?;
        }
        let rtype = seg.1;
        let (_, instance) = segments.next()?;
        let (name, key) = instance.split_at(instance.find('[').unwrap_or(instance.len()));
        Some(Address {
            module: &address[..module_end],
            mode,
            rtype,
            name,
            key,
        })
    }
}

/// The resource type of a managed resource's instance address (`module.m.T.n[0]` → `T`).
pub fn resource_type(address: &str) -> Option<&str> {
    let mut segments = segments(address);
    let mut seg = segments.next()?.1;
    while seg == "module" {
        segments.next()?;
        seg = segments.next()?.1;
    }
    (seg != "data").then_some(seg)
}

/// An address without its module path: `module.m["k"].T.n` → `T.n`.
pub fn after_modules(address: &str) -> Option<&str> {
    let mut segments = segments(address);
    let mut seg = segments.next()?;
    while seg.1 == "module" {
        segments.next()?;
        seg = segments.next()?;
    }
    Some(&address[seg.0..])
}

/// Whether `address` lies in an instance of module call `name`, at any depth
/// (`module.NAME.` / `module.NAME[..]`).
pub fn in_module(address: &str, name: &str) -> bool {
    let mut segments = segments(address);
    while let Some((_, seg)) = segments.next() {
        if seg != "module" {
            return false;
        }
        match segments.next() {
            Some((_, call)) if call.split('[').next() == Some(name) => return true,
            Some(_) => {}
            None => return false,
        }
    }
    false
}

/// `module.a["x"].module.b[0]` → `module.a.module.b`: config addresses have no instance keys.
pub fn strip_keys(address: &str) -> String {
    unquoted(address)
        .filter(|&(_, c, depth)| depth == 0 && c != '[')
        .map(|(_, c, _)| c)
        .collect()
}

/// The `.`-separated parts of an address outside its instance keys, each with its byte offset.
fn segments(address: &str) -> Segments<'_> {
    Segments {
        text: address,
        pos: Some(0),
        // Without a quoted key (most addresses) every `.` is a separator: found by a fast search.
        quoted: address.contains('"'),
    }
}

struct Segments<'a> {
    text: &'a str,
    pos: Option<usize>,
    quoted: bool,
}

impl<'a> Iterator for Segments<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let start = self.pos?;
        let rest = &self.text[start..];
        let dot = if self.quoted {
            unquoted(rest)
                .find(|&(_, c, depth)| c == '.' && depth == 0)
                .map(|(i, _, _)| i)
        } else {
            rest.find('.')
        };
        match dot {
            Some(d) => {
                self.pos = Some(start + d + 1);
                Some((start, &rest[..d]))
            }
            None => {
                self.pos = None;
                Some((start, rest))
            }
        }
    }
}

/// The characters of an address outside the quoted strings of its instance keys, each with the
/// bracket depth before it, so a `]` or `.` inside `["a.b]"]` is never taken for syntax.
pub fn unquoted(address: &str) -> impl Iterator<Item = (usize, char, usize)> + '_ {
    let (mut depth, mut in_str, mut escaped) = (0usize, false, false);
    address.char_indices().filter_map(move |(i, c)| {
        if in_str {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_str = false,
                _ => {}
            }
            return None;
        }
        let before = depth;
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '"' if depth > 0 => in_str = true,
            _ => {}
        }
        Some((i, c, before))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Terraform's instance keys are JSON-quoted strings that may hold any character.
    const TRICKY: &str = r#"module.a["x.y].module.z"].module.b[0].aws_s3_bucket.b["k.\"]."]"#;

    #[test]
    fn parts_of_an_address_skip_quoted_keys() {
        assert_eq!(
            Address::parse(TRICKY),
            Some(Address {
                module: r#"module.a["x.y].module.z"].module.b[0]"#,
                mode: Mode::Managed,
                rtype: "aws_s3_bucket",
                name: "b",
                key: r#"["k.\"]."]"#,
            })
        );
        let data = Address::parse("data.aws_iam_policy_document.p").unwrap();
        assert_eq!(
            (data.module, data.mode, data.rtype, data.name, data.key),
            ("", Mode::Data, "aws_iam_policy_document", "p", "")
        );
        assert_eq!(Address::parse("module.m"), None);
        assert_eq!(Address::parse("aws_s3_bucket"), None);
    }

    #[test]
    fn type_module_path_and_module_membership() {
        assert_eq!(resource_type(TRICKY), Some("aws_s3_bucket"));
        assert_eq!(resource_type("module.m.data.aws_s3_bucket.x"), None);
        assert_eq!(after_modules(TRICKY), Some(r#"aws_s3_bucket.b["k.\"]."]"#));
        assert_eq!(after_modules("external:logs"), Some("external:logs"));
        assert!(in_module("module.m.aws_s3_bucket.b", "m"));
        assert!(in_module("module.a.module.m[\"k\"].aws_s3_bucket.b", "m"));
        assert!(!in_module("module.mm.aws_s3_bucket.b", "m"));
        // A key that reads like a module path is not one.
        assert!(!in_module(r#"module.a["module.m.x"].aws_s3_bucket.b"#, "m"));
        assert!(!in_module("aws_s3_bucket.module", "m"));
        assert_eq!(strip_keys(TRICKY), "module.a.module.b.aws_s3_bucket.b");
    }
}
