//! The lexical ranker: recall by the query's words, used when there are no embeddings (no model
//! files, embeddings turned off, or the embedding server unreachable).

use std::collections::BTreeSet;

/// Words too common to say anything about relevance (English and French).
const STOPWORDS: &[&str] = &[
    "the", "and", "for", "with", "that", "this", "from", "are", "was", "has", "have", "not", "but",
    "you", "your", "how", "what", "why", "when", "les", "des", "une", "est", "pour", "dans", "qui",
    "que", "pas", "sur", "avec", "comment",
];

/// Lower-case words of two or more letters or digits, stopwords removed.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .collect()
}

/// How well `content` and `tags` answer `query`: each distinct query word found counts 1, plus a
/// little for repeats (capped), plus 1 when it is a tag. Zero means unrelated.
pub fn score(query: &str, content: &str, tags: &str) -> f64 {
    let query_words: BTreeSet<String> = words(query).into_iter().collect();
    let content_words = words(content);
    let tag_words: BTreeSet<String> = words(tags).into_iter().collect();
    query_words
        .iter()
        .map(|q| {
            let hits = content_words
                .iter()
                .filter(|w| *w == q || (q.len() >= 4 && w.starts_with(q.as_str())))
                .count();
            let in_tags = tag_words.contains(q);
            let base = if hits > 0 || in_tags { 1.0 } else { 0.0 };
            base + (hits.min(5) as f64 * 0.1) + if in_tags { 1.0 } else { 0.0 }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevant_memories_score_higher() {
        let query = "why is the disk full on /var";
        let relevant = score(
            query,
            "The /var disk fills with docker build cache; prune it",
            "disk docker",
        );
        let partial = score(query, "Disk alerts are noisy at night", "");
        let unrelated = score(query, "nginx reloads need a config test first", "nginx");
        assert!(relevant > partial && partial > 0.0, "{relevant} {partial}");
        assert_eq!(unrelated, 0.0);
        assert_eq!(
            words("Le disque est plein: /var/lib"),
            vec!["le", "disque", "plein", "var", "lib"]
        );
        assert!(
            score("restarting", "restart the container", "") == 0.0,
            "prefixes match from the query side only"
        );
        assert!(score("restart", "restarting the container", "") > 0.0);
    }
}
