//! Learning from chat: facts and preferences a user states, in English and French ("remember that
//! the NAS is at 10.0.0.5", "I prefer short answers", "n'oublie pas que la sauvegarde tourne à
//! 2 h", "je préfère les réponses en français"). A sentence counts when it starts with one of these
//! phrases (after fillers like "please", "also", "stp"); questions never do.

use std::sync::LazyLock;

use regex::Regex;

use crate::types::Kind;

/// Most memories learned from one message.
pub const MAX_PER_MESSAGE: usize = 5;
/// Longest statement kept (characters).
const MAX_CHARS: usize = 500;

/// What a message taught.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learned {
    pub kind: Kind,
    /// The statement, as the user made it (facts: what follows "remember that").
    pub content: String,
}

const FILLERS: &str = r"(?:(?:please|pls|also|and|oh|btw|by the way|hey|ok|okay|so|note|aussi|et|stp|svp|s['’]il te pla[iî]t|s['’]il vous pla[iî]t|au fait|d['’]ailleurs|bon|alors|enfin|warden)[\s,:]+)*";

/// Phrases whose clause is a fact (the clause is kept).
static FACT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^{FILLERS}(?:remember|don['’]t forget|do not forget|keep in mind|for future reference|souviens[- ]toi|rappelle[- ]toi|n['’]oublie pas|retiens(?: bien)?|garde en t[eê]te|note bien)(?:\s+that\s+|\s+que\s+|\s+qu['’]|\s*[:,]\s*)(?P<clause>.+)$"
    ))
    .ok()
});

/// Phrases that state a preference (the sentence is kept whole).
static PREFERENCE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^{FILLERS}(?P<sentence>(?:i prefer|i['’]d prefer|i would prefer|i['’]d rather|i would rather|my preference is|from now on|in future|in the future|remember to|don['’]t forget to|do not forget to|je pr[ée]f[èée]re|je pr[ée]f[ée]rerais|j['’]aime mieux|j['’]aimerais mieux|ma pr[ée]f[ée]rence (?:est|va)|d[ée]sormais|dor[ée]navant|[àa] partir de maintenant|[àa] l['’]avenir|souviens[- ]toi de|rappelle[- ]toi de|n['’]oublie pas de)\b.+)$"
    ))
    .ok()
});

/// The sentences of a message: split after `.`, `!`, `?` or a line break, with the mark kept.
fn sentences(message: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = message.char_indices().collect();
    for (i, (at, c)) in chars.iter().enumerate() {
        let next_is_space = chars.get(i + 1).is_none_or(|(_, n)| n.is_whitespace());
        let ends = *c == '\n' || (matches!(c, '.' | '!' | '?') && next_is_space);
        if ends {
            let end = at + c.len_utf8();
            out.push(&message[start..end]);
            start = end;
        }
    }
    out.push(&message[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

fn tidy(text: &str) -> String {
    let text = text.trim().trim_end_matches(['.', '!', ';', ',']).trim();
    let mut chars = text.chars();
    let first = chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>())
        .unwrap_or_default();
    let mut out: String = first + chars.as_str();
    if out.chars().count() > MAX_CHARS {
        out = out.chars().take(MAX_CHARS).collect();
    }
    out
}

/// The facts and preferences `message` states, at most [`MAX_PER_MESSAGE`].
pub fn extract(message: &str) -> Vec<Learned> {
    let mut learned = Vec::new();
    for sentence in sentences(message) {
        if sentence.ends_with('?') {
            continue;
        }
        let found = if let Some(m) = PREFERENCE.as_ref().and_then(|re| re.captures(sentence)) {
            m.name("sentence")
                .map(|s| (Kind::Preference, tidy(s.as_str())))
        } else {
            FACT.as_ref()
                .and_then(|re| re.captures(sentence))
                .and_then(|m| m.name("clause").map(|s| (Kind::Fact, tidy(s.as_str()))))
        };
        if let Some((kind, content)) = found
            && content.chars().filter(|c| c.is_alphanumeric()).count() >= 3
            && !learned.iter().any(|l: &Learned| l.content == content)
        {
            learned.push(Learned { kind, content });
        }
        if learned.len() == MAX_PER_MESSAGE {
            break;
        }
    }
    learned
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    use super::*;

    fn fact(text: &str) -> Learned {
        Learned {
            kind: Kind::Fact,
            content: text.to_owned(),
        }
    }

    fn preference(text: &str) -> Learned {
        Learned {
            kind: Kind::Preference,
            content: text.to_owned(),
        }
    }

    #[test]
    fn english_facts_and_preferences() {
        assert_eq!(
            extract("Remember that the NAS backup job runs at 02:00."),
            vec![fact("The NAS backup job runs at 02:00")]
        );
        assert_eq!(
            extract(
                "Disk is full again. Please remember: the build cache lives on /var/lib/docker! How full is it?"
            ),
            vec![fact("The build cache lives on /var/lib/docker")]
        );
        assert_eq!(
            extract("I prefer short answers with the commands first"),
            vec![preference("I prefer short answers with the commands first")]
        );
        assert_eq!(
            extract(
                "Also, I'd rather you ask before restarting nginx.\nDon't forget that staging is 10.0.0.7"
            ),
            vec![
                preference("I'd rather you ask before restarting nginx"),
                fact("Staging is 10.0.0.7"),
            ]
        );
        assert_eq!(
            extract("From now on, answer in French."),
            vec![preference("From now on, answer in French")]
        );
        assert_eq!(
            extract("don’t forget that the VPN drops at midnight"),
            vec![fact("The VPN drops at midnight")]
        );
    }

    #[test]
    fn french_facts_and_preferences() {
        assert_eq!(
            extract("N'oublie pas que la sauvegarde du NAS tourne à 2 h."),
            vec![fact("La sauvegarde du NAS tourne à 2 h")]
        );
        assert_eq!(
            extract("Je préfère les réponses courtes."),
            vec![preference("Je préfère les réponses courtes")]
        );
        assert_eq!(
            extract("stp, souviens-toi qu’il faut redémarrer le proxy après une mise à jour"),
            vec![fact("Il faut redémarrer le proxy après une mise à jour")]
        );
        assert_eq!(
            extract("JE PREFERE les journaux en UTC. Désormais, réponds en français."),
            vec![
                preference("JE PREFERE les journaux en UTC"),
                preference("Désormais, réponds en français"),
            ]
        );
        assert_eq!(
            extract("Retiens : le serveur de build s'appelle forge"),
            vec![fact("Le serveur de build s'appelle forge")]
        );
    }

    #[test]
    fn questions_and_ordinary_sentences_teach_nothing() {
        for message in [
            "Do you remember that the disk was full?",
            "Tu te souviens que le disque était plein ?",
            "Why is the disk full?",
            "I remember the old server fondly",
            "Remember when it crashed?",
            "Which do you prefer?",
            "We prefer nothing",
            "Remember that.",
            "",
        ] {
            assert_eq!(extract(message), Vec::<Learned>::new(), "{message}");
        }
    }

    #[test]
    fn a_message_teaches_a_bounded_number_of_things() {
        let message = (0..20)
            .map(|i| format!("Remember that host{i} is in rack {i}."))
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(extract(&message).len(), MAX_PER_MESSAGE);
        let long = format!("Remember that {}", "x".repeat(2000));
        assert_eq!(extract(&long)[0].content.chars().count(), MAX_CHARS);
    }
}
