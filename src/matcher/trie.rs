//! The patterns as a trie over codes: grown in a hash map while compiling, then laid out
//! breadth-first in flat arrays for matching.
//!
//! In the frozen layout a node's children are consecutive nodes, in code order, so finding a
//! child reads the codes of its siblings (one cache line for most nodes) and the node itself
//! holds the range of its outputs. A walk step with a large lexicon (100,000 entries, a trie of
//! megabytes) then costs two memory accesses that may miss the cache, the child's code and the
//! child; the hash map took three (control bytes, bucket, node) and the pattern's output range
//! one more.

use rustc_hash::FxHashMap;

use super::{OTHER, SOFT};

/// No pattern ends at a node of a [`TrieBuilder`].
pub(super) const NO_PATTERN: u32 = u32::MAX;

/// Children up to this many are searched linearly, more by binary search.
const LINEAR_CHILDREN: usize = 8;

/// The trie while patterns are added.
pub(super) struct TrieBuilder {
    /// Child of the root for each symbol (0: none; node 0 is the root).
    root: Vec<u32>,
    /// `(node << 32) | code` → child, below the root (and `SOFT` at the root).
    children: FxHashMap<u64, u32>,
    /// For each node, the pattern that ends there (or [`NO_PATTERN`]).
    pub(super) patterns: Vec<u32>,
}

impl Default for TrieBuilder {
    fn default() -> TrieBuilder {
        TrieBuilder {
            root: Vec::new(),
            children: FxHashMap::default(),
            patterns: vec![NO_PATTERN],
        }
    }
}

impl TrieBuilder {
    /// Reserves room for about `nodes` more nodes.
    pub(super) fn reserve(&mut self, nodes: usize) {
        self.children.reserve(nodes);
        self.patterns.reserve(nodes);
    }

    /// The node at the end of `codes`, added if new.
    pub(super) fn insert(&mut self, codes: &[u32]) -> u32 {
        debug_assert!(!codes.contains(&OTHER), "no term has a word no term uses");
        let mut node = 0u32;
        for &code in codes {
            let slot = (node == 0 && code < SOFT).then_some(code as usize);
            let found = match slot {
                Some(slot) => self.root.get(slot).copied().filter(|&c| c != 0),
                None => self.children.get(&key(node, code)).copied(),
            };
            node = match found {
                Some(child) => child,
                None => {
                    let child = self.patterns.len() as u32;
                    self.patterns.push(NO_PATTERN);
                    match slot {
                        Some(slot) => {
                            if self.root.len() <= slot {
                                self.root.resize(slot + 1, 0);
                            }
                            self.root[slot] = child;
                        }
                        None => {
                            self.children.insert(key(node, code), child);
                        }
                    }
                    child
                }
            };
        }
        node
    }

    /// The trie laid out for matching; `outputs(pattern)` is the range of a pattern's outputs
    /// and whether they all accept any word with their stem.
    pub(super) fn freeze(self, outputs: impl Fn(u32) -> (u32, u32, bool)) -> Trie {
        let count = self.patterns.len();
        // Every edge as `(parent, code, child)`, grouped by parent (a counting sort) and in
        // code order within a group.
        let root_edges = self
            .root
            .iter()
            .enumerate()
            .filter(|&(_, &child)| child != 0)
            .map(|(code, &child)| (0u32, code as u32, child));
        let edges = root_edges.chain(
            self.children
                .iter()
                .map(|(&k, &child)| ((k >> 32) as u32, k as u32, child)),
        );
        let mut starts = vec![0u32; count + 1];
        for (parent, _, _) in edges.clone() {
            starts[parent as usize + 1] += 1;
        }
        for i in 0..count {
            starts[i + 1] += starts[i];
        }
        let mut fill = starts.clone();
        let mut grouped = vec![(0u32, 0u32); count.saturating_sub(1)];
        for (parent, code, child) in edges {
            let at = &mut fill[parent as usize];
            grouped[*at as usize] = (code, child);
            *at += 1;
        }
        for w in starts.windows(2) {
            grouped[w[0] as usize..w[1] as usize].sort_unstable_by_key(|&(code, _)| code);
        }
        // Breadth-first: the queue is the new order, so a node's children, queued together,
        // get consecutive numbers.
        let mut order = Vec::with_capacity(count);
        order.push(0u32);
        let mut nodes = Vec::with_capacity(count);
        let mut codes = Vec::with_capacity(count);
        codes.push(OTHER);
        let mut i = 0;
        while i < order.len() {
            let old = order[i] as usize;
            let kids = &grouped[starts[old] as usize..starts[old + 1] as usize];
            let (out_start, out_end, unconstrained) = match self.patterns[old] {
                NO_PATTERN => (0, 0, false),
                p => outputs(p),
            };
            nodes.push(Node {
                children: order.len() as u32,
                child_count: kids.len() as u32
                    | if unconstrained {
                        UNCONSTRAINED_OUTPUTS
                    } else {
                        0
                    },
                out_start,
                out_end,
            });
            for &(code, child) in kids {
                order.push(child);
                codes.push(code);
            }
            i += 1;
        }
        // The root's children are its first group, in code order: nodes 1, 2, ...
        let mut root = vec![0u32; self.root.len()];
        for (k, &code) in codes
            .iter()
            .enumerate()
            .skip(1)
            .take((nodes[0].child_count & !UNCONSTRAINED_OUTPUTS) as usize)
        {
            if let Some(slot) = root.get_mut(code as usize) {
                *slot = k as u32;
            }
        }
        Trie { root, nodes, codes }
    }
}

fn key(node: u32, code: u32) -> u64 {
    (u64::from(node) << 32) | u64::from(code)
}

/// In [`Node::child_count`]: every output of the node accepts any word with its stem (a node
/// has fewer children than there are symbols, `MAX_SYMBOLS`, and `SOFT`).
const UNCONSTRAINED_OUTPUTS: u32 = 1 << 31;

/// A node of the frozen trie.
#[derive(Clone, Copy, Debug)]
struct Node {
    /// The first child; children are consecutive nodes, in code order.
    children: u32,
    /// The number of children, with the flag [`UNCONSTRAINED_OUTPUTS`].
    child_count: u32,
    /// The outputs of the pattern that ends here: `outputs[out_start..out_end]` (empty: none).
    out_start: u32,
    out_end: u32,
}

/// The trie for matching, breadth-first in flat arrays.
pub(super) struct Trie {
    /// Child of the root for each symbol below `SOFT` (0: none).
    root: Vec<u32>,
    /// Node 0 is the root.
    nodes: Vec<Node>,
    /// The code on the edge into each node (`OTHER` for the root).
    codes: Vec<u32>,
}

impl Trie {
    /// Calls `f(end, outputs, unconstrained)` for every pattern that occurs at
    /// `codes[start..end]`, shortest first, with the range of its outputs and whether they all
    /// accept any word with their stem.
    #[inline]
    pub(super) fn matches_at(
        &self,
        codes: &[u32],
        start: usize,
        mut f: impl FnMut(usize, std::ops::Range<u32>, bool),
    ) {
        let Some(mut node) = self.first(codes[start]) else {
            return;
        };
        let mut end = start + 1;
        loop {
            let n = self.nodes[node as usize];
            if n.out_start != n.out_end {
                f(
                    end,
                    n.out_start..n.out_end,
                    n.child_count & UNCONSTRAINED_OUTPUTS != 0,
                );
            }
            if n.child_count & !UNCONSTRAINED_OUTPUTS == 0 {
                return;
            }
            match codes.get(end) {
                Some(&code) if code != OTHER => match self.child(n, code) {
                    Some(child) => {
                        node = child;
                        end += 1;
                    }
                    None => return,
                },
                _ => return,
            }
        }
    }

    /// The node reached from the root by `code`.
    #[inline]
    fn first(&self, code: u32) -> Option<u32> {
        match self.root.get(code as usize) {
            Some(&child) => (child != 0).then_some(child),
            // Only `SOFT` starts terms above the root table (no term has an `OTHER`).
            None if code == SOFT => self.child(self.nodes[0], code),
            None => None,
        }
    }

    /// The child of `node` by `code`.
    #[inline]
    fn child(&self, node: Node, code: u32) -> Option<u32> {
        let first = node.children as usize;
        let count = (node.child_count & !UNCONSTRAINED_OUTPUTS) as usize;
        let kids = self.codes.get(first..first + count)?;
        let i = if kids.len() <= LINEAR_CHILDREN {
            kids.iter().position(|&c| c == code)?
        } else {
            kids.binary_search(&code).ok()?
        };
        Some((first + i) as u32)
    }

    /// Number of nodes where a pattern ends.
    pub(super) fn pattern_count(&self) -> usize {
        self.nodes
            .iter()
            .filter(|n| n.out_start != n.out_end)
            .count()
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.root.capacity() * 4
            + self.nodes.capacity() * size_of::<Node>()
            + self.codes.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every occurrence of every pattern, found the slow way.
    fn brute_force(patterns: &[Vec<u32>], codes: &[u32]) -> Vec<(usize, usize, u32)> {
        let mut found = Vec::new();
        for start in 0..codes.len() {
            for (p, pattern) in patterns.iter().enumerate() {
                if codes[start..].starts_with(pattern) {
                    found.push((start, start + pattern.len(), p as u32));
                }
            }
        }
        found.sort_unstable();
        found
    }

    fn walk(trie: &Trie, codes: &[u32]) -> Vec<(usize, usize, u32)> {
        let mut found = Vec::new();
        for start in 0..codes.len() {
            trie.matches_at(codes, start, |end, outputs, _| {
                // One output per pattern, numbered by the pattern.
                assert_eq!(outputs.len(), 1);
                found.push((start, end, outputs.start));
            });
        }
        found.sort_unstable();
        found
    }

    fn code() -> impl Strategy<Value = u32> {
        prop_oneof![8 => 1u32..6, 1 => Just(SOFT), 1 => Just(OTHER)]
    }

    fn word() -> impl Strategy<Value = u32> {
        // Few symbols make shared prefixes; a wide one makes a root with many children.
        prop_oneof![6 => 1u32..6, 1 => 1u32..40, 1 => Just(SOFT)]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn the_trie_finds_every_occurrence(
            patterns in prop::collection::btree_set(
                (word(), prop::collection::vec(word(), 0..4))
                    .prop_map(|(first, rest)| std::iter::once(first).chain(rest).collect::<Vec<u32>>()),
                1..40,
            ),
            codes in prop::collection::vec(prop_oneof![4 => code(), 1 => 1u32..40], 0..80),
        ) {
            let patterns: Vec<Vec<u32>> = patterns.into_iter().collect();
            let mut trie = TrieBuilder::default();
            for (p, pattern) in patterns.iter().enumerate() {
                let node = trie.insert(pattern);
                trie.patterns[node as usize] = p as u32;
            }
            let trie = trie.freeze(|p| (p, p + 1, true));
            prop_assert_eq!(trie.pattern_count(), patterns.len());
            prop_assert_eq!(walk(&trie, &codes), brute_force(&patterns, &codes));
        }
    }

    #[test]
    fn children_are_consecutive_and_sorted() {
        let mut trie = TrieBuilder::default();
        for (p, pattern) in [[3, 9], [3, 2], [1, 7], [3, SOFT]].iter().enumerate() {
            let node = trie.insert(pattern);
            trie.patterns[node as usize] = p as u32;
        }
        let trie = trie.freeze(|p| (p, p + 1, p == 1));
        // Root, then its children 1 and 3, then 1's child 7 and 3's children 2, 9, SOFT.
        assert_eq!(trie.codes, [OTHER, 1, 3, 7, 2, 9, SOFT]);
        assert_eq!(trie.root, [0, 1, 0, 2]);
        assert_eq!((trie.nodes[2].children, trie.nodes[2].child_count), (4, 3));
        // Flags: node 4 ([3, 2], pattern 1) is unconstrained, node 6 ([3, SOFT]) is not.
        assert_eq!(trie.nodes[4].child_count, UNCONSTRAINED_OUTPUTS);
        assert_eq!(trie.nodes[6].child_count, 0);
    }
}
