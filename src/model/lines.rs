//! Where the lines of a scanned file start, held for the whole scan (reports turn offsets into
//! lines long after the text is gone) and so kept small.

/// Lines start after each `\n`. Most lines of Terraform are short: a byte holds each one's
/// length and every 16th start is kept whole, under a third of the memory of a start per line
/// (on the medium benchmark, 0.57 MB for 3.4 MB of input). A file with a line longer than 255 bytes
/// (a plan is one line) keeps every start whole.
#[derive(Debug)]
pub enum LineStarts {
    Whole(Vec<u32>),
    Short {
        /// The start of lines 0, 16, 32...
        every_nth: Vec<u32>,
        /// The length of each line but the last, its `\n` included.
        lens: Vec<u8>,
    },
}

const STRIDE: usize = 16;

impl LineStarts {
    pub fn of(text: &[u8]) -> Self {
        // Counted first, so no index is a regrown vector.
        let breaks = memchr::memchr_iter(b'\n', text).count();
        let mut every_nth = Vec::with_capacity(breaks / STRIDE + 1);
        let mut lens = Vec::with_capacity(breaks);
        every_nth.push(0);
        let mut start = 0;
        for (i, at) in memchr::memchr_iter(b'\n', text).enumerate() {
            let next = at as u32 + 1;
            let Ok(len) = u8::try_from(next - start) else {
                let mut starts = Vec::with_capacity(breaks + 1);
                starts.push(0);
                starts.extend(memchr::memchr_iter(b'\n', text).map(|at| at as u32 + 1));
                return LineStarts::Whole(starts);
            };
            lens.push(len);
            if (i + 1) % STRIDE == 0 {
                every_nth.push(next);
            }
            start = next;
        }
        LineStarts::Short { every_nth, lens }
    }

    /// The number of lines.
    pub fn len(&self) -> usize {
        match self {
            LineStarts::Whole(s) => s.len(),
            LineStarts::Short { lens, .. } => lens.len() + 1,
        }
    }

    /// Where 0-based line `i` starts, if the text has it.
    pub fn start(&self, i: usize) -> Option<u32> {
        match self {
            LineStarts::Whole(s) => s.get(i).copied(),
            LineStarts::Short { every_nth, lens } => {
                let from = i / STRIDE * STRIDE;
                let base = *every_nth.get(i / STRIDE)?;
                let within = lens.get(from..i)?;
                Some(base + within.iter().map(|&l| u32::from(l)).sum::<u32>())
            }
        }
    }

    /// The 0-based line holding `offset`, and where it starts.
    pub fn line_of(&self, offset: u32) -> (usize, u32) {
        match self {
            LineStarts::Whole(s) => {
                let i = s.partition_point(|&start| start <= offset) - 1;
                (i, s[i])
            }
            LineStarts::Short { every_nth, lens } => {
                let k = every_nth.partition_point(|&start| start <= offset) - 1;
                let (mut i, mut start) = (k * STRIDE, every_nth[k]);
                while let Some(&len) = lens.get(i)
                    && start + u32::from(len) <= offset
                {
                    start += u32::from(len);
                    i += 1;
                }
                (i, start)
            }
        }
    }

    pub fn is_start(&self, offset: u32) -> bool {
        self.line_of(offset).1 == offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every answer is what a plain list of starts gives, for short, long, empty and
    /// unterminated lines around each multiple of the stride.
    #[test]
    fn compact_starts_answer_as_a_plain_list() {
        let mut texts = vec![String::new(), "\n".into(), "x".into(), "a\n\nb".into()];
        let short: String = (0..100).map(|i| format!("{}\n", "s".repeat(i % 40))).collect();
        texts.push(short.clone());
        texts.push(short.trim_end().to_string());
        texts.push(format!("{short}{}\nend", "l".repeat(300)));
        for text in texts {
            let plain: Vec<u32> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i as u32 + 1))
                .collect();
            let lines = LineStarts::of(text.as_bytes());
            let long = plain.windows(2).any(|w| w[1] - w[0] > 255);
            assert_eq!(matches!(lines, LineStarts::Whole(_)), long, "{text:?}");
            assert_eq!(lines.len(), plain.len());
            for (i, &s) in plain.iter().enumerate() {
                assert_eq!(lines.start(i), Some(s));
            }
            assert_eq!(lines.start(plain.len()), None);
            for offset in 0..=text.len() as u32 {
                let i = plain.partition_point(|&s| s <= offset) - 1;
                assert_eq!(lines.line_of(offset), (i, plain[i]), "{offset} in {text:?}");
                assert_eq!(lines.is_start(offset), plain.contains(&offset));
            }
        }
    }
}
