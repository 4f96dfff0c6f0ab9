//! JSON report. The schema is documented field by field in `docs/json-output.md`; bump
//! `SCHEMA_VERSION` on any change that is not a pure addition.

use std::io::Write;

use serde::Serialize;
use serde_json::value::RawValue;

use super::Location;
use crate::model::{Origin, Sources, Value};
use crate::scan::ScanResult;
use crate::settings::Settings;

pub const SCHEMA_VERSION: u32 = 1;

/// The report object is written in three parts so its two long arrays, `buckets` and
/// `findings`, can be made and serialized in parallel: `Head`, the arrays, then `Tail`, in the
/// field order of the schema.
#[derive(Serialize)]
struct Head<'a> {
    schema_version: u32,
    tool: Tool,
    inputs: &'a [String],
}

#[derive(Serialize)]
struct Tail<'a> {
    unlinked: Vec<Unlinked<'a>>,
    errors: Vec<Error<'a>>,
    /// What the scan could not see (a remote module that is not installed); absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<Error<'a>>,
    warnings: Vec<Error<'a>>,
    summary: Summary,
}

/// A location in the report's arrays: its file path, repeated in thousands of them, was escaped
/// once (see [`Locator`]).
#[derive(Serialize)]
struct Loc<'a> {
    file: &'a RawValue,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
}

/// Every scanned file's path as a JSON string, for [`Loc`].
struct Locator<'a> {
    sources: &'a Sources,
    paths: Vec<Box<RawValue>>,
}

impl<'a> Locator<'a> {
    fn new(sources: &'a Sources) -> serde_json::Result<Self> {
        let paths = sources
            .iter()
            .map(|(_, f)| serde_json::value::to_raw_value(&f.display))
            .collect::<serde_json::Result<_>>()?;
        Ok(Locator { sources, paths })
    }

    fn at(&self, origin: Origin) -> Loc<'_> {
        let l = Location::of(self.sources, origin);
        Loc {
            file: &self.paths[origin.file.0 as usize],
            line: l.line,
            column: l.column,
            end_line: l.end_line,
            end_column: l.end_column,
        }
    }
}

/// A policy's strings that repeat in each of its findings, escaped once.
struct PolicyText {
    title: Box<RawValue>,
    remediation: Box<RawValue>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Bucket<'a> {
    address: &'a str,
    root: &'a str,
    name: Option<&'a str>,
    /// Defined outside the scan: only configuration resources of the scan name it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    external: bool,
    location: Loc<'a>,
    exposure: Option<Exposure<'a>>,
}

#[derive(Serialize)]
struct Exposure<'a> {
    verdict: &'static str,
    reasons: Vec<Reason<'a>>,
}

#[derive(Serialize)]
struct Reason<'a> {
    message: String,
    /// The access it would give (`public-read`, ...), when it gives any.
    access: Option<&'static str>,
    /// `effective`, `neutralized`, `rejected-at-apply` or `unknown`.
    effect: &'static str,
    location: Loc<'a>,
}

#[derive(Serialize)]
struct NeutralizedBy<'a> {
    kind: &'static str,
    reason: &'a str,
}

#[derive(Serialize)]
struct Finding<'a> {
    policy_id: &'a str,
    slug: &'a str,
    title: &'a RawValue,
    severity: &'static str,
    bucket: &'a str,
    root: &'a str,
    message: crate::finding::MessageText<'a>,
    location: Loc<'a>,
    related: RelatedList<'a>,
    fingerprint: crate::finding::Fingerprint,
    remediation: &'a RawValue,
    /// `note` when the finding is neutralized, else null (the severity decides).
    level_override: Option<&'static str>,
    neutralized_by: Option<NeutralizedBy<'a>>,
    suppressed: Option<SuppressedBy<'a>>,
}

#[derive(Serialize)]
struct SuppressedBy<'a> {
    reason: &'a str,
    expires: Option<String>,
    location: &'a crate::suppress::SuppressionLocation,
}

#[derive(Serialize)]
struct Related<'a> {
    message: &'a str,
    location: Loc<'a>,
}

/// A finding's related locations, made as they are written (no vector per finding).
struct RelatedList<'a>(&'a [crate::policy::Related], &'a Locator<'a>);

impl Serialize for RelatedList<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|r| Related {
            message: &r.message,
            location: self.1.at(r.origin),
        }))
    }
}

#[derive(Serialize)]
struct Undecided<'a> {
    policy_id: &'a str,
    slug: &'a str,
    bucket: &'a str,
    root: &'a str,
    reason: &'a str,
    location: Loc<'a>,
}

#[derive(Serialize)]
struct Unlinked<'a> {
    address: &'a str,
    resource_type: &'a str,
    reason: &'a str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Error<'a> {
    file: &'a str,
    line: Option<u32>,
    column: Option<u32>,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary {
    inputs: usize,
    buckets: usize,
    findings: Counts,
    undecided: usize,
    unlinked: usize,
    errors: usize,
    suppressed: usize,
    baselined: usize,
    outside_diff: usize,
    warnings: usize,
    exposure: std::collections::BTreeMap<&'static str, usize>,
}

#[derive(Serialize)]
struct Counts {
    total: usize,
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
}

/// `,\n  "KEY": [...]`: a field of the top-level object (never the first) holding one element
/// per item, made by `make` (see [`super::stream::write_elements`]).
fn write_array<'i, T: Sync, U: Serialize>(
    out: &mut impl Write,
    key: &str,
    items: &'i [T],
    make: impl Fn(&'i T) -> U + Sync,
) -> std::io::Result<()> {
    write!(out, ",\n  \"{key}\": ")?;
    super::stream::write_elements(out, 2, items, make)
}

/// One pretty-printed object: the fields of `head`, those `middle` writes, then those of `tail`
/// (`head` and `tail` must have at least one field each).
fn write_split<W: Write>(
    out: &mut W,
    head: &impl Serialize,
    tail: &impl Serialize,
    middle: impl FnOnce(&mut W) -> std::io::Result<()>,
) -> std::io::Result<()> {
    // `{ head fields` without the closing `\n}`.
    let head = serde_json::to_vec_pretty(head)?;
    out.write_all(head.strip_suffix(b"\n}").unwrap_or(&head))?;
    middle(out)?;
    // `, tail fields }`: the tail without its opening `{`.
    let tail = serde_json::to_vec_pretty(tail)?;
    out.write_all(b",")?;
    out.write_all(tail.strip_prefix(b"{").unwrap_or(&tail))
}

pub fn render(result: &ScanResult, settings: &Settings) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    write(result, settings, &mut out).expect("report serializes");
    // serde_json writes UTF-8 only.
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// The report, written to `out` as it is serialized.
pub fn write(result: &ScanResult, settings: &Settings, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut out = super::safe::JsonBidi::new(out);
    let out: &mut dyn std::io::Write = &mut out;
    let report = Report {
        result,
        locator: Locator::new(&result.sources)?,
        policy_texts: policy_texts(result, settings)?,
    };
    let buckets = report.sorted_buckets();
    let findings = report.sorted_findings();
    let head = Head {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        inputs: &result.inputs,
    };
    let tail = report.tail(buckets.len());
    // A local buffer keeps serde_json's token-sized writes inlined (not calls through `dyn`).
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let report = &report;
    write_split(&mut out, &head, &tail, |out| {
        write_array(out, "buckets", &buckets, |&(i, b)| report.bucket(i, b))?;
        write_array(out, "findings", &findings, |&(f, s)| report.finding(f, s))?;
        write_array(out, "undecided", &result.undecided, |u| report.undecided(u))
    })?;
    out.write_all(b"\n")?;
    out.flush()
}

/// The title and remediation of every policy the report describes, escaped once.
fn policy_texts(
    result: &ScanResult,
    settings: &Settings,
) -> serde_json::Result<std::collections::HashMap<&'static str, PolicyText>> {
    super::described_policies(result, settings)
        .into_iter()
        .map(|p| {
            let text = PolicyText {
                title: serde_json::value::to_raw_value(&p.meta.title)?,
                remediation: serde_json::value::to_raw_value(&p.meta.remediation)?,
            };
            Ok((p.meta.id.as_str(), text))
        })
        .collect()
}

/// What the report's elements are made from.
struct Report<'a> {
    result: &'a ScanResult,
    locator: Locator<'a>,
    policy_texts: std::collections::HashMap<&'static str, PolicyText>,
}

type FindingRef<'a> = (
    &'a crate::finding::Finding,
    Option<&'a crate::suppress::Suppressed>,
);

impl<'a> Report<'a> {
    /// The buckets by root and address, each with its index in `exposures` (parallel to `buckets`).
    fn sorted_buckets(&self) -> Vec<(usize, &'a crate::scan::ScannedBucket)> {
        let mut refs: Vec<(usize, &crate::scan::ScannedBucket)> =
            self.result.buckets.iter().enumerate().collect();
        refs.sort_by(|(_, a), (_, b)| (&a.root, &a.address).cmp(&(&b.root, &b.address)));
        refs
    }

    /// Reported and suppressed findings together, by place.
    fn sorted_findings(&self) -> Vec<FindingRef<'a>> {
        let result = self.result;
        let mut all: Vec<_> = result
            .findings
            .iter()
            .map(|f| (f, None))
            .chain(result.suppressed.iter().map(|s| (&s.finding, Some(s))))
            .collect();
        all.sort_by(|(a, _), (b, _)| {
            (a.origin, &a.policy.meta.id, &a.root, &a.bucket).cmp(&(
                b.origin,
                &b.policy.meta.id,
                &b.root,
                &b.bucket,
            ))
        });
        all
    }

    fn bucket(&self, i: usize, b: &'a crate::scan::ScannedBucket) -> Bucket<'_> {
        Bucket {
            exposure: self.result.exposures.get(i).map(|e| self.exposure(e)),
            address: &b.address,
            root: &b.root,
            // A generated name (a Default placeholder, from `bucket_prefix` or nothing) is as
            // unknown as an unresolved one.
            name: match &b.name {
                Value::Set(n, _) if !n.is_empty() => Some(n.as_str()),
                _ => None,
            },
            external: b.external,
            location: self.locator.at(b.origin),
        }
    }

    fn exposure(&self, e: &crate::exposure::Exposure) -> Exposure<'_> {
        Exposure {
            verdict: e.verdict.as_str(),
            reasons: e
                .reasons
                .iter()
                .map(|r| Reason {
                    message: crate::exposure::describe(r),
                    access: r.level.map(crate::exposure::Level::as_str),
                    effect: r.effect.as_str(),
                    location: self.locator.at(r.origin),
                })
                .collect(),
        }
    }

    fn finding(
        &self,
        f: &'a crate::finding::Finding,
        suppressed: Option<&'a crate::suppress::Suppressed>,
    ) -> Finding<'_> {
        let m = &f.policy.meta;
        // Every policy a finding names is described.
        let text =
            |t: fn(&PolicyText) -> &RawValue| self.policy_texts.get(m.id.as_str()).map_or(RawValue::NULL, t);
        Finding {
            policy_id: &m.id,
            slug: &m.slug,
            title: text(|p| &p.title),
            severity: m.severity.as_str(),
            bucket: &f.bucket,
            root: &f.root,
            message: f.message(),
            location: self.locator.at(f.origin),
            related: RelatedList(&f.related, &self.locator),
            fingerprint: f.fingerprint(),
            remediation: text(|p| &p.remediation),
            level_override: f.level_override(),
            neutralized_by: f.neutralized_by.as_ref().map(|n| NeutralizedBy {
                kind: n.kind(),
                reason: n.reason(),
            }),
            suppressed: suppressed.map(|s| SuppressedBy {
                reason: &s.reason,
                expires: s.expires.map(|d| d.to_string()),
                location: &s.location,
            }),
        }
    }

    fn undecided(&self, u: &'a crate::finding::Undecided) -> Undecided<'_> {
        Undecided {
            policy_id: &u.policy.meta.id,
            slug: &u.policy.meta.slug,
            bucket: &u.bucket,
            root: &u.root,
            reason: &u.reason,
            location: self.locator.at(u.origin),
        }
    }

    /// Resources that link to no bucket, by place.
    fn unlinked(&self) -> Vec<Unlinked<'a>> {
        let src = &self.result.sources;
        let mut unlinked: Vec<Unlinked> = self
            .result
            .unlinked
            .iter()
            .map(|u| Unlinked {
                address: &u.address,
                resource_type: &u.resource_type,
                reason: &u.reason,
                location: Location::of(src, u.origin),
            })
            .collect();
        unlinked.sort_by(|a, b| {
            (&a.location.file, a.location.line, a.location.column, a.address).cmp(&(
                &b.location.file,
                b.location.line,
                b.location.column,
                b.address,
            ))
        });
        unlinked
    }

    /// Everything after the long arrays: unlinked resources, errors, notes, warnings, summary.
    fn tail(&self, buckets: usize) -> Tail<'a> {
        let result = self.result;
        let error = |e: &'a crate::input::InputError| Error {
            file: &e.path,
            line: e.line,
            column: e.column,
            message: &e.message,
        };
        let unlinked = self.unlinked();
        let [critical, high, medium, low] = super::severity_counts(result).map(|(_, n)| n);
        Tail {
            summary: Summary {
                inputs: result.inputs.len(),
                buckets,
                findings: Counts {
                    total: result.findings.len(),
                    critical,
                    high,
                    medium,
                    low,
                },
                undecided: result.undecided.len(),
                unlinked: unlinked.len(),
                errors: result.errors.len(),
                suppressed: result.suppressed.len(),
                baselined: result.baselined.len(),
                outside_diff: result.outside_diff,
                warnings: result.warnings.len(),
                exposure: crate::exposure::summary(&result.exposures)
                    .into_iter()
                    .map(|(v, n)| (v.as_str(), n))
                    .collect(),
            },
            unlinked,
            errors: result.errors.iter().map(error).collect(),
            notes: result.notes.iter().map(error).collect(),
            warnings: result.warnings.iter().map(error).collect(),
        }
    }
}

#[cfg(test)]
mod split_tests {
    use super::super::stream::{CHUNK, WINDOW};
    use super::*;

    #[derive(Serialize, Clone)]
    struct Item {
        text: String,
        list: Vec<u32>,
        nested: Option<std::collections::BTreeMap<String, Vec<String>>>,
    }

    #[derive(Serialize)]
    struct Whole<'a> {
        first: u32,
        items: &'a [Item],
        others: &'a [Item],
        last: Vec<&'a str>,
    }

    #[derive(Serialize)]
    struct First {
        first: u32,
    }

    #[derive(Serialize)]
    struct Last<'a> {
        last: Vec<&'a str>,
    }

    fn item(i: usize) -> Item {
        Item {
            text: format!("line {i}\nwith \"quotes\" and é"),
            list: (0..(i % 3) as u32).collect(),
            nested: i
                .is_multiple_of(2)
                .then(|| [("k".to_string(), vec![format!("{i}")])].into()),
        }
    }

    /// Written in parts, in parallel batches, the report is what serde_json writes in one go:
    /// with empty arrays and with more items than a batch and a window.
    #[test]
    fn split_object_is_byte_identical_to_one_serialization() {
        for n in [0, 1, CHUNK + 1, WINDOW * 2 + 3] {
            let items: Vec<Item> = (0..n).map(item).collect();
            let last = vec!["a", "b"];
            let want = serde_json::to_vec_pretty(&Whole {
                first: 1,
                items: &items,
                others: &[],
                last: last.clone(),
            })
            .unwrap();
            let mut got = Vec::new();
            write_split(&mut got, &First { first: 1 }, &Last { last }, |out| {
                write_array(out, "items", &items, Item::clone)?;
                write_array(out, "others", &[] as &[Item], Item::clone)
            })
            .unwrap();
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap(),
                "{n} items"
            );
        }
    }
}
