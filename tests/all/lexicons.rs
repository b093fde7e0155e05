//! The built-in lexicons load, validate, and are complete.

use std::collections::{BTreeMap, BTreeSet};

use scidip::{Category, CountryStatus, EntryData, Lexicon, Mode};

use super::analyzer;

/// ISO 3166 alpha-3 codes of the 193 member states of the United Nations.
const UN_MEMBERS: &str = "AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ \
    BEN BTN BOL BIH BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV \
    HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB \
    GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR \
    KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS \
    MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG \
    PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP \
    SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV \
    UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE";

/// Number of targets of each goal, 1 to 17 (169 in all).
const TARGETS_PER_GOAL: [usize; 17] = [7, 8, 13, 10, 9, 8, 5, 12, 8, 10, 10, 11, 5, 10, 12, 12, 19];

#[test]
fn builtin_lexicons_load_and_validate() {
    let lexicons = Lexicon::builtin().expect("every built-in lexicon is valid");
    let names: BTreeSet<&str> = lexicons.iter().map(|l| l.info().name.as_str()).collect();
    for expected in ["modes", "sdgs", "organisations", "countries"] {
        assert!(
            names.contains(expected),
            "missing built-in lexicon {expected}"
        );
    }
    for l in lexicons {
        let info = l.info();
        assert_eq!(info.language, "en");
        assert!(!info.provenance.trim().is_empty());
        assert!(!info.licence.trim().is_empty());
    }
}

#[test]
fn data_files_start_with_a_provenance_comment() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/lexicons");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "toml") {
            let src = std::fs::read_to_string(&path).unwrap();
            assert!(
                src.starts_with('#'),
                "{} lacks a provenance comment",
                path.display()
            );
            assert!(
                src.lines()
                    .take(30)
                    .any(|l| l.to_lowercase().contains("provenance")),
                "{} does not state its provenance at the top",
                path.display()
            );
            assert!(
                Lexicon::validate_toml_str(&src, &path.display().to_string()).is_empty(),
                "{} is invalid",
                path.display()
            );
        }
    }
}

#[test]
fn all_17_goals_and_169_targets() {
    let a = analyzer();
    let mut targets = 0;
    for goal in 1..=17u8 {
        let id = a
            .find_entry(Category::SDG, &format!("sdg{goal}"))
            .unwrap_or_else(|| panic!("no entry sdg{goal}"));
        let entry = a.entry(id);
        let EntryData::Sdg(g) = &entry.data else {
            panic!("sdg{goal} has no goal data")
        };
        assert_eq!(g.goal, goal);
        assert_eq!(
            g.targets.len(),
            TARGETS_PER_GOAL[usize::from(goal) - 1],
            "targets of goal {goal}"
        );
        targets += g.targets.len();
        assert!(
            entry.terms.len() >= 40,
            "goal {goal} has {} terms",
            entry.terms.len()
        );
        let tagged: BTreeSet<_> = entry.terms.iter().filter_map(|t| t.target).collect();
        assert!(
            tagged.len() * 2 >= g.targets.len(),
            "goal {goal}: only {} of {} targets have specific terms",
            tagged.len(),
            g.targets.len()
        );
    }
    assert_eq!(targets, 169);
}

#[test]
fn organisations_have_type_and_country() {
    let a = analyzer();
    let orgs: Vec<_> = a
        .entries()
        .iter()
        .filter(|e| e.category == "organisation")
        .collect();
    assert!(orgs.len() >= 500, "{} organisations", orgs.len());
    for e in &orgs {
        let EntryData::Organisation(o) = &e.data else {
            panic!("{} has no organisation data", e.id)
        };
        assert!(o.country.is_some() || o.generic, "{} has no country", e.id);
        assert!(!e.terms.is_empty(), "{} has no terms", e.id);
    }
    for id in [
        "cern", "iter", "ictp", "sesame", "icesco", "comstech", "oic", "eco", "ecosf", "comsats",
        "twas", "isc", "iap", "ingsa", "iiasa", "ipcc", "ipbes", "unesco", "who", "iaea", "esa",
        "eso", "jinr", "embl", "esrf", "ill", "saarc", "asean", "eu", "au", "gcc", "sco", "brics",
    ] {
        assert!(
            a.find_entry(Category::ORGANISATION, id).is_some(),
            "missing organisation {id}"
        );
    }
}

#[test]
fn every_un_member_and_observer() {
    let a = analyzer();
    let members: Vec<&str> = UN_MEMBERS.split_whitespace().collect();
    assert_eq!(members.len(), 193);
    for code in &members {
        let id = a
            .find_entry(Category::COUNTRY, code)
            .unwrap_or_else(|| panic!("missing UN member {code}"));
        let EntryData::Country(c) = &a.entry(id).data else {
            panic!("{code}")
        };
        assert_eq!(c.status, CountryStatus::UnMember, "{code}");
        assert!(c.iso2.is_some(), "{code} lacks iso2");
    }
    for code in ["VAT", "PSE"] {
        let id = a
            .find_entry(Category::COUNTRY, code)
            .expect("observer state");
        let EntryData::Country(c) = &a.entry(id).data else {
            panic!("{code}")
        };
        assert_eq!(c.status, CountryStatus::UnObserver, "{code}");
    }
    let un_members = a
        .entries()
        .iter()
        .filter(|e| matches!(&e.data, EntryData::Country(c) if c.status == CountryStatus::UnMember))
        .count();
    assert_eq!(
        un_members, 193,
        "exactly the 193 members are marked un_member"
    );
}

#[test]
fn at_least_60_cue_terms_per_mode() {
    let a = analyzer();
    let mut per_mode: BTreeMap<Mode, usize> = BTreeMap::new();
    for e in a.entries() {
        if let EntryData::Mode(cue) = &e.data {
            for m in &cue.modes {
                *per_mode.entry(*m).or_default() += e.terms.len();
            }
        }
    }
    for m in Mode::ALL {
        let n = per_mode.get(&m).copied().unwrap_or(0);
        assert!(n >= 60, "{m}: {n} cue terms");
    }
}
