//! Keys that carry a fixed signature inside their random body, as Microsoft's annotated keys
//! do: Azure DevOps' personal access tokens (84 characters, `JQQJ9` after the first 52 and
//! `AZDO` near the end), and Azure's storage, Cosmos DB, Functions, Cognitive Search,
//! Container Registry, Event Hubs, Service Bus, Relay, Cache for Redis and API Management
//! keys (`+ASt`, `ACDb`, `AzFu`, `AzSe`, `+ACR`, `+AEh`, `+ASb`, `+ARm`, `AzCa`, `APIM` at a
//! fixed place). The signature at its place is what tells such a key from any other run of
//! base64; the whole key goes wherever it stands, labelled or not.

use std::sync::LazyLock;

use crate::REDACTED;
use crate::pattern::Gated;

static ANNOTATED_KEY: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        // Azure DevOps: 52, `JQQJ9` and one of 9/D/H, 1, A-C, 16, `AZDO`, 4.
        r"\b[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9][A-C][A-Za-z0-9]{16}AZDO[A-Za-z0-9]{4}\b",
        // Storage, Cosmos DB, API Management: 76, signature, 5, a final sextet and `==`.
        // (Their alphabet holds `+` and `/`, so a key may start without a word boundary.)
        r"|[A-Za-z0-9+/]{76}(?:\+ASt|ACDb|APIM)[A-Za-z0-9+/]{5}[AQgw]==",
        // Functions: 44 of the URL-safe alphabet, `AzFu`, 5, a final sextet and `==`.
        r"|[A-Za-z0-9_-]{44}AzFu[A-Za-z0-9_-]{5}[AQgw]==",
        // Cognitive Search and Container Registry: 42, signature and a letter A-D, 5.
        r"|[A-Za-z0-9+/]{42}(?:AzSe|\+ACR)[A-D][A-Za-z0-9]{5}\b",
        // Event Hubs, Service Bus, Relay and Cache for Redis: 33, signature, 5 or 6, and `=`.
        r"|[A-Za-z0-9+/]{33}(?:\+A(?:Eh|Sb|Rm)[A-Za-z0-9+/]{5}[AQgw]|AzCa[A-P][A-Za-z0-9]{5})=",
    ))
    .ok()
});

/// `text` with every annotated key hidden.
pub(crate) fn redact_annotated_keys(text: &str) -> String {
    let Some(keys) = ANNOTATED_KEY.as_ref() else {
        return REDACTED.to_owned();
    };
    keys.replace_all(text, REDACTED).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_with_their_signature_go_and_runs_without_it_stay() {
        let pat = format!("{}JQQJ99BA{}AZDO3xYz", "a1B2".repeat(13), "Q9w8".repeat(4));
        assert_eq!(pat.len(), 84);
        assert_eq!(
            redact_annotated_keys(&format!("PAT {pat}")),
            "PAT [redacted]"
        );
        let plain = "a1B2".repeat(21);
        assert_eq!(redact_annotated_keys(&plain), plain);
    }
}
