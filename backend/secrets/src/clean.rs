//! Texts recently found to hold no secret, so that redacting one of them again is a lookup.
//!
//! The same text is redacted several times on its way through Warden: a call's arguments when
//! it is assessed and in each of its two audit rows, a tool's output by the guard and again
//! when it becomes a run event, a value in a tool's data and in the text built from it. Most
//! texts hold no secret, and the redaction is a pure function of its input, so a text it left
//! unchanged is remembered (exactly, compared whole) and comes back as it is next time.
//!
//! Only texts that came out unchanged are kept: nothing that held a secret is remembered. The
//! memory is bounded: [`CAPACITY`] texts of at most [`MAX_TEXT_BYTES`] each (512 KiB in all),
//! the oldest forgotten first.

use std::collections::VecDeque;
use std::hash::{BuildHasher, RandomState};
use std::sync::{LazyLock, Mutex};

/// How many clean texts are remembered.
const CAPACITY: usize = 128;
/// The longest text remembered, in bytes: longer ones are rarely redacted twice and would
/// make each comparison and the memory larger.
const MAX_TEXT_BYTES: usize = 4096;

struct Recent {
    hasher: RandomState,
    /// (hash of the text, the text), oldest first.
    texts: VecDeque<(u64, Box<str>)>,
}

static RECENT: LazyLock<Mutex<Recent>> = LazyLock::new(|| {
    Mutex::new(Recent {
        hasher: RandomState::new(),
        texts: VecDeque::with_capacity(CAPACITY),
    })
});

fn recent() -> std::sync::MutexGuard<'static, Recent> {
    RECENT.lock().unwrap_or_else(|p| p.into_inner())
}

/// Whether `text` was found to hold no secret recently.
pub(crate) fn known_clean(text: &str) -> bool {
    if text.len() > MAX_TEXT_BYTES {
        return false;
    }
    let recent = recent();
    let hash = recent.hasher.hash_one(text);
    recent
        .texts
        .iter()
        .any(|(h, known)| *h == hash && **known == *text)
}

/// Remembers that `text` holds no secret (the redaction left it unchanged).
pub(crate) fn remember_clean(text: &str) {
    if text.len() > MAX_TEXT_BYTES {
        return;
    }
    let mut recent = recent();
    let hash = recent.hasher.hash_one(text);
    if recent
        .texts
        .iter()
        .any(|(h, known)| *h == hash && **known == *text)
    {
        return;
    }
    if recent.texts.len() == CAPACITY {
        recent.texts.pop_front();
    }
    recent.texts.push_back((hash, text.into()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_what_it_was_told_and_forgets_the_oldest() {
        let first = format!("clean text {}", line!());
        assert!(!known_clean(&first));
        remember_clean(&first);
        assert!(known_clean(&first));
        assert!(!known_clean(&format!("{first} ")));
        for n in 0..CAPACITY {
            remember_clean(&format!("filler {n} {}", line!()));
        }
        assert!(!known_clean(&first), "the oldest is forgotten");
    }

    /// The redaction remembers the texts it left unchanged, never one that held a secret, and
    /// redacts the same way whether it remembers or not.
    #[test]
    fn only_clean_texts_are_remembered_by_the_redaction() {
        let clean = format!("disk /dev/vda1 45% used, checked at line {}", line!());
        let secret = format!("PGPASSWORD=s3cr3t-{} psql -h db", line!());
        for _ in 0..2 {
            assert_eq!(crate::redact_text(&clean), clean);
            assert!(known_clean(&clean));
            let redacted = crate::redact_text(&secret);
            assert!(redacted.contains(crate::REDACTED), "{redacted}");
            assert!(!redacted.contains("s3cr3t"), "{redacted}");
            assert!(!known_clean(&secret));
        }
    }

    #[test]
    fn long_texts_are_not_remembered() {
        let long = "x".repeat(MAX_TEXT_BYTES + 1);
        remember_clean(&long);
        assert!(!known_clean(&long));
    }
}
