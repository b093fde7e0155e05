use core::fmt;
use core::ops::{Index, Range};

/// A byte range `start..end` into the text that was analysed.
///
/// Spans always start and end on `char` boundaries of the analysed text, so slicing the text with
/// a span never panics. Slice with `&text[span]` (a `str` can be indexed by a `Span`) or
/// [`Span::range`].
///
/// ```
/// use scidip::Span;
///
/// let text = "Pakistan’s Ministry";
/// let span = Span::new(0, 8);
/// assert_eq!(&text[span], "Pakistan");
/// assert_eq!(span.len(), 8);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    ///
    /// # Panics
    ///
    /// Panics when `start > end`.
    ///
    /// ```
    /// let span = scidip::Span::new(3, 7);
    /// assert_eq!(span.range(), 3..7);
    /// ```
    #[must_use]
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "invalid span {start}..{end}");
        Span { start, end }
    }

    /// The length of the span in bytes.
    ///
    /// ```
    /// assert_eq!(scidip::Span::new(2, 5).len(), 3);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span is empty.
    ///
    /// ```
    /// assert!(scidip::Span::new(4, 4).is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span as a `Range<usize>`.
    ///
    /// ```
    /// assert_eq!(scidip::Span::new(1, 2).range(), 1..2);
    /// ```
    #[must_use]
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Whether this span and `other` share at least one byte.
    ///
    /// ```
    /// use scidip::Span;
    /// assert!(Span::new(0, 5).overlaps(Span::new(4, 9)));
    /// assert!(!Span::new(0, 5).overlaps(Span::new(5, 9)));
    /// ```
    #[must_use]
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether `other` lies entirely inside this span.
    ///
    /// ```
    /// use scidip::Span;
    /// assert!(Span::new(0, 9).contains(Span::new(2, 4)));
    /// assert!(!Span::new(0, 3).contains(Span::new(2, 4)));
    /// ```
    #[must_use]
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(range: Range<usize>) -> Span {
        Span::new(range.start, range.end)
    }
}

impl From<Span> for Range<usize> {
    fn from(span: Span) -> Range<usize> {
        span.range()
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl Index<Span> for str {
    type Output = str;

    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}
