//! The YAML timestamps go-cty-yaml reads (Go's time.Parse with `2006-1-2T15:4:5.999999999Z07:00`,
//! the same with `t`, `2006-1-2 15:4:5.999999999` in UTC, `2006-1-2`), written back as RFC 3339
//! (whole seconds, `Z` for UTC).

/// A cursor over the text, with Go's number readers.
struct Cur<'a>(&'a [u8]);

impl Cur<'_> {
    /// One or two digits (`getnum` without `fixed`), or exactly `n` with `fixed`.
    fn num(&mut self, fixed: Option<usize>) -> Option<u32> {
        let d = |i: usize| {
            self.0
                .get(i)
                .filter(|c| c.is_ascii_digit())
                .map(|c| u32::from(c - b'0'))
        };
        let (v, n) = match fixed {
            Some(n) => ((0..n).try_fold(0, |acc, i| Some(acc * 10 + d(i)?))?, n),
            None => match (d(0)?, d(1)) {
                (a, Some(b)) => (a * 10 + b, 2),
                (a, None) => (a, 1),
            },
        };
        self.0 = &self.0[n..];
        Some(v)
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        let (&first, rest) = self.0.split_first()?;
        (first == c).then(|| self.0 = rest)
    }
}

pub fn parse(s: &str) -> Option<String> {
    let mut c = Cur(s.as_bytes());
    let year = c.num(Some(4))?;
    c.eat(b'-')?;
    let month = c.num(None)?;
    c.eat(b'-')?;
    let day = c.num(None)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in(month, year) {
        return None;
    }
    let date = format!("{year:04}-{month:02}-{day:02}");
    let zoned = match c.0.first() {
        None => return Some(format!("{date}T00:00:00Z")),
        Some(b'T' | b't') => true,
        Some(b' ') => false,
        _ => return None,
    };
    c.0 = &c.0[1..];
    let hour = c.num(None)?;
    c.eat(b':')?;
    let min = c.num(None)?;
    c.eat(b':')?;
    let sec = c.num(None)?;
    if hour > 23 || min > 59 || sec > 59 {
        return None;
    }
    // Fractional seconds: any number of digits, dropped by RFC 3339.
    if matches!(c.0, [b'.' | b',', d, ..] if d.is_ascii_digit()) {
        let n = c.0[1..].iter().take_while(|d| d.is_ascii_digit()).count();
        c.0 = &c.0[1 + n..];
    }
    let zone = if zoned { zone(&mut c)? } else { "Z".to_string() };
    c.0.is_empty()
        .then(|| format!("{date}T{hour:02}:{min:02}:{sec:02}{zone}"))
}

/// `Z` or `±hh:mm`, as RFC 3339 writes it back.
fn zone(c: &mut Cur) -> Option<String> {
    if c.eat(b'Z').is_some() {
        return Some("Z".into());
    }
    let sign = match c.0.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    c.0 = &c.0[1..];
    let h = c.num(Some(2))?;
    c.eat(b':')?;
    let m = c.num(Some(2))?;
    if h > 24 || m > 60 {
        return None;
    }
    let minutes = h * 60 + m;
    Some(if minutes == 0 {
        "Z".into()
    } else {
        format!(
            "{}{:02}:{:02}",
            if sign < 0 { '-' } else { '+' },
            minutes / 60,
            minutes % 60
        )
    })
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
