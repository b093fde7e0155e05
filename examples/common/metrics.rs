//! Accuracy, precision, recall and F1 of labelled decisions: the computation behind the
//! `evaluate` example and the accuracy floors of the test suite.

use std::collections::BTreeSet;

use scidip::{Analysis, Category};
use serde_json::Value;

/// Confusion counts of one binary label.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    /// True positives.
    pub tp: u32,
    /// False positives.
    pub fp: u32,
    /// False negatives.
    pub fn_: u32,
    /// True negatives.
    pub tn: u32,
}

impl Counts {
    /// Counts one decision against the truth.
    pub fn add(&mut self, predicted: bool, truth: bool) {
        match (predicted, truth) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }

    /// Adds another label's counts (micro-averaging).
    pub fn merge(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
        self.tn += other.tn;
    }

    fn ratio(a: u32, b: u32) -> f64 {
        if b == 0 {
            0.0
        } else {
            f64::from(a) / f64::from(b)
        }
    }

    /// Right decisions over all decisions (0 when there are none).
    pub fn accuracy(&self) -> f64 {
        Counts::ratio(self.tp + self.tn, self.tp + self.tn + self.fp + self.fn_)
    }

    /// TP / (TP + FP), 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        Counts::ratio(self.tp, self.tp + self.fp)
    }

    /// TP / (TP + FN), 0 when nothing was true.
    pub fn recall(&self) -> f64 {
        Counts::ratio(self.tp, self.tp + self.fn_)
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// One row of the table `evaluate` prints.
    pub fn row(&self, name: &str) -> String {
        format!(
            "{name:<26} {:>4} {:>4} {:>4} {:>4}   {:>6.1}% {:>6.3} {:>6.3} {:>6.3}",
            self.tp,
            self.fp,
            self.fn_,
            self.tn,
            100.0 * self.accuracy(),
            self.precision(),
            self.recall(),
            self.f1()
        )
    }
}

/// The ids of the entries of `category` that an analysis mentions.
pub fn ids(a: &Analysis, category: Category) -> BTreeSet<String> {
    a.counts(category)
        .iter()
        .map(|c| a.entry_by_id(c.entry).id.clone())
        .collect()
}

/// Counts of a predicted set against a true set (no true negatives).
pub fn set_counts(predicted: &BTreeSet<String>, truth: &BTreeSet<String>) -> Counts {
    Counts {
        tp: predicted.intersection(truth).count() as u32,
        fp: predicted.difference(truth).count() as u32,
        fn_: truth.difference(predicted).count() as u32,
        tn: 0,
    }
}

/// The strings (and numbers, as strings) of a JSON array; empty for anything else.
pub fn strings(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| {
            x.as_str()
                .map(str::to_string)
                .or_else(|| x.as_u64().map(|n| n.to_string()))
        })
        .collect()
}
