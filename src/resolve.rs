//! Resolving the country of generic organisation mentions.
//!
//! Ministries are named alike in every country, so the organisation lexicon has *generic*
//! entries ("Ministry of Foreign Affairs", "Foreign Office", "Ministry of Science") with no
//! country. The text usually says whose ministry it is, in the same noun phrase:
//!
//! - a country name, demonym or possessive right before it: "Pakistan's Ministry of Foreign
//!   Affairs", "the Iranian Ministry of Science", "Moroccan Ministry of Higher Education";
//! - "of" (or "of the") and a country right after it: "the Ministry of Foreign Affairs of
//!   Pakistan", "Ministry of Science, Research and Technology of the Islamic Republic of Iran".
//!
//! This pass runs over the finished mention list and sets [`Mention::country`] on such generic
//! mentions. It reads word positions to test adjacency and looks only at the few bytes between
//! two neighbouring mentions, never rescanning the text. It stays silent rather than guess:
//!
//! - the country must be in the same sentence and touch the organisation (only whitespace, or a
//!   possessive, before it; only "of" or "of the" after it);
//! - a plural ("the Ministries of Health of Iran and Pakistan") or coordinated countries
//!   ("the Iranian and Pakistani Ministry", "the Ministry of Science of Iran and Pakistan")
//!   name several ministries at once, so none is chosen;
//! - only generic entries of national kinds are resolved (ministries, agencies, councils,
//!   academies, universities, institutes, scholarship programmes): a forum without a seat
//!   ("Canada's G7 presidency") is never given a country.

use crate::analysis::Mention;
use crate::lexicon::{Category, EntryData, EntryId, LexiconSet, OrganisationType};

/// Sets [`Mention::country`] on every generic national organisation mention whose country the
/// text states next to it. `mentions` must be sorted by start, as the matcher returns them.
pub(crate) fn resolve_countries(text: &str, set: &LexiconSet, mentions: &mut [Mention]) {
    let countries: Vec<Mention> = mentions
        .iter()
        .filter(|m| m.category == Category::COUNTRY)
        .copied()
        .collect();
    if countries.is_empty() {
        return;
    }
    for m in mentions.iter_mut() {
        if m.category != Category::ORGANISATION || !resolvable(set, m.entry) {
            continue;
        }
        if is_plural(text, m) {
            continue;
        }
        m.country = before(text, &countries, m).or_else(|| after(text, &countries, m));
    }
}

/// Whether the entry is a generic organisation of a kind that belongs to one country.
fn resolvable(set: &LexiconSet, id: EntryId) -> bool {
    let EntryData::Organisation(org) = &set.entry(id).data else {
        return false;
    };
    org.generic
        && matches!(
            org.kind,
            OrganisationType::Ministry
                | OrganisationType::GovernmentAgency
                | OrganisationType::ResearchCouncil
                | OrganisationType::Academy
                | OrganisationType::University
                | OrganisationType::ResearchInstitute
                | OrganisationType::ScholarshipProgramme
        )
}

/// Plural head words of generic national bodies.
const PLURALS: [&str; 5] = [
    "ministries",
    "offices",
    "departments",
    "agencies",
    "councils",
];

/// Whether the mention names several bodies at once ("Ministries of Health", "foreign
/// ministries", "Foreign Offices").
fn is_plural(text: &str, m: &Mention) -> bool {
    text.get(m.span.start..m.span.end).is_some_and(|s| {
        s.split(|c: char| !c.is_alphanumeric())
            .any(|w| PLURALS.iter().any(|p| w.eq_ignore_ascii_case(p)))
    })
}

/// The country right before the mention: "Pakistan's Ministry", "the Iranian Ministry".
fn before(text: &str, countries: &[Mention], m: &Mention) -> Option<EntryId> {
    // The last country mention that ends at or before the organisation starts.
    let end = countries.partition_point(|c| c.span.start < m.span.start);
    let c = countries[..end]
        .iter()
        .rev()
        .take_while(|c| c.sentence == m.sentence)
        .find(|c| c.span.end <= m.span.start)?;
    if c.word_end != m.word_start || !possessive_gap(text.get(c.span.end..m.span.start)?) {
        return None;
    }
    // "the Iranian and Pakistani Ministry", "Iran's and Pakistan's Ministry": several. Only
    // the few country mentions just before `c` can be joined to it.
    let coordinated = countries[..end]
        .iter()
        .rev()
        .take_while(|d| d.sentence == c.sentence)
        .take(8)
        .any(|d| {
            d.span.end <= c.span.start
                && (d.word_end == c.word_start || d.word_end.saturating_add(1) == c.word_start)
                && text
                    .get(d.span.end..c.span.start)
                    .is_some_and(coordination_gap)
        });
    (!coordinated).then_some(c.entry)
}

/// The country right after the mention: "Ministry of Foreign Affairs of (the) Pakistan".
fn after(text: &str, countries: &[Mention], m: &Mention) -> Option<EntryId> {
    let start = countries.partition_point(|c| c.span.start < m.span.end);
    let c = countries.get(start)?;
    if c.sentence != m.sentence {
        return None;
    }
    let between = c.word_start.checked_sub(m.word_end)?;
    let gap = normalized(text.get(m.span.end..c.span.start)?);
    let ok = match between {
        1 => gap == "of",
        2 => gap == "of the",
        _ => false,
    };
    if !ok {
        return None;
    }
    // "the Ministry of Science of Iran and Pakistan": several.
    let coordinated = countries[start + 1..].iter().take(2).any(|d| {
        d.sentence == c.sentence
            && d.span.start >= c.span.end
            && d.word_start <= c.word_end.saturating_add(2)
            && text
                .get(c.span.end..d.span.start)
                .is_some_and(coordination_gap)
    });
    (!coordinated).then_some(c.entry)
}

/// Whitespace, optionally after a possessive (`'s`, `’s`, a bare apostrophe).
fn possessive_gap(gap: &str) -> bool {
    let rest = gap
        .strip_prefix(['\'', '’', 'ʼ'])
        .map_or(gap, |r| r.strip_prefix(['s', 'S']).unwrap_or(r));
    !rest.is_empty() && rest.chars().all(char::is_whitespace)
}

/// "and", "or", a comma, "&", or a comma and "and", between two countries.
fn coordination_gap(gap: &str) -> bool {
    // A possessive may end the first country: "Iran's and Pakistan's".
    let gap = gap
        .strip_prefix(['\'', '’', 'ʼ'])
        .map_or(gap, |r| r.strip_prefix(['s', 'S']).unwrap_or(r));
    matches!(
        normalized(gap).as_str(),
        "and" | "or" | "," | "&" | ", and" | ", or" | "and the" | ", the"
    )
}

/// Lower-cased, with runs of whitespace as one space and no space before a comma.
fn normalized(gap: &str) -> String {
    let mut out = String::with_capacity(gap.len());
    for word in gap.split_whitespace() {
        if !out.is_empty() && !word.starts_with(',') {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{coordination_gap, normalized, possessive_gap};

    #[test]
    fn gaps() {
        assert!(possessive_gap("’s "));
        assert!(possessive_gap("' "));
        assert!(possessive_gap(" "));
        assert!(possessive_gap("\n"));
        assert!(!possessive_gap(""));
        assert!(!possessive_gap(", "));
        assert!(!possessive_gap(" - "));
        assert!(coordination_gap(" and "));
        assert!(coordination_gap("’s and "));
        assert!(coordination_gap(", "));
        assert!(!coordination_gap(". "));
        assert_eq!(normalized("  Of\n the "), "of the");
    }
}
