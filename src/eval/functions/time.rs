//! Date and time functions on RFC 3339 timestamps: timeadd, timecmp, formatdate. timestamp()
//! and plantimestamp() are the time Terraform runs: not known to a scan.

use super::{R, s};
use crate::model::Reason;
use crate::model::{Node, Val};

pub fn call(name: &str, a: &[Node]) -> Option<R> {
    let arg = |i: usize| {
        s(a.get(i)
            .ok_or(Reason::from(format!("{name}() needs {} argument(s)", i + 1)))?)
    };
    Some(match name {
        "timestamp" => Err(Reason::not_known(
            "timestamp() is the time of apply: not known before apply",
        )),
        "plantimestamp" => Err(Reason::not_known(
            "plantimestamp() is the time of the plan: not known to the scan",
        )),
        "timeadd" => arg(1).and_then(|d| {
            let t = Time::parse(&arg(0)?)?;
            let nanos = duration(&d)?;
            Ok(Val::Str(t.add(nanos).rfc3339().into()))
        }),
        "timecmp" => arg(1).and_then(|b| {
            let (x, y) = (Time::parse(&arg(0)?)?, Time::parse(&b)?);
            Ok(Val::Number(match x.instant().cmp(&y.instant()) {
                std::cmp::Ordering::Less => -1.0,
                std::cmp::Ordering::Equal => 0.0,
                std::cmp::Ordering::Greater => 1.0,
            }))
        }),
        "formatdate" => arg(1).and_then(|t| formatdate(&arg(0)?, &Time::parse(&t)?)),
        _ => return None,
    })
}

/// A point in time: seconds since 1970 in its own offset's wall clock, nanoseconds, and the
/// offset in seconds (None for `Z`).
#[derive(Clone, Copy)]
struct Time {
    local: i64,
    nanos: u32,
    offset: Option<i32>,
}

impl Time {
    fn parse(x: &str) -> Result<Time, Reason> {
        let bad = || format!("\"{x}\" is not an RFC 3339 timestamp");
        let b = x.as_bytes();
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't')
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(bad().into());
        }
        let n = |r: std::ops::Range<usize>| x.get(r).and_then(|p| p.parse::<i64>().ok()).ok_or_else(bad);
        let (y, mo, d, h, mi, sec) = (n(0..4)?, n(5..7)?, n(8..10)?, n(11..13)?, n(14..16)?, n(17..19)?);
        if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59 {
            return Err(bad().into());
        }
        let mut rest = &x[19..];
        let mut nanos = 0u32;
        if let Some(f) = rest.strip_prefix('.') {
            let digits = f.chars().take_while(char::is_ascii_digit).count();
            if digits == 0 {
                return Err(bad().into());
            }
            let frac = &f[..digits.min(9)];
            nanos = frac.parse::<u32>().map_err(|_| bad())? * 10u32.pow(9 - frac.len() as u32);
            rest = &f[digits..];
        }
        let offset = match rest {
            "Z" | "z" => None,
            o if o.len() == 6 && (o.starts_with('+') || o.starts_with('-')) && o.get(3..4) == Some(":") => {
                let part =
                    |r: std::ops::Range<usize>| o.get(r).and_then(|p| p.parse::<i32>().ok()).ok_or_else(bad);
                let secs = part(1..3)? * 3600 + part(4..6)? * 60;
                Some(if o.starts_with('-') { -secs } else { secs })
            }
            _ => return Err(bad().into()),
        };
        let local = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
        Ok(Time { local, nanos, offset })
    }

    /// Nanoseconds since 1970 UTC.
    fn instant(&self) -> i128 {
        let utc = self.local - i64::from(self.offset.unwrap_or(0));
        i128::from(utc) * 1_000_000_000 + i128::from(self.nanos)
    }

    fn add(&self, nanos: i128) -> Time {
        let total = i128::from(self.local) * 1_000_000_000 + i128::from(self.nanos) + nanos;
        Time {
            local: total.div_euclid(1_000_000_000) as i64,
            nanos: total.rem_euclid(1_000_000_000) as u32,
            offset: self.offset,
        }
    }

    /// (year, month, day, hour, minute, second, weekday with Sunday 0).
    fn fields(&self) -> (i64, i64, i64, i64, i64, i64, i64) {
        let days = self.local.div_euclid(86400);
        let secs = self.local.rem_euclid(86400);
        let (y, m, d) = civil_from_days(days);
        (
            y,
            m,
            d,
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
            (days + 4).rem_euclid(7),
        )
    }

    /// The offset as `+hh:mm` or `+hhmm` (UTC is `+00:00` / `+0000`).
    fn zone(&self, colon: bool) -> String {
        let o = self.offset.unwrap_or(0);
        let sign = if o < 0 { '-' } else { '+' };
        let (h, m) = (o.abs() / 3600, o.abs() / 60 % 60);
        if colon {
            format!("{sign}{h:02}:{m:02}")
        } else {
            format!("{sign}{h:02}{m:02}")
        }
    }

    /// Go's time.RFC3339 layout: whole seconds.
    fn rfc3339(&self) -> String {
        let (y, mo, d, h, mi, s, _) = self.fields();
        let zone = if self.offset.is_none() {
            "Z".into()
        } else {
            self.zone(true)
        };
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{zone}")
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// A Go duration (`1h30m`, `-10.5s`, `300ms`) in nanoseconds.
fn duration(x: &str) -> Result<i128, Reason> {
    let bad = || format!("\"{x}\" is not a duration");
    let (neg, mut rest) = match x.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, x.strip_prefix('+').unwrap_or(x)),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(bad().into());
    }
    let mut total = 0f64;
    while !rest.is_empty() {
        let n = rest
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .ok_or_else(bad)?;
        let v: f64 = rest[..n].parse().map_err(|_| bad())?;
        rest = &rest[n..];
        let u = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = match &rest[..u] {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return Err(bad().into()),
        };
        total += v * unit;
        rest = &rest[u..];
    }
    // Go's durations are an int64 of nanoseconds (about 292 years): past it, Terraform's
    // timeadd fails, and the sum would overflow the time.
    if total > i64::MAX as f64 {
        return Err(bad().into());
    }
    Ok(if neg { -(total as i128) } else { total as i128 })
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// `formatdate(spec, timestamp)`: the tokens of Terraform's documentation; text in single
/// quotes is literal (`''` is a quote); other letters are an error.
fn formatdate(spec: &str, t: &Time) -> R {
    let (y, mo, d, h, mi, s, wd) = t.fields();
    let mut out = String::new();
    let c: Vec<char> = spec.chars().collect();
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch == '\'' {
            let end = c[i + 1..]
                .iter()
                .position(|&x| x == '\'')
                .ok_or("formatdate(): unterminated quote")?;
            if end == 0 {
                out.push('\'');
            } else {
                out.extend(&c[i + 1..i + 1 + end]);
            }
            i += end + 2;
            continue;
        }
        if !ch.is_ascii_alphabetic() {
            out.push(ch);
            i += 1;
            continue;
        }
        let run = c[i..].iter().take_while(|&&x| x == ch).count();
        let h12 = if h % 12 == 0 { 12 } else { h % 12 };
        let tok = match (ch, run) {
            ('Y', 4) => format!("{y:04}"),
            ('Y', 2) => format!("{:02}", y % 100),
            ('M', 4) => MONTHS[mo as usize - 1].to_string(),
            ('M', 3) => MONTHS[mo as usize - 1][..3].to_string(),
            ('M', 2) => format!("{mo:02}"),
            ('M', 1) => mo.to_string(),
            ('D', 2) => format!("{d:02}"),
            ('D', 1) => d.to_string(),
            ('E', 4) => DAYS[wd as usize].to_string(),
            ('E', 3) => DAYS[wd as usize][..3].to_string(),
            ('h', 2) => format!("{h:02}"),
            ('h', 1) => h.to_string(),
            ('H', 2) => format!("{h12:02}"),
            ('H', 1) => h12.to_string(),
            ('A', 2) => (if h < 12 { "AM" } else { "PM" }).to_string(),
            ('a', 2) => (if h < 12 { "am" } else { "pm" }).to_string(),
            ('m', 2) => format!("{mi:02}"),
            ('m', 1) => mi.to_string(),
            ('s', 2) => format!("{s:02}"),
            ('s', 1) => s.to_string(),
            ('Z', 5) => t.zone(true),
            ('Z', 4) => t.zone(false),
            ('Z', 3) => match t.offset {
                None => "UTC".into(),
                Some(_) => t.zone(false),
            },
            ('Z', 1) => match t.offset {
                None => "Z".into(),
                Some(_) => t.zone(true),
            },
            _ => {
                return Err(format!(
                    "formatdate(): invalid format token \"{}\"",
                    ch.to_string().repeat(run)
                )
                .into());
            }
        };
        out.push_str(&tok);
        i += run;
    }
    Ok(Val::Str(out.into()))
}
