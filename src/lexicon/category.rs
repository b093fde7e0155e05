use core::fmt;

/// The category of an entry, as a small copyable id.
///
/// The four built-in categories have constants; user categories get ids when an analyzer is
/// built, and [`Analyzer::category`](crate::Analyzer::category) and
/// [`Analyzer::category_name`](crate::Analyzer::category_name) translate between ids and names.
///
/// ```
/// use scidip::Category;
///
/// assert_eq!(Category::COUNTRY.builtin_name(), Some("country"));
/// assert_eq!(Category::from_builtin_name("sdg"), Some(Category::SDG));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Category(pub(crate) u16);

const BUILTIN: [&str; 4] = ["mode", "sdg", "organisation", "country"];

impl Category {
    /// Cues of the modes of science diplomacy.
    pub const MODE: Category = Category(0);
    /// Sustainable Development Goals.
    pub const SDG: Category = Category(1);
    /// Organisations.
    pub const ORGANISATION: Category = Category(2);
    /// Countries and territories.
    pub const COUNTRY: Category = Category(3);

    /// The name of a built-in category; `None` for user categories.
    ///
    /// ```
    /// assert_eq!(scidip::Category::MODE.builtin_name(), Some("mode"));
    /// ```
    #[must_use]
    pub fn builtin_name(self) -> Option<&'static str> {
        BUILTIN.get(usize::from(self.0)).copied()
    }

    /// The built-in category with this name.
    ///
    /// ```
    /// assert_eq!(scidip::Category::from_builtin_name("topic"), None);
    /// ```
    #[must_use]
    pub fn from_builtin_name(name: &str) -> Option<Category> {
        BUILTIN
            .iter()
            .position(|n| *n == name)
            .map(|i| Category(i as u16))
    }

    /// The id as an index (built-ins are 0 to 3, user categories follow).
    ///
    /// ```
    /// assert_eq!(scidip::Category::COUNTRY.index(), 3);
    /// ```
    #[must_use]
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    pub(crate) fn builtin_names() -> &'static [&'static str] {
        &BUILTIN
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.builtin_name() {
            Some(n) => f.write_str(n),
            None => write!(f, "category#{}", self.0),
        }
    }
}
